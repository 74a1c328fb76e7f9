package dev.lunatik.vm.compiler;

import static dev.lunatik.vm.bytecode.Instruction.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loop shapes, goto/labels, to-be-closed variables and const errors. */
class ControlFlowTest {

    private static List<Integer> find(Proto p, OpCode op) {
        List<Integer> r = new ArrayList<>();
        for (int pc = 0; pc < p.code.length; pc++) if (opCode(p.code[pc]) == op) r.add(pc);
        return r;
    }

    private static int one(Proto p, OpCode op) {
        List<Integer> l = find(p, op);
        assertThat(l).as("exactly one %s", op).hasSize(1);
        return l.get(0);
    }

    private static void compileError(String src, String msg) {
        assertThatThrownBy(() -> Util.compile(src)).isInstanceOf(LuaError.class).hasMessage(msg);
    }

    @Test
    void numericForShape() {
        Proto p = Util.compile("local s = 0\nfor i = 1, 10, 2 do s = s + i end\nreturn s");
        int prep = one(p, OpCode.FORPREP);
        int loop = one(p, OpCode.FORLOOP);
        int base = a(p.code[prep]);
        assertThat(base).isEqualTo(1);
        assertThat(a(p.code[loop])).isEqualTo(base);
        // FORPREP: sBx = index of FORLOOP - index after FORPREP
        assertThat(sbx(p.code[prep])).isEqualTo(loop - (prep + 1));
        // FORLOOP jumps back to the instruction after FORPREP
        assertThat(loop + 1 + sbx(p.code[loop])).isEqualTo(prep + 1);
        // the body reads the visible variable at base+3
        int add = one(p, OpCode.ADD);
        assertThat(c(p.code[add])).isEqualTo(base + 3);
        assertThat(p.locVars).extracting(Proto.LocVar::name)
                .containsExactly("s", "(for state)", "(for state)", "(for state)", "i");
        // default step is loaded as an immediate 1
        p = Util.compile("for i = 1, 3 do end");
        assertThat(opCode(p.code[2])).isEqualTo(OpCode.LOADI);
        assertThat(sbx(p.code[2])).isEqualTo(1);
    }

    @Test
    void genericForShape() {
        Proto p = Util.compile("for k, v in pairs(t) do print(k, v) end");
        int prep = one(p, OpCode.TFORPREP);
        int call = one(p, OpCode.TFORCALL);
        int loop = one(p, OpCode.TFORLOOP);
        int base = a(p.code[prep]);
        assertThat(prep + 1 + sbx(p.code[prep])).isEqualTo(call);
        assertThat(call + 1).isEqualTo(loop);
        assertThat(loop + 1 + sbx(p.code[loop])).isEqualTo(prep + 1);
        assertThat(a(p.code[call])).isEqualTo(base);
        assertThat(c(p.code[call])).isEqualTo(2);
        // the explist is adjusted to 4 values (iterator, state, control, closing value)
        int pairsCall = find(p, OpCode.CALL).get(0);
        assertThat(c(p.code[pairsCall])).isEqualTo(5);
        // leaving the loop closes the closing value
        assertThat(opCode(p.code[loop + 1])).isEqualTo(OpCode.CLOSE);
        assertThat(a(p.code[loop + 1])).isEqualTo(base);
        assertThat(p.locVars).extracting(Proto.LocVar::name)
                .containsExactly("(for state)", "(for state)", "(for state)", "(for state)", "k", "v");
        assertThat(p.maxStackSize).isGreaterThanOrEqualTo(base + 4 + 3);
    }

    @Test
    void breakOutOfGenericForCloses() {
        Proto p = Util.compile("for k in next, t do if k then break end end");
        int prep = one(p, OpCode.TFORPREP);
        int base = a(p.code[prep]);
        int loop = one(p, OpCode.TFORLOOP);
        boolean found = false;
        for (int j : find(p, OpCode.JMP)) {
            int target = j + 1 + sbx(p.code[j]);
            if (target > loop) {
                assertThat(a(p.code[j])).isEqualTo(base + 1);
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void capturedLoopVariableIsClosedEachIteration() {
        Proto p = Util.compile("local fs = {}\nfor i = 1, 3 do fs[i] = function() return i end end");
        int close = one(p, OpCode.CLOSE);
        int loop = one(p, OpCode.FORLOOP);
        assertThat(close).isEqualTo(loop - 1);
        assertThat(a(p.code[close])).isEqualTo(4);
        p = Util.compile("while x do local y = 1; f = function() return y end; if z then break end end");
        int cl = one(p, OpCode.CLOSE);
        assertThat(a(p.code[cl])).isZero();
        // the break leaves the scope of y: JMP with A = 0 + 1
        boolean closingBreak = false;
        for (int j : find(p, OpCode.JMP)) if (a(p.code[j]) == 1) closingBreak = true;
        assertThat(closingBreak).isTrue();
    }

    @Test
    void blockWithoutCapturesEmitsNoClose() {
        Proto p = Util.compile("for i = 1, 3 do local x = i end\ndo local y = 2 end");
        assertThat(find(p, OpCode.CLOSE)).isEmpty();
    }

    @Test
    void repeatWithCapturedLocalClosesOnBackJump() {
        Proto p = Util.compile("repeat local x = f(); g(function() return x end) until x");
        int close = one(p, OpCode.CLOSE);
        int back = -1;
        for (int j : find(p, OpCode.JMP)) if (j + 1 + sbx(p.code[j]) == 0) back = j;
        assertThat(back).isGreaterThanOrEqualTo(0);
        assertThat(a(p.code[back])).isEqualTo(1);
        assertThat(close).isGreaterThan(back);
    }

    @Test
    void toBeClosed() {
        Proto p = Util.compile("do local a <close> = f(); g() end\nh()");
        int tbc = one(p, OpCode.TBC);
        assertThat(a(p.code[tbc])).isZero();
        int close = one(p, OpCode.CLOSE);
        assertThat(a(p.code[close])).isZero();
        assertThat(close).isGreaterThan(tbc);
        compileError("local a <close>, b <close> = 1, 2", "test.lua:1: multiple to-be-closed variables in local list");
    }

    @Test
    void noTailCallInsideTbcBlock() {
        Proto p = Util.compile("local x <close> = nil\nreturn f(x)");
        assertThat(find(p, OpCode.TAILCALL)).isEmpty();
        p = Util.compile("local x = nil\nreturn f(x)");
        assertThat(find(p, OpCode.TAILCALL)).hasSize(1);
        p = Util.compile("for k in pairs(t) do return f(k) end");
        assertThat(find(p, OpCode.TAILCALL)).isEmpty();
        p = Util.compile("return (f(x))");
        assertThat(find(p, OpCode.TAILCALL)).isEmpty();
    }

    @Test
    void openResults() {
        Proto p = Util.compile("return f(...)");
        int va = one(p, OpCode.VARARG);
        assertThat(b(p.code[va])).isZero();
        int tc = one(p, OpCode.TAILCALL);
        assertThat(b(p.code[tc])).isZero();
        p = Util.compile("local t = {1, 2, ...}");
        int sl = one(p, OpCode.SETLIST);
        assertThat(b(p.code[sl])).isZero();
        p = Util.compile("return 1, f()");
        int ret = find(p, OpCode.RETURN).get(0);
        assertThat(b(p.code[ret])).isZero();
        p = Util.compile("local a, b, c = (...)");
        va = one(p, OpCode.VARARG);
        assertThat(b(p.code[va])).isEqualTo(2);
        assertThat(opCode(p.code[va + 1])).isEqualTo(OpCode.LOADNIL);
    }

    @Test
    void setListFlushesEvery50() {
        StringBuilder sb = new StringBuilder("local t = {");
        for (int i = 0; i < 120; i++) sb.append("'s").append(i).append("', ");
        sb.append("}");
        Proto p = Util.compile(sb.toString());
        List<Integer> sl = find(p, OpCode.SETLIST);
        assertThat(sl).hasSize(3);
        assertThat(b(p.code[sl.get(0)])).isEqualTo(50);
        assertThat(c(p.code[sl.get(0)])).isEqualTo(1);
        assertThat(b(p.code[sl.get(2)])).isEqualTo(20);
        assertThat(c(p.code[sl.get(2)])).isEqualTo(3);
    }

    @Test
    void methodCallUsesSelf() {
        Proto p = Util.compile("obj:m(1)");
        int self = one(p, OpCode.SELF);
        assertThat(isK(c(p.code[self]))).isTrue();
        int call = one(p, OpCode.CALL);
        assertThat(b(p.code[call])).isEqualTo(3);
        // no explicit arguments: self is still passed
        p = Util.compile("obj:m()");
        assertThat(b(p.code[one(p, OpCode.CALL)])).isEqualTo(2);
        p = Util.compile("f()");
        assertThat(b(p.code[one(p, OpCode.CALL)])).isEqualTo(1);
    }

    @Test
    void gotoContinueAndBackward() {
        Proto p = Util.compile("for i = 1, 3 do\n if i == 2 then goto continue end\n local x = i\n ::continue::\nend");
        assertThat(p.code.length).isGreaterThan(3);
        p = Util.compile("local i = 0\n::top::\ni = i + 1\nif i < 3 then goto top end");
        int j = find(p, OpCode.JMP).get(find(p, OpCode.JMP).size() - 1);
        assertThat(j + 1 + sbx(p.code[j])).isEqualTo(1);
        // backward goto leaving the scope of a local closes it
        p = Util.compile("::top::\nlocal x = f()\ng(function() return x end)\ngoto top");
        int last = find(p, OpCode.JMP).get(0);
        assertThat(last + 1 + sbx(p.code[last])).isZero();
        assertThat(a(p.code[last])).isEqualTo(1);
    }

    @Test
    void gotoErrors() {
        compileError("goto x", "test.lua:1: no visible label 'x' for <goto> at line 1");
        compileError("do goto x end\nlocal a\n::x::\nprint(a)",
                "test.lua:4: <goto x> at line 1 jumps into the scope of local 'a'");
        compileError("repeat goto c; local q; ::c:: until q",
                "test.lua:1: <goto c> at line 1 jumps into the scope of local 'q'");
        compileError("\nbreak", "test.lua:2: break outside loop at line 2");
        // as in Lua, consecutive labels are declared last to first
        compileError("::a::\n::a::", "test.lua:2: label 'a' already defined on line 2");
        compileError("::a::\nf()\n::a::", "test.lua:3: label 'a' already defined on line 1");
        compileError("::a::\ndo ::a:: end", "test.lua:2: label 'a' already defined on line 1");
        compileError("local function f() goto out end\n::out::",
                "test.lua:1: no visible label 'out' for <goto> at line 1");
        compileError("do ::l:: end\ngoto l", "test.lua:2: no visible label 'l' for <goto> at line 2");
        // a label at the end of a block is outside the scope of the block's locals
        Util.compile("do goto e; local a; ::e:: end");
        Util.compile("while x do goto cont; local q = 1; ::cont:: end");
        // labels followed only by other labels are at the end of the block too
        Util.compile("do goto l1; local x = 1; ::l1:: ; ::l2:: ;; end");
        compileError("do\n goto l1\n local x = 1\n ::l1:: ::l2:: f()\nend",
                "test.lua:4: <goto l1> at line 2 jumps into the scope of local 'x'");
        compileError("repeat\n goto l2\n local x = 1\n ::l1:: ::l2::\nuntil x",
                "test.lua:5: <goto l2> at line 2 jumps into the scope of local 'x'");
        // same label name in sibling blocks is fine
        Util.compile("do ::a:: end do ::a:: end");
    }

    @Test
    void constErrors() {
        compileError("local x <const> = 1\nx = 2", "test.lua:2: attempt to assign to const variable 'x'");
        compileError("local x <const> = {}\nx = 2", "test.lua:2: attempt to assign to const variable 'x'");
        compileError("local x <close> = nil\nx = 2", "test.lua:2: attempt to assign to const variable 'x'");
        compileError("local y <const> = {}\nlocal function f() y = 1 end",
                "test.lua:2: attempt to assign to const variable 'y'");
        compileError("local y <const> = 3\nlocal function f() y = 1 end",
                "test.lua:2: attempt to assign to const variable 'y'");
        compileError("local f <const> = 1\nfunction f() end", "test.lua:2: attempt to assign to const variable 'f'");
        Util.compile("local y <const> = {}\ny.x = 1");
    }

    @Test
    void varargOutsideVarargFunction() {
        compileError("function f()\n return ...\nend", "test.lua:2: cannot use '...' outside a vararg function near '...'");
    }
}
