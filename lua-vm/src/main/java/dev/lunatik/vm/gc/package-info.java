/**
 * The observable side of garbage collection ({@link dev.lunatik.vm.gc.Collector}, one per state).
 *
 * <h2>Design</h2>
 *
 * The JVM reclaims memory; this package owes only what a Lua program can observe: {@code __gc}
 * finalizers, weak tables, {@code collectgarbage} and its byte count, automatic collection in
 * long-running scripts, and a memory limit. So a "collection" is a real mark phase over Lua
 * objects, but it frees nothing itself: it decides which weak entries to drop and which
 * finalizers are due, and it measures the reachable bytes.
 *
 * <ul>
 *   <li><b>Mark.</b> Atomic (not incremental: nothing observable depends on increments) from the
 *       roots: registry, globals, the main thread, the running thread, the per-type metatables and
 *       the objects whose finalizer is due. An explicit work list, never Java recursion, so a
 *       million-long linked list is fine. Marks live in an identity map for the duration of one
 *       collection, so value classes carry no mark bits. Traced: tables (array, hash, metatable,
 *       honouring {@code __mode}), Lua closures (upvalues; an open upvalue keeps its thread),
 *       threads (live stack, frames, resumer), userdata (metatable, user value) and Java
 *       functions through {@link dev.lunatik.vm.api.JavaFunction#traceLuaValues}, which
 *       closures over Lua values (such as {@code coroutine.wrap}'s, {@code string.gmatch}'s, the io
 *       {@code lines} iterator, the package searchers) override; a thread's hook function. Strings,
 *       numbers and booleans are never removed from weak tables, nor are Java functions that are
 *       no closures ({@link dev.lunatik.vm.api.JavaFunction#isClosure}): like Lua's light C
 *       functions they are values. Lua values a library keeps in Java fields are kept in the
 *       registry or reported by its functions' {@code traceLuaValues} (io's default files,
 *       package's opened Java modules); a userdata's payload is not traced.</li>
 *   <li><b>Weak tables and finalizers</b> follow the manual (§2.5.3–2.5.4) and Lua 5.4's order:
 *       weak-key tables are ephemerons; weak values are cleared before unreachable finalizable
 *       objects are resurrected, weak keys after. Finalizers run once, newest mark first, on the
 *       running thread, with errors turned into {@code "error in __gc (...)"} warnings; and at
 *       {@link dev.lunatik.vm.api.LuaState#close}. Objects are marked for finalization by
 *       {@code setmetatable}, {@code debug.setmetatable} and, for host code,
 *       {@link dev.lunatik.vm.api.LuaState#newUserdata} and
 *       {@link dev.lunatik.vm.api.LuaState#setMetatable} (all through
 *       {@link dev.lunatik.vm.interp.GlobalState#setMetatable}); a {@code __gc} may be a Java
 *       function, which is how a host object learns that its Lua handle died.</li>
 *   <li><b>Accounting.</b> {@code count} is the bytes found reachable by the last mark (estimated
 *       sizes) plus bytes allocated since. Allocation sites are charged off the hot paths: the
 *       interpreter's {@code NEWTABLE} adds a constant to {@code GlobalState.gcDebt}, the slow
 *       paths charge closures and concatenations, the libraries charge every string they build
 *       ({@link dev.lunatik.vm.gc.Collector#allocateString}, before allocating it; the string
 *       library's result buffer charges its growth), {@link dev.lunatik.vm.value.LuaTable} charges
 *       its own growth through {@link dev.lunatik.vm.value.AllocationSink} (installed per Java
 *       thread when a state is entered from the host, since tables do not know their state).</li>
 *   <li><b>Safe points.</b> Lua code can only run where the interpreter's frame state is saved:
 *       the entry of the interpreter's slow path (checked only when the debt is positive) and
 *       {@code collectgarbage}. An allocation elsewhere (a table growing inside a fast path) only
 *       adds debt, or, over the memory limit, runs an emergency collection that runs no
 *       finalizers, then raises "not enough memory" (a plain string, catchable; the state stays
 *       usable).</li>
 *   <li><b>Java memory errors.</b> Without a memory limit the Java heap is the limit: an
 *       {@link java.lang.OutOfMemoryError} while a script runs becomes the Lua error "not enough
 *       memory" (catchable; see {@code Interpreter.outOfMemory} for why that is sound: tables and
 *       stacks allocate before they mutate, a reserve released on the error gives the unwinding
 *       room, and the failed frames' stack slots are cleared so the heap is reclaimed).</li>
 * </ul>
 */
package dev.lunatik.vm.gc;
