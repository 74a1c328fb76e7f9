package dev.lunatik.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.OpCode;
import dev.lunatik.vm.bytecode.Proto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compile-time folding of integer expressions (kernel Lua semantics). */
class ConstantFoldingTest {

    /** Compiles {@code return <expr>} and returns the value of the single load before RETURN. */
    private static Object folded(String expr) {
        Proto p = Util.compile("return " + expr);
        int i = p.code[0];
        assertThat(Instruction.opCode(p.code[1])).as("only a load before RETURN for %s", expr).isEqualTo(OpCode.RETURN);
        return switch (Instruction.opCode(i)) {
            case LOADI -> (long) Instruction.sbx(i);
            case LOADK -> p.constants[Instruction.bx(i)];
            case LOADBOOL -> Instruction.b(i) != 0;
            default -> throw new AssertionError("not folded: " + expr + " -> " + Instruction.opCode(i));
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1 + 2 * 3 ; 7",
        "7 // 2 ; 3",
        "-7 // 2 ; -4",
        "7 / 2 ; 3",
        "-7 % 3 ; 2",
        "7 % -3 ; -2",
        "9223372036854775807 + 1 ; -9223372036854775808",
        "-9223372036854775807 - 2 ; 9223372036854775807",
        "(-9223372036854775807 - 1) // -1 ; -9223372036854775808",
        "(-9223372036854775807 - 1) % -1 ; 0",
        "4611686018427387904 * 4 ; 0",
        "1 << 63 ; -9223372036854775808",
        "1 << 64 ; 0",
        "1 << -1 ; 0",
        "8 << -2 ; 2",
        "-1 >> 1 ; 9223372036854775807",
        "-1 >> 64 ; 0",
        "2 >> -3 ; 16",
        "-1 >> -63 ; -9223372036854775808",
        "5 & 3 ; 1",
        "5 | 3 ; 7",
        "5 ~ 3 ; 6",
        "~5 ; -6",
        "- -5 ; 5",
        "-(1 + 2) ; -3",
        "0x10 * 0x10 ; 256",
        "200000 * 2 ; 400000",
    })
    void foldsIntegers(String expr, long expected) {
        assertThat(folded(expr)).isEqualTo(expected);
    }

    @Test
    void largeResultsUseLoadk() {
        Proto p = Util.compile("return 200000 * 2");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.LOADK);
        p = Util.compile("return 131072");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.LOADI);
        p = Util.compile("return -131071");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.LOADI);
        p = Util.compile("return -131072");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.LOADK);
    }

    @Test
    void zeroDivisorIsNotFolded() {
        Proto p = Util.compile("return 1 // 0");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.IDIV);
        p = Util.compile("return 1 % (2 - 2)");
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.MOD);
    }

    @Test
    void notOfConstants() {
        assertThat(folded("not nil")).isEqualTo(true);
        assertThat(folded("not 0")).isEqualTo(false);
        assertThat(folded("not 'x'")).isEqualTo(false);
    }

    @Test
    void constLocalsFoldAndTakeNoRegister() {
        Proto p = Util.compile("local k <const> = 10\nlocal s <const> = 'str'\nlocal m <const> = k * 3 + 1\nreturn m - k, s");
        assertThat(p.locVars).isEmpty();
        assertThat(Instruction.opCode(p.code[0])).isEqualTo(OpCode.LOADI);
        assertThat(Instruction.sbx(p.code[0])).isEqualTo(21);
        assertThat(Instruction.opCode(p.code[1])).isEqualTo(OpCode.LOADK);
        assertThat(p.constants[Instruction.bx(p.code[1])].toString()).isEqualTo("str");
    }

    @Test
    void constLocalsSeenFromNestedFunctionsNeedNoUpvalue() {
        Proto p = Util.compile("local k <const> = 5\nreturn function() return k + 1 end");
        Proto f = p.protos[0];
        assertThat(f.upvalues).isEmpty();
        assertThat(Instruction.opCode(f.code[0])).isEqualTo(OpCode.LOADI);
        assertThat(Instruction.sbx(f.code[0])).isEqualTo(6);
    }

    @Test
    void nonConstantConstLocalIsARegister() {
        Proto p = Util.compile("local t <const> = {}\nreturn t");
        assertThat(p.locVars).extracting(v -> v.name()).containsExactly("t");
    }

    @Test
    void foldingMatchesConstFolderHelpers() {
        assertThat(ConstFolder.shiftLeft(1, Long.MIN_VALUE)).isZero();
        assertThat(ConstFolder.shiftRight(Long.MIN_VALUE, 63)).isEqualTo(1);
    }
}
