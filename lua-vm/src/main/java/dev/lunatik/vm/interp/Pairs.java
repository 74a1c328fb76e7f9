package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
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
     * {@code for} recognise it and take a step without calling it ({@link #iteratorStep}).
     */
    public static final JavaFunction IPAIRS_ITERATOR = ThreadBody.of("ipairs_iterator", Pairs::ipairsIter);

    /** {@code next}: one for every state, as {@link #IPAIRS_ITERATOR}, for {@link #iteratorStep}. */
    public static final JavaFunction NEXT = ThreadBody.of("next", Pairs::next);

    /** {@code ipairs}: one for every state, so that frameless compiled code knows it ({@link #iteratorInit}). */
    public static final JavaFunction IPAIRS = ThreadBody.of("ipairs", (t, base, n) -> {
        t.checkAny(base, n, 1);
        Object v = t.get(base);
        t.set(base, IPAIRS_ITERATOR);
        t.set(base + 1, v);
        t.setInt(base + 2, 0);
        return 3;
    });

    /** {@code pairs}: one for every state, as {@link #IPAIRS}. */
    public static final JavaFunction PAIRS = pairs(NEXT);

    /**
     * A call of {@code fn} from register slot {@code a} by instruction {@code i} (fixed counts),
     * made without its frame when it is {@code ipairs}, or {@code pairs} of a value without
     * {@code __pairs}: nothing but its three results is observable, and they are stored where the
     * instruction wants them. False, having done nothing, for any other call (frameless compiled
     * code then stops at it).
     */
    static boolean iteratorInit(LuaThread t, Object fn, int a, int i) {
        int nargs = Instruction.b(i) - 1;
        if (nargs < 1 || t.hookMask != 0) return false;
        Object[] stk = t.stk;
        long[] num = t.num;
        Object o = stk[a + 1];
        if (fn == IPAIRS) {
            stk[a] = IPAIRS_ITERATOR;
            stk[a + 2] = Lua.INT;
            num[a + 2] = 0;
        } else if (fn == PAIRS && Meta.metafield(t, o, MetaEvent.PAIRS) == null) {
            stk[a] = NEXT;
            stk[a + 2] = null;
        } else {
            return false;
        }
        for (int j = 3; j < Instruction.c(i) - 1; j++) stk[a + j] = null; // (the slots a call's results may fill are free)
        return true;
    }

    private static int next(LuaThread t, int base, int n) {
        LuaTable tab = t.checkTable(base, n, 1);
        int i = n >= 2 ? tab.nextIndex(t.refAt(base + 1), t.intAt(base + 1)) : tab.nextIndex(null, 0);
        return storeEntry(tab, i, t.stk, t.num, base, 2);
    }

    private static int ipairsIter(LuaThread t, int base, int n) {
        long i = t.checkInteger(base, n, 2) + 1;
        if (t.refAt(base) instanceof LuaTable tab && tab.getMetatable() == null) {
            return storeIndexed(tab, i, t.stk, t.num, base, 2);
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
     * {@code next}'s results for traversal index {@code i} of {@code tab} ({@code i < 0}: the end)
     * at {@code dst}, at most {@code want} (at least 1) of them: the key and its value, or nil;
     * returns how many were written. Unboxed: a traversal allocates nothing.
     */
    private static int storeEntry(LuaTable tab, int i, Object[] stk, long[] num, int dst, int want) {
        if (i < 0) {
            stk[dst] = null;
            return 1;
        }
        Object kr = tab.keyRefAt(i);
        stk[dst] = kr;
        if (kr == Lua.INT) num[dst] = tab.keyNumAt(i);
        if (want < 2) return 1;
        Object vr = tab.valueRefAt(i);
        stk[dst + 1] = vr;
        if (vr == Lua.INT) num[dst + 1] = tab.valueNumAt(i);
        return 2;
    }

    /**
     * {@code ipairs}' results for index {@code i} of {@code tab} (a table without a metatable) at
     * {@code dst}, at most {@code want} (at least 1) of them: {@code i} and {@code tab[i]}, or nil
     * at the first hole; returns how many were written. Unboxed, as {@link #storeEntry}.
     */
    private static int storeIndexed(LuaTable tab, long i, Object[] stk, long[] num, int dst, int want) {
        int h = tab.find(Lua.INT, i);
        Object r = h == -1 ? null : tab.refAt(h);
        if (r == null) {
            stk[dst] = null;
            return 1;
        }
        stk[dst] = Lua.INT;
        num[dst] = i;
        if (want < 2) return 1;
        stk[dst + 1] = r;
        if (r == Lua.INT) num[dst + 1] = tab.numAt(h); // (a number half exists only for integers)
        return 2;
    }

    /**
     * The generic {@code for}'s step (TFORCALL at stack index {@code a}, wanting {@code c} values
     * from R[A+4]) without a call, when its iterator is {@link #NEXT} or {@link #IPAIRS_ITERATOR}
     * over a table and the result is the call's (for ipairs: no metatable, an integer control;
     * for next: a key it accepts, so that a rejected one raises its error from the call). The
     * caller has seen no hooks: a call event must see the call. False, having done nothing, when
     * the iterator must be called.
     */
    static boolean iteratorStep(Object[] stk, long[] num, int a, int c) {
        Object it = stk[a];
        if ((it != IPAIRS_ITERATOR && it != NEXT) || !(stk[a + 1] instanceof LuaTable tab)) return false;
        int v = a + 4;
        int n;
        if (it == IPAIRS_ITERATOR) {
            if (stk[a + 2] != Lua.INT || tab.getMetatable() != null) return false;
            n = storeIndexed(tab, num[a + 2] + 1, stk, num, v, c);
        } else {
            int i;
            try {
                i = tab.nextIndex(stk[a + 2], num[a + 2]);
            } catch (LuaError invalidKey) {
                return false;
            }
            n = storeEntry(tab, i, stk, num, v, c);
        }
        for (int j = n; j < c; j++) stk[v + j] = null;
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
