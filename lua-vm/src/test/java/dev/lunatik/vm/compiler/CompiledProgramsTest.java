package dev.lunatik.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.api.LuaState;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end: programs compiled by the real parser and this compiler, run by the interpreter.
 * Each program returns a string built from its results; the expected strings were obtained by
 * running the same programs with {@code lua5.4}.
 */
class CompiledProgramsTest {

    private static String run(String src) {
        LuaState L = LuaState.builder().build();
        Object[] r = L.execute(src, "=prog");
        return Arrays.stream(r).map(L::toDisplayString).collect(Collectors.joining(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // closures capture a fresh variable per iteration
        "local t = {} for i = 1, 5 do t[i] = function() return i end end return t[1](), t[5]() | 1 5",
        "local fs, j = {}, 0 while j < 3 do j = j + 1 local k = j * 10 fs[j] = function() return k end end return fs[1](), fs[3]() | 10 30",
        // and/or values
        "local a, b, c = 1, nil, false return a and b, a or b, b or c, c or a, not a, a and b or c | nil 1 false 1 false false",
        "local a = 1 local x = a == 1 and 'yes' or 'no' return x, not (a < 0) and not (a > 5) | yes true",
        // multiple assignment order and conflicts
        "local x, i = {}, 1 i, x[i] = i + 1, 20 return i, x[1], x[2] | 2 20 nil",
        "local q = {} q.x, q = 1, 5 return q | 5",
        "local p, q = 1, 2 p, q = q, p return p, q | 2 1",
        // varargs
        "local function v(...) local t1, t2 = {...}, {..., 99} return #t1, #t2, (...) end return v(5, 6, 7) | 3 2 5",
        "return select('#', (function(...) return ... end)(1, 2, 3)) | 3",
        // goto continue and backward goto
        "local s = 0 for i = 1, 5 do if i % 2 == 0 then goto c end s = s + i ::c:: end return s | 9",
        "local gs, k = {}, 0 ::again:: do local kk = k gs[#gs + 1] = function() return kk end k = k + 1 if k < 3 then goto again end end return gs[1](), gs[3]() | 0 2",
        // repeat-until sees the body's locals
        "local n = 0 repeat local m = n n = n + 1 until m >= 3 return n | 4",
        // integer semantics and folding
        "return 7 // 2, -7 // 2, 7 % -3, 1 << 63, -1 >> 1, ~0 | 3 -4 -2 -9223372036854775808 9223372036854775807 -1",
        "local k <const> = 7 local s <const> = 'str' local function f() return k * 2, s .. k end return f() | 14 str7",
        // numeric for at the integer limit and with negative steps
        "local c = 0 for i = 9223372036854775805, 9223372036854775807 do c = c + 1 end for i = 5, 1, -2 do c = c + i end return c | 12",
        // generic for and method calls
        "local c = 0 for _ in pairs({a = 1, b = 2, c = 3}) do c = c + 1 end return c | 3",
        "local o = {n = 1} function o:get() return self end function o:val(d) return self.n + d end return o:get():get():val(10) | 11",
        // big constructors
        "local t = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,x=1,53} return #t, t[53], t.x | 53 53 1",
    })
    void programs(String src, String expected) {
        assertThat(run(src)).isEqualTo(expected);
    }

    @Test
    void toBeClosedVariablesAreClosedOnBreakAndBlockExit() {
        String src = """
            local log = {}
            local function closer(n) return setmetatable({}, {__close = function() log[#log + 1] = n end}) end
            for i = 1, 3 do
              local c <close> = closer(i)
              if i == 2 then break end
            end
            local function iter(s, c) if c < 3 then return c + 1 end end
            for v in iter, nil, 0, closer("gen") do if v == 2 then break end end
            do local d <close> = closer("do") end
            return log[1], log[2], log[3], log[4], #log
            """;
        assertThat(run(src)).isEqualTo("1 2 gen do 4");
    }
}
