/**
 * The interpreter: {@link dev.lunatik.vm.interp.Interpreter} (the dispatch loop and the call
 * protocol), {@link dev.lunatik.vm.interp.LuaThread} (a coroutine's stack and frames),
 * {@link dev.lunatik.vm.interp.CallFrame}, upvalues, {@link dev.lunatik.vm.interp.Ops} (slow
 * paths and metamethods), {@link dev.lunatik.vm.interp.Errors} (every runtime message, worded as
 * Lua's), {@link dev.lunatik.vm.interp.DebugInfo} (variable names and tracebacks recovered from
 * bytecode), {@link dev.lunatik.vm.interp.Coroutines}, {@link dev.lunatik.vm.interp.Protected}
 * ({@code pcall}/{@code xpcall}), {@link dev.lunatik.vm.interp.Pairs} and
 * {@link dev.lunatik.vm.interp.TailCalling} (Java functions whose Lua callee runs as a frame:
 * {@code pairs}, {@code dofile}) and {@link dev.lunatik.vm.interp.Meta} (metamethod-aware
 * operations for Java code).
 *
 * <h2>Stackless calls and yieldable metamethods</h2>
 *
 * A Lua-to-Lua call pushes a frame and the loop goes on with the callee: no Java recursion. Each
 * frame has a <em>continuation</em> saying what its results are for: the ordinary "move them to
 * the function slot", or "store the first into register X" ({@code __index}, arithmetic), "skip
 * the next jump unless truthy" (comparisons), "discard" ({@code __newindex}), "resume the CONCAT",
 * "finish the pcall below" or "these are the results of the Java function below". Because a Lua metamethod or a protected call is just a frame,
 * {@code coroutine.yield} works inside them, as in Lua 5.4. Java code that calls back into Lua
 * ({@link dev.lunatik.vm.interp.Interpreter#call}) runs a nested loop; those nestings are counted
 * and limited ("C stack overflow"), block yields ("attempt to yield across a C-call boundary"),
 * and a Java {@code StackOverflowError} is turned into a Lua error.
 *
 * <h2>The compiling tier</h2>
 *
 * {@link dev.lunatik.vm.interp.Jit} decides when a function is hot (the loop counts calls and
 * backward jumps per {@code Proto}) and {@link dev.lunatik.vm.interp.JitCompiler} turns it into
 * one JVM method of a hidden class ({@link dev.lunatik.vm.interp.JitCode}), after
 * {@link dev.lunatik.vm.interp.JitAnalysis} has read off its instructions where frames are
 * entered, whether it can run frameless and which loops keep their registers in locals. Compiled code runs the
 * same frames as the loop, registers in the same stack, and stores {@code pc} before anything
 * that can call, fail or yield; it can be entered at any instruction. So the two tiers hand a
 * frame back and forth at calls, returns, slow paths and loop back-edges, and everything that
 * inspects or suspends frames (errors, hooks, the debug library, coroutines) sees no difference.
 * A simple function (no closures or tables) also gets frameless code
 * ({@link dev.lunatik.vm.interp.JitCode#direct}), which compiled callers and host calls
 * ({@link dev.lunatik.vm.interp.Jit#callFromHost}) run without pushing a frame, which returns its
 * first result as a Java value, which calls its own closure as a Java method calls itself, and which calls
 * leaf Java functions ({@link dev.lunatik.vm.api.JavaFunction#isLeaf}) without theirs; at its
 * first slow path, trap or callee that needs a frame it stops, and it and its frameless callers
 * become the frames the interpreter would have had ({@link dev.lunatik.vm.interp.Jit#deoptFramed})
 * before anything can look.
 *
 * <h2>The dispatch loop stays JIT-able</h2>
 *
 * HotSpot does not compile methods over 8,000 bytes of bytecode; {@code execute} keeps every case
 * short and calls into {@code Ops} for anything rare. {@code DispatchSizeTest} fails if it grows
 * past the limit.
 */
package dev.lunatik.vm.interp;
