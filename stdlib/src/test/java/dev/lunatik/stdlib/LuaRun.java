package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A state with captured standard streams, for the library tests. */
final class LuaRun {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final LuaState state;

    LuaRun(LuaState.Builder builder) {
        this(builder, "");
    }

    LuaRun(LuaState.Builder builder, String stdin) {
        state = builder.stdout(new PrintStream(out, true, StandardCharsets.UTF_8))
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8))
                .stdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** Runs {@code code}; returns what it printed (and clears the capture). */
    String run(String code) {
        state.execute(code, "=test");
        state.stdout().flush();
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }
}
