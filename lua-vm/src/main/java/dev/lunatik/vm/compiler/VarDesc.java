package dev.lunatik.vm.compiler;

/**
 * An active local variable of the function being compiled: a register variable, a read-only
 * register variable ({@code <const>} without a constant value, or {@code <close>}) or a
 * compile-time constant (a {@code <const>} with a constant initializer, which has no register).
 */
final class VarDesc {
    enum Kind {
        REGULAR, CONST, TOCLOSE, COMPILE_TIME_CONST
    }

    final String name;
    Kind kind;
    /** Register of the variable (not meaningful for compile-time constants). */
    int reg;
    /** Value of a compile-time constant: null (nil), Boolean, Long or LuaString. */
    Object constValue;
    /** Index of its debug entry in the function's locVars list (-1 for compile-time constants). */
    int locVarIndex = -1;

    VarDesc(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    boolean isReadOnly() {
        return kind != Kind.REGULAR;
    }

    boolean inRegister() {
        return kind != Kind.COMPILE_TIME_CONST;
    }
}
