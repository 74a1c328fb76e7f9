package dev.lunatik.vm.interp;

import static dev.lunatik.vm.value.Lua.INT;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.Op;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.gc.Collector;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import dev.lunatik.vm.value.MetaEvent;

/**
 * The interpreter's slow paths, kept out of {@link Interpreter#execute} so the dispatch loop
 * stays small: metamethod dispatch for indexing, arithmetic, comparison, concatenation and length;
 * upvalue and to-be-closed variable management; loop preparation; closures and varargs.
 *
 * <p>A metamethod that is a Lua function is pushed as a frame with a continuation (see
 * {@link CallFrame}) and the caller returns to the loop; a Java metamethod is called at once.
 */
final class Ops {
    /** Longest {@code __index}/{@code __newindex} chain (Lua's MAXTAGLOOP). */
    private static final int MAXTAGLOOP = 2000;

    private Ops() {}

    // ------------------------------------------------------------------ the slow path entry

    /**
     * Everything the dispatch loop does not do inline: the slow path of every opcode and the rare
     * opcodes. One entry on purpose: it is far bigger than C2's inlining limit, so it is never
     * inlined into {@link Interpreter#execute} and the compiler's budget goes to the fast paths.
     * Runs the instruction {@code i} of frame {@code f} ({@code f.pc} already points past it) and
     * returns {@link Interpreter#YIELD} when the running coroutine must suspend, else 0 or
     * {@link Interpreter#PUSHED}; the loop then reloads the (possibly new) top frame.
     */
    /** TFORCALL's set-up: the iterator, state and control of {@code a..a+2} copied to {@code a+4..a+6}, where the call is made. */
    static void tforCopy(Object[] stk, long[] num, int a) {
        for (int j = 0; j < 3; j++) {
            stk[a + 4 + j] = stk[a + j];
            num[a + 4 + j] = num[a + j];
        }
    }

    static int slow(LuaThread t, CallFrame f, int i) {
        if (t.g.gcDebt > 0) safePoint(t, f, i); // may collect and run finalizers
        int base = f.base;
        int a = base + Instruction.a(i);
        int op = Instruction.op(i);
        Proto p = f.closure.p;
        switch (op) {
            case Op.LOADKX: {
                int ax = Instruction.ax(p.code[f.pc++]);
                t.stk[a] = p.kRef[ax];
                t.num[a] = p.kNum[ax];
                return 0;
            }
            case Op.LOADNIL: {
                int b = Instruction.b(i);
                for (int j = 0; j <= b; j++) t.stk[a + j] = null;
                return 0;
            }
            case Op.GETTABUP:
                getTabUp(t, f, f.closure.upvals[Instruction.b(i)], i, a);
                return 0;
            case Op.GETTABLE:
                getTable(t, f, i, a);
                return 0;
            case Op.SETTABUP:
                setTabUp(t, f, f.closure.upvals[Instruction.a(i)], i);
                return 0;
            case Op.SETTABLE:
                setTable(t, f, i, a);
                return 0;
            case Op.SELF: // R[A+1] already holds the object
                self(t, f, i, a, t.stk[a + 1], t.num[a + 1]);
                return 0;
            case Op.ADD: case Op.SUB: case Op.MUL: case Op.MOD: case Op.IDIV:
            case Op.BAND: case Op.BOR: case Op.BXOR: case Op.SHL: case Op.SHR:
                arith(t, f, eventOf(op), i, a);
                return 0;
            case Op.UNM:
                unary(t, f, MetaEvent.UNM, i, a);
                return 0;
            case Op.BNOT: {
                int b = base + Instruction.b(i);
                if (t.stk[b] == INT) {
                    t.num[a] = ~t.num[b];
                    t.stk[a] = INT;
                } else {
                    unary(t, f, MetaEvent.BNOT, i, a);
                }
                return 0;
            }
            case Op.NOT: {
                Object v = t.stk[base + Instruction.b(i)];
                t.stk[a] = v == null || v == Boolean.FALSE ? Boolean.TRUE : Boolean.FALSE;
                return 0;
            }
            case Op.LEN:
                len(t, f, i, a);
                return 0;
            case Op.CONCAT:
                concat(t, f, i);
                return 0;
            case Op.JMP: // one that closes upvalues
                if (a != base) {
                    closeUpvals(t, a - 1);
                    int r = closeStep(t, f, a - 1);
                    if (r >= 0) return r;
                }
                f.pc += Instruction.sbx(i);
                return 0;
            case Op.EQ: {
                int expected = Instruction.a(i) != 0 ? 1 : 0;
                int r = equals(t, f, rkRef(t, f, Instruction.b(i)), rkRef(t, f, Instruction.c(i)), expected);
                if (r >= 0 && r != expected) f.pc++;
                return 0;
            }
            case Op.LT:
            case Op.LE: {
                int expected = Instruction.a(i) != 0 ? 1 : 0;
                int r = compare(t, f, i, expected);
                if (r >= 0 && r != expected) f.pc++;
                return 0;
            }
            case Op.CALL: {
                int b = Instruction.b(i);
                int nargs = b != 0 ? b - 1 : t.top - a - 1;
                return Interpreter.precall(t, a, nargs, Instruction.c(i) - 1, CallFrame.CONT_NONE, 0);
            }
            case Op.TAILCALL: {
                int b = Instruction.b(i);
                int nargs = b != 0 ? b - 1 : t.top - a - 1;
                if (t.openUpvals != null && t.openUpvals.idx >= base) closeUpvals(t, base);
                if (t.stk[a] instanceof LuaClosure ncl) {
                    int dst = f.func;
                    System.arraycopy(t.stk, a, t.stk, dst, nargs + 1);
                    System.arraycopy(t.num, a, t.num, dst, nargs + 1);
                    int nres = f.nresults;
                    int cont = f.cont;
                    int contA = f.contA;
                    t.nframes--;
                    Interpreter.pushLua(t, ncl, dst, nargs, nres, cont, contA);
                    t.frames[t.nframes - 1].flags |= CallFrame.TAIL;
                    if (t.hookMask != 0) Hooks.onCall(t, true);
                    return Interpreter.PUSHED;
                }
                // a Java function or __call: an ordinary call, then the RETURN A 0 that follows
                return Interpreter.precall(t, a, nargs, -1, CallFrame.CONT_NONE, 0);
            }
            case Op.RETURN: {
                int b = Instruction.b(i);
                int n = (f.flags & CallFrame.CLOSING) != 0 ? f.closingN : b != 0 ? b - 1 : t.top - a;
                if (t.openUpvals != null && t.openUpvals.idx >= base) closeUpvals(t, base);
                if (t.ntbc > 0 && t.tbc[t.ntbc - 1] >= base) {
                    f.top = Math.max(f.top, a + n); // the close calls go above the results
                    f.flags |= CallFrame.CLOSING;
                    f.closingN = n;
                    return closeStep(t, f, base);
                }
                Interpreter.postCall(t, f, a, n);
                return t.yielded ? Interpreter.YIELD : 0; // a failed pcall's next closing method yielded
            }
            case Op.FORPREP: // convert, check, and run the instruction again
                forPrep(t, a);
                if (t.num[a + 2] == 0) throw Errors.rt(t, "'for' step is zero");
                f.pc--;
                return 0;
            case Op.TFORPREP:
                markTbc(t, f, a + 3);
                if (Instruction.sbx(i) < 0 && t.g.trap) Hooks.trapped(t, f, i); // backwards (a corrupt chunk): a step of the budget
                f.pc += Instruction.sbx(i);
                return 0;
            case Op.TFORCALL: { // the general call (the loop calls Java iterators itself); a step of the budget is taken here
                if (t.g.trap) Hooks.trapped(t, f, i);
                tforCopy(t.stk, t.num, a);
                return Interpreter.precall(t, a + 4, 2, Instruction.c(i), CallFrame.CONT_NONE, 0);
            }
            case Op.SETLIST: {
                int c = Instruction.c(i);
                if (c == 0) c = Instruction.ax(p.code[f.pc++]);
                setList(t, a, Instruction.b(i), c);
                return 0;
            }
            case Op.CLOSURE:
                t.stk[a] = closure(t, f.closure, p.protos[Instruction.bx(i)], base);
                return 0;
            case Op.VARARG:
                vararg(t, f, a, Instruction.b(i));
                return 0;
            case Op.TBC:
                markTbc(t, f, a);
                return 0;
            case Op.CLOSE: {
                closeUpvals(t, a);
                int r = closeStep(t, f, a);
                return r >= 0 ? r : 0;
            }
            default: // MOVE, LOADK, NEWTABLE, FORLOOP, ... are done by the loop; EXTRAARG is never executed
                throw Errors.rt(t, "bad opcode " + Instruction.opCode(i));
        }
    }

    // ------------------------------------------------------------------ table access fast paths

    /** Raw hit in {@code tab}: stores the value at {@code dst} and returns true; false if absent/nil. */
    static boolean fastGet(LuaTable tab, Object kref, long knum, Object[] stk, long[] num, int dst) {
        if (kref == INT) {
            long k = knum - 1;
            if (k >= 0 && k < tab.arraySize()) {
                Object v = tab.arrayRef((int) k);
                if (v == null) return false;
                stk[dst] = v;
                if (v == INT) num[dst] = tab.arrayNum((int) k);
                return true;
            }
        }
        int h = tab.find(kref, knum);
        if (h == -1) return false;
        Object v = tab.refAt(h);
        stk[dst] = v;
        if (v == INT) num[dst] = tab.numAt(h);
        return true;
    }

    /**
     * {@link #fastGet} of a string key, trying the hash slot {@code ic[c]} remembered from the last
     * hit first (one identity compare: field names are interned).
     */
    private static boolean cachedGet(LuaTable tab, Object k, Object[] stk, long[] num, int dst, int[] ic, int c) {
        int s = cachedSlot(tab, k, ic, c);
        if (s < 0) return false;
        Object v = tab.hashValueRef(s);
        stk[dst] = v;
        if (v == INT) num[dst] = tab.hashValueNum(s);
        return true;
    }

    /**
     * The hash slot of {@code tab} holding the string key {@code k} with a value, trying the one
     * {@code ic[site]} remembers first and remembering it there; -1 when the table has no value
     * for the key. Every per-site cached read and write of a field starts here.
     */
    static int cachedSlot(LuaTable tab, Object k, int[] ic, int site) {
        int s = tab.stringSlot(k, ic[site]);
        if (s < 0 || tab.hashValueRef(s) == null) return -1;
        ic[site] = s;
        return s;
    }

    /**
     * Indexing of a value that is not a table and whose metatable is {@code mt} (a userdata's, or
     * the strings'), when {@code mt.__index} is a table: false, having done nothing, otherwise.
     * {@code ic} and {@code site}: as {@link #get(LuaTable, Object, long, Object[], long[], int, int[], int)},
     * the levels counted from {@code __index} (a method of a userdata or a string).
     */
    static boolean getVia(LuaTable mt, Object kref, long knum, Object[] stk, long[] num, int dst, int[] ic, int site) {
        return mt != null && mt.indexField() instanceof LuaTable h && get(h, kref, knum, stk, num, dst, ic, site);
    }

    /**
     * {@code stk[dst] = tab[k]} when it needs no call: a raw hit, a miss with no {@code __index},
     * or a hit along a short chain of {@code __index} tables (class tables and their bases, the
     * usual object idiom). False when an {@code __index} function must run (slow path).
     */
    static boolean get(LuaTable tab, Object kref, long knum, Object[] stk, long[] num, int dst) {
        return get(tab, kref, knum, stk, num, dst, null, 0);
    }

    /**
     * Levels of an {@code __index} chain a per-site cache remembers a slot for: the object, its
     * class and the class's base (a method of a subclass instance found in its base class).
     */
    static final int CACHED_LEVELS = 3;

    /**
     * As {@link #get(LuaTable, Object, long, Object[], long[], int)}; compiled code passes a
     * per-site cache ({@code ic} from {@code site}, else null; only for a constant string key) that
     * remembers the hash slot of the key in the table and in the first {@code __index} tables of its chain, one entry per
     * level up to {@link #CACHED_LEVELS} ({@link #cachedGet}).
     */
    static boolean get(LuaTable tab, Object kref, long knum, Object[] stk, long[] num, int dst, int[] ic, int site) {
        for (int level = 0; level < 8; level++) {
            if (ic != null && level < CACHED_LEVELS // compiled code hands a cache only with a constant string key
                    ? cachedGet(tab, kref, stk, num, dst, ic, site + level)
                    : fastGet(tab, kref, knum, stk, num, dst)) return true;
            LuaTable mt = tab.getMetatable();
            Object h = mt == null ? null : mt.indexField();
            if (h == null) {
                stk[dst] = null;
                return true;
            }
            if (!(h instanceof LuaTable next)) return false;
            tab = next;
        }
        return false;
    }

    /**
     * Raw store when no metamethod can interfere: an existing key, or a table whose metatable, if
     * any, has no {@code __newindex} (an object filling in its fields after {@code setmetatable}).
     */
    static boolean fastSet(LuaTable tab, Object kref, long knum, Object vref, long vnum) {
        if (kref == null) return false;
        if (kref == INT) {
            long k = knum - 1;
            if (k >= 0 && k < tab.arraySize() && tab.arrayRef((int) k) != null) {
                tab.setAt((int) k, vref, vnum);
                return true;
            }
        }
        LuaTable mt = tab.getMetatable();
        if (mt == null || MetaEvent.NEWINDEX.in(mt) == null) {
            tab.put(kref, knum, vref, vnum);
            return true;
        }
        int h = tab.find(kref, knum);
        if (h == -1) return false;
        tab.setAt(h, vref, vnum);
        return true;
    }

    /**
     * As {@link #fastSet(LuaTable, Object, long, Object, long)}; compiled code passes a per-site
     * cache ({@code ic} from {@code site}, else null) for a constant string key: when the slot it
     * remembers still holds the key with a value, the store goes there (a key that is present
     * never consults {@code __newindex}, whatever the metatable).
     */
    static boolean fastSet(LuaTable tab, Object kref, long knum, Object vref, long vnum, int[] ic, int site) {
        return (ic != null && setCached(tab, kref, vref, vnum, ic, site)) || fastSet(tab, kref, knum, vref, vnum);
    }

    /** The store of a constant string key through the slot the site's cache remembers, when it still holds the key with a value. */
    private static boolean setCached(LuaTable tab, Object kref, Object vref, long vnum, int[] ic, int site) {
        int s = cachedSlot(tab, kref, ic, site);
        if (s < 0) return false;
        tab.setAt(-(s + 2), vref, vnum);
        return true;
    }

    /**
     * As {@link #fastSet(LuaTable, Object, long, Object, long, int[], int)} but only for a store
     * that does not grow the table (a key it holds, a dead key's node, nil for a key it lacks:
     * {@code node.next = nil}), so it neither allocates nor charges memory: what frameless
     * compiled code may do ({@link JitCode#direct}).
     */
    static boolean setPresent(LuaTable tab, Object kref, long knum, Object vref, long vnum, int[] ic, int site) {
        if (ic != null && setCached(tab, kref, vref, vnum, ic, site)) return true;
        LuaTable mt = tab.getMetatable();
        if (mt == null || MetaEvent.NEWINDEX.in(mt) == null) return tab.putInPlace(kref, knum, vref, vnum);
        int h = tab.find(kref, knum); // a present key never consults __newindex
        if (h == -1) return false;
        tab.setAt(h, vref, vnum);
        return true;
    }

    /**
     * Frameless code's store of a new key, which grows {@code tab}: made when no collection is
     * due and no {@code __newindex} applies, the growth charged to the collector, which does not
     * collect here ({@link dev.lunatik.vm.gc.Collector#inLeafCall}: over a memory limit it raises
     * at once, having changed nothing). False, having changed nothing, otherwise: the frameless
     * code stops and the interpreter makes the store with frames, collecting or raising "not
     * enough memory" there.
     */
    static boolean growFrameless(LuaThread t, LuaTable tab, Object kref, long knum, Object vref, long vnum) {
        GlobalState g = t.g;
        if (kref == null || g.gcDebt > 0) return false;
        LuaTable mt = tab.getMetatable();
        if (mt != null && MetaEvent.NEWINDEX.in(mt) != null) return false;
        boolean outer = g.gc.inLeafCall;
        g.gc.inLeafCall = true;
        try {
            tab.put(kref, knum, vref, vnum);
            return true;
        } catch (LuaError overLimit) {
            return false;
        } finally {
            g.gc.inLeafCall = outer;
        }
    }

    // ------------------------------------------------------------------ indexing with metamethods

    /** Register operand code for error messages: >= 0 register, -1 none, <= -2 upvalue -(who+2). */
    private static String whoInfo(LuaThread t, int who) {
        CallFrame f = t.topFrame();
        if (f.closure == null || who == -1) return "";
        Proto p = f.closure.p;
        if (who >= 0) return DebugInfo.varInfo(p, f.pc - 1, who);
        return DebugInfo.upvalInfo(p, -(who + 2));
    }

    static void getTabUp(LuaThread t, CallFrame f, UpVal u, int i, int a) {
        Object tv = u.valueRef();
        long tn = u.valueNum();
        int c = Instruction.c(i);
        index(t, tv, tn, rkRef(t, f, c), rkNum(t, f, c), a, -(Instruction.b(i) + 2));
    }

    static void getTable(LuaThread t, CallFrame f, int i, int a) {
        int b = f.base + Instruction.b(i);
        int c = Instruction.c(i);
        index(t, t.stk[b], t.num[b], rkRef(t, f, c), rkNum(t, f, c), a, Instruction.b(i));
    }

    static void self(LuaThread t, CallFrame f, int i, int a, Object obj, long objn) {
        int c = Instruction.c(i);
        index(t, obj, objn, rkRef(t, f, c), rkNum(t, f, c), a, Instruction.b(i));
    }

    static void setTabUp(LuaThread t, CallFrame f, UpVal u, int i) {
        Object tv = u.valueRef();
        long tn = u.valueNum();
        int b = Instruction.b(i);
        int c = Instruction.c(i);
        newindex(t, tv, tn, rkRef(t, f, b), rkNum(t, f, b), rkRef(t, f, c), rkNum(t, f, c), -(Instruction.a(i) + 2));
    }

    static void setTable(LuaThread t, CallFrame f, int i, int a) {
        int b = Instruction.b(i);
        int c = Instruction.c(i);
        newindex(t, t.stk[a], t.num[a], rkRef(t, f, b), rkNum(t, f, b), rkRef(t, f, c), rkNum(t, f, c), Instruction.a(i));
    }

    private static Object rkRef(LuaThread t, CallFrame f, int rk) {
        return Instruction.isK(rk) ? f.closure.p.kRef[Instruction.indexK(rk)] : t.stk[f.base + rk];
    }

    private static long rkNum(LuaThread t, CallFrame f, int rk) {
        return Instruction.isK(rk) ? f.closure.p.kNum[Instruction.indexK(rk)] : t.num[f.base + rk];
    }

    /** {@code stk[dst] = o[k]} with {@code __index}; may push a metamethod frame. */
    static void index(LuaThread t, Object o, long on, Object k, long kn, int dst, int who) {
        for (int loop = 0; loop < MAXTAGLOOP; loop++) {
            Object h;
            if (o instanceof LuaTable tab) {
                int hd = tab.find(k, kn);
                if (hd != -1) {
                    Object v = tab.refAt(hd);
                    t.stk[dst] = v;
                    if (v == INT) t.num[dst] = tab.numAt(hd);
                    return;
                }
                h = MetaEvent.INDEX.in(tab.getMetatable());
                if (h == null) {
                    t.stk[dst] = null;
                    return;
                }
            } else {
                h = MetaEvent.INDEX.in(t.g.metatableOf(o));
                if (h == null) throw Errors.typeError(t, o, "index", loop == 0 ? whoInfo(t, who) : "");
            }
            if (h instanceof LuaFunction) {
                int r = callMeta(t, h, o, on, k, kn, null, 0, 2, CallFrame.CONT_STORE, dst);
                storeMetaResult(t, r, dst);
                return;
            }
            if (h instanceof Long l) {
                o = INT;
                on = l;
            } else {
                o = h;
            }
        }
        throw Errors.rt(t, "'__index' chain too long; possible loop");
    }

    /** {@code o[k] = v} with {@code __newindex}; may push a metamethod frame. */
    static void newindex(LuaThread t, Object o, long on, Object k, long kn, Object v, long vn, int who) {
        for (int loop = 0; loop < MAXTAGLOOP; loop++) {
            Object h;
            if (o instanceof LuaTable tab) {
                int hd = k == null ? -1 : tab.find(k, kn);
                if (hd != -1) {
                    tab.setAt(hd, v, vn);
                    return;
                }
                h = MetaEvent.NEWINDEX.in(tab.getMetatable());
                if (h == null) {
                    if (k == null) throw Errors.rt(t, "table index is nil");
                    tab.put(k, kn, v, vn);
                    return;
                }
            } else {
                h = MetaEvent.NEWINDEX.in(t.g.metatableOf(o));
                if (h == null) throw Errors.typeError(t, o, "index", loop == 0 ? whoInfo(t, who) : "");
            }
            if (h instanceof LuaFunction) {
                callMeta(t, h, o, on, k, kn, v, vn, 3, CallFrame.CONT_DISCARD, 0);
                return;
            }
            if (h instanceof Long l) {
                o = INT;
                on = l;
            } else {
                o = h;
            }
        }
        throw Errors.rt(t, "'__newindex' chain too long; possible loop");
    }

    /**
     * Calls metamethod {@code h} with 2 or 3 arguments above the running frame. A Lua function is
     * pushed as a frame with continuation {@code cont}; returns -1 then. Anything else is called
     * now and the stack index of its single result is returned.
     */
    static int callMeta(LuaThread t, Object h, Object r1, long n1, Object r2, long n2, Object r3, long n3,
            int nargs, int cont, int contA) {
        CallFrame f = t.topFrame();
        int at = f.top;
        t.ensure(at + 4 + GlobalState.MIN_STACK);
        Object[] stk = t.stk;
        long[] num = t.num;
        t.set(at, h);
        stk[at + 1] = r1;
        num[at + 1] = n1;
        stk[at + 2] = r2;
        num[at + 2] = n2;
        if (nargs > 2) {
            stk[at + 3] = r3;
            num[at + 3] = n3;
        }
        if (h instanceof LuaClosure cl) {
            Interpreter.pushLua(t, cl, at, nargs, 1, cont, contA);
            if (t.hookMask != 0) Hooks.onCall(t, false);
            return -1;
        }
        Interpreter.call(t, at, nargs, 1);
        return at;
    }

    /** After {@link #callMeta}: a Java metamethod's result (at {@code r >= 0}) goes to {@code dst}. */
    private static void storeMetaResult(LuaThread t, int r, int dst) {
        if (r >= 0) {
            t.stk[dst] = t.stk[r];
            t.num[dst] = t.num[r];
        }
    }

    // ------------------------------------------------------------------ arithmetic

    static MetaEvent eventOf(int op) {
        return switch (op) {
            case Op.ADD -> MetaEvent.ADD;
            case Op.SUB -> MetaEvent.SUB;
            case Op.MUL -> MetaEvent.MUL;
            case Op.MOD -> MetaEvent.MOD;
            case Op.IDIV -> MetaEvent.IDIV;
            case Op.BAND -> MetaEvent.BAND;
            case Op.BOR -> MetaEvent.BOR;
            case Op.BXOR -> MetaEvent.BXOR;
            case Op.SHL -> MetaEvent.SHL;
            default -> MetaEvent.SHR;
        };
    }

    /** Integer bitwise operation for opcodes BAND..SHR. */
    static long bitwise(int op, long x, long y) {
        switch (op) {
            case Op.BAND:
                return x & y;
            case Op.BOR:
                return x | y;
            case Op.BXOR:
                return x ^ y;
            case Op.SHL:
                return shiftLeft(x, y);
            default:
                return shiftLeft(x, -y);
        }
    }

    /** Lua's shift: counts of 64 or more give 0; negative counts shift right (logically). */
    static long shiftLeft(long x, long y) {
        if (y <= -64 || y >= 64) return 0;
        if (y >= 0) return x << y;
        return x >>> -y;
    }

    /** Floor modulo with one division (Lua's luaV_mod). */
    static long mod(long x, long y) {
        long m = x % y;
        if (m != 0 && (m ^ y) < 0) m += y;
        return m;
    }

    /**
     * Normal exit of a scope (CLOSE, JMP, RETURN of Lua frame {@code f}): calls the {@code __close}
     * method of the newest to-be-closed variable at or above {@code level} as an ordinary call
     * above the frame (so it may yield), and makes the instruction run again afterwards to close
     * the next one. Returns the call's {@link Interpreter#precall} result, or -1 when none is left.
     */
    static int closeStep(LuaThread t, CallFrame f, int level) {
        if (t.ntbc == 0 || t.tbc[t.ntbc - 1] < level) return -1;
        int idx = t.tbc[--t.ntbc];
        Object v = t.get(idx);
        Object h = MetaEvent.CLOSE.in(t.g.metatableOf(v));
        if (h == null) throw Errors.rt(t, "metamethod 'close' is not callable");
        int at = f.top;
        t.ensure(at + 3 + GlobalState.MIN_STACK);
        t.stk[at] = h;
        t.set(at + 1, v);
        t.stk[at + 2] = null;
        return Interpreter.precall(t, at, 2, 0, CallFrame.CONT_CLOSE, 0);
    }

    /** Integer arithmetic of a binary event (both operands integers, divisor checked by caller). */
    static long arithInt(MetaEvent ev, long x, long y) {
        return switch (ev) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case MOD -> mod(x, y);
            case IDIV -> Math.floorDiv(x, y);
            case BAND -> x & y;
            case BOR -> x | y;
            case BXOR -> x ^ y;
            case SHL -> shiftLeft(x, y);
            case SHR -> shiftLeft(x, -y);
            case UNM -> -x;
            case BNOT -> ~x;
            default -> throw new IllegalArgumentException(ev.name());
        };
    }

    static boolean isBitwise(MetaEvent ev) {
        return ev == MetaEvent.BAND || ev == MetaEvent.BOR || ev == MetaEvent.BXOR || ev == MetaEvent.SHL
                || ev == MetaEvent.SHR || ev == MetaEvent.BNOT;
    }

    /** Slow path of a binary arithmetic or bitwise instruction. */
    static void arith(LuaThread t, CallFrame f, MetaEvent ev, int i, int a) {
        int b = Instruction.b(i);
        int c = Instruction.c(i);
        Object x = rkRef(t, f, b);
        long xn = rkNum(t, f, b);
        Object y = rkRef(t, f, c);
        long yn = rkNum(t, f, c);
        if (x == INT && y == INT) {
            if (yn == 0 && ev == MetaEvent.MOD) throw Errors.rt(t, "attempt to perform 'n%0'");
            if (yn == 0 && ev == MetaEvent.IDIV) throw Errors.rt(t, "attempt to divide by zero");
            t.stk[a] = INT;
            t.num[a] = arithInt(ev, xn, yn);
            return;
        }
        Object h = ev.in(t.g.metatableOf(x));
        if (h == null) h = ev.in(t.g.metatableOf(y));
        if (h == null) {
            String op = isBitwise(ev) ? "perform bitwise operation on" : "perform arithmetic on";
            if (x != INT) throw Errors.typeError(t, x, op, Errors.rkInfo(t, b));
            throw Errors.typeError(t, y, op, Errors.rkInfo(t, c));
        }
        int r = callMeta(t, h, x, xn, y, yn, null, 0, 2, CallFrame.CONT_STORE, a);
        storeMetaResult(t, r, a);
    }

    /** Slow path of UNM and BNOT. */
    static void unary(LuaThread t, CallFrame f, MetaEvent ev, int i, int a) {
        int rb = Instruction.b(i);
        int b = f.base + rb;
        Object x = t.stk[b];
        long xn = t.num[b];
        Object h = ev.in(t.g.metatableOf(x));
        if (h == null) {
            String op = ev == MetaEvent.BNOT ? "perform bitwise operation on" : "perform arithmetic on";
            throw Errors.typeError(t, x, op, Errors.regInfo(t, rb));
        }
        int r = callMeta(t, h, x, xn, x, xn, null, 0, 2, CallFrame.CONT_STORE, a);
        storeMetaResult(t, r, a);
    }

    /** LEN: strings, raw tables, or {@code __len}. */
    static void len(LuaThread t, CallFrame f, int i, int a) {
        int rb = Instruction.b(i);
        int b = f.base + rb;
        Object x = t.stk[b];
        if (x instanceof LuaString s) {
            t.stk[a] = INT;
            t.num[a] = s.length();
            return;
        }
        Object h = MetaEvent.LEN.in(t.g.metatableOf(x));
        if (h == null) {
            if (x instanceof LuaTable tab) {
                t.stk[a] = INT;
                t.num[a] = tab.length();
                return;
            }
            throw Errors.typeError(t, x, "get length of", Errors.regInfo(t, rb));
        }
        int r = callMeta(t, h, x, t.num[b], x, t.num[b], null, 0, 2, CallFrame.CONT_STORE, a);
        storeMetaResult(t, r, a);
    }

    // ------------------------------------------------------------------ comparison

    /** EQ slow path: 1/0 for the result, or -1 when an {@code __eq} frame was pushed. */
    static int equals(LuaThread t, CallFrame f, Object x, Object y, int expected) {
        if (x == y) return 1;
        if (x == null || y == null || x == INT || y == INT) return 0;
        if (x instanceof LuaString) return x.equals(y) ? 1 : 0;
        boolean tables = x instanceof LuaTable && y instanceof LuaTable;
        boolean udata = x instanceof LuaUserdata && y instanceof LuaUserdata;
        if (!tables && !udata) return x.equals(y) ? 1 : 0;
        Object h = MetaEvent.EQ.in(t.g.metatableOf(x));
        if (h == null) h = MetaEvent.EQ.in(t.g.metatableOf(y));
        if (h == null) return 0;
        int r = callMeta(t, h, x, 0, y, 0, null, 0, 2, CallFrame.CONT_COND, expected);
        if (r < 0) return -1;
        return Lua.isTruthy(t.stk[r]) ? 1 : 0;
    }

    /** LT/LE slow path: 1/0, or -1 when a metamethod frame was pushed. */
    static int compare(LuaThread t, CallFrame f, int i, int expected) {
        boolean lt = Instruction.op(i) == 31;
        int b = Instruction.b(i);
        int c = Instruction.c(i);
        Object x = rkRef(t, f, b);
        long xn = rkNum(t, f, b);
        Object y = rkRef(t, f, c);
        long yn = rkNum(t, f, c);
        int order = Jit.order(x, xn, y, yn, lt);
        if (order >= 0) return order;
        MetaEvent ev = lt ? MetaEvent.LT : MetaEvent.LE;
        Object h = ev.in(t.g.metatableOf(x));
        if (h == null) h = ev.in(t.g.metatableOf(y));
        if (h == null) throw Errors.compareError(t, x, y);
        int r = callMeta(t, h, x, xn, y, yn, null, 0, 2, CallFrame.CONT_COND, expected);
        if (r < 0) return -1;
        return Lua.isTruthy(t.stk[r]) ? 1 : 0;
    }

    /** {@code a < b} on boxed values for library code (e.g. table.sort without comparator). */
    static boolean lessThan(LuaThread t, Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) return a < b;
        if (x instanceof LuaString s1 && y instanceof LuaString s2) return s1.compareTo(s2) < 0;
        Object h = MetaEvent.LT.in(t.g.metatableOf(x));
        if (h == null) h = MetaEvent.LT.in(t.g.metatableOf(y));
        if (h == null) throw Errors.compareError(t, x instanceof Long ? INT : x, y instanceof Long ? INT : y);
        return Lua.isTruthy(t.call1(h, x, y));
    }

    // ------------------------------------------------------------------ concatenation

    private static boolean isStrOrNum(Object r) {
        return r == INT || r instanceof LuaString;
    }

    /** CONCAT R[A] := R[B] .. ... .. R[C], right to left, honouring {@code __concat}. */
    static void concat(LuaThread t, CallFrame f, int i) {
        int base = f.base;
        int first = base + Instruction.b(i);
        int end = f.concatEnd >= 0 ? f.concatEnd : base + Instruction.c(i);
        f.concatEnd = -1;
        while (end > first) {
            Object[] stk = t.stk;
            Object x = stk[end - 1];
            Object y = stk[end];
            if (isStrOrNum(x) && isStrOrNum(y)) {
                int s = end - 1;
                while (s > first && isStrOrNum(stk[s - 1])) s--;
                stk[s] = concatRun(t, s, end);
                end = s;
            } else {
                Object h = MetaEvent.CONCAT.in(t.g.metatableOf(x));
                if (h == null) h = MetaEvent.CONCAT.in(t.g.metatableOf(y));
                if (h == null) {
                    int bad = isStrOrNum(x) ? end : end - 1;
                    throw Errors.typeError(t, stk[bad], "concatenate", Errors.regInfo(t, bad - base));
                }
                int r = callMeta(t, h, x, t.num[end - 1], y, t.num[end], null, 0, 2, CallFrame.CONT_CONCAT, end - 1);
                if (r < 0) return;
                t.stk[end - 1] = t.stk[r];
                t.num[end - 1] = t.num[r];
                end--;
            }
        }
        int a = base + Instruction.a(i);
        t.stk[a] = t.stk[first];
        t.num[a] = t.num[first];
    }

    static LuaString concatRun(LuaThread t, int from, int to) {
        int len = 0;
        LuaString[] parts = new LuaString[to - from + 1];
        for (int k = from; k <= to; k++) {
            Object r = t.stk[k];
            LuaString s = r == INT ? Lua.toLuaString(t.num[k]) : (LuaString) r;
            parts[k - from] = s;
            len += s.length();
            if (len < 0) throw Errors.rt(t, "string length overflow");
        }
        t.g.gc.allocateString(len);
        byte[] out = new byte[len];
        int p = 0;
        for (LuaString s : parts) {
            System.arraycopy(s.bytes(), 0, out, p, s.length());
            p += s.length();
        }
        return LuaString.wrap(out);
    }

    // ------------------------------------------------------------------ loops

    /** Iterations after the first of an integer loop (unsigned), as Lua 5.4's forprep. */
    static long forCount(long init, long limit, long step) {
        if (step > 0) {
            long count = limit - init;
            return step == 1 ? count : Long.divideUnsigned(count, step);
        }
        long count = init - limit;
        long s = -(step + 1) + 1L;
        return Long.divideUnsigned(count, s);
    }

    /** Converts the three control values of a numeric for to integers, or raises Lua's error. */
    static void forPrep(LuaThread t, int a) {
        forValue(t, a + 1, "limit");
        forValue(t, a + 2, "step");
        forValue(t, a, "initial value");
    }

    private static void forValue(LuaThread t, int idx, String what) {
        Object r = t.stk[idx];
        if (r == INT) return;
        if (r instanceof LuaString s) {
            Long v = Lua.str2int(s);
            if (v != null) {
                t.setInt(idx, v);
                return;
            }
        }
        throw Errors.rt(t, "bad 'for' " + what + " (number expected, got " + Errors.typeNameWithMeta(t, r) + ")");
    }

    /**
     * A GC step at the slow path. Before a NEWTABLE, as Lua's {@code checkGC(L, ra + 1)}, the
     * registers above R[A] are dead temporaries and are not marked.
     */
    static void safePoint(LuaThread t, CallFrame f, int i) {
        if (Instruction.op(i) != Op.NEWTABLE) {
            t.g.gc.step(t, 0);
            return;
        }
        stepBelow(t, f.base + Instruction.a(i) + 1, true);
    }

    /**
     * A collector step with the top frame's stack slots from {@code top} on dead (not marked):
     * {@link dev.lunatik.vm.gc.Collector#step} with {@code finalizers}, else
     * {@link dev.lunatik.vm.gc.Collector#stepWithoutFinalizers}, whose answer it returns.
     */
    static boolean stepBelow(LuaThread t, int top, boolean finalizers) {
        t.gcTop = top;
        t.gcTopFrames = t.nframes;
        try {
            if (!finalizers) return t.g.gc.stepWithoutFinalizers(t);
            t.g.gc.step(t, 0);
            return true;
        } finally {
            t.gcTop = -1;
        }
    }

    // ------------------------------------------------------------------ closures, varargs, lists

    static LuaClosure closure(LuaThread t, LuaClosure parent, Proto np, int base) {
        Proto.UpvalDesc[] descs = np.upvalues;
        UpVal[] ups = new UpVal[descs.length];
        for (int j = 0; j < descs.length; j++) {
            Proto.UpvalDesc d = descs[j];
            ups[j] = d.inStack() ? findUpval(t, base + d.index()) : parent.upvals[d.index()];
        }
        t.g.gc.allocate(Collector.CLOSURE_BYTES + 8L * ups.length);
        return new LuaClosure(np, ups);
    }

    static UpVal findUpval(LuaThread t, int idx) {
        UpVal prev = null;
        UpVal u = t.openUpvals;
        while (u != null && u.idx > idx) {
            prev = u;
            u = u.nextOpen;
        }
        if (u != null && u.idx == idx) return u;
        UpVal nu = new UpVal(t, idx);
        nu.nextOpen = u;
        if (prev == null) t.openUpvals = nu;
        else prev.nextOpen = nu;
        return nu;
    }

    static void closeUpvals(LuaThread t, int level) {
        UpVal u = t.openUpvals;
        while (u != null && u.idx >= level) {
            u.close();
            u = u.nextOpen;
        }
        t.openUpvals = u;
    }

    static void vararg(LuaThread t, CallFrame f, int a, int b) {
        int n = f.nvarargs;
        int vb = f.varargBase;
        if (b == 0) {
            if (a + n > t.g.stackLimit) t.stackOverflow(a + n, t.g.stackLimit);
            t.ensure(a + n + GlobalState.MIN_STACK);
            System.arraycopy(t.stk, vb, t.stk, a, n);
            System.arraycopy(t.num, vb, t.num, a, n);
            t.top = a + n;
            return;
        }
        int want = b - 1;
        int m = Math.min(n, want);
        System.arraycopy(t.stk, vb, t.stk, a, m);
        System.arraycopy(t.num, vb, t.num, a, m);
        for (int j = m; j < want; j++) t.stk[a + j] = null;
    }

    static void setList(LuaThread t, int a, int b, int c) {
        if (!(t.stk[a] instanceof LuaTable tab)) throw Errors.rt(t, "bad SETLIST target (corrupted binary chunk?)");
        int n = b != 0 ? b : t.top - a - 1;
        long off = (long) (c - 1) * Instruction.FIELDS_PER_FLUSH;
        if (off + n <= Integer.MAX_VALUE / 2) tab.ensureArray((int) (off + n));
        Object[] stk = t.stk;
        long[] num = t.num;
        for (int j = 1; j <= n; j++) tab.put(INT, off + j, stk[a + j], num[a + j]);
    }

    // ------------------------------------------------------------------ to-be-closed variables

    static void markTbc(LuaThread t, CallFrame f, int idx) {
        Object v = t.stk[idx];
        if (Jit.notClosable(v)) return;
        if (MetaEvent.CLOSE.in(t.g.metatableOf(v)) == null) {
            String name = null;
            if (f.closure != null) {
                Proto p = f.closure.p;
                int reg = idx - f.base;
                name = p.localName(reg + 1, f.pc);
                if (name == null) name = p.localName(reg + 1, f.pc - 1);
            }
            throw Errors.rt(t, "variable '" + (name == null ? "?" : name) + "' got a non-closable value");
        }
        if (t.ntbc == t.tbc.length) t.tbc = java.util.Arrays.copyOf(t.tbc, t.ntbc * 2);
        t.tbc[t.ntbc++] = idx;
    }

    /**
     * Error unwinding: closes upvalues and calls {@code __close(v, err)} for to-be-closed variables
     * at or above {@code level}; an error in a closing method replaces {@code err}. Returns the
     * final error value.
     */
    static Object unwind(LuaThread t, int level, Object err) {
        closeUpvals(t, level);
        while (t.ntbc > 0 && t.tbc[t.ntbc - 1] >= level) {
            int idx = t.tbc[--t.ntbc];
            Object v = t.get(idx);
            Object h = MetaEvent.CLOSE.in(t.g.metatableOf(v));
            if (h == null) continue;
            try {
                t.call(h, v, err);
            } catch (LuaError e) {
                err = e.value();
            }
        }
        return err;
    }
}
