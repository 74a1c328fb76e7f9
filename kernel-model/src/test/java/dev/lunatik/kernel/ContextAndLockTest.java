package dev.lunatik.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.value.LuaError;
import org.junit.jupiter.api.Test;

class ContextAndLockTest {
    private final Kernel kernel = new Kernel();
    private final KernelClass spin = new KernelClass("data", false, false, null);
    private final KernelClass sleepy = new KernelClass("socket", true, false, null);

    @Test
    void mutexUnderSpinlockIsAViolation() {
        KernelObject s = kernel.newObject(spin, 1);
        KernelObject m = kernel.newObject(sleepy, 2);
        s.lock().lock();
        try {
            assertThat(kernel.inAtomicContext()).isTrue();
            assertThatThrownBy(() -> m.lock().lock()).isInstanceOf(LuaError.class)
                    .hasMessage("sleeping in atomic context: mutex_lock 'socket#2' while holding spinlock 'data#1'");
            assertThat(m.lock().isHeldByCurrentThread()).isFalse();
        } finally {
            s.lock().unlock();
        }
        assertThat(kernel.inAtomicContext()).isFalse();
        assertThat(kernel.log().snapshot()).anyMatch(l -> l.endsWith("BUG: sleeping in atomic context: mutex_lock 'socket#2' while holding spinlock 'data#1'"));
        m.lock().lock(); // fine outside atomic context
        m.lock().unlock();
    }

    @Test
    void sleepingInAtomicCallbackIsAViolation() {
        kernel.runAtomic(() -> assertThatThrownBy(() -> kernel.mightSleep("linux.schedule"))
                .isInstanceOf(LuaError.class)
                .hasMessage("sleeping in atomic context: linux.schedule in a non-sleepable runtime callback"));
        kernel.mightSleep("linux.schedule"); // no error outside
        assertThat(kernel.log().snapshot()).hasSize(1);
        assertThatThrownBy(kernel::exitAtomic).isInstanceOf(LuaError.class);
    }

    /**
     * Both kinds of lock exclude each other's holders under contention, tell who holds them, time
     * out a bounded wait, and refuse an unlock by a thread that does not hold them.
     */
    @Test
    void spinlocksAndMutexesExcludeTimeOutAndKnowTheirHolder() throws Exception {
        for (KernelClass cls : new KernelClass[] {spin, sleepy}) {
            KernelLock l = kernel.newObject(cls, 1).lock();
            long[] counter = {0};
            Runnable work = () -> {
                for (int i = 0; i < 20_000; i++) {
                    l.lock();
                    try {
                        long v = counter[0];
                        if ((i & 255) == 0) {
                            Thread.yield(); // let the other thread find the lock taken
                        }
                        counter[0] = v + 1;
                    } finally {
                        l.unlock();
                    }
                }
            };
            Thread a = new Thread(work);
            Thread b = new Thread(work);
            a.start();
            b.start();
            a.join();
            b.join();
            assertThat(counter[0]).as(cls.name()).isEqualTo(40_000);

            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> {
                l.lock();
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    l.unlock();
                }
            });
            holder.start();
            held.await();
            assertThat(l.owner()).isSameAs(holder);
            assertThat(l.isHeldByCurrentThread()).isFalse();
            long t0 = System.nanoTime();
            assertThat(l.tryLock(30)).as(cls.name()).isFalse();
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(30_000_000L);
            assertThatThrownBy(l::unlock).isInstanceOf(LuaError.class).hasMessageContaining("not held by this thread");
            release.countDown();
            holder.join();
            assertThat(l.owner()).isNull();
            assertThat(l.tryLock(1000)).isTrue();
            assertThat(l.owner()).isSameAs(Thread.currentThread());
            l.unlock();
        }
    }

    @Test
    void contextsArePerThread() throws Exception {
        KernelObject s = kernel.newObject(spin, 1);
        s.lock().lock();
        boolean[] other = new boolean[1];
        Thread t = new Thread(() -> other[0] = kernel.inAtomicContext());
        t.start();
        t.join();
        s.lock().unlock();
        assertThat(other[0]).isFalse();
    }

    @Test
    void firstLockOrderInversionIsReportedOnce() {
        KernelObject a = kernel.newObject(spin, "a");
        KernelObject b = kernel.newObject(spin, "b");
        a.lock().lock();
        b.lock().lock();
        b.lock().unlock();
        a.lock().unlock();
        assertThat(kernel.lockOrderReports()).isEmpty();
        for (int i = 0; i < 2; i++) {
            b.lock().lock();
            a.lock().lock();
            a.lock().unlock();
            b.lock().unlock();
        }
        assertThat(kernel.lockOrderReports()).containsExactly(
                "possible circular locking dependency: taking spinlock 'data#1' while holding spinlock 'data#2',"
                        + " but spinlock 'data#2' was taken while holding spinlock 'data#1' before");
        assertThat(kernel.log().snapshot()).filteredOn(l -> l.contains("WARNING: possible circular")).hasSize(1);
    }

    @Test
    void strictLockOrderRaises() {
        Kernel strict = new Kernel(16, true);
        KernelObject a = strict.newObject(spin, "a");
        KernelObject b = strict.newObject(spin, "b");
        a.lock().lock();
        b.lock().lock();
        b.lock().unlock();
        a.lock().unlock();
        b.lock().lock();
        try {
            assertThatThrownBy(() -> a.lock().lock()).isInstanceOf(LuaError.class)
                    .hasMessageStartingWith("possible circular locking dependency");
            assertThat(a.lock().isHeldByCurrentThread()).isFalse();
        } finally {
            b.lock().unlock();
        }
        assertThat(strict.inAtomicContext()).isFalse();
    }

    @Test
    void recursiveLockIsReportedNotDeadlocked() {
        KernelObject a = kernel.newObject(spin, "a");
        a.lock().lock();
        assertThatThrownBy(() -> a.lock().lock()).isInstanceOf(LuaError.class).hasMessageContaining("recursive locking");
        a.lock().unlock();
        assertThat(kernel.inAtomicContext()).isFalse();
    }
}
