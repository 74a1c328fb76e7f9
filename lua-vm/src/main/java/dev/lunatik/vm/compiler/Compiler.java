package dev.lunatik.vm.compiler;

import static dev.lunatik.vm.bytecode.Instruction.*;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.FuncBody;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.compiler.ExpDesc.Kind;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a parsed {@link Chunk} into a {@link Proto} of register bytecode (see
 * {@link OpCode} for the instruction set). This class walks the AST (the role of PUC Lua's
 * {@code lparser.c}); {@link CodeEmitter} generates code for expressions described by
 * {@link ExpDesc}s; {@link FuncState} and {@link BlockScope} hold the per-function and per-block
 * state.
 *
 * <p>Compile errors (limits, {@code goto}/label errors, assignment to constants) are thrown as
 * {@link LuaError} with the message {@code "<short source>:<line>: <message>"}.
 */
public final class Compiler {
    private static final String BREAK = "break";
    private static final String FOR_STATE = "(for state)";

    private final String source;
    private FuncState fs;
    private CodeEmitter code;

    private Compiler(String source) {
        this.source = source;
    }

    /**
     * Compiles the main function of {@code chunk}: a vararg function with one upvalue,
     * {@code _ENV}.
     *
     * @throws LuaError on a compile error
     */
    public static Proto compile(Chunk chunk) {
        try {
            return new Compiler(chunk.name()).mainFunction(chunk);
        } catch (StackOverflowError e) {
            return compileOnLargeStack(chunk);
        }
    }

    /** Retries a compilation that overflowed the caller's stack on a thread with a large one. */
    private static Proto compileOnLargeStack(Chunk chunk) {
        Proto[] result = new Proto[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = new Compiler(chunk.name()).mainFunction(chunk);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "lua-compiler", 1L << 30);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable f = failure[0];
        if (f == null) return result[0];
        if (f instanceof StackOverflowError) {
            throw new LuaError(ChunkName.shortSource(chunk.name()) + ": chunk has too many syntax levels");
        }
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        throw new IllegalStateException(f);
    }

    /** Where Lua's parser would be, for limit errors (see {@link Chunk#near}). */
    private Chunk.Near near = Chunk.Near.NONE;

    private Proto mainFunction(Chunk chunk) {
        near = chunk.near();
        openFunction(new FuncState(null, source, 0));
        fs.isVararg = true;
        fs.newUpvalue("_ENV", true, 0, false);
        enterBlock(false);
        statList(chunk.block(), true);
        // the final return gets the line of the chunk's last token (as luac); errors found while
        // closing the chunk (pending gotos) are reported at the end of the input
        fs.line = chunk.lastLine();
        code.ret(0, 0);
        fs.line = chunk.block().endLine();
        return closeFunction(false);
    }

    private void openFunction(FuncState nfs) {
        fs = nfs;
        code = new CodeEmitter(nfs);
    }

    private Proto closeFunction() {
        return closeFunction(true);
    }

    private Proto closeFunction(boolean finalReturn) {
        if (finalReturn) code.ret(0, 0);
        leaveBlock();
        Proto p = fs.toProto();
        FuncState parent = fs.parent;
        fs = parent;
        code = parent == null ? null : new CodeEmitter(parent);
        return p;
    }

    // ====================================================================== blocks

    private void enterBlock(boolean isLoop) {
        fs.block = new BlockScope(fs.block, fs.actVars.size(), fs.labels.size(), fs.gotos.size(), isLoop);
    }

    private void leaveBlock() {
        BlockScope bl = fs.block;
        int stkLevel = fs.regLevel(bl.nactvar);
        // pending gotos of this block leave it: they must close its variables if needed
        for (int i = bl.firstGoto; i < fs.gotos.size(); i++) {
            LabelDesc gt = fs.gotos.get(i);
            if (gt.nactvar > bl.nactvar) {
                if (bl.upval && fs.regLevel(gt.nactvar) > stkLevel) code.patchClose(gt.pc, stkLevel);
                gt.nactvar = bl.nactvar;
            }
        }
        fs.removeVars(bl.nactvar);
        if (bl.upval && bl.previous != null) code.emitABC(OpCode.CLOSE, stkLevel, 0, 0);
        if (bl.isLoop) createLabel(BREAK, 0, false, fs.line);
        fs.freeReg = stkLevel;
        while (fs.labels.size() > bl.firstLabel) fs.labels.remove(fs.labels.size() - 1);
        fs.block = bl.previous;
        if (bl.previous == null && fs.gotos.size() > bl.firstGoto) {
            LabelDesc gt = fs.gotos.get(bl.firstGoto);
            // reported, like Lua, where the function ends
            if (gt.name.equals(BREAK)) throw fs.error("break outside loop at line " + gt.line);
            throw fs.error("no visible label '" + gt.name + "' for <goto> at line " + gt.line);
        }
    }

    /** Declares a label at the current pc and resolves the pending gotos of this block to it. */
    private void createLabel(String name, int line, boolean last, int errorLine) {
        int pc = code.getLabel();
        LabelDesc lb = new LabelDesc(name, line, pc, last ? fs.block.nactvar : fs.actVars.size());
        fs.labels.add(lb);
        int i = fs.block.firstGoto;
        while (i < fs.gotos.size()) {
            LabelDesc gt = fs.gotos.get(i);
            if (gt.name.equals(name)) {
                if (gt.nactvar < lb.nactvar) {
                    String var = fs.actVars.get(gt.nactvar).name;
                    throw fs.errorAt(errorLine, "<goto " + name + "> at line " + gt.line
                            + " jumps into the scope of local '" + var + "'");
                }
                code.patchList(gt.pc, lb.pc);
                fs.gotos.remove(i);
            } else {
                i++;
            }
        }
    }

    private void block(Block b) {
        enterBlock(false);
        statList(b, true);
        leaveBlock();
    }

    /**
     * Compiles the statements of {@code b}; {@code endIsBlockEnd} is false for the body of a
     * {@code repeat}, whose final labels are still in the scope of the body's locals.
     */
    /** Line of the token after the current statement (where Lua reports label errors). */
    private int nextLine;

    private void statList(Block b, boolean endIsBlockEnd) {
        List<Stat> stats = b.stats();
        int n = stats.size();
        for (int i = 0; i < n; i++) {
            if (stats.get(i) instanceof Stat.Label) {
                // Like Lua, a label first processes the labels that directly follow it, so a run
                // of labels at the end of a block all count as being at the end of the block;
                // the run is declared last to first
                int j = i;
                while (j + 1 < n && stats.get(j + 1) instanceof Stat.Label) j++;
                nextLine = j + 1 < n ? stats.get(j + 1).line() : b.endLine();
                boolean last = endIsBlockEnd && j == n - 1;
                for (int k = j; k >= i; k--) {
                    Stat.Label l = (Stat.Label) stats.get(k);
                    fs.line = l.line();
                    labelStat(l, last);
                }
                i = j;
                continue;
            }
            nextLine = i + 1 < n ? stats.get(i + 1).line() : b.endLine();
            statement(stats.get(i), endIsBlockEnd && i == n - 1);
            fs.freeReg = fs.nvarStack();
        }
    }

    // ====================================================================== statements

    private void statement(Stat s, boolean last) {
        fs.line = s.line();
        if (s instanceof Stat.Local st) {
            localStat(st);
        } else if (s instanceof Stat.Assign st) {
            assignStat(st);
        } else if (s instanceof Stat.CallStat st) {
            ExpDesc v = expr(st.call());
            if (v.kind != Kind.CALL) throw fs.error("syntax error (call expected)");
            code.set(v.info, setC(code.get(v.info), 1));
        } else if (s instanceof Stat.Do st) {
            block(st.block());
        } else if (s instanceof Stat.While st) {
            whileStat(st);
        } else if (s instanceof Stat.Repeat st) {
            repeatStat(st);
        } else if (s instanceof Stat.If st) {
            ifStat(st);
        } else if (s instanceof Stat.NumericFor st) {
            numericFor(st);
        } else if (s instanceof Stat.GenericFor st) {
            genericFor(st);
        } else if (s instanceof Stat.Function st) {
            functionStat(st);
        } else if (s instanceof Stat.LocalFunction st) {
            localFunction(st);
        } else if (s instanceof Stat.Return st) {
            returnStat(st);
        } else if (s instanceof Stat.Break st) {
            gotoStat(BREAK, st.line());
        } else if (s instanceof Stat.Goto st) {
            gotoStat(st.label(), st.line());
        } else if (s instanceof Stat.Label st) {
            labelStat(st, last);
        } else {
            throw new IllegalStateException("unknown statement " + s);
        }
    }

    private void localStat(Stat.Local st) {
        List<String> names = st.names();
        int nvars = names.size();
        int toClose = -1;
        List<VarDesc> vars = new ArrayList<>(nvars);
        for (int i = 0; i < nvars; i++) {
            Stat.Attrib a = st.attribs() == null ? null : st.attribs().get(i);
            VarDesc.Kind kind = VarDesc.Kind.REGULAR;
            if (a == Stat.Attrib.CONST) {
                kind = VarDesc.Kind.CONST;
            } else if (a == Stat.Attrib.CLOSE) {
                if (toClose != -1) throw fs.error("multiple to-be-closed variables in local list");
                kind = VarDesc.Kind.TOCLOSE;
                toClose = fs.actVars.size() + i;
            }
            vars.add(fs.newLocal(names.get(i), kind));
        }
        int nexps = st.values().size();
        ExpDesc e = explist(st.values());
        if (nexps > 0) fs.line = endLine(st.values().get(nexps - 1));
        VarDesc lastVar = vars.get(nvars - 1);
        if (nvars == nexps && lastVar.kind == VarDesc.Kind.CONST && toConstant(e, lastVar)) {
            lastVar.kind = VarDesc.Kind.COMPILE_TIME_CONST;
            fs.activateLocals(nvars);
        } else {
            adjustAssign(nvars, nexps, e);
            fs.activateLocals(nvars);
        }
        if (toClose != -1) {
            fs.block.upval = true;
            fs.block.insideTbc = true;
            code.emitABC(OpCode.TBC, fs.actVars.get(toClose).reg, 0, 0);
        }
    }

    /** If {@code e} is a compile-time constant, stores its value in {@code var}. */
    private static boolean toConstant(ExpDesc e, VarDesc var) {
        if (e.hasJumps()) return false;
        switch (e.kind) {
            case NIL -> var.constValue = null;
            case TRUE -> var.constValue = Boolean.TRUE;
            case FALSE -> var.constValue = Boolean.FALSE;
            case INT -> var.constValue = e.ival;
            case KSTR -> var.constValue = e.str;
            default -> {
                return false;
            }
        }
        return true;
    }

    private void adjustAssign(int nvars, int nexps, ExpDesc e) {
        int needed = nvars - nexps;
        if (e.hasMultRet()) {
            int extra = Math.max(needed + 1, 0);
            code.setReturns(e, extra);
            if (extra > 1) code.reserveRegs(extra - 1);
        } else {
            if (e.kind != Kind.VOID) code.exp2nextreg(e);
            if (needed > 0) {
                int reg = fs.freeReg;
                code.reserveRegs(needed);
                code.loadNil(reg, needed);
            }
        }
        if (nexps > nvars) fs.freeReg -= nexps - nvars;
    }

    private void checkReadOnly(ExpDesc v) {
        if (v.readOnly) throw fs.error("attempt to assign to const variable '" + v.varName + "'");
    }

    private void assignStat(Stat.Assign st) {
        List<ExpDesc> lhs = new ArrayList<>();
        for (Expr target : st.targets()) {
            if (!(target instanceof Expr.Name) && !(target instanceof Expr.Index)) {
                fs.line = target.line();
                throw fs.error("syntax error (cannot assign to this expression)");
            }
            ExpDesc v = expr(target);
            checkReadOnly(v);
            if (v.kind == Kind.LOCAL || v.kind == Kind.UPVAL) checkConflict(lhs, v);
            lhs.add(v);
        }
        int nvars = lhs.size();
        int nexps = st.values().size();
        ExpDesc e = explist(st.values());
        fs.line = endLine(st.values().get(nexps - 1)); // stores come after the whole list is read
        int i = nvars - 1;
        if (nexps != nvars) {
            adjustAssign(nvars, nexps, e);
        } else {
            code.setOneRet(e);
            code.storeVar(lhs.get(i--), e);
        }
        for (; i >= 0; i--) {
            code.storeVar(lhs.get(i), new ExpDesc(Kind.NONRELOC, fs.freeReg - 1));
        }
    }

    /**
     * In a multiple assignment, a table or key of an earlier target that is the local/upvalue
     * {@code v} (assigned later) must use a copy of its value taken before any assignment.
     */
    private void checkConflict(List<ExpDesc> lhs, ExpDesc v) {
        int extra = fs.freeReg;
        boolean conflict = false;
        for (ExpDesc prev : lhs) {
            if (prev.kind == Kind.INDEXED) {
                if (v.kind == Kind.LOCAL && prev.tab == v.info) {
                    conflict = true;
                    prev.tab = extra;
                }
                if (v.kind == Kind.LOCAL && !isK(prev.idx) && prev.idx == v.info) {
                    conflict = true;
                    prev.idx = extra;
                }
            } else if (prev.kind == Kind.INDEXUP) {
                if (v.kind == Kind.UPVAL && prev.tab == v.info) {
                    conflict = true;
                    prev.kind = Kind.INDEXED;
                    prev.tab = extra;
                }
            }
        }
        if (conflict) {
            if (v.kind == Kind.LOCAL) code.emitABC(OpCode.MOVE, extra, v.info, 0);
            else code.emitABC(OpCode.GETUPVAL, extra, v.info, 0);
            code.reserveRegs(1);
        }
    }

    /** Compiles a condition; returns the list of jumps taken when it is false. */
    private int cond(Expr c) {
        return cond(c, -1);
    }

    /** A condition; the jump on it is coded at line {@code jumpLine} when that is positive. */
    private int cond(Expr c, int jumpLine) {
        ExpDesc e = expr(c);
        if (e.kind == Kind.NIL) e.kind = Kind.FALSE;
        if (jumpLine > 0) fs.line = jumpLine;
        code.goIfTrue(e);
        return e.f;
    }

    private void whileStat(Stat.While st) {
        int whileInit = code.getLabel();
        int condExit = cond(st.cond());
        enterBlock(true);
        block(st.block());
        // the back jump keeps the line of the block's last code, as Lua's (emitted before 'end'
        // is read), so line hooks do not report the 'end' line on every iteration
        code.patchList(code.jump(), whileInit);
        leaveBlock();
        code.patchToHere(condExit);
    }

    private void repeatStat(Stat.Repeat st) {
        int repeatInit = code.getLabel();
        enterBlock(true);
        enterBlock(false);
        statList(st.block(), false);
        fs.line = st.cond().line();
        int condExit = cond(st.cond());
        BlockScope inner = fs.block;
        if (inner.upval) code.patchClose(condExit, fs.regLevel(inner.nactvar));
        leaveBlock();
        code.patchList(condExit, repeatInit);
        leaveBlock();
    }

    private void ifStat(Stat.If st) {
        int escape = CodeEmitter.NO_JUMP;
        int n = st.conds().size();
        for (int i = 0; i < n; i++) {
            // as in Lua, a test of a value is coded once 'then' is read: on the 'then' line
            int jf = cond(st.conds().get(i), st.thenLines() != null ? st.thenLines().get(i) : -1);
            block(st.blocks().get(i));
            if (i < n - 1 || st.elseBlock() != null) escape = code.concat(escape, code.jump());
            code.patchToHere(jf);
        }
        if (st.elseBlock() != null) block(st.elseBlock());
        code.patchToHere(escape);
    }

    private void exp1(Expr e) {
        ExpDesc v = expr(e);
        code.exp2nextreg(v);
    }

    private void numericFor(Stat.NumericFor st) {
        enterBlock(true);
        int base = fs.freeReg;
        fs.newLocal(FOR_STATE, VarDesc.Kind.REGULAR);
        fs.newLocal(FOR_STATE, VarDesc.Kind.REGULAR);
        fs.newLocal(FOR_STATE, VarDesc.Kind.REGULAR);
        fs.newLocal(st.var(), VarDesc.Kind.REGULAR);
        exp1(st.start());
        exp1(st.limit());
        if (st.step() != null) {
            exp1(st.step());
        } else {
            code.reserveRegs(1);
            code.loadInt(fs.freeReg - 1, 1);
        }
        fs.activateLocals(3);
        forBody(base, st.line(), st.line(), 1, false, st.block());
        leaveBlock();
    }

    private void genericFor(Stat.GenericFor st) {
        enterBlock(true);
        int base = fs.freeReg;
        for (int i = 0; i < 4; i++) fs.newLocal(FOR_STATE, VarDesc.Kind.REGULAR);
        for (String n : st.names()) fs.newLocal(n, VarDesc.Kind.REGULAR);
        int nexps = st.exprs().size();
        ExpDesc e = explist(st.exprs());
        fs.line = st.line();
        adjustAssign(4, nexps, e);
        fs.activateLocals(4);
        fs.block.upval = true; // the closing value is to-be-closed
        fs.block.insideTbc = true;
        code.checkStack(3); // room to call the iterator
        forBody(base, st.line(), st.exprLine(), st.names().size(), true, st.block());
        leaveBlock();
    }

    /** {@code loopLine}: line given to the loop instructions (generic for: the iterator call's line). */
    private void forBody(int base, int line, int loopLine, int nvars, boolean generic, Block body) {
        fs.line = line;
        int prep = code.emitAsBx(generic ? OpCode.TFORPREP : OpCode.FORPREP, base, 0);
        enterBlock(false);
        fs.activateLocals(nvars);
        code.reserveRegs(nvars);
        statList(body, true);
        leaveBlock();
        fs.line = loopLine;
        if (generic) {
            int call = code.getLabel();
            code.emitABC(OpCode.TFORCALL, base, 0, nvars);
            code.fixJump(prep, call);
            int loop = code.emitAsBx(OpCode.TFORLOOP, base, 0);
            code.fixJump(loop, prep + 1);
        } else {
            code.getLabel();
            int loop = code.emitAsBx(OpCode.FORLOOP, base, 0);
            code.fixJump(prep, loop);
            code.fixJump(loop, prep + 1);
        }
        code.getLabel();
    }

    private void functionStat(Stat.Function st) {
        List<String> path = st.path();
        ExpDesc v = singleVar(path.get(0));
        for (int i = 1; i < path.size(); i++) {
            code.exp2anyregup(v);
            code.indexed(v, ExpDesc.ofStr(LuaString.valueOf(path.get(i))));
        }
        if (st.method() != null) {
            code.exp2anyregup(v);
            code.indexed(v, ExpDesc.ofStr(LuaString.valueOf(st.method())));
        }
        ExpDesc b = functionExpr(st.body());
        fs.line = st.line();
        checkReadOnly(v);
        code.storeVar(v, b);
        code.fixLine(st.line());
    }

    private void localFunction(Stat.LocalFunction st) {
        VarDesc v = fs.newLocal(st.name(), VarDesc.Kind.REGULAR);
        fs.activateLocals(1);
        functionExpr(st.body());
        fs.locVars.get(v.locVarIndex).startPc = fs.pc;
    }

    private void returnStat(Stat.Return st) {
        int first = fs.nvarStack();
        int nret;
        List<Expr> values = st.values();
        if (values.isEmpty()) {
            nret = 0;
        } else {
            ExpDesc e = explist(values);
            if (e.hasMultRet()) {
                code.setMultRet(e);
                if (e.kind == Kind.CALL && values.size() == 1 && !fs.block.insideTbc) {
                    int i = code.get(e.info);
                    code.set(e.info, abc(OpCode.TAILCALL, a(i), b(i), 0));
                }
                nret = CodeEmitter.MULTRET;
            } else if (values.size() == 1) {
                first = code.exp2anyreg(e);
                nret = 1;
            } else {
                code.exp2nextreg(e);
                nret = fs.freeReg - first;
            }
        }
        fs.line = st.line();
        code.ret(first, nret);
    }

    private void gotoStat(String name, int line) {
        LabelDesc lb = null;
        if (!name.equals(BREAK)) {
            for (LabelDesc l : fs.labels) {
                if (l.name.equals(name)) {
                    lb = l;
                    break;
                }
            }
        }
        int pc = code.jump();
        if (lb == null) {
            fs.gotos.add(new LabelDesc(name, line, pc, fs.actVars.size()));
        } else {
            // backward jump: leaves the scope of the variables declared after the label
            int lbLevel = fs.regLevel(lb.nactvar);
            if (fs.nvarStack() > lbLevel) code.patchClose(pc, lbLevel);
            code.patchList(pc, lb.pc);
        }
    }

    private void labelStat(Stat.Label st, boolean last) {
        for (LabelDesc l : fs.labels) {
            if (l.name.equals(st.name())) {
                throw fs.errorAt(nextLine, "label '" + st.name() + "' already defined on line " + l.line);
            }
        }
        createLabel(st.name(), st.line(), last, nextLine);
    }

    // ====================================================================== expressions

    /** Compiles an expression list: all but the last into consecutive registers. */
    private ExpDesc explist(List<Expr> exprs) {
        ExpDesc e = new ExpDesc();
        for (int i = 0; i < exprs.size(); i++) {
            if (i > 0) toNextReg(e, exprs.get(i - 1));
            e = expr(exprs.get(i));
        }
        return e;
    }

    /**
     * {@code exp2nextreg} of the value of {@code source}, where Lua's parser would be at the
     * token after it: a register limit error names that token.
     */
    private void toNextReg(ExpDesc v, Expr source) {
        fs.near = near.after(source);
        try {
            code.exp2nextreg(v);
        } finally {
            fs.near = null;
        }
    }

    private ExpDesc expr(Expr e) {
        fs.line = e.line();
        if (e instanceof Expr.Int n) return ExpDesc.ofInt(n.value());
        if (e instanceof Expr.Str s) return ExpDesc.ofStr(s.value());
        if (e instanceof Expr.Nil) return new ExpDesc(Kind.NIL, 0);
        if (e instanceof Expr.True) return new ExpDesc(Kind.TRUE, 0);
        if (e instanceof Expr.False) return new ExpDesc(Kind.FALSE, 0);
        if (e instanceof Expr.Vararg) {
            if (!fs.isVararg) throw fs.error("cannot use '...' outside a vararg function");
            return new ExpDesc(Kind.VARARG, code.emitABC(OpCode.VARARG, 0, 1, 0));
        }
        if (e instanceof Expr.Binary b) return binary(b);
        if (e instanceof Expr.Unary u) {
            ExpDesc v = expr(u.operand());
            fs.line = u.line();
            code.prefix(u.op(), v, u.line());
            return v;
        }
        if (e instanceof Expr.Paren p) {
            ExpDesc v = expr(p.inner());
            code.dischargeVars(v);
            v.varName = null;
            v.readOnly = false;
            return v;
        }
        if (e instanceof Expr.Function f) return functionExpr(f.body());
        if (e instanceof Expr.Table t) return constructor(t);
        return suffixed(e);
    }

    /**
     * The line of the last token of {@code e} as far as the tree records it: the line Lua's
     * parser has reached ({@code lastline}) when it codes what comes after {@code e}.
     */
    private static int endLine(Expr e) {
        int line = e.line();
        while (true) {
            Expr next = null;
            if (e instanceof Expr.Binary b) next = b.right();
            else if (e instanceof Expr.Unary u) next = u.operand();
            else if (e instanceof Expr.Paren p) next = p.inner();
            else if (e instanceof Expr.Index ix) next = ix.key();
            else if (e instanceof Expr.Call c && !c.args().isEmpty()) next = c.args().get(c.args().size() - 1);
            else if (e instanceof Expr.MethodCall m && !m.args().isEmpty()) next = m.args().get(m.args().size() - 1);
            else if (e instanceof Expr.Function f) return Math.max(line, f.body().endLine());
            else if (e instanceof Expr.Table t && !t.fields().isEmpty()) {
                Expr.TableField f = t.fields().get(t.fields().size() - 1);
                if (f instanceof Expr.Positional p) next = p.value();
                else if (f instanceof Expr.Named n) next = n.value();
                else next = ((Expr.Keyed) f).value();
            }
            if (next == null) return line;
            e = next;
            line = Math.max(line, e.line());
        }
    }

    /** Binary operators; a left-nested chain ({@code a+b+c+...}) is compiled iteratively. */
    private ExpDesc binary(Expr.Binary top) {
        List<Expr.Binary> spine = new ArrayList<>();
        Expr cur = top;
        while (cur instanceof Expr.Binary b) {
            spine.add(b);
            cur = b.left();
        }
        ExpDesc v = expr(cur);
        for (int i = spine.size() - 1; i >= 0; i--) {
            Expr.Binary b = spine.get(i);
            fs.line = b.line();
            code.infix(b.op(), v);
            ExpDesc v2 = expr(b.right());
            // as in Lua, the right operand is discharged once it has been read (on its last
            // line); the operator's own instruction then gets the operator's line
            fs.line = endLine(b.right());
            code.postfix(b.op(), v, v2, b.line());
        }
        return v;
    }

    /** Names, indexing and calls; a chain ({@code a.b.c(x):m()}) is compiled iteratively. */
    private ExpDesc suffixed(Expr top) {
        List<Expr> spine = new ArrayList<>();
        Expr cur = top;
        while (true) {
            if (cur instanceof Expr.Index ix) {
                spine.add(ix);
                cur = ix.object();
            } else if (cur instanceof Expr.Call c) {
                spine.add(c);
                cur = c.function();
            } else if (cur instanceof Expr.MethodCall m) {
                spine.add(m);
                cur = m.object();
            } else {
                break;
            }
        }
        ExpDesc v;
        if (cur instanceof Expr.Name n) {
            fs.line = n.line();
            v = singleVar(n.name(), near.afterName(n));
        } else {
            v = expr(cur);
        }
        for (int i = spine.size() - 1; i >= 0; i--) {
            Expr s = spine.get(i);
            if (s instanceof Expr.Index ix) {
                fs.line = ix.line();
                code.exp2anyregup(v);
                ExpDesc k = expr(ix.key());
                code.exp2val(k);
                fs.line = ix.line();
                code.indexed(v, k);
            } else if (s instanceof Expr.Call c) {
                fs.line = c.line();
                toNextReg(v, c.function());
                funcArgs(v, c.args(), c.line());
            } else {
                Expr.MethodCall m = (Expr.MethodCall) s;
                fs.line = m.line();
                fs.near = near.after(m.object());
                try {
                    code.self(v, ExpDesc.ofStr(LuaString.valueOf(m.name())));
                } finally {
                    fs.near = null;
                }
                funcArgs(v, m.args(), m.line());
            }
        }
        return v;
    }

    private void funcArgs(ExpDesc f, List<Expr> args, int line) {
        int base = f.info;
        int nparams;
        ExpDesc last = explist(args);
        if (last.hasMultRet()) {
            code.setMultRet(last);
            nparams = CodeEmitter.MULTRET;
        } else {
            if (last.kind != Kind.VOID) toNextReg(last, args.get(args.size() - 1));
            nparams = fs.freeReg - (base + 1); // includes self for a method call
        }
        fs.line = line;
        f.set(Kind.CALL, code.emitABC(OpCode.CALL, base, nparams + 1, 2));
        f.t = f.f = CodeEmitter.NO_JUMP;
        f.varName = null;
        f.readOnly = false;
        fs.freeReg = base + 1;
    }

    private ExpDesc constructor(Expr.Table t) {
        int line = t.line();
        int pc = code.emitABC(OpCode.NEWTABLE, 0, 0, 0);
        ExpDesc tab = new ExpDesc(Kind.RELOC, pc);
        code.exp2nextreg(tab);
        int treg = tab.info;
        int na = 0;
        int nh = 0;
        int toStore = 0;
        ExpDesc pending = new ExpDesc();
        for (Expr.TableField field : t.fields()) {
            if (pending.kind != Kind.VOID) {
                code.exp2nextreg(pending);
                pending = new ExpDesc();
                if (toStore == FIELDS_PER_FLUSH) {
                    code.setList(treg, na, toStore);
                    toStore = 0;
                }
            }
            if (field instanceof Expr.Positional p) {
                pending = expr(p.value());
                na++;
                toStore++;
            } else if (field instanceof Expr.Named n) {
                fs.line = n.line();
                nh++;
                recField(treg, fs.freeReg, ExpDesc.ofStr(LuaString.valueOf(n.name())), n.value());
            } else {
                Expr.Keyed k = (Expr.Keyed) field;
                nh++;
                int reg = fs.freeReg; // before the key: a key built in a register is freed too
                ExpDesc key = expr(k.key());
                code.exp2val(key);
                recField(treg, reg, key, k.value());
            }
        }
        if (toStore != 0) {
            if (pending.hasMultRet()) {
                code.setMultRet(pending);
                code.setList(treg, na, CodeEmitter.MULTRET);
                na--;
            } else {
                if (pending.kind != Kind.VOID) code.exp2nextreg(pending);
                code.setList(treg, na, toStore);
            }
        }
        int i = code.get(pc);
        code.set(pc, setC(setB(i, Math.min(na, MAXARG_B)), Math.min(nh, MAXARG_C)));
        fs.line = line;
        return tab;
    }

    private void recField(int treg, int reg, ExpDesc key, Expr value) {
        int rkKey = code.exp2RK(key);
        ExpDesc v = expr(value);
        int rkVal = code.exp2RK(v);
        code.emitABC(OpCode.SETTABLE, treg, rkKey, rkVal);
        fs.freeReg = reg;
    }

    /** Compiles a function body and emits its CLOSURE into the next register. */
    private ExpDesc functionExpr(FuncBody body) {
        FuncState parent = fs;
        CodeEmitter parentCode = code;
        openFunction(new FuncState(parent, source, body.line()));
        fs.lastLineDefined = body.endLine();
        fs.isVararg = body.isVararg();
        enterBlock(false);
        List<String> params = body.params();
        for (String param : params) {
            fs.newLocal(param, VarDesc.Kind.REGULAR);
        }
        fs.activateLocals(body.params().size());
        fs.numParams = fs.nvarStack();
        code.reserveRegs(fs.numParams);
        statList(body.block(), true);
        fs.line = body.endLine();
        Proto p = closeFunction();
        fs = parent;
        code = parentCode;
        parent.protos.add(p);
        fs.line = body.endLine();
        ExpDesc e = new ExpDesc(Kind.RELOC, code.emitABx(OpCode.CLOSURE, 0, parent.protos.size() - 1));
        code.exp2nextreg(e);
        return e;
    }

    // ====================================================================== names

    private ExpDesc singleVar(String name) {
        return singleVar(name, null);
    }

    /** Resolves {@code name}; {@code nearText} is the token after it, for the upvalue limit error. */
    private ExpDesc singleVar(String name, String nearText) {
        ExpDesc v = singleVarAux(fs, name, true, nearText);
        if (v == null) {
            v = singleVarAux(fs, "_ENV", true, nearText);
            if (v == null) throw new IllegalStateException("no _ENV");
            code.exp2anyregup(v);
            code.indexed(v, ExpDesc.ofStr(LuaString.valueOf(name)));
        }
        return v;
    }

    /** Resolves {@code name} in function {@code f} (null: a global). */
    private ExpDesc singleVarAux(FuncState f, String name, boolean base, String nearText) {
        if (f == null) return null;
        int vi = f.searchVar(name);
        if (vi >= 0) {
            VarDesc var = f.actVars.get(vi);
            ExpDesc e;
            if (var.kind == VarDesc.Kind.COMPILE_TIME_CONST) {
                e = constExp(var.constValue);
            } else {
                e = new ExpDesc(Kind.LOCAL, var.reg);
                if (!base) f.markUpval(vi);
            }
            e.varName = name;
            e.readOnly = var.isReadOnly();
            return e;
        }
        int idx = f.searchUpvalue(name);
        if (idx < 0) {
            ExpDesc up = singleVarAux(f.parent, name, false, nearText);
            if (up == null || (up.kind != Kind.LOCAL && up.kind != Kind.UPVAL)) return up;
            idx = f.newUpvalue(name, up.kind == Kind.LOCAL, up.info, up.readOnly, nearText);
        }
        ExpDesc e = new ExpDesc(Kind.UPVAL, idx);
        e.varName = name;
        e.readOnly = f.upvalReadOnly.get(idx);
        return e;
    }

    private static ExpDesc constExp(Object v) {
        if (v == null) return new ExpDesc(Kind.NIL, 0);
        if (v instanceof Boolean b) return new ExpDesc(b ? Kind.TRUE : Kind.FALSE, 0);
        if (v instanceof Long l) return ExpDesc.ofInt(l);
        return ExpDesc.ofStr((LuaString) v);
    }
}
