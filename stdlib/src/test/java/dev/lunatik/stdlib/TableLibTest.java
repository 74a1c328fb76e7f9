package dev.lunatik.stdlib;

import static dev.lunatik.stdlib.LibTestSupport.error;
import static dev.lunatik.stdlib.LibTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.value.LuaString;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table library: results, messages, metamethods, and the sort's robustness. */
class TableLibTest {
    @Test
    void insertAndRemoveShiftElements() {
        Object[] r = run("local t = {1, 2, 3} table.insert(t, 1, 0) table.insert(t, 9) "
                + "local x = table.remove(t, 2) return table.concat(t, ','), x, #t");
        assertThat(r).containsExactly(LuaString.valueOf("0,2,3,9"), 1L, 4L);
    }

    @Test
    void insertErrorsAreWordedAsLua() {
        assertThat(error("table.insert({}, 1, 2, 3)")).isEqualTo("test:1: wrong number of arguments to 'insert'");
        assertThat(error("table.insert({}, 5, 2)")).isEqualTo("test:1: bad argument #2 to 'insert' (position out of bounds)");
        assertThat(error("table.insert(nil, 2)")).isEqualTo("test:1: bad argument #1 to 'insert' (table expected, got nil)");
        assertThat(error("table.remove({}, 3)")).isEqualTo("test:1: bad argument #2 to 'remove' (position out of bounds)");
    }

    @Test
    void concatConvertsIntegersExactly() {
        Object[] r = run("return table.concat({math.mininteger, -1, 0, 7, math.maxinteger, 'x'}, '|')");
        assertThat(r[0].toString()).isEqualTo(Long.MIN_VALUE + "|-1|0|7|" + Long.MAX_VALUE + "|x");
        assertThat(error("return table.concat({1, {}})"))
                .isEqualTo("test:1: invalid value (table) at index 2 in table for 'concat'");
    }

    @Test
    void decimalWriterMatchesLongToString() {
        long[] samples = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, -Long.MAX_VALUE};
        for (long v : samples) {
            byte[] b = new byte[TableLib.decimalLength(v)];
            assertThat(TableLib.writeDecimal(b, 0, v)).isEqualTo(b.length);
            assertThat(new String(b)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void unpackHonoursTheStackLimit() {
        assertThat(run("return select('#', table.unpack({}, 1, 100))")).containsExactly(100L);
        assertThat(error("return table.unpack({}, 1, 1000)")).isEqualTo("test:1: too many results to unpack");
        assertThat(error("return table.unpack({}, math.mininteger, math.maxinteger)")).isEqualTo("test:1: too many results to unpack");
        assertThat(error("return table.unpack({}, 1, (1 << 31) - 1)")).isEqualTo("test:1: too many results to unpack");
        assertThat(error("return table.unpack({}, 0, (1 << 31) - 1)")).isEqualTo("test:1: too many results to unpack");
    }

    @Test
    void moveChecksOverflow() {
        assertThat(error("table.move({}, 1, math.maxinteger, 2)")).endsWith("(destination wrap around)");
        assertThat(error("table.move({}, -1, math.maxinteger, 2)")).endsWith("(too many elements to move)");
        assertThat(run("return table.concat(table.move({1, 2, 3, 4}, 1, 3, 2), ',')")[0].toString()).isEqualTo("1,1,2,3");
    }

    @Test
    void functionsGoThroughMetamethods() {
        Object[] r = run("local store = {} local log = {} "
                + "local p = setmetatable({}, {__len = function() return #store end, "
                + "__index = function(_, k) return store[k] end, "
                + "__newindex = function(_, k, v) log[#log + 1] = k rawset(store, k, v) end}) "
                + "table.insert(p, 'b') table.insert(p, 1, 'a') table.sort(p, function(x, y) return x > y end) "
                + "return table.concat(store, ','), #log, table.concat(p, '+')");
        assertThat(r).containsExactly(LuaString.valueOf("b,a"), 5L, LuaString.valueOf("b+a"));
        assertThat(error("table.insert(1, 1)")).endsWith("(table expected, got number)");
        assertThat(run("local t = setmetatable({}, {}) table.insert(t, 1) return #t")).containsExactly(1L);
    }

    @Test
    void sortSortsLargeArrays() {
        Object[] r = run("local t = {} for i = 1, 20000 do t[i] = (i * 7919) % 10007 end table.sort(t) "
                + "for i = 2, #t do if t[i - 1] > t[i] then return false end end return true");
        assertThat(r).containsExactly(true);
    }

    @Test
    void inconsistentComparatorsFailCleanlyOrFinish() {
        // random answers: every run must end, with either success or the Lua message
        Random rnd = new Random(42);
        for (int round = 0; round < 40; round++) {
            int n = 2 + rnd.nextInt(400);
            String src = "local seed = " + rnd.nextInt(1000) + " local t = {} for i = 1, " + n + " do t[i] = i % 13 end "
                    + "local ok, e = pcall(table.sort, t, function(a, b) seed = (seed * 1103515245 + 12345) % 2147483648 "
                    + "return seed % 3 == 0 end) return ok, e";
            Object[] r = run(src);
            if (r[0] == Boolean.FALSE) assertThat(r[1].toString()).isEqualTo("invalid order function for sorting");
        }
        assertThat(error("table.sort({5, 4, 3, 2, 1, 6, 7, 8, 9, 10}, function() return true end)"))
                .isEqualTo("test:1: invalid order function for sorting");
    }

    @Test
    void sortPropagatesComparatorErrors() {
        assertThat(error("table.sort({1, 2, 3}, function() error('boom') end)")).isEqualTo("test:1: boom");
        assertThat(error("table.sort({1, 'x'})")).isEqualTo("attempt to compare string with number");
        assertThat(error("table.sort(setmetatable({}, {__len = function() return math.maxinteger end}))"))
                .isEqualTo("test:1: bad argument #1 to 'sort' (array too big)");
    }
}
