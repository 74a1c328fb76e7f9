/**
 * A plain-Java model of Lunatik's kernel core, with no global state (everything hangs off a
 * {@link dev.lunatik.kernel.Kernel} instance, made of one class per concern: objects and leak
 * accounting in {@link dev.lunatik.kernel.KernelObjects}, contexts and lock order in
 * {@link dev.lunatik.kernel.LockValidator}, tasks in {@link dev.lunatik.kernel.KernelTasks},
 * singletons and shutdown in {@link dev.lunatik.kernel.KernelServices}, interfaces in
 * {@link dev.lunatik.kernel.net.NetStack} (the network stack), kallsyms in {@link dev.lunatik.kernel.KernelSymbols}):
 * {@link dev.lunatik.kernel.KernelClass classes},
 * reference-counted {@link dev.lunatik.kernel.KernelObject objects} with a mutex or a spinlock
 * ({@link dev.lunatik.kernel.KernelLock}), per-thread execution contexts with atomic-context
 * checks ({@link dev.lunatik.kernel.Kernel#mightSleep}) and a lock-order checker,
 * {@link dev.lunatik.kernel.KernelRuntime runtimes} (a Lua state plus a lock: create, run, stop,
 * resume, the C API's shape), {@link dev.lunatik.kernel.KernelTask tasks} (kernel threads, pids,
 * signals), the bounded {@link dev.lunatik.kernel.KernelLog kernel log} (lines as bytes),
 * {@link dev.lunatik.kernel.CharDevices character devices}, {@link dev.lunatik.kernel.Errno
 * errno names and texts}, simulated kallsyms
 * ({@link dev.lunatik.kernel.KernelSymbol}), network interface indexes, and leak accounting
 * ({@link dev.lunatik.kernel.Kernel#liveObjects()}). The Lua bindings live in
 * {@code dev.lunatik.kernel.libs} (same module, over this package and {@code stdlib}); this package depends on the VM only.
 *
 * <p>No stop waits on a script for long: a kernel thread that ignores {@code kthread_stop} and a
 * runtime busy in a callback get the kernel's stop grace, then are aborted at their next Lua
 * instruction ({@link dev.lunatik.vm.api.LuaState#abort}); a runtime reads its scripts only
 * under the script root ({@link dev.lunatik.vm.api.ScriptFiles#confined}). A callback that must
 * not hold its caller (an NPF filter, a ULP entry) is aborted by the kernel's
 * {@link dev.lunatik.kernel.CallWatchdog} when it runs past its time limit.
 *
 * <p>Lock tracking allocates nothing once a lock order has been seen (array-based per-thread
 * context, a last-successor cache), so a packet hook that takes a runtime's spinlock and a data
 * object's lock per packet stays allocation-free.
 */
package dev.lunatik.kernel;
