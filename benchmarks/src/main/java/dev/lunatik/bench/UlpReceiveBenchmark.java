package dev.lunatik.bench;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.kernel.libs.UlpContext;
import dev.lunatik.kernel.ulp.UlpLua;
import dev.lunatik.kernel.ulp.UlpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A receive with a ULP Lua entry against one without. {@link #entryCall}: the hook alone
 * ({@link UlpContext#receive} over a 1,000-byte buffer, an entry that reads one byte through its
 * {@code data} view; must allocate nothing); {@link #noEntry}: the same call with no entry set.
 * {@link #loopbackPlain} and {@link #loopbackUlp}: 1,000 bytes written on a loopback TCP
 * connection and read back, by {@code SocketChannel.read} and by {@link UlpSocket#read} with that
 * entry. {@link #httpEntry}: {@code examples/ulp/http.lua}'s entry over a clean 120-byte request
 * (run from the repository root, or {@code -Dlunatik.root=DIR}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class UlpReceiveBenchmark {
    static final int SIZE = 1000;
    static final String ENTRY = "function entry(d, size, nonblock) return d:getbyte(0) == 0x58 end";

    final byte[] buf = new byte[SIZE];
    final byte[] request = ("GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: bench/1.0\r\n"
            + "Accept: */*\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    Path root;
    Kernel kernel;
    UlpContext withEntry;
    UlpContext without;
    UlpContext http;

    ServerSocketChannel server;
    SocketChannel writer;
    SocketChannel plain;
    SocketChannel writer2;
    UlpSocket ulp;
    final ByteBuffer out = ByteBuffer.allocate(SIZE);
    final ByteBuffer in = ByteBuffer.allocate(SIZE);

    @Setup
    public void setUp() throws IOException {
        LuaBench.warmState();
        root = Files.createTempDirectory("lunatik-ulp-bench");
        kernel = Lunatik.boot(root);
        withEntry = context(ENTRY, "entry");
        without = context(ENTRY, "");
        Path repo = Path.of(System.getProperty("lunatik.root", "."));
        http = context(new String(Files.readAllBytes(repo.resolve("examples/ulp/http.lua")), StandardCharsets.UTF_8), "entry");
        if (http.receive(request.clone(), 0, request.length, false)) {
            throw new IllegalStateException("http.lua trashed a clean request");
        }
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        writer = SocketChannel.open(server.getLocalAddress());
        plain = server.accept();
        writer2 = SocketChannel.open(server.getLocalAddress());
        ulp = new UlpLua(kernel).attach(server.accept());
        ulp.loadScript(ENTRY);
        ulp.setEntry("entry");
    }

    private UlpContext context(String script, String entry) {
        UlpContext c = UlpContext.create(kernel);
        if (c.loadChunk(script.getBytes(StandardCharsets.UTF_8), "=bench") != 0 || c.setEntry(entry.getBytes(StandardCharsets.UTF_8)) != 0) {
            throw new IllegalStateException(c.lastError());
        }
        return c;
    }

    @TearDown
    public void tearDown() throws IOException {
        ulp.close();
        writer.close();
        writer2.close();
        plain.close();
        server.close();
        withEntry.close();
        without.close();
        http.close();
        Lunatik.shutdown(kernel);
        Files.deleteIfExists(root);
    }

    /** The receive hook with an entry that reads one byte; ns per receive. */
    @Benchmark
    public boolean entryCall() {
        return withEntry.receive(buf, 0, SIZE, false);
    }

    /** The receive hook with no entry set; ns per receive. */
    @Benchmark
    public boolean noEntry() {
        return without.receive(buf, 0, SIZE, false);
    }

    /** examples/ulp/http.lua over a clean request; ns per receive. */
    @Benchmark
    public boolean httpEntry() {
        return http.receive(request, 0, request.length, false);
    }

    /** 1,000 bytes through loopback TCP, read by the plain channel; ns per write-and-read. */
    @Benchmark
    public int loopbackPlain() throws IOException {
        return roundTrip(writer, plain, null);
    }

    /** The same, read through {@link UlpSocket#read} with the one-byte entry; ns per write-and-read. */
    @Benchmark
    public int loopbackUlp() throws IOException {
        return roundTrip(writer2, null, ulp);
    }

    private int roundTrip(SocketChannel w, SocketChannel r, UlpSocket u) throws IOException {
        out.clear();
        while (out.hasRemaining()) {
            w.write(out);
        }
        in.clear();
        while (in.hasRemaining()) {
            int n = u != null ? u.read(in) : r.read(in);
            if (n < 0) {
                throw new IOException("closed");
            }
        }
        return in.position();
    }
}
