package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;

/**
 * Lunatik's {@code completion} library: {@code completion.new()}, {@code c:complete()} (wakes one
 * waiter; completions not yet waited for are counted, as the kernel's {@code done}) and
 * {@code c:wait([ms])}, which returns {@code true}, or {@code nil, "timeout"} when {@code ms}
 * milliseconds pass first, or {@code nil, "interrupt"} when the waiting thread is woken by
 * {@code thread:stop()} or a signal. Waiting is a sleep: refused in a non-sleepable runtime
 * ("cannot use non-sleepable runtime in this context") and in atomic context (a spinlock held).
 * The class is not sleepable and not monitored, so completions can be shared with any runtime.
 */
public final class CompletionLib {
    private CompletionLib() {}

    /** The payload: a count of completions. */
    static final class Completion {
        private long done;

        synchronized void complete() {
            if (done < Long.MAX_VALUE) {
                done++;
            }
            notify();
        }

        /** 1 = completed, 0 = timeout, -1 = interrupted. */
        synchronized int await(long ms) {
            long deadline = ms < 0 ? Long.MAX_VALUE : System.nanoTime() + ms * 1_000_000L;
            while (done == 0) {
                long left = ms < 0 ? 0 : deadline - System.nanoTime();
                if (ms >= 0 && left <= 0) {
                    return 0;
                }
                try {
                    if (ms < 0) {
                        wait();
                    } else {
                        wait(left / 1_000_000L, (int) (left % 1_000_000L));
                    }
                } catch (InterruptedException e) {
                    return -1;
                }
            }
            done--;
            return 1;
        }
    }

    /** The completion class: spinlock, not monitored. */
    public static final KernelClass CLASS = new KernelClass("completion", false, false, null);

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS)
            .method("complete", (t, base, nargs, p) -> {
                ((Completion) p).complete();
                return 0;
            })
            .method("wait", CompletionLib::await);

    /** The {@code completion} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("completion", (state, lib) -> {
        JavaFunction.register(lib, "new", (t, base, nargs) -> {
            t.set(base, BINDING.newObject(t, new Completion()));
            return 1;
        });
    });

    private static int await(LuaStack t, int base, int nargs, Object p) {
        long ms = t.isNoneOrNil(base, nargs, 2) ? -1 : Math.max(0, t.checkInteger(base, nargs, 2));
        KernelRuntime rt = KernelRuntime.of(t.state());
        if (rt != null && !rt.isSleepable()) {
            throw new LuaError("cannot use non-sleepable runtime in this context");
        }
        Lunatik.mightSleep(t, "completion:wait");
        int r = ((Completion) p).await(ms);
        if (r == 1) {
            t.set(base, true);
            return 1;
        }
        t.set(base, null);
        t.set(base + 1, LuaString.valueOf(r == 0 ? "timeout" : "interrupt"));
        return 2;
    }
}
