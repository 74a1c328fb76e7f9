package dev.lunatik.stdlib;

import static dev.lunatik.stdlib.LibTestSupport.error;
import static dev.lunatik.stdlib.LibTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.value.LuaString;
import org.junit.jupiter.api.Test;

/** The kernel math library. */
class MathLibTest {
    @Test
    void hasExactlySevenFields() {
        Object[] r = run("local n = {} for k in pairs(math) do n[#n + 1] = k end table.sort(n) return table.concat(n, ' ')");
        assertThat(r[0].toString()).isEqualTo("abs max maxinteger min mininteger tointeger ult");
    }

    @Test
    void integerFunctions() {
        assertThat(run("return math.abs(-4), math.abs(math.mininteger), math.max(1, 5, 3), math.min(4, -2), math.ult(1, -1)"))
                .containsExactly(4L, Long.MIN_VALUE, 5L, -2L, true);
        assertThat(run("return math.tointeger('8'), math.tointeger('8.0'), math.tointeger({}), math.abs('-3')"))
                .containsExactly(8L, null, null, 3L);
        assertThat(run("return math.max('a', 'b')")).containsExactly(LuaString.valueOf("b"));
    }

    @Test
    void errors() {
        assertThat(error("math.abs('x')")).isEqualTo("test:1: bad argument #1 to 'abs' (number expected, got string)");
        assertThat(error("math.max()")).isEqualTo("test:1: bad argument #1 to 'max' (value expected)");
        assertThat(error("math.tointeger()")).isEqualTo("test:1: bad argument #1 to 'tointeger' (value expected)");
        assertThat(error("math.min(1, '2')")).isEqualTo("attempt to compare string with number");
    }
}
