package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;

/**
 * One activation record of a thread's call stack (Lua's {@code CallInfo}). Frame objects are
 * reused: a thread keeps an array of them and only the first {@code nframes} are live.
 */
final class CallFrame {
    /** Continuations: what to do with a frame's results when it returns. */
    static final int CONT_NONE = 0; // move results to func, adjust to nresults
    static final int CONT_STORE = 1; // metamethod result -> caller register contA
    static final int CONT_COND = 2; // comparison metamethod: skip caller's jump unless truthy == (contA != 0)
    static final int CONT_DISCARD = 3; // __newindex: ignore results
    static final int CONT_CONCAT = 4; // __concat: store into contA, resume the caller's CONCAT
    static final int CONT_PCALL = 5; // callee of a pcall: results become true, results... of the caller
    static final int CONT_XPCALL = 6; // callee of an xpcall: as PCALL, with the caller's handler
    static final int CONT_CLOSE = 7; // __close on a normal exit: ignore results, run the caller's closing instruction again
    static final int CONT_RESULTS = 8; // callee of a Java frame: its first contA results (all when contA < 0) are that frame's results
    static final int CONT_CLOSE_ERR = 9; // __close of a failed pcall's variable: ignore results, close the next (Interpreter.continueFailing)

    /** Flag: the first frame of an {@code execute} invocation: returning from it leaves the loop. */
    static final int FRESH = 1;
    /** Flag: the function was entered by a tail call. */
    static final int TAIL = 2;
    /** Flag: the next instruction is one resumed after a metamethod (hooks: no new event). */
    static final int RERUN = 4;
    /** Flag: a hook is running on top of this frame (it names the hook function "hook '?'"). */
    static final int HOOKED = 8;
    /** Flag: a RETURN is closing its to-be-closed variables; {@link #closingN} holds its result count. */
    static final int CLOSING = 16;
    /** Flag: the count and line events of the next instruction were reported already (hooks). */
    static final int TRACED = 32;
    /**
     * Flag: a pcall/xpcall frame whose callee failed. Its callee's to-be-closed variables are
     * being closed, each closing method a frame above it ({@link #CONT_CLOSE_ERR}) that may
     * yield; {@link #failErr} is the error so far.
     */
    static final int FAILING = 64;
    /** Flag, with {@link #FAILING}: the frame is an xpcall's, so errors in closing methods go through its handler. */
    static final int FAILING_X = 128;
    /** Flag, with {@link #FAILING}: {@code Interpreter.continueFailing} is running this frame's closing loop in Java. */
    static final int FAIL_LOOP = 256;

    /**
     * Flag: {@code debug.setlocal} wrote one of this frame's registers. Compiled code, which keeps
     * registers in JVM locals, checks it after each call and takes its registers from the stack again.
     */
    static final int LOCALS_SET = 512;

    /** Lua function being run, or null for a Java frame. */
    LuaClosure closure;
    /** Java function being run (Java frames). */
    JavaFunction jfunc;
    /** Stack index of the function slot; results are moved here. */
    int func;
    /** First register (Lua) / first argument (Java). */
    int base;
    /** First free slot above the frame's registers (Lua: base + maxstack; Java: base + nargs). */
    int top;
    /** Saved program counter (index of the next instruction). */
    int pc;
    /** Results wanted by the caller; -1 = all. */
    int nresults;
    /** Extra arguments of a vararg function: stack index of the first and their number. */
    int varargBase;
    int nvarargs;
    int cont;
    /** Continuation argument: a stack index or a flag, per {@link #cont}. */
    int contA;
    int flags;
    /** CONCAT in progress: stack index of the last operand still to fold, or -1. */
    int concatEnd = -1;
    /** Results of a RETURN waiting for its {@code __close} calls (with {@link #CLOSING}). */
    int closingN;
    /**
     * While a call or return hook runs on this frame: the local index of the first value
     * transferred (parameters or results) and their number (getinfo's 'r'); 0 otherwise.
     */
    int ftransfer;
    int ntransfer;
    /** Message handler of an xpcall frame. */
    Object handler;
    /** A {@link #FAILING} frame's error, the stack level down to which it closes, and its top before. */
    Object failErr;
    int failLevel;
    int failTop;

    void reset() {
        closure = null;
        jfunc = null;
        cont = CONT_NONE;
        flags = 0;
        concatEnd = -1;
        handler = null;
        failErr = null;
        nvarargs = 0;
    }
}
