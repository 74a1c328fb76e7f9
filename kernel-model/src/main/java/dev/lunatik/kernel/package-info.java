/**
 * A plain-Java model of Lunatik's kernel-object core: {@link dev.lunatik.kernel.KernelClass
 * classes}, reference-counted {@link dev.lunatik.kernel.KernelObject objects} with a mutex or a
 * spinlock, per-thread execution contexts with atomic-context checks
 * ({@link dev.lunatik.kernel.Kernel#mightSleep}), a lock-order checker, the bounded
 * {@link dev.lunatik.kernel.KernelLog kernel log} and leak accounting. No global state: everything
 * hangs off a {@link dev.lunatik.kernel.Kernel} instance.
 */
package dev.lunatik.kernel;
