package dev.lunatik.vm.bytecode;

/**
 * The opcodes as {@code int} constants, for {@code switch}es over an instruction's opcode field
 * ({@code case Op.ADD:}): Java needs compile-time constants there, and an enum's ordinal is not
 * one. Each constant is its {@link OpCode}'s ordinal, in the same order (a test ties them), so
 * {@code Op.X == OpCode.X.ordinal()} always.
 */
public final class Op {
    private Op() {}

    public static final int MOVE = 0;
    public static final int LOADK = 1;
    public static final int LOADKX = 2;
    public static final int LOADI = 3;
    public static final int LOADBOOL = 4;
    public static final int LOADNIL = 5;
    public static final int GETUPVAL = 6;
    public static final int GETTABUP = 7;
    public static final int GETTABLE = 8;
    public static final int SETTABUP = 9;
    public static final int SETUPVAL = 10;
    public static final int SETTABLE = 11;
    public static final int NEWTABLE = 12;
    public static final int SELF = 13;
    public static final int ADD = 14;
    public static final int SUB = 15;
    public static final int MUL = 16;
    public static final int MOD = 17;
    public static final int IDIV = 18;
    public static final int BAND = 19;
    public static final int BOR = 20;
    public static final int BXOR = 21;
    public static final int SHL = 22;
    public static final int SHR = 23;
    public static final int UNM = 24;
    public static final int BNOT = 25;
    public static final int NOT = 26;
    public static final int LEN = 27;
    public static final int CONCAT = 28;
    public static final int JMP = 29;
    public static final int EQ = 30;
    public static final int LT = 31;
    public static final int LE = 32;
    public static final int TEST = 33;
    public static final int TESTSET = 34;
    public static final int CALL = 35;
    public static final int TAILCALL = 36;
    public static final int RETURN = 37;
    public static final int FORLOOP = 38;
    public static final int FORPREP = 39;
    public static final int TFORPREP = 40;
    public static final int TFORCALL = 41;
    public static final int TFORLOOP = 42;
    public static final int SETLIST = 43;
    public static final int CLOSURE = 44;
    public static final int VARARG = 45;
    public static final int EXTRAARG = 46;
    public static final int TBC = 47;
    public static final int CLOSE = 48;
    /** How many opcodes there are. */
    public static final int COUNT = 49;
}
