package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import java.io.OutputStream;
import java.io.PrintStream;

/** A Lunatik kernel state for library tests, and helpers to run a snippet. */
final class LibTestSupport {
    private LibTestSupport() {}

    static LuaState kernel() {
        return Lunatik.kernelState().stdout(new PrintStream(OutputStream.nullOutputStream())).build();
    }

    /** Runs {@code src} in a fresh kernel state; returns its results. */
    static Object[] run(String src) {
        return kernel().execute(src, "=test");
    }

    /** The message of the error {@code src} raises (fails when it raises none). */
    static String error(String src) {
        try {
            kernel().execute(src, "=test");
        } catch (LuaError e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("no error from: " + src);
    }
}
