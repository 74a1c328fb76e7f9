package dev.lunatik.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link CallWatchdog}: calls over their limit are aborted once, and the abort is lifted at their end. */
class CallWatchdogTest {
    private static final class Counting implements CallWatchdog.Abort {
        final AtomicInteger aborts = new AtomicInteger();
        final AtomicInteger lifts = new AtomicInteger();

        @Override
        public void abort() {
            aborts.incrementAndGet();
        }

        @Override
        public void lift() {
            lifts.incrementAndGet();
        }
    }

    @Test
    void aCallOverItsLimitIsAbortedOnceAndLiftedAtItsEnd() throws Exception {
        Kernel k = new Kernel();
        Counting c = new Counting();
        try (CallWatchdog.Guard g = CallWatchdog.of(k).guard(30, c)) {
            g.begin();
            Thread.sleep(10);
            assertThat(g.end()).isFalse(); // under the limit
            g.begin();
            long t0 = System.nanoTime();
            while (c.aborts.get() == 0 && System.nanoTime() - t0 < 5_000_000_000L) {
                Thread.onSpinWait();
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(30);
            Thread.sleep(5 * CallWatchdog.TICK_MILLIS);
            assertThat(c.aborts.get()).isEqualTo(1); // once per call
            assertThat(c.lifts.get()).isZero();
            assertThat(g.end()).isTrue();
            assertThat(c.lifts.get()).isEqualTo(1);
            assertThat(g.end()).isFalse(); // the next call starts clean
        }
    }

    @Test
    void aClosedGuardIsNeverAborted() throws Exception {
        Kernel k = new Kernel();
        Counting c = new Counting();
        CallWatchdog.Guard g = CallWatchdog.of(k).guard(1, c);
        g.begin();
        g.close();
        Thread.sleep(5 * CallWatchdog.TICK_MILLIS);
        assertThat(g.end()).isFalse();
        assertThat(c.aborts.get()).isZero();
        assertThat(c.lifts.get()).isZero();
    }
}
