package dev.lunatik.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaError;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Register allocation and the compiler's limits. */
class RegistersAndLimitsTest {

    private static String names(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).collect(Collectors.joining(", "));
    }

    @Test
    void emptyChunk() {
        Proto p = Util.compile("");
        assertThat(p.maxStackSize).isGreaterThanOrEqualTo(2);
        assertThat(p.isVararg).isTrue();
        assertThat(p.upvalues).containsExactly(new Proto.UpvalDesc("_ENV", true, 0));
        assertThat(p.lineDefined).isZero();
        assertThat(p.lastLineDefined).isZero();
        assertThat(p.code).hasSize(1);
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.RETURN);
    }

    @Test
    void tooManyLocalsInMain() {
        String src = "local " + names("a", 0, 201);
        assertThatThrownBy(() -> Util.compile(src)).isInstanceOf(LuaError.class)
                .hasMessage("test.lua:1: too many local variables (limit is 200) in main function near <eof>");
        Util.compile("local " + names("a", 0, 200)); // exactly 200 is fine
    }

    @Test
    void tooManyLocalsNamesTheNextTokenWhenKnown() {
        assertThatThrownBy(() -> Util.compile("local " + names("a", 0, 201) + ", z"))
                .hasMessage("test.lua:1: too many local variables (limit is 200) in main function near ','");
        assertThatThrownBy(() -> Util.compile("local " + names("a", 0, 201) + " = 1"))
                .hasMessage("test.lua:1: too many local variables (limit is 200) in main function near '='");
        assertThatThrownBy(() -> Util.compile("local function f(" + names("a", 0, 201) + ") end"))
                .hasMessage("test.lua:1: too many local variables (limit is 200) in function at line 1 near ')'");
    }

    @Test
    void tooManyLocalsInFunction() {
        String src = "\n\nlocal function f()\n local " + names("a", 0, 150) + "\n local " + names("b", 0, 60) + "\nend";
        assertThatThrownBy(() -> Util.compile(src)).isInstanceOf(LuaError.class)
                .hasMessage("test.lua:5: too many local variables (limit is 200) in function at line 3 near ','");
    }

    @Test
    void tooManyRegisters() {
        String src = "f(" + names("x", 0, 300) + ")";
        assertThatThrownBy(() -> Util.compile(src)).isInstanceOf(LuaError.class)
                .hasMessage("test.lua:1: function or expression needs too many registers near 'x254'");
        Proto p = Util.compile("f(" + names("x", 0, 250) + ")");
        assertThat(p.maxStackSize).isEqualTo(251);
    }

    @Test
    void tooManyUpvalues() {
        String src = "local " + names("a", 0, 150) + "\nlocal function f()\n local " + names("b", 0, 150)
                + "\n return function() return {" + names("a", 0, 150) + ", " + names("b", 0, 150) + "} end\nend";
        assertThatThrownBy(() -> Util.compile(src)).isInstanceOf(LuaError.class)
                .hasMessageStartingWith("test.lua:4: too many upvalues (limit is 255) in function at line 4");
    }

    @Test
    void manyConstantsFallBackToRegisters() {
        StringBuilder sb = new StringBuilder("local t = {}\n");
        for (int i = 0; i < 300; i++) sb.append("t.k").append(i).append(" = 'v").append(i).append("'\n");
        Proto p = Util.compile(sb.toString());
        // the last assignments have both key and value outside the RK range: loaded with LOADK
        int n = p.code.length;
        int settable = p.code[n - 2];
        assertThat(Instruction.opCode(settable)).isEqualTo(OpCode.SETTABLE);
        assertThat(Instruction.isK(Instruction.b(settable))).isFalse();
        assertThat(Instruction.isK(Instruction.c(settable))).isFalse();
        assertThat(Instruction.opCode(p.code[n - 3])).isEqualTo(OpCode.LOADK);
        assertThat(Instruction.opCode(p.code[n - 4])).isEqualTo(OpCode.LOADK);
    }

    @Test
    void globalsUseEnvUpvalueAndLocalEnvUsesRegisters() {
        Proto p = Util.compile("x = y");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.GETTABUP);
        assertThat(Instruction.opCode(p.code[1])).isEqualTo(OpCode.SETTABUP);
        p = Util.compile("local _ENV = {}\nx = y");
        assertThat(Instruction.opCode(p.code[1])).isEqualTo(OpCode.GETTABLE);
        assertThat(Instruction.opCode(p.code[2])).isEqualTo(OpCode.SETTABLE);
        assertThat(Instruction.a(p.code[2])).isZero();
    }

    @Test
    void localVariableRanges() {
        Proto p = Util.compile("local a = 1\ndo local b = a end\nlocal c = 3");
        assertThat(p.locVars).extracting(Proto.LocVar::name).containsExactly("a", "b", "c");
        assertThat(p.locVars[0].startPc()).isEqualTo(1);
        assertThat(p.locVars[0].endPc()).isEqualTo(p.code.length);
        assertThat(p.locVars[1].startPc()).isEqualTo(2);
        assertThat(p.locVars[1].endPc()).isEqualTo(2);
        assertThat(p.locVars[2].startPc()).isEqualTo(3);
        assertThat(p.localName(1, 1)).isEqualTo("a");
        assertThat(p.localName(2, 1)).isNull();
    }

    @Test
    void localFunctionStartsAfterClosure() {
        Proto p = Util.compile("local function f() return f end");
        assertThat(p.locVars[0].name()).isEqualTo("f");
        assertThat(p.locVars[0].startPc()).isEqualTo(1);
        assertThat(p.protos[0].upvalues[0]).isEqualTo(new Proto.UpvalDesc("f", true, 0));
    }

    @Test
    void multipleAssignmentConflictCopiesTable() {
        Proto p = Util.compile("local a = {}\na.x, a = 1, 2");
        // MOVE of the old table to a temporary before the values are computed
        assertThat(Instruction.opCode(p.code[1])).isEqualTo(OpCode.MOVE);
        int tmp = Instruction.a(p.code[1]);
        assertThat(Instruction.b(p.code[1])).isZero();
        boolean storesIntoCopy = false;
        for (int i : p.code) {
            if (Instruction.opCode(i) == OpCode.SETTABLE && Instruction.a(i) == tmp) storesIntoCopy = true;
        }
        assertThat(storesIntoCopy).isTrue();
    }

    @Test
    void multipleAssignmentConflictCopiesKey() {
        Proto p = Util.compile("local t, i = {}, 1\nt[i], i = i + 1, 20");
        assertThat(Instruction.opCode(p.code[2])).isEqualTo(OpCode.MOVE);
        assertThat(Instruction.b(p.code[2])).isEqualTo(1);
    }

    @Test
    void envUpvalueConflict() {
        Proto p = Util.compile("function f() x, _ENV = 1, 2 end");
        Proto f = p.protos[0];
        assertThat(Instruction.opCode(f.code[0])).isEqualTo(OpCode.GETUPVAL);
    }

    @Test
    void callLinesAndOperatorLines() {
        Proto p = Util.compile("local a = 1\nlocal b = a\n  +\n  a\nprint(\n a)");
        int add = -1;
        int call = -1;
        for (int pc = 0; pc < p.code.length; pc++) {
            if (Instruction.opCode(p.code[pc]) == OpCode.ADD) add = pc;
            if (Instruction.opCode(p.code[pc]) == OpCode.CALL) call = pc;
        }
        assertThat(p.lineInfo[add]).isEqualTo(3);
        assertThat(p.lineInfo[call]).isEqualTo(5);
    }
}
