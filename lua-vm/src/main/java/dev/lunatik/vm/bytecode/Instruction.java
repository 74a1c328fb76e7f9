package dev.lunatik.vm.bytecode;

/**
 * Encoding of one 32-bit instruction (the layout of Lua 5.3):
 *
 * <pre>
 *   bits  0..5   op   (6 bits)
 *   bits  6..13  A    (8 bits)
 *   bits 14..22  C    (9 bits)
 *   bits 23..31  B    (9 bits)
 *   bits 14..31  Bx   (18 bits, unsigned); sBx = Bx - MAXARG_sBx
 *   bits  6..31  Ax   (26 bits)
 * </pre>
 *
 * <p>An RK operand (B or C) names constant {@code x & 0xFF} when bit {@link #BITRK} is set, else
 * register {@code x}.
 */
public final class Instruction {
    public static final int SIZE_OP = 6;
    public static final int SIZE_A = 8;
    public static final int SIZE_B = 9;
    public static final int SIZE_C = 9;
    public static final int SIZE_Bx = SIZE_B + SIZE_C;
    public static final int SIZE_Ax = SIZE_A + SIZE_B + SIZE_C;

    public static final int POS_OP = 0;
    public static final int POS_A = POS_OP + SIZE_OP;
    public static final int POS_C = POS_A + SIZE_A;
    public static final int POS_B = POS_C + SIZE_C;
    public static final int POS_Bx = POS_C;
    public static final int POS_Ax = POS_A;

    public static final int MAXARG_A = (1 << SIZE_A) - 1;
    public static final int MAXARG_B = (1 << SIZE_B) - 1;
    public static final int MAXARG_C = (1 << SIZE_C) - 1;
    public static final int MAXARG_Bx = (1 << SIZE_Bx) - 1;
    public static final int MAXARG_sBx = MAXARG_Bx >> 1;
    public static final int MAXARG_Ax = (1 << SIZE_Ax) - 1;

    /** Bit of an RK operand that marks a constant index. */
    public static final int BITRK = 1 << (SIZE_B - 1);
    /** Largest constant index usable directly as an RK operand. */
    public static final int MAXINDEXRK = BITRK - 1;
    /** Number of list items SETLIST stores per flush. */
    public static final int FIELDS_PER_FLUSH = 50;

    private Instruction() {}

    public static int op(int i) {
        return i & 0x3F;
    }

    public static OpCode opCode(int i) {
        return OpCode.of(i & 0x3F);
    }

    public static int a(int i) {
        return (i >>> POS_A) & MAXARG_A;
    }

    public static int b(int i) {
        return i >>> POS_B;
    }

    public static int c(int i) {
        return (i >>> POS_C) & MAXARG_C;
    }

    public static int bx(int i) {
        return i >>> POS_Bx;
    }

    public static int sbx(int i) {
        return (i >>> POS_Bx) - MAXARG_sBx;
    }

    public static int ax(int i) {
        return i >>> POS_Ax;
    }

    public static boolean isK(int rk) {
        return (rk & BITRK) != 0;
    }

    public static int indexK(int rk) {
        return rk & ~BITRK;
    }

    public static int rkAsK(int k) {
        return k | BITRK;
    }

    public static int abc(OpCode op, int a, int b, int c) {
        return op.ordinal() | (a << POS_A) | (b << POS_B) | (c << POS_C);
    }

    public static int abx(OpCode op, int a, int bx) {
        return op.ordinal() | (a << POS_A) | (bx << POS_Bx);
    }

    public static int asbx(OpCode op, int a, int sbx) {
        return op.ordinal() | (a << POS_A) | ((sbx + MAXARG_sBx) << POS_Bx);
    }

    public static int ax(OpCode op, int ax) {
        return op.ordinal() | (ax << POS_Ax);
    }

    /** Returns {@code i} with its A field replaced. */
    public static int setA(int i, int a) {
        return (i & ~(MAXARG_A << POS_A)) | (a << POS_A);
    }

    public static int setB(int i, int b) {
        return (i & ~(MAXARG_B << POS_B)) | (b << POS_B);
    }

    public static int setC(int i, int c) {
        return (i & ~(MAXARG_C << POS_C)) | (c << POS_C);
    }

    public static int setSbx(int i, int sbx) {
        return (i & ~(MAXARG_Bx << POS_Bx)) | ((sbx + MAXARG_sBx) << POS_Bx);
    }
}
