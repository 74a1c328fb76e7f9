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
