package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link UlpContext} from Java: the receive path allocates nothing, and closing ends it. */
class UlpContextTest {
    @TempDir
    Path root;

    @Test
    void aReceiveThroughAnEntryAllocatesNothing() {
        Kernel k = Lunatik.boot(root);
        try (UlpContext c = UlpContext.create(k)) {
            assertThat(c.loadScript("function entry(d, size, nonblock) return d:getbyte(0) == 0x58 and size > 1 and not nonblock end"
                    .getBytes(StandardCharsets.US_ASCII))).isZero();
            assertThat(c.setEntry("entry".getBytes(StandardCharsets.US_ASCII))).isZero();
            byte[][] bufs = {"Xdrop".getBytes(StandardCharsets.US_ASCII), "keep".getBytes(StandardCharsets.US_ASCII)};
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            int trashed = 0;
            for (int i = 0; i < 20_000; i++) {
                trashed += c.receive(bufs[i & 1], 0, bufs[i & 1].length, false) ? 1 : 0;
            }
            long before = mx.getThreadAllocatedBytes(tid);
            int n = 50_000;
            for (int i = 0; i < n; i++) {
                trashed += c.receive(bufs[i & 1], 0, bufs[i & 1].length, false) ? 1 : 0;
            }
            long perReceive = (mx.getThreadAllocatedBytes(tid) - before) / n;
            assertThat(trashed).isEqualTo((20_000 + n) / 2);
            assertThat(perReceive).as("bytes allocated per receive").isZero();
        }
        Lunatik.shutdown(k);
    }

    @Test
    void aClosedContextDeliversEverythingAndRefusesLoads() {
        Kernel k = Lunatik.boot(root);
        UlpContext c = UlpContext.create(k);
        c.loadScript("function e() return true end".getBytes(StandardCharsets.US_ASCII));
        c.setEntry("e".getBytes(StandardCharsets.US_ASCII));
        byte[] b = {1, 2, 3};
        assertThat(c.receive(b, 0, 3, false)).isTrue();
        assertThat(c.receive(b, 0, 0, false)).isFalse(); // no bytes: no call
        c.close();
        c.close();
        assertThat(c.receive(b, 0, 3, false)).isFalse();
        assertThat(c.loadScript("x = 1".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-UlpContext.EINVAL);
        Lunatik.shutdown(k);
    }
}
