package dev.lunatik.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.bytecode.Disassembler;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.value.LuaString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Constant-table overflow of the Bx field (LOADKX) and SETLIST's extra argument. */
class LargeFunctionTest {

    @Test
    void loadkxBeyondBxRange() {
        int n = Instruction.MAXARG_Bx + 10;
        List<Expr.TableField> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) fields.add(new Expr.Positional(new Expr.Str(1, LuaString.valueOf("s" + i))));
        Expr table = new Expr.Table(1, fields);
        Proto p = Compiler.compile(new Chunk("=big", new Block(List.of(new Stat.Return(1, List.of(table))), 1)));
        assertThat(p.constants.length).isEqualTo(n);
        int loadkx = -1;
        int setlistExtra = -1;
        for (int pc = 0; pc < p.code.length; pc++) {
            OpCode op = Instruction.opCode(p.code[pc]);
            if (op == OpCode.LOADKX && loadkx < 0) loadkx = pc;
            if (op == OpCode.SETLIST && Instruction.c(p.code[pc]) == 0 && setlistExtra < 0) setlistExtra = pc;
        }
        assertThat(loadkx).isPositive();
        assertThat(Instruction.opCode(p.code[loadkx + 1])).isEqualTo(OpCode.EXTRAARG);
        assertThat(Instruction.ax(p.code[loadkx + 1])).isEqualTo(Instruction.MAXARG_Bx + 1);
        // block number 512 of 50 items does not fit in C (9 bits): it goes in EXTRAARG
        assertThat(setlistExtra).isPositive();
        assertThat(Instruction.opCode(p.code[setlistExtra + 1])).isEqualTo(OpCode.EXTRAARG);
        assertThat(Instruction.ax(p.code[setlistExtra + 1])).isEqualTo(Instruction.MAXARG_C + 1);
    }

    @Test
    void constantTextEscapes() {
        assertThat(Disassembler.constantText(LuaString.latin1("a\"b\\c\n\t\u0001\u00ff")))
                .isEqualTo("\"a\\\"b\\\\c\\n\\t\\001\\255\"");
        assertThat(Disassembler.constantText(null)).isEqualTo("nil");
        assertThat(Disassembler.constantText(-5L)).isEqualTo("-5");
        assertThat(Disassembler.constantText(Boolean.TRUE)).isEqualTo("true");
    }
}
