package dev.lunatik.vm.compiler;

import static dev.lunatik.vm.bytecode.Instruction.*;

import dev.lunatik.vm.ast.Expr.BinOp;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.compiler.ExpDesc.Kind;
import java.util.Arrays;

/**
 * Code generation for one function: emitting instructions, jump lists, register allocation and
 * turning {@link ExpDesc}s into values in registers or RK operands (the role of PUC Lua's
 * {@code lcode.c}, written over our own instruction set, see {@link OpCode}).
 */
final class CodeEmitter {
    /** Marks an empty jump list / a jump without target yet. */
    static final int NO_JUMP = -1;
    /** "No register" for TESTSET whose value is not needed. */
    static final int NO_REG = MAXARG_A;
    /** Multiple results (open call/vararg). */
    static final int MULTRET = -1;

    final FuncState fs;

    CodeEmitter(FuncState fs) {
        this.fs = fs;
    }

    // ------------------------------------------------------------------ emission

    int emit(int instr) {
        dischargeJpc();
        return emitRaw(instr);
    }

    private int emitRaw(int instr) {
        if (fs.pc == fs.code.length) {
            int n = fs.code.length * 2;
            fs.code = Arrays.copyOf(fs.code, n);
            fs.lines = Arrays.copyOf(fs.lines, n);
        }
        fs.code[fs.pc] = instr;
        fs.lines[fs.pc] = fs.line;
        return fs.pc++;
    }

    int emitABC(OpCode op, int a, int b, int c) {
        return emit(abc(op, a, b, c));
    }

    int emitABx(OpCode op, int a, int bx) {
        return emit(abx(op, a, bx));
    }

    int emitAsBx(OpCode op, int a, int sbx) {
        return emit(asbx(op, a, sbx));
    }

    /** Sets the line of the last emitted instruction. */
    void fixLine(int line) {
        fs.lines[fs.pc - 1] = line;
    }

    int get(int pc) {
        return fs.code[pc];
    }

    void set(int pc, int instr) {
        fs.code[pc] = instr;
    }

    /** R[reg] := K[k] (LOADK, or LOADKX + EXTRAARG for large indices). */
    int emitLoadK(int reg, int k) {
        if (k <= MAXARG_Bx) return emitABx(OpCode.LOADK, reg, k);
        int p = emitABx(OpCode.LOADKX, reg, 0);
        emit(Instruction.ax(OpCode.EXTRAARG, k));
        return p;
    }

    static boolean fitsSbx(long v) {
        return v >= -MAXARG_sBx && v <= MAXARG_Bx - MAXARG_sBx;
    }

    void loadInt(int reg, long v) {
        if (fitsSbx(v)) emitAsBx(OpCode.LOADI, reg, (int) v);
        else emitLoadK(reg, fs.addConstant(v));
    }

    /** R[from .. from+n-1] := nil, merging with a directly preceding LOADNIL when possible. */
    void loadNil(int from, int n) {
        int l = from + n - 1;
        if (fs.pc > fs.lastTarget && fs.pc > 0 && fs.jpc == NO_JUMP) {
            int prev = fs.code[fs.pc - 1];
            if (opCode(prev) == OpCode.LOADNIL) {
                int pfrom = a(prev);
                int pl = pfrom + b(prev);
                if ((pfrom <= from && from <= pl + 1) || (from <= pfrom && pfrom <= l + 1)) {
                    if (pfrom < from) from = pfrom;
                    if (pl > l) l = pl;
                    fs.code[fs.pc - 1] = setB(setA(prev, from), l - from);
                    return;
                }
            }
        }
        emitABC(OpCode.LOADNIL, from, n - 1, 0);
    }

    // ------------------------------------------------------------------ jumps

    int getJump(int pc) {
        int off = sbx(fs.code[pc]);
        return off == NO_JUMP ? NO_JUMP : pc + 1 + off;
    }

    void fixJump(int pc, int dest) {
        int off = dest - (pc + 1);
        if (off < -MAXARG_sBx || off > MAXARG_Bx - MAXARG_sBx) fs.error("control structure too long");
        fs.code[pc] = setSbx(fs.code[pc], off);
    }

    /** Appends list {@code l2} to list {@code l1}; returns the new list head. */
    int concat(int l1, int l2) {
        if (l2 == NO_JUMP) return l1;
        if (l1 == NO_JUMP) return l2;
        int list = l1;
        int next;
        while ((next = getJump(list)) != NO_JUMP) list = next;
        fixJump(list, l2);
        return l1;
    }

    /** Emits a JMP to be patched later; returns its pc (a one-element list). */
    int jump() {
        int saved = fs.jpc;
        fs.jpc = NO_JUMP;
        int j = emitAsBx(OpCode.JMP, 0, NO_JUMP);
        return concat(j, saved);
    }

    /** Marks the current pc as a jump target and returns it. */
    int getLabel() {
        fs.lastTarget = fs.pc;
        return fs.pc;
    }

    /** The instruction controlling jump {@code pc} (a test before it) or the jump itself. */
    int jumpControlPc(int pc) {
        if (pc >= 1) {
            OpCode op = opCode(fs.code[pc - 1]);
            if (isTest(op)) return pc - 1;
        }
        return pc;
    }

    static boolean isTest(OpCode op) {
        return op == OpCode.EQ || op == OpCode.LT || op == OpCode.LE || op == OpCode.TEST
                || op == OpCode.TESTSET;
    }

    private boolean patchTestReg(int node, int reg) {
        int cp = jumpControlPc(node);
        int i = fs.code[cp];
        if (opCode(i) != OpCode.TESTSET) return false;
        if (reg != NO_REG && reg != b(i)) {
            fs.code[cp] = setA(i, reg);
        } else {
            fs.code[cp] = abc(OpCode.TEST, b(i), 0, c(i));
        }
        return true;
    }

    private void removeValues(int list) {
        for (; list != NO_JUMP; list = getJump(list)) patchTestReg(list, NO_REG);
    }

    private void patchListAux(int list, int vtarget, int reg, int dtarget) {
        while (list != NO_JUMP) {
            int next = getJump(list);
            if (patchTestReg(list, reg)) fixJump(list, vtarget);
            else fixJump(list, dtarget);
            list = next;
        }
    }

    private void dischargeJpc() {
        patchListAux(fs.jpc, fs.pc, NO_REG, fs.pc);
        fs.jpc = NO_JUMP;
    }

    void patchList(int list, int target) {
        if (target == fs.pc) patchToHere(list);
        else patchListAux(list, target, NO_REG, target);
    }

    void patchToHere(int list) {
        getLabel();
        fs.jpc = concat(fs.jpc, list);
    }

    /** Sets register-closing on every JMP of {@code list}: close from register {@code level}. */
    void patchClose(int list, int level) {
        for (; list != NO_JUMP; list = getJump(list)) setJumpClose(list, level);
    }

    /** Makes the JMP at {@code pc} close upvalues/to-be-closed variables from {@code level} on. */
    void setJumpClose(int pc, int level) {
        int i = fs.code[pc];
        int cur = a(i);
        if (cur == 0 || cur > level + 1) fs.code[pc] = setA(i, level + 1);
    }

    // ------------------------------------------------------------------ registers

    void checkStack(int n) {
        int newStack = fs.freeReg + n;
        if (newStack > fs.maxStack) {
            if (newStack >= FuncState.MAX_REGS) {
                fs.error("function or expression needs too many registers" + (fs.near == null ? "" : " near " + fs.near));
            }
            fs.maxStack = newStack;
        }
    }

    void reserveRegs(int n) {
        checkStack(n);
        fs.freeReg += n;
    }

    private void freeReg(int reg) {
        if (reg >= fs.nvarStack()) {
            fs.freeReg--;
            if (reg != fs.freeReg) throw new IllegalStateException("register " + reg + " freed out of order");
        }
    }

    /** Frees the RK operand {@code rk} if it is a temporary register. */
    private void freeRk(int rk) {
        if (!isK(rk)) freeReg(rk);
    }

    /** Frees two RK operands in the right (descending) order. */
    private void freeRks(int r1, int r2) {
        if (isK(r1)) {
            freeRk(r2);
        } else if (isK(r2)) {
            freeReg(r1);
        } else if (r1 > r2) {
            freeReg(r1);
            freeReg(r2);
        } else {
            freeReg(r2);
            freeReg(r1);
        }
    }

    void freeExp(ExpDesc e) {
        if (e.kind == Kind.NONRELOC) freeReg(e.info);
    }

    private void freeExps(ExpDesc e1, ExpDesc e2) {
        int r1 = e1.kind == Kind.NONRELOC ? e1.info : -1;
        int r2 = e2.kind == Kind.NONRELOC ? e2.info : -1;
        if (r1 > r2) {
            freeReg(r1);
            if (r2 >= 0) freeReg(r2);
        } else {
            if (r2 >= 0) freeReg(r2);
            if (r1 >= 0) freeReg(r1);
        }
    }

    // ------------------------------------------------------------------ expressions

    /** Sets the number of results of an open call/vararg ({@link #MULTRET} for all). */
    void setReturns(ExpDesc e, int n) {
        if (e.kind == Kind.CALL) {
            set(e.info, setC(get(e.info), n + 1));
        } else if (e.kind == Kind.VARARG) {
            int i = setB(get(e.info), n + 1);
            set(e.info, setA(i, fs.freeReg));
            reserveRegs(1);
        }
    }

    void setMultRet(ExpDesc e) {
        setReturns(e, MULTRET);
    }

    /** Makes a call/vararg produce exactly one value. */
    void setOneRet(ExpDesc e) {
        if (e.kind == Kind.CALL) {
            e.set(Kind.NONRELOC, a(get(e.info)));
        } else if (e.kind == Kind.VARARG) {
            set(e.info, setB(get(e.info), 2));
            e.kind = Kind.RELOC;
        }
    }

    /** Turns variables and open expressions into values (NONRELOC or RELOC). */
    void dischargeVars(ExpDesc e) {
        switch (e.kind) {
            case LOCAL -> e.kind = Kind.NONRELOC;
            case UPVAL -> e.set(Kind.RELOC, emitABC(OpCode.GETUPVAL, 0, e.info, 0));
            case INDEXED -> {
                freeRks(e.tab, e.idx);
                e.set(Kind.RELOC, emitABC(OpCode.GETTABLE, 0, e.tab, e.idx));
            }
            case INDEXUP -> {
                freeRk(e.idx);
                e.set(Kind.RELOC, emitABC(OpCode.GETTABUP, 0, e.tab, e.idx));
            }
            case CALL, VARARG -> setOneRet(e);
            default -> { }
        }
    }

    private void discharge2reg(ExpDesc e, int reg) {
        dischargeVars(e);
        switch (e.kind) {
            case NIL -> loadNil(reg, 1);
            case FALSE -> emitABC(OpCode.LOADBOOL, reg, 0, 0);
            case TRUE -> emitABC(OpCode.LOADBOOL, reg, 1, 0);
            case KSTR -> emitLoadK(reg, fs.stringConstant(e.str));
            case K -> emitLoadK(reg, e.info);
            case INT -> loadInt(reg, e.ival);
            case RELOC -> set(e.info, setA(get(e.info), reg));
            case NONRELOC -> {
                if (reg != e.info) emitABC(OpCode.MOVE, reg, e.info, 0);
            }
            default -> {
                return; // VOID or JMP: nothing to do
            }
        }
        e.set(Kind.NONRELOC, reg);
    }

    private void discharge2anyreg(ExpDesc e) {
        if (e.kind != Kind.NONRELOC) {
            reserveRegs(1);
            discharge2reg(e, fs.freeReg - 1);
        }
    }

    private boolean needValue(int list) {
        for (; list != NO_JUMP; list = getJump(list)) {
            if (opCode(get(jumpControlPc(list))) != OpCode.TESTSET) return true;
        }
        return false;
    }

    private int codeLoadBool(int a, int b, int jump) {
        getLabel();
        return emitABC(OpCode.LOADBOOL, a, b, jump);
    }

    private void exp2reg(ExpDesc e, int reg) {
        discharge2reg(e, reg);
        if (e.kind == Kind.JMP) e.t = concat(e.t, e.info);
        if (e.hasJumps()) {
            int pf = NO_JUMP;
            int pt = NO_JUMP;
            if (needValue(e.t) || needValue(e.f)) {
                int fj = e.kind == Kind.JMP ? NO_JUMP : jump();
                pf = codeLoadBool(reg, 0, 1);
                pt = codeLoadBool(reg, 1, 0);
                patchToHere(fj);
            }
            int end = getLabel();
            patchListAux(e.f, end, reg, pf);
            patchListAux(e.t, end, reg, pt);
        }
        e.t = e.f = NO_JUMP;
        e.set(Kind.NONRELOC, reg);
    }

    void exp2nextreg(ExpDesc e) {
        dischargeVars(e);
        freeExp(e);
        reserveRegs(1);
        exp2reg(e, fs.freeReg - 1);
    }

    int exp2anyreg(ExpDesc e) {
        dischargeVars(e);
        if (e.kind == Kind.NONRELOC) {
            if (!e.hasJumps()) return e.info;
            if (e.info >= fs.nvarStack()) {
                exp2reg(e, e.info);
                return e.info;
            }
        }
        exp2nextreg(e);
        return e.info;
    }

    /** Like {@link #exp2anyreg} but leaves upvalues alone (they can be indexed directly). */
    void exp2anyregup(ExpDesc e) {
        if (e.kind != Kind.UPVAL || e.hasJumps()) exp2anyreg(e);
    }

    void exp2val(ExpDesc e) {
        if (e.hasJumps()) exp2anyreg(e);
        else dischargeVars(e);
    }

    /** Constant-table index for a constant expression, or -1. */
    private int constIndexOf(ExpDesc e) {
        return switch (e.kind) {
            case NIL -> fs.addConstant(null);
            case TRUE -> fs.addConstant(Boolean.TRUE);
            case FALSE -> fs.addConstant(Boolean.FALSE);
            case INT -> fs.addConstant(e.ival);
            case KSTR -> fs.stringConstant(e.str);
            case K -> e.info;
            default -> -1;
        };
    }

    /** Puts the value in a register or makes it a constant operand; returns the RK operand. */
    int exp2RK(ExpDesc e) {
        exp2val(e);
        if (!e.hasJumps()) {
            int k = constIndexOf(e);
            if (k >= 0 && k <= MAXINDEXRK) {
                e.set(Kind.K, k);
                return rkAsK(k);
            }
        }
        return exp2anyreg(e);
    }

    /** Whether {@code e} is a string constant usable as an RK operand. */
    boolean isKstr(ExpDesc e) {
        if (e.hasJumps()) return false;
        if (e.kind == Kind.KSTR) return fs.stringConstant(e.str) <= MAXINDEXRK;
        return e.kind == Kind.K && e.info <= MAXINDEXRK && fs.constants.get(e.info) instanceof dev.lunatik.vm.value.LuaString;
    }

    /** Stores {@code ex} into the variable described by {@code var}. */
    void storeVar(ExpDesc var, ExpDesc ex) {
        switch (var.kind) {
            case LOCAL -> {
                freeExp(ex);
                exp2reg(ex, var.info);
                return;
            }
            case UPVAL -> {
                int r = exp2anyreg(ex);
                emitABC(OpCode.SETUPVAL, r, var.info, 0);
            }
            case INDEXED -> {
                int rk = exp2RK(ex);
                emitABC(OpCode.SETTABLE, var.tab, var.idx, rk);
            }
            case INDEXUP -> {
                int rk = exp2RK(ex);
                emitABC(OpCode.SETTABUP, var.tab, var.idx, rk);
            }
            default -> throw new IllegalStateException("not assignable: " + var.kind);
        }
        freeExp(ex);
    }

    /** {@code obj:key} → R[base] = obj[key], R[base+1] = obj. */
    void self(ExpDesc e, ExpDesc key) {
        int ereg = exp2anyreg(e);
        freeExp(e);
        int base = fs.freeReg;
        reserveRegs(2);
        int rk = exp2RK(key);
        emitABC(OpCode.SELF, base, ereg, rk);
        freeExp(key);
        e.set(Kind.NONRELOC, base);
    }

    /** Turns {@code t} into the indexed expression {@code t[k]}. */
    void indexed(ExpDesc t, ExpDesc k) {
        if (t.kind == Kind.UPVAL && !isKstr(k)) exp2anyreg(t);
        if (t.kind == Kind.UPVAL) {
            int rk = exp2RK(k);
            t.tab = t.info;
            t.idx = rk;
            t.kind = Kind.INDEXUP;
        } else {
            t.tab = t.kind == Kind.LOCAL || t.kind == Kind.NONRELOC ? t.info : exp2anyreg(t);
            t.idx = exp2RK(k);
            t.kind = Kind.INDEXED;
        }
        t.varName = null;
        t.readOnly = false;
    }

    // ------------------------------------------------------------------ conditions

    private void negateCondition(ExpDesc e) {
        int cp = jumpControlPc(e.info);
        int i = get(cp);
        set(cp, setA(i, a(i) == 0 ? 1 : 0));
    }

    private int condJump(OpCode op, int a, int b, int c) {
        emitABC(op, a, b, c);
        return jump();
    }

    private int jumpOnCond(ExpDesc e, int cond) {
        if (e.kind == Kind.RELOC) {
            int ie = get(e.info);
            if (opCode(ie) == OpCode.NOT) {
                fs.pc--; // remove the NOT
                return condJump(OpCode.TEST, b(ie), 0, cond == 0 ? 1 : 0);
            }
        }
        discharge2anyreg(e);
        freeExp(e);
        return condJump(OpCode.TESTSET, NO_REG, e.info, cond);
    }

    /** Emits code to go through if {@code e} is true, jump (via e.f) otherwise. */
    void goIfTrue(ExpDesc e) {
        dischargeVars(e);
        int pc;
        switch (e.kind) {
            case JMP -> {
                negateCondition(e);
                pc = e.info;
            }
            case K, KSTR, INT, TRUE -> pc = NO_JUMP;
            // 'false' may jump unconditionally (the value on the false list reads as false);
            // nil must carry its own value: nil and x is nil, not false
            case FALSE -> pc = e.hasJumps() ? jumpOnCond(e, 0) : jump();
            default -> pc = jumpOnCond(e, 0);
        }
        e.f = concat(e.f, pc);
        patchToHere(e.t);
        e.t = NO_JUMP;
    }

    /** Emits code to go through if {@code e} is false, jump (via e.t) otherwise. */
    void goIfFalse(ExpDesc e) {
        dischargeVars(e);
        int pc;
        switch (e.kind) {
            case JMP -> pc = e.info;
            case NIL, FALSE -> pc = NO_JUMP;
            // 'true' may jump unconditionally (the value on the true list reads as true); any
            // other constant must carry its own value: 10 or x is 10, not true
            case TRUE -> pc = e.hasJumps() ? jumpOnCond(e, 1) : jump();
            default -> pc = jumpOnCond(e, 1);
        }
        e.t = concat(e.t, pc);
        patchToHere(e.f);
        e.f = NO_JUMP;
    }

    private void codeNot(ExpDesc e) {
        dischargeVars(e);
        switch (e.kind) {
            case NIL, FALSE -> e.kind = Kind.TRUE;
            case K, KSTR, INT, TRUE -> e.kind = Kind.FALSE;
            case JMP -> negateCondition(e);
            case RELOC, NONRELOC -> {
                discharge2anyreg(e);
                freeExp(e);
                e.set(Kind.RELOC, emitABC(OpCode.NOT, 0, e.info, 0));
            }
            default -> throw new IllegalStateException("cannot negate " + e.kind);
        }
        int tmp = e.f;
        e.f = e.t;
        e.t = tmp;
        removeValues(e.f);
        removeValues(e.t);
    }

    // ------------------------------------------------------------------ operators

    /** Unary operator {@code op} applied to {@code e}. */
    void prefix(dev.lunatik.vm.ast.Expr.UnOp op, ExpDesc e, int line) {
        switch (op) {
            case NEG, BNOT -> {
                if (e.isIntConst()) {
                    e.ival = op == dev.lunatik.vm.ast.Expr.UnOp.NEG ? -e.ival : ~e.ival;
                    return;
                }
                codeUnary(op == dev.lunatik.vm.ast.Expr.UnOp.NEG ? OpCode.UNM : OpCode.BNOT, e, line);
            }
            case LEN -> codeUnary(OpCode.LEN, e, line);
            case NOT -> codeNot(e);
        }
    }

    private void codeUnary(OpCode op, ExpDesc e, int line) {
        int r = exp2anyreg(e);
        freeExp(e);
        e.set(Kind.RELOC, emitABC(op, 0, r, 0));
        fixLine(line);
    }

    /** Processes the first operand of binary operator {@code op} before the second is read. */
    void infix(BinOp op, ExpDesc v) {
        switch (op) {
            case AND -> goIfTrue(v);
            case OR -> goIfFalse(v);
            case CONCAT -> exp2nextreg(v);
            case ADD, SUB, MUL, MOD, IDIV, BAND, BOR, BXOR, SHL, SHR -> {
                if (!v.isIntConst()) exp2RK(v);
            }
            default -> exp2RK(v);
        }
    }

    /** Finishes binary operator {@code op}: the result goes into {@code e1}. */
    void postfix(BinOp op, ExpDesc e1, ExpDesc e2, int line) {
        switch (op) {
            case AND -> {
                dischargeVars(e2);
                e2.f = concat(e2.f, e1.f);
                e1.copyFrom(e2);
            }
            case OR -> {
                dischargeVars(e2);
                e2.t = concat(e2.t, e1.t);
                e1.copyFrom(e2);
            }
            case CONCAT -> {
                exp2val(e2);
                if (e2.kind == Kind.RELOC && opCode(get(e2.info)) == OpCode.CONCAT) {
                    freeExp(e1);
                    set(e2.info, setB(get(e2.info), e1.info));
                    e1.set(Kind.RELOC, e2.info);
                } else {
                    exp2nextreg(e2);
                    codeBinary(OpCode.CONCAT, e1, e2, line);
                }
            }
            case ADD, SUB, MUL, MOD, IDIV, BAND, BOR, BXOR, SHL, SHR -> {
                if (e1.isIntConst() && e2.isIntConst()) {
                    Long r = ConstFolder.fold(op, e1.ival, e2.ival);
                    if (r != null) {
                        e1.ival = r;
                        return;
                    }
                }
                codeBinary(arithOp(op), e1, e2, line);
            }
            case EQ, NE -> codeCompare(OpCode.EQ, op == BinOp.EQ ? 1 : 0, e1, e2, false);
            case LT -> codeCompare(OpCode.LT, 1, e1, e2, false);
            case LE -> codeCompare(OpCode.LE, 1, e1, e2, false);
            case GT -> codeCompare(OpCode.LT, 1, e1, e2, true);
            case GE -> codeCompare(OpCode.LE, 1, e1, e2, true);
        }
    }

    private static OpCode arithOp(BinOp op) {
        return switch (op) {
            case ADD -> OpCode.ADD;
            case SUB -> OpCode.SUB;
            case MUL -> OpCode.MUL;
            case MOD -> OpCode.MOD;
            case IDIV -> OpCode.IDIV;
            case BAND -> OpCode.BAND;
            case BOR -> OpCode.BOR;
            case BXOR -> OpCode.BXOR;
            case SHL -> OpCode.SHL;
            case SHR -> OpCode.SHR;
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private void codeBinary(OpCode op, ExpDesc e1, ExpDesc e2, int line) {
        int rk2 = exp2RK(e2);
        int rk1 = exp2RK(e1);
        freeRks(rk1, rk2);
        e1.set(Kind.RELOC, emitABC(op, 0, rk1, rk2));
        e1.t = e1.f = NO_JUMP;
        fixLine(line);
    }

    private void codeCompare(OpCode op, int cond, ExpDesc e1, ExpDesc e2, boolean swap) {
        int rk1 = exp2RK(e1);
        int rk2 = exp2RK(e2);
        freeRks(rk1, rk2);
        if (swap) {
            int t = rk1;
            rk1 = rk2;
            rk2 = t;
        }
        // no fixLine, as Lua's codeorder/codeeq: the comparison and its jump carry the line of the
        // last token read, the second operand's, so an error reports where the operands end
        emitABC(op, cond, rk1, rk2);
        e1.set(Kind.JMP, jump());
        e1.t = e1.f = NO_JUMP;
    }

    // ------------------------------------------------------------------ misc

    /** {@code return} of registers first .. first+nret-1 ({@link #MULTRET}: up to top). */
    void ret(int first, int nret) {
        emitABC(OpCode.RETURN, first, nret + 1, 0);
    }

    /** Emits SETLIST for a table at {@code base} holding {@code nelems} items so far. */
    void setList(int base, int nelems, int toStore) {
        int c = (nelems - 1) / FIELDS_PER_FLUSH + 1;
        int b = toStore == MULTRET ? 0 : toStore;
        if (c <= MAXARG_C) {
            emitABC(OpCode.SETLIST, base, b, c);
        } else {
            emitABC(OpCode.SETLIST, base, b, 0);
            emit(Instruction.ax(OpCode.EXTRAARG, c));
        }
        fs.freeReg = base + 1;
    }
}
