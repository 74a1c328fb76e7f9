package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.MetaEvent;

/**
 * {@code pairs}. A {@code __pairs} metamethod runs as an ordinary frame above the pairs frame (its
 * first three results become pairs' results), so a coroutine may yield inside it.
 */
public final class Pairs {
    private Pairs() {}

    /**
     * {@code ipairs}' iterator: stateless, so one for every state, which lets both tiers' generic
     * {@code for} recognise it and take a step without calling it ({@link #ipairsStep}).
     */
    public static final JavaFunction IPAIRS_ITERATOR = ThreadBody.of("ipairs_iterator", Pairs::ipairsIter);

    /** {@code next}: one for every state, as {@link #IPAIRS_ITERATOR}, for {@link #nextStep}. */
    public static final JavaFunction NEXT = ThreadBody.of("next", Pairs::next);

    private static int next(LuaThread t, int base, int n) {
        LuaTable tab = t.checkTable(base, n, 1);
        // unboxed: a traversal allocates nothing
        int i = n >= 2 ? tab.nextIndex(t.refAt(base + 1), t.intAt(base + 1)) : tab.nextIndex(null, 0);
        if (i < 0) {
            t.set(base, null);
            return 1;
        }
        Object kr = tab.keyRefAt(i);
        if (kr == Lua.INT) t.setInt(base, tab.keyNumAt(i));
        else t.set(base, kr);
        Object vr = tab.valueRefAt(i);
        if (vr == Lua.INT) t.setInt(base + 1, tab.valueNumAt(i));
        else t.set(base + 1, vr);
        return 2;
    }

    /**
     * TFORCALL at stack index {@code a} wanting {@code c} values, when its iterator is
     * {@link #NEXT} over a table: {@code next}'s step done in place, with no call. False, having
     * done nothing, otherwise, and for a key {@code next} rejects (the call raises the error).
     */
    static boolean nextStep(Object[] stk, long[] num, int a, int c) {
        if (stk[a] != NEXT || !(stk[a + 1] instanceof LuaTable tab)) return false;
        int i;
        try {
            i = tab.nextIndex(stk[a + 2], num[a + 2]);
        } catch (dev.lunatik.vm.value.LuaError invalidKey) {
            return false;
        }
        int v = a + 4;
        if (i < 0) {
            stk[v] = null;
            for (int j = 1; j < c; j++) stk[v + j] = null;
            return true;
        }
        Object kr = tab.keyRefAt(i);
        stk[v] = kr;
        if (kr == Lua.INT) num[v] = tab.keyNumAt(i);
        if (c >= 2) {
            Object vr = tab.valueRefAt(i);
            stk[v + 1] = vr;
            if (vr == Lua.INT) num[v + 1] = tab.valueNumAt(i);
            for (int j = 2; j < c; j++) stk[v + j] = null;
        }
        return true;
    }

    private static int ipairsIter(LuaThread t, int base, int n) {
        long i = t.checkInteger(base, n, 2) + 1;
        if (t.refAt(base) instanceof LuaTable tab && tab.getMetatable() == null) {
            // unboxed, as next: a traversal allocates nothing
            int h = tab.find(Lua.INT, i);
            Object r = h == -1 ? null : tab.refAt(h);
            if (r == null) {
                t.set(base, null);
                return 1;
            }
            t.setInt(base, i);
            if (r == Lua.INT) t.setInt(base + 1, tab.numAt(h));
            else t.set(base + 1, r);
            return 2;
        }
        Object v = Meta.index(t, t.get(base), i);
        if (v == null) {
            t.set(base, null);
            return 1;
        }
        t.setInt(base, i);
        t.set(base + 1, v);
        return 2;
    }

    /**
     * The generic {@code for}'s step (TFORCALL at stack index {@code a}, wanting {@code c} values)
     * without a call, when its iterator is {@code next} or {@code ipairs}' and both tiers know what
     * it would do (the caller has seen no hooks: a call event must see the call); false, having
     * done nothing, when the iterator must be called.
     */
    static boolean iteratorStep(Object[] stk, long[] num, int a, int c) {
        Object it = stk[a];
        if (it == IPAIRS_ITERATOR) return ipairsStep(stk, num, a, c);
        return it == NEXT && nextStep(stk, num, a, c);
    }

    /**
     * TFORCALL at stack index {@code a} wanting {@code c} values, when its iterator is
     * {@link #IPAIRS_ITERATOR} over a table without a metatable and its control is an integer:
     * the iterator's step, done in place (R[A+4] = i + 1, R[A+5] = t[i + 1], or R[A+4] = nil at
     * the end; the rest of the C values nil), with no call. False, having done nothing, otherwise.
     */
    static boolean ipairsStep(Object[] stk, long[] num, int a, int c) {
        if (stk[a] != IPAIRS_ITERATOR || !(stk[a + 1] instanceof LuaTable tab) || stk[a + 2] != Lua.INT
                || tab.getMetatable() != null) return false;
        long i = num[a + 2] + 1;
        int h = tab.find(Lua.INT, i);
        Object r = h == -1 ? null : tab.refAt(h);
        int v = a + 4;
        if (r == null) {
            stk[v] = null;
            for (int j = 1; j < c; j++) stk[v + j] = null;
            return true;
        }
        stk[v] = Lua.INT;
        num[v] = i;
        if (c >= 2) {
            stk[v + 1] = r;
            if (r == Lua.INT) num[v + 1] = tab.numAt(h); // (a number half exists only for integers)
            for (int j = 2; j < c; j++) stk[v + j] = null;
        }
        return true;
    }

    /** A new {@code pairs} function returning {@code next} for tables without {@code __pairs}. */
    public static JavaFunction pairs(JavaFunction next) {
        return new SpecialFunction("pairs") {
            @Override
            int enter(LuaThread t, CallFrame f, int nargs) {
                int base = f.base;
                t.checkAny(base, nargs, 1);
                Object o = t.get(base);
                Object h = Meta.metafield(t, o, MetaEvent.PAIRS);
                if (h == null) {
                    t.ensure(base + 3 + GlobalState.MIN_STACK);
                    t.set(base, next);
                    t.set(base + 1, o);
                    t.set(base + 2, null);
                    Interpreter.postCall(t, f, base, 3);
                    return Interpreter.DONE;
                }
                int fn = base + 1;
                t.ensure(fn + 2 + GlobalState.MIN_STACK);
                t.set(fn, h);
                t.set(fn + 1, o);
                return Interpreter.precall(t, fn, 1, -1, CallFrame.CONT_RESULTS, 3);
            }
        };
    }
}
