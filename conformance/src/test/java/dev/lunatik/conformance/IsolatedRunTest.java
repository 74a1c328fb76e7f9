package dev.lunatik.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IsolatedRunTest {
    private static IsolatedRun.Outcome run(String src) {
        return IsolatedRun.run(src.getBytes(StandardCharsets.UTF_8), "@t.lua", Duration.ofSeconds(2),
                IsolatedRun.Setup.none());
    }

    @Test
    void firstLineCutsAtTheFirstBreak() {
        assertThat(IsolatedRun.firstLine("a\nb\nc")).isEqualTo("a");
        assertThat(IsolatedRun.firstLine("abc")).isEqualTo("abc");
        assertThat(IsolatedRun.firstLine(null)).isNull();
    }

    @Test
    void capturesPrintOutput() {
        IsolatedRun.Outcome o = run("print('hi', 1)\nprint()\n");
        assertThat(o.status()).isEqualTo(IsolatedRun.Status.OK);
        assertThat(o.stdout()).isEqualTo("hi\t1\n\n");
    }

    @Test
    void reportsTheUncaughtErrorWithPosition() {
        IsolatedRun.Outcome o = run("print('before')\nerror('boom')\n");
        assertThat(o.status()).isEqualTo(IsolatedRun.Status.LUA_ERROR);
        assertThat(o.errorFirstLine()).isEqualTo("t.lua:2: boom");
        assertThat(o.stdout()).isEqualTo("before\n");
    }

    @Test
    void aSyntaxErrorIsALuaError() {
        IsolatedRun.Outcome o = run("local = 1");
        assertThat(o.status()).isEqualTo(IsolatedRun.Status.LUA_ERROR);
        assertThat(o.errorFirstLine()).isEqualTo("t.lua:1: <integer> expected near '='");
    }

    @Test
    void stopsARunawayScript() {
        IsolatedRun.Outcome o = IsolatedRun.run("while true do end".getBytes(StandardCharsets.UTF_8), "@loop.lua",
                Duration.ofMillis(300), IsolatedRun.Setup.none());
        assertThat(o.status()).isEqualTo(IsolatedRun.Status.TIMEOUT);
        assertThat(o.describe()).startsWith("timeout after");
    }

    @Test
    void setupRunsBeforeTheChunk() {
        IsolatedRun.Outcome o = IsolatedRun.run("print(answer)".getBytes(StandardCharsets.UTF_8), "@s.lua",
                Duration.ofSeconds(2), state -> state.setGlobal("answer", 42L));
        assertThat(o.stdout()).isEqualTo("42\n");
    }
}
