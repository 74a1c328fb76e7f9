package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept compiling and true. */
class EmbeddingExampleTest {
    @Test
    void theReadmeExampleRuns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object[] r;
        Object[] sum;
        try (LuaState L = StandardLibraries.kernel()
                .stdout(new PrintStream(out, true, StandardCharsets.UTF_8))
                .memoryLimit(64 << 20)
                .instructionLimit(10_000_000)
                .build()) {
            L.register("twice", (t, base, nargs) -> {
                t.setInt(base, 2 * t.checkInteger(base, nargs, 1));
                return 1;
            });
            r = L.execute("return twice(21), 7 / 2", "=demo");
            Object add = L.execute("return function(a, b) return a + b end", "=f")[0];
            sum = L.call(add, 40, 2);
            L.execute("setmetatable({}, {__gc = function() print('finalized') end})", "=gc");
        }
        assertThat(r).containsExactly(42L, 3L);
        assertThat(sum).containsExactly(42L);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("finalized\n");
    }

    @Test
    void theLimitsStopScriptsWithLuaErrors() {
        try (LuaState L = StandardLibraries.kernel().instructionLimit(1000).build()) {
            assertThatThrownBy(() -> L.execute("while true do end", "=loop"))
                    .isInstanceOf(LuaError.class).hasMessageContaining("instruction limit exceeded");
        }
        try (LuaState L = StandardLibraries.kernel().memoryLimit(1 << 20).build()) {
            assertThatThrownBy(() -> L.execute("local t = {} for i = 1, 10000000 do t[i] = {} end", "=grow"))
                    .isInstanceOf(LuaError.class).hasMessageContaining("not enough memory");
            assertThat(L.execute("local t = {} for i = 1, 1000 do t[i] = {} end return #t", "=again")).containsExactly(1000L);
        }
    }

    @Test
    void aBareBuilderOpensOnlyBaseAndCoroutine() {
        LuaState L = LuaState.builder().build();
        assertThat(L.getGlobal("string")).isNull();
        assertThat(L.getGlobal("coroutine")).isNotNull();
        LuaState K = StandardLibraries.kernel().build();
        for (String lib : new String[] {"string", "table", "math", "utf8", "debug", "package", "coroutine"}) {
            assertThat(K.getGlobal(lib)).as(lib).isNotNull();
        }
        assertThat(K.getGlobal("io")).isNull();
        assertThat(K.getGlobal("os")).isNull();
    }
}
