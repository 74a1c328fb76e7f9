package dev.lunatik.vm.lib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaString;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dofile} runs its chunk as an ordinary call: all results, yields across it, errors through it. */
class DofileTest {
    @TempDir
    Path dir;

    private Object[] run(String chunk, String script) throws Exception {
        Path f = dir.resolve("chunk.lua");
        Files.writeString(f, chunk);
        try (LuaState L = LuaState.builder().scriptRoot(dir).build()) {
            L.setGlobal("path", LuaString.valueOf(f.toString()));
            return L.execute(script, "=t");
        }
    }

    @Test
    void returnsEveryResultOfTheChunk() throws Exception {
        Object[] r = run("return 1, 2, ...", "return select('#', dofile(path)), dofile(path)");
        assertThat(r).containsExactly(2L, 1L, 2L);
    }

    @Test
    void theChunkMayYieldToTheCoroutineRunningDofile() throws Exception {
        Object[] r = run("local x = coroutine.yield(10)\nreturn x + 1, 'done'", """
                local co = coroutine.wrap(dofile)
                local a = co(path)
                local b, c = co(41)
                return a, b, c""");
        assertThat(r).containsExactly(10L, 42L, LuaString.valueOf("done"));
    }

    @Test
    void errorsPropagateWithTheChunksPosition() throws Exception {
        Object[] r = run("local t = nil\nreturn t.x", "return pcall(dofile, path)");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).endsWith("chunk.lua:2: attempt to index a nil value (local 't')");
    }
}
