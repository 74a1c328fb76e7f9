package dev.lunatik.cli;

import dev.lunatik.vm.api.LuaState;
import java.util.function.Supplier;

/**
 * Ctrl-C while Lua code runs, as lua.c does it: during a call, SIGINT asks the state to stop
 * ({@link LuaState#interrupt}), which raises "interrupted!" at the next loop iteration or call; the
 * previous handler (normally: terminate the JVM) is back as soon as the call ends. The kernel
 * REPL uses the same to drop the request in flight (the daemon then ends the chunk).
 */
final class Interrupts {
    private Interrupts() {}

    /** Runs {@code body} with SIGINT turned into a Lua interrupt of {@code state}. */
    static <T> T whileRunning(LuaState state, Supplier<T> body) {
        return onInterrupt(state::interrupt, body);
    }

    /** Runs {@code body} with SIGINT running {@code action} instead of ending the process. */
    static <T> T onInterrupt(Runnable action, Supplier<T> body) {
        Object previous = Signals.handle("INT", action);
        if (previous == null) {
            return body.get(); // no SIGINT on this platform or JVM configuration
        }
        try {
            return body.get();
        } finally {
            Signals.restore("INT", previous);
        }
    }
}
