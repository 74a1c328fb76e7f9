package dev.lunatik.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.value.LuaError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KernelObjectTest {
    private final Kernel kernel = new Kernel();

    @Test
    void releaseRunsExactlyOnceAtZero() {
        AtomicInteger releases = new AtomicInteger();
        List<Object> seen = new ArrayList<>();
        KernelClass cls = new KernelClass("data", false, true, p -> { releases.incrementAndGet(); seen.add(p); });
        KernelObject o = kernel.newObject(cls, "payload");
        o.get();
        o.get();
        assertThat(o.refCount()).isEqualTo(3);
        o.put();
        o.put();
        assertThat(releases).hasValue(0);
        assertThat(o.payload()).isEqualTo("payload");
        o.put();
        assertThat(releases).hasValue(1);
        assertThat(seen).containsExactly("payload");
        assertThat(o.refCount()).isZero();
        assertThatThrownBy(o::put).isInstanceOf(LuaError.class).hasMessageContaining("put below zero");
        assertThatThrownBy(o::get).isInstanceOf(LuaError.class).hasMessageContaining("released");
        assertThat(releases).hasValue(1);
        assertThat(kernel.log().snapshot()).anyMatch(l -> l.contains("put below zero"));
    }

    @Test
    void concurrentGetPutReleasesOnce() throws Exception {
        AtomicInteger releases = new AtomicInteger();
        KernelObject o = kernel.newObject(new KernelClass("rcu", false, false, p -> releases.incrementAndGet()), new Object());
        int threads = 8;
        int rounds = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        o.get();
                        o.put();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            ts.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(o.refCount()).isEqualTo(1);
        assertThat(releases).hasValue(0);
        o.put();
        assertThat(releases).hasValue(1);
    }

    @Test
    void closeReleasesAtOnceAndLaterUseIsALuaError() {
        AtomicInteger releases = new AtomicInteger();
        KernelObject o = kernel.newObject(new KernelClass("fifo", false, true, p -> releases.incrementAndGet()), new byte[4]);
        o.get();
        o.close();
        assertThat(releases).hasValue(1);
        assertThat(o.isClosed()).isTrue();
        assertThatThrownBy(o::payload).isInstanceOf(LuaError.class).hasMessage("fifo object closed");
        assertThatThrownBy(() -> o.invoke(() -> 1)).isInstanceOf(LuaError.class).hasMessage("fifo object closed");
        o.close(); // second close: no-op
        o.put();
        o.put();
        assertThat(releases).hasValue(1);
        assertThat(kernel.liveObjects()).isEmpty();
    }

    @Test
    void monitorMethodRunsUnderTheObjectLock() {
        KernelObject o = kernel.newObject(new KernelClass("data", false, true, null), "x");
        boolean held = o.invoke(() -> o.lock().isHeldByCurrentThread() && kernel.inAtomicContext());
        assertThat(held).isTrue();
        assertThat(o.lock().isHeldByCurrentThread()).isFalse();
        assertThat(kernel.inAtomicContext()).isFalse();
        KernelObject plain = kernel.newObject(new KernelClass("rcu", false, false, null), "y");
        assertThat(plain.invoke(() -> plain.lock().isHeldByCurrentThread())).isFalse();
    }

    @Test
    void liveListEmptyAfterAllPuts() {
        KernelClass a = new KernelClass("data", false, true, null);
        KernelClass b = new KernelClass("thread", true, true, null);
        List<KernelObject> objs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            KernelObject o = kernel.newObject(i % 2 == 0 ? a : b, i);
            o.get();
            objs.add(o);
        }
        assertThat(kernel.liveObjects()).hasSize(5).allMatch(l -> l.refCount() == 2);
        assertThat(kernel.liveObjects().get(1).className()).isEqualTo("thread");
        for (KernelObject o : objs) {
            o.put();
        }
        assertThat(kernel.liveObjects()).hasSize(5).allMatch(l -> l.refCount() == 1);
        objs.get(0).put();
        assertThat(kernel.liveObjects()).extracting(KernelObjects.LiveObject::id).doesNotContain(objs.get(0).id()).hasSize(4);
        for (KernelObject o : objs.subList(1, 5)) {
            o.put();
        }
        assertThat(kernel.liveObjects()).isEmpty();
    }

    @Test
    void nullPayloadIsNotClosedAndReleaseSeesIt() {
        List<Object> seen = new ArrayList<>();
        KernelObject o = kernel.newObject(new KernelClass("completion", false, false, seen::add), null);
        assertThat(o.payload()).isNull();
        assertThat(o.isClosed()).isFalse();
        o.put();
        assertThat(seen).hasSize(1).containsNull();
        assertThatThrownBy(o::payload).isInstanceOf(LuaError.class).hasMessage("completion object closed");
    }

    @Test
    void releasedObjectsLocksLeaveNoOrderHistory() {
        KernelClass spin = new KernelClass("data", false, false, null);
        KernelObject a = kernel.newObject(spin, "a");
        KernelObject b = kernel.newObject(spin, "b");
        a.lock().lock();
        b.lock().lock();
        b.lock().unlock();
        a.lock().unlock();
        KernelObject keep = a.get();
        b.put();
        KernelObject c = kernel.newObject(spin, "c");
        c.lock().lock();
        keep.lock().lock();
        keep.lock().unlock();
        c.lock().unlock();
        assertThat(kernel.lockOrderReports()).isEmpty();
        a.put();
        a.put();
        c.put();
        assertThat(kernel.liveObjects()).isEmpty();
    }
}
