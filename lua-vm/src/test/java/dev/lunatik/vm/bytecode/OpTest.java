package dev.lunatik.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Op}'s constants are {@link OpCode}'s ordinals, name for name, and nothing else. */
class OpTest {
    @Test
    void everyConstantIsItsOpcodesOrdinal() throws Exception {
        List<String> names = new ArrayList<>();
        for (Field f : Op.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getName().equals("COUNT")) continue;
            names.add(f.getName());
            assertThat(f.getInt(null)).as("Op.%s", f.getName()).isEqualTo(OpCode.valueOf(f.getName()).ordinal());
        }
        assertThat(names).hasSize(OpCode.values().length);
        assertThat(Op.COUNT).isEqualTo(OpCode.values().length);
    }

    @Test
    void fieldAccessorsDecodeWhatTheEncodersWrote() {
        int i = Instruction.abc(OpCode.ADD, 200, 300, 511);
        assertThat(Instruction.op(i)).isEqualTo(Op.ADD);
        assertThat(Instruction.a(i)).isEqualTo(200);
        assertThat(Instruction.b(i)).isEqualTo(300);
        assertThat(Instruction.c(i)).isEqualTo(511);
        int j = Instruction.asbx(OpCode.JMP, 0, -5);
        assertThat(Instruction.sbx(j)).isEqualTo(-5);
        assertThat(Instruction.bx(Instruction.abx(OpCode.LOADK, 1, 12345))).isEqualTo(12345);
    }
}
