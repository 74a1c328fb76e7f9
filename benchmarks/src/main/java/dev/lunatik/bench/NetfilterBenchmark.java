package dev.lunatik.bench;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import dev.lunatik.kernel.net.pcap.Capture;
import dev.lunatik.kernel.net.pcap.CapturedPacket;
import dev.lunatik.kernel.net.pcap.LinkType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * The packet path with a real script: {@code examples/dnsblock/nf_dnsblock.lua} registered at
 * LOCAL_OUT in a non-sleepable runtime, and 4,096 distinct DNS queries (none blacklisted, so
 * every packet runs the whole script and is accepted) run through the LOCAL_OUT chain, as the
 * kernel runs it for each packet a host sends: the runtime's spinlock, the data object re-pointed
 * at the packet, the Lua hook, its verdict. Score: ns per packet. The scripts are read from
 * {@code examples/dnsblock} under the working directory (run from the repository root) or under
 * {@code -Dlunatik.root=DIR}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class NetfilterBenchmark {
    static final int QUERIES = 4096;

    Kernel kernel;
    KernelRuntime runtime;
    Netfilter netfilter;
    Packet[] packets;
    int next;

    /** A DNS query (A, IN) for a distinct name from 10.1.1.2 to 1.1.1.1:53, as an IPv4 packet. */
    static byte[] query(int i) {
        ByteArrayOutputStream dns = new ByteArrayOutputStream();
        dns.writeBytes(new byte[] {(byte) (i >> 8), (byte) i, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String l : ("host" + i + ".zone" + (i % 97) + ".example.org").split("\\.")) {
            dns.write(l.length());
            dns.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        dns.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return Packets.udp(Packet.parseIpv4("10.1.1.2"), 20000 + i, Packet.parseIpv4("1.1.1.1"), 53, dns.toByteArray());
    }

    /**
     * Writes the benchmark's 4,096 queries as a raw-IPv4 capture to {@code args[0]}, for
     * {@code lunatik net bench --hook LOCAL_OUT FILE} (and {@code benchmarks/c/netfilter-vs.sh}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp benchmarks.jar dev.lunatik.bench.NetfilterBenchmark OUT.pcap");
            System.exit(2);
        }
        java.util.List<CapturedPacket> packets = new java.util.ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            packets.add(CapturedPacket.of(i * 1_000_000L, query(i)));
        }
        new Capture(LinkType.RAW, packets).write(Path.of(args[0]));
    }

    @Setup
    public void setUp() throws IOException {
        LuaBench.warmState();
        Path root = Path.of(System.getProperty("lunatik.root", ".")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("examples/dnsblock/nf_dnsblock.lua"))) {
            throw new IOException("examples/dnsblock/nf_dnsblock.lua not found under " + root + " (run from the repository root or set -Dlunatik.root)");
        }
        kernel = Lunatik.boot(root);
        runtime = KernelRuntime.create(kernel, "examples/dnsblock/nf_dnsblock", false);
        netfilter = kernel.net().netfilter();
        packets = new Packet[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            byte[] q = query(i);
            packets[i] = Packet.ofNetwork(q, q.length);
        }
        for (Packet p : packets) {
            if (netfilter.run(Netfilter.IPV4, Netfilter.LOCAL_OUT, p) != Netfilter.ACCEPT) {
                throw new IllegalStateException("a query was not accepted");
            }
        }
    }

    @TearDown
    public void tearDown() {
        runtime.stop();
        Lunatik.shutdown(kernel);
    }

    /** One packet through the LOCAL_OUT chain (nf_dnsblock's hook); the verdict. */
    @Benchmark
    public int nfDnsblock() {
        return netfilter.run(Netfilter.IPV4, Netfilter.LOCAL_OUT, packets[next++ & (QUERIES - 1)]);
    }
}
