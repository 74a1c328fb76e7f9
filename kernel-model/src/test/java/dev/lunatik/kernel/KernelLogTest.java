package dev.lunatik.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelLogTest {
    @Test
    void ringWrapsAroundKeepingNewest() {
        KernelLog log = new KernelLog(3);
        for (int i = 1; i <= 5; i++) {
            log.write("line " + i);
        }
        List<String> snap = log.snapshot();
        assertThat(snap).hasSize(3);
        assertThat(snap.get(0)).matches("\\[ *\\d+\\.\\d{6}\\] line 3");
        assertThat(snap.get(2)).endsWith("] line 5");
        assertThat(log.nextSequence()).isEqualTo(5);
    }

    @Test
    void followWithSince() throws Exception {
        KernelLog log = new KernelLog(4);
        log.write("a");
        long seq = log.nextSequence();
        log.write("b");
        log.write("c");
        assertThat(log.since(seq)).hasSize(2).last().asString().endsWith("] c");
        assertThat(log.since(log.nextSequence())).isEmpty();
        for (int i = 0; i < 10; i++) {
            log.write("x" + i);
        }
        assertThat(log.since(seq)).hasSize(4).last().asString().endsWith("] x9");
        long now = log.nextSequence();
        Thread t = new Thread(() -> log.write("late"));
        t.start();
        List<String> got = log.await(now, 5000);
        t.join();
        assertThat(got).hasSize(1).first().asString().endsWith("] late");
        assertThat(log.await(log.nextSequence(), 10)).isEmpty();
    }
}
