package dev.lunatik.vm.bytecode;

/**
 * The instruction set: this enum is the written specification of the bytecode, one constant per
 * opcode with its format, its properties and one line of semantics. The encoding lives in
 * {@link Instruction}.
 *
 * <p>Notation: {@code R[x]} is register x of the current frame; {@code K[x]} constant x of the
 * function; {@code RK(x)} is {@code K[x & 0xFF]} when bit {@link Instruction#BITRK} (0x100) of x is
 * set and {@code R[x]} otherwise; {@code Up[x]} is upvalue x; {@code top} is the first free register
 * after an open call or vararg (B or C = 0 means "up to top" / "set top").
 *
 * <p>Kernel Lua has no floats: there are no float constants, no {@code DIV} and no {@code POW};
 * the source operator {@code /} compiles to {@link #IDIV}.
 */
public enum OpCode {
    /** R[A] := R[B] */
    MOVE(Format.ABC, true),
    /** R[A] := K[Bx] */
    LOADK(Format.ABx, true),
    /** R[A] := K[extra arg]; the next instruction is EXTRAARG Ax */
    LOADKX(Format.ABx, true),
    /** R[A] := sBx (an integer immediate) */
    LOADI(Format.AsBx, true),
    /** R[A] := (B != 0); if (C != 0) pc++ */
    LOADBOOL(Format.ABC, true),
    /** R[A], R[A+1], ..., R[A+B] := nil */
    LOADNIL(Format.ABC, true),
    /** R[A] := Up[B] */
    GETUPVAL(Format.ABC, true),
    /** R[A] := Up[B][RK(C)] */
    GETTABUP(Format.ABC, true),
    /** R[A] := R[B][RK(C)] */
    GETTABLE(Format.ABC, true),
    /** Up[A][RK(B)] := RK(C) */
    SETTABUP(Format.ABC, false),
    /** Up[B] := R[A] */
    SETUPVAL(Format.ABC, false),
    /** R[A][RK(B)] := RK(C) */
    SETTABLE(Format.ABC, false),
    /** R[A] := {} with size hints B (array) and C (hash) */
    NEWTABLE(Format.ABC, true),
    /** R[A+1] := R[B]; R[A] := R[B][RK(C)] */
    SELF(Format.ABC, true),
    /** R[A] := RK(B) + RK(C) */
    ADD(Format.ABC, true),
    /** R[A] := RK(B) - RK(C) */
    SUB(Format.ABC, true),
    /** R[A] := RK(B) * RK(C) */
    MUL(Format.ABC, true),
    /** R[A] := RK(B) % RK(C) (floor modulo) */
    MOD(Format.ABC, true),
    /** R[A] := RK(B) // RK(C) (floor division; also the source operator /) */
    IDIV(Format.ABC, true),
    /** R[A] := RK(B) &amp; RK(C) */
    BAND(Format.ABC, true),
    /** R[A] := RK(B) | RK(C) */
    BOR(Format.ABC, true),
    /** R[A] := RK(B) ~ RK(C) */
    BXOR(Format.ABC, true),
    /** R[A] := RK(B) &lt;&lt; RK(C) */
    SHL(Format.ABC, true),
    /** R[A] := RK(B) &gt;&gt; RK(C) */
    SHR(Format.ABC, true),
    /** R[A] := -R[B] */
    UNM(Format.ABC, true),
    /** R[A] := ~R[B] */
    BNOT(Format.ABC, true),
    /** R[A] := not R[B] */
    NOT(Format.ABC, true),
    /** R[A] := #R[B] (length operator) */
    LEN(Format.ABC, true),
    /** R[A] := R[B] .. ... .. R[C] (B &lt; C; concatenation is right associative) */
    CONCAT(Format.ABC, true),
    /** pc += sBx; if (A != 0) close upvalues and to-be-closed variables &gt;= R[A - 1] */
    JMP(Format.AsBx, false),
    /** if ((RK(B) == RK(C)) ~= A) then pc++ (the next instruction is a JMP) */
    EQ(Format.ABC, false),
    /** if ((RK(B) &lt; RK(C)) ~= A) then pc++ */
    LT(Format.ABC, false),
    /** if ((RK(B) &lt;= RK(C)) ~= A) then pc++ */
    LE(Format.ABC, false),
    /** if not (truthy(R[A]) == (C != 0)) then pc++ */
    TEST(Format.ABC, false),
    /** if (truthy(R[B]) == (C != 0)) then R[A] := R[B] else pc++ */
    TESTSET(Format.ABC, true),
    /**
     * R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1]); B = 0: arguments up to top;
     * C = 0: all results, top set after the last one
     */
    CALL(Format.ABC, true),
    /** return R[A](R[A+1], ..., R[A+B-1]) (B = 0: up to top); C is unused */
    TAILCALL(Format.ABC, true),
    /** return R[A], ..., R[A+B-2]; B = 0: up to top */
    RETURN(Format.ABC, false),
    /**
     * Integer loop step. R[A] = internal index, R[A+1] = remaining iteration count (set by
     * FORPREP), R[A+2] = step, R[A+3] = the visible loop variable. If the count is &gt; 0:
     * count--, R[A] += step, R[A+3] := R[A], pc += sBx (back to the body).
     */
    FORLOOP(Format.AsBx, true),
    /**
     * Loop preparation. R[A] = initial value, R[A+1] = limit, R[A+2] = step, each converted to an
     * integer (numeric strings coerced; errors "'for' initial value must be a number", "'for'
     * step is zero"). If the loop runs zero times: pc += sBx + 1 (just past the matching
     * FORLOOP). Otherwise R[A+1] := number of iterations after the first (unsigned),
     * R[A+3] := R[A], and execution falls through into the body. sBx is the index of the matching
     * FORLOOP minus the index of the instruction after this FORPREP.
     */
    FORPREP(Format.AsBx, true),
    /**
     * Generic-for preparation: R[A] iterator, R[A+1] state, R[A+2] control, R[A+3] closing
     * value; marks R[A+3] to-be-closed when not nil/false; pc += sBx (to the TFORCALL).
     */
    TFORPREP(Format.AsBx, false),
    /** R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2]) */
    TFORCALL(Format.ABC, false),
    /** if R[A+4] ~= nil then { R[A+2] := R[A+4]; pc += sBx } */
    TFORLOOP(Format.AsBx, true),
    /**
     * R[A][(C-1)*FPF + i] := R[A+i], 1 &lt;= i &lt;= B (FPF = {@link Instruction#FIELDS_PER_FLUSH});
     * B = 0: up to top; C = 0: the real C is in the next instruction (EXTRAARG Ax)
     */
    SETLIST(Format.ABC, false),
    /** R[A] := closure(KPROTO[Bx]) */
    CLOSURE(Format.ABx, true),
    /** R[A], R[A+1], ..., R[A+B-2] = vararg; B = 0: all of them, top set after the last */
    VARARG(Format.ABC, true),
    /** extra (larger) argument for the previous instruction */
    EXTRAARG(Format.Ax, false),
    /** mark R[A] as a to-be-closed variable (error unless nil, false or with a __close) */
    TBC(Format.ABC, false),
    /** close upvalues and to-be-closed variables &gt;= R[A] */
    CLOSE(Format.ABC, false);

    /** Operand layouts. */
    public enum Format {
        ABC, ABx, AsBx, Ax
    }

    /** The operand layout. */
    public final Format format;
    /** Whether the instruction writes register A. */
    public final boolean setsA;

    private static final OpCode[] VALUES = values();

    OpCode(Format format, boolean setsA) {
        this.format = format;
        this.setsA = setsA;
    }

    /** The opcode with ordinal {@code n}. */
    public static OpCode of(int n) {
        return VALUES[n];
    }
}
