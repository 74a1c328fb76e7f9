package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The protocol's encoding and a reply's queue, without a daemon. */
@Timeout(60)
class FramesAndReplyTest {
    @Test
    void aRequestRoundTripsEveryByte() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        Map<String, byte[]> opts = new LinkedHashMap<>();
        opts.put("root", "/r".getBytes(StandardCharsets.UTF_8));
        byte[] p = Frames.encodeRequest(opts, List.of("eval".getBytes(StandardCharsets.UTF_8), all, new byte[0]));
        Frames.Request r = Frames.decodeRequest(p);
        assertThat(r.arg(0)).isEqualTo("eval");
        assertThat(r.args().get(1)).isEqualTo(all);
        assertThat(r.args().get(2)).isEmpty();
        assertThat(r.option("root", null)).isEqualTo("/r");
        assertThat(r.option("repl", "no")).isEqualTo("no");
    }

    @Test
    void malformedRequestsSayHow() {
        assertThat(catchThrowableOfType(() -> Frames.decodeRequest("list\0".getBytes(StandardCharsets.UTF_8)), Frames.Malformed.class))
                .hasMessageContaining("not a protocol 2 request");
        byte[] p = Frames.encodeRequest(Map.of(), List.of("list".getBytes(StandardCharsets.UTF_8)));
        assertThat(catchThrowableOfType(() -> Frames.decodeRequest(java.util.Arrays.copyOf(p, p.length - 2)), Frames.Malformed.class))
                .hasMessageContaining("bad string length");
        byte[] lying = p.clone();
        ByteBuffer.wrap(lying).putInt(Frames.MAGIC.length + 4, 1 << 30); // an absurd argument count
        assertThat(catchThrowableOfType(() -> Frames.decodeRequest(lying), Frames.Malformed.class)).hasMessageContaining("bad count");
        byte[] extra = java.util.Arrays.copyOf(p, p.length + 3);
        assertThat(catchThrowableOfType(() -> Frames.decodeRequest(extra), Frames.Malformed.class)).hasMessageContaining("stray bytes");
    }

    @Test
    void bigOutputIsSplitIntoChunks() {
        byte[] big = new byte[3 * Frames.MAX_CHUNK + 5];
        List<ByteBuffer> frames = Frames.output('O', big, 0, big.length);
        assertThat(frames).hasSize(4);
        assertThat(frames.get(0).getInt(0)).isEqualTo(Frames.MAX_CHUNK + 1);
        assertThat(frames.get(3).getInt(0)).isEqualTo(6);
    }

    /** A consumer that drains the reply only when woken, as the I/O thread does. */
    private static CompletableFuture<Long> drainer(Reply r, Semaphore woken, AtomicBoolean stop) {
        return CompletableFuture.supplyAsync(() -> {
            long total = 0;
            while (!r.finished() && !stop.get()) {
                try {
                    woken.acquire(); // only a wake-up call brings it back
                } catch (InterruptedException e) {
                    break;
                }
                ByteBuffer b;
                while ((b = r.peek()) != null) {
                    int n = b.remaining();
                    b.position(b.limit());
                    total += n;
                    r.sent(n);
                }
            }
            return total;
        });
    }

    @Test
    void aWriterFasterThanItsReaderWaitsAndWakesTheReaderFirst() throws Exception {
        Semaphore woken = new Semaphore(0);
        Reply r = new Reply(woken::release);
        AtomicBoolean stop = new AtomicBoolean();
        // the reader sleeps until woken: a writer that waited for room without waking it would hang
        CompletableFuture<Long> drained = drainer(r, woken, stop);
        r.out(new byte[5 * Reply.CAPACITY]); // one write far over the capacity (a 20 MiB eval result)
        r.exit(0);
        long total = drained.get(30, TimeUnit.SECONDS);
        assertThat(total).isGreaterThan(5L * Reply.CAPACITY);
        assertThat(r.finished()).isTrue();
    }

    @Test
    void aHangupStopsTheWriterAndRunsTheAction() throws Exception {
        Reply r = new Reply(() -> { });
        List<String> ran = new ArrayList<>();
        r.onHangup(() -> ran.add("aborted"));
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    r.out(new byte[64 * 1024]); // nobody reads: fills up, then waits
                }
            } catch (Reply.ClientGone e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertThat(writer).isNotDone();
        r.hangup();
        assertThat(writer.get(10, TimeUnit.SECONDS)).isInstanceOf(Reply.ClientGone.class);
        assertThat(ran).containsExactly("aborted");
        assertThat(catchThrowableOfType(() -> r.err("late"), Reply.ClientGone.class)).isNotNull();
        r.onHangup(() -> ran.add("at once"));
        assertThat(ran).containsExactly("aborted", "at once");
    }
}
