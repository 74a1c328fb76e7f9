package dev.lunatik.vm.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hash part against a model: its key filter and stored hashes only shortcut lookups, so every
 * read must agree with a plain map whatever was inserted, overwritten, removed or rehashed.
 */
class LuaTableTest {
    /** A string key made fresh each time (never the pooled instance): lookups must compare contents. */
    private static LuaString fresh(String s) {
        return LuaString.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Model keys: strings as Java strings, integers as longs, booleans as themselves. */
    private static Object luaKey(Object k) {
        return k instanceof String s ? fresh(s) : k;
    }

    @Test
    void aConstructorsTableHasRoomForItsFieldsAndGrowsForMore() {
        for (int n = 1; n <= 40; n++) {
            LuaTable t = new LuaTable(0, n);
            int cap = t.hashCapacity();
            assertThat(cap).as("capacity for %d fields", n).isGreaterThanOrEqualTo(4);
            assertThat(cap * 3).as("%d fields fill at most three quarters", n).isGreaterThanOrEqualTo(n * 4);
            assertThat(cap * 3 / 2).as("%d fields: no slack beyond a doubling", n).isLessThan(Math.max(n, 3) * 4);
            for (int k = 0; k < n; k++) t.rawset(fresh("f" + k), (long) k);
            assertThat(t.hashCapacity()).as("%d fields stored without a rehash", n).isEqualTo(cap);
            t.rawset(fresh("extra"), -1L);
            for (int k = 0; k < n; k++) assertThat(t.rawget(fresh("f" + k))).isEqualTo((long) k);
            assertThat(t.rawget(fresh("extra"))).isEqualTo(-1L);
        }
    }

    @Test
    void readsAgreeWithAMapThroughInsertsRemovalsAndRehashes() {
        Random rnd = new Random(20261206);
        for (int round = 0; round < 40; round++) {
            LuaTable t = new LuaTable();
            Map<Object, Long> model = new HashMap<>();
            List<Object> universe = new ArrayList<>();
            for (int i = 0; i < 300; i++) universe.add("k" + i);
            for (long i = -20; i < 100; i++) universe.add(i);
            universe.add(Boolean.TRUE);
            universe.add(Boolean.FALSE);
            for (int op = 0; op < 2000; op++) {
                Object k = universe.get(rnd.nextInt(round % 2 == 0 ? 40 : universe.size()));
                int what = rnd.nextInt(10);
                if (what < 5) {
                    long v = rnd.nextInt(1000);
                    t.rawset(luaKey(k), v);
                    model.put(k, v);
                } else if (what < 7) {
                    t.rawset(luaKey(k), null);
                    model.remove(k);
                }
                // every key, present or not, reads as the model says
                if (op % 97 == 0 || what >= 7) {
                    for (Object q : universe) {
                        assertThat(t.rawget(luaKey(q))).as("key %s after op %d of round %d", q, op, round).isEqualTo(model.get(q));
                    }
                }
            }
        }
    }

    @Test
    void absentKeysStayAbsentWhenTheirFilterBitIsTaken() {
        // 200 keys set every bit of the one-word filter; lookups of absent keys then probe
        LuaTable t = new LuaTable();
        for (int i = 0; i < 200; i++) t.rawset(fresh("present" + i), (long) i);
        for (int i = 0; i < 200; i++) {
            assertThat(t.rawget(fresh("present" + i))).isEqualTo((long) i);
            assertThat(t.rawget(fresh("absent" + i))).isNull();
        }
        // removing everything and adding one key back rebuilds nothing but stays exact
        for (int i = 0; i < 200; i++) t.rawset(fresh("present" + i), null);
        t.rawset(fresh("present7"), 7L);
        for (int i = 0; i < 200; i++) assertThat(t.rawget(fresh("present" + i))).isEqualTo(i == 7 ? 7L : null);
    }

    @Test
    void findAndStringSlotMissWithoutProbing() {
        LuaTable t = new LuaTable();
        LuaString x = LuaString.intern("x");
        LuaString y = LuaString.intern("y");
        t.rawset(x, 1L);
        assertThat(t.find(y, 0)).isEqualTo(-1);
        assertThat(t.stringSlot(y, -1)).isEqualTo(-1);
        assertThat(t.find(x, 0)).isLessThan(-1);
        assertThat(t.refAt(t.find(fresh("x"), 0))).isEqualTo(Lua.INT);
    }
}
