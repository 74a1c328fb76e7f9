package dev.lunatik.vm.compiler;

import dev.lunatik.vm.ast.Expr.BinOp;

/**
 * Compile-time evaluation of integer operators with kernel Lua's semantics: 64-bit wrap-around,
 * floor division and modulo, logical shifts (a shift by 64 or more gives 0, a negative shift
 * goes the other way).
 */
final class ConstFolder {
    private ConstFolder() {}

    /** The folded value of {@code a op b}, or null when it must not be folded (zero divisor). */
    static Long fold(BinOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case MOD -> b == 0 ? null : Math.floorMod(a, b);
            case IDIV -> b == 0 ? null : Math.floorDiv(a, b);
            case BAND -> a & b;
            case BOR -> a | b;
            case BXOR -> a ^ b;
            case SHL -> shiftLeft(a, b);
            case SHR -> shiftRight(a, b);
            default -> null;
        };
    }

    /** Lua's {@code a << n}. */
    static long shiftLeft(long a, long n) {
        if (n <= -64 || n >= 64) return 0;
        if (n >= 0) return a << n;
        return a >>> -n;
    }

    /** Lua's {@code a >> n} (logical). */
    static long shiftRight(long a, long n) {
        if (n <= -64 || n >= 64) return 0;
        if (n >= 0) return a >>> n;
        return a << -n;
    }
}
