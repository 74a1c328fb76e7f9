package dev.lunatik.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deep ASTs (built directly, not parsed) must compile without overflowing the Java stack. */
class DeepNestingTest {

    private static Proto compileReturn(Expr e) {
        return Compiler.compile(new Chunk("=deep", new Block(List.of(new Stat.Return(1, List.of(e))), 1)));
    }

    @Test
    void longLeftAssociativeChain() {
        Expr e = new Expr.Name(1, "x");
        for (int i = 0; i < 200_000; i++) e = new Expr.Binary(1, Expr.BinOp.ADD, e, new Expr.Name(1, "x"));
        Proto p = compileReturn(e);
        assertThat(p.maxStackSize).isLessThan(5);
    }

    @Test
    void longFieldChain() {
        Expr e = new Expr.Name(1, "a");
        for (int i = 0; i < 200_000; i++) e = new Expr.Index(1, e, new Expr.Str(1, LuaString.valueOf("b")));
        Proto p = compileReturn(e);
        assertThat(p.code.length).isGreaterThan(200_000);
    }

    @Test
    void deeplyNestedParenthesesAndBlocks() {
        Expr e = new Expr.Name(1, "x");
        for (int i = 0; i < 100_000; i++) e = new Expr.Paren(1, e);
        Proto p = compileReturn(e);
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.GETTABUP);

        Block b = new Block(List.of(new Stat.CallStat(1, new Expr.Call(1, new Expr.Name(1, "f"), List.of()))), 1);
        for (int i = 0; i < 20_000; i++) b = new Block(List.of(new Stat.Do(1, b)), 1);
        p = Compiler.compile(new Chunk("=deep", b));
        assertThat(p.code.length).isEqualTo(3); // GETTABUP, CALL, RETURN
    }

    @Test
    void deepRightAssociativeConcatRunsOutOfRegisters() {
        Expr e = new Expr.Name(1, "x");
        for (int i = 0; i < 50_000; i++) e = new Expr.Binary(1, Expr.BinOp.CONCAT, new Expr.Name(1, "x"), e);
        Expr deep = e;
        assertThatThrownBy(() -> compileReturn(deep)).isInstanceOf(LuaError.class)
                .hasMessage("deep:1: function or expression needs too many registers");
    }
}
