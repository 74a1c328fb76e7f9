package dev.lunatik.kernel.net.pcap;

import static dev.lunatik.kernel.net.pcap.PcapTestSupport.ascii;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.hex;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.read;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    @TempDir
    Path dir;

    private static byte[] written(LinkType type, CapturedPacket... packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, type)) {
            for (CapturedPacket p : packets) {
                writer.write(p);
            }
        }
        return out.toByteArray();
    }

    @Test
    void fileHeaderAndRecordByteForByte() throws Exception {
        byte[] file = written(LinkType.ETHERNET, new CapturedPacket(1700000000_123456789L, 60, ascii("abcde")));
        assertThat(file).isEqualTo(hex("""
                d4c3b2a1   # magic a1b2c3d4, little-endian: microseconds
                0200 0400  # version 2.4
                00000000 00000000
                00000400   # snapshot length 262144
                01000000   # link type 1, Ethernet
                00f15365   # 1700000000 s
                40e20100   # 123456 us (the 789 ns below a microsecond are dropped)
                05000000   # captured length 5
                3c000000   # original length 60
                6162636465
                """));
        assertThat(Arrays.copyOfRange(written(LinkType.RAW), 20, 24)).isEqualTo(hex("65000000"));
        assertThat(Arrays.copyOfRange(written(LinkType.IPV4), 20, 24)).isEqualTo(hex("e4000000"));
    }

    @Test
    void roundTripEthernetThroughAFile() throws Exception {
        Capture ethernet = read(resource("scapy-be-usec.pcap"));
        Path file = dir.resolve("ethernet.pcap");
        ethernet.write(file);
        assertThat(Capture.read(file)).isEqualTo(ethernet);
        try (PcapReader reader = PcapReader.open(file)) {
            assertThat(reader.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(reader.next()).isEqualTo(ethernet.packets().get(0));
        }
        assertThat(Files.size(file)).isEqualTo(24 + 16 + 62 + 16 + 40);
    }

    @Test
    void roundTripRawIpThroughAStream() throws Exception {
        for (LinkType type : List.of(LinkType.IPV4, LinkType.RAW)) {
            List<CapturedPacket> packets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] data = new byte[20 + i * 7];
                Arrays.fill(data, (byte) i);
                data[0] = 0x45;
                packets.add(new CapturedPacket(1_000_000L * i + 1_000, data.length + i % 3, data));
            }
            packets.add(CapturedPacket.of(0, new byte[0]));
            Capture capture = new Capture(type, packets);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            capture.write(out);
            assertThat(read(out.toByteArray())).isEqualTo(capture);
        }
    }

    @Test
    void rejectsWhatPcapCannotHold() throws Exception {
        try (PcapWriter writer = new PcapWriter(new ByteArrayOutputStream(), LinkType.ETHERNET)) {
            assertThatThrownBy(() -> writer.write(CapturedPacket.of(-1, new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp -1 ns");
            assertThatThrownBy(() -> writer.write(CapturedPacket.of((1L << 32) * 1_000_000_000L, new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside what pcap can record");
            assertThatThrownBy(() -> writer.write(CapturedPacket.of(0, new byte[PcapWriter.SNAP_LENGTH + 1])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("packet has 262145 captured bytes, more than the snapshot length 262144");
            writer.write(CapturedPacket.of((1L << 32) * 1_000_000_000L - 1, new byte[PcapWriter.SNAP_LENGTH]));
        }
    }

    @Test
    void theLastSecondAndTheLargestPacketReadBack() throws Exception {
        CapturedPacket last = CapturedPacket.of(4294967295_999999000L, new byte[PcapWriter.SNAP_LENGTH]);
        assertThat(read(written(LinkType.ETHERNET, last)).packets()).containsExactly(last);
    }

    // ---- the real tools read what the writer writes (run where they are installed) ----

    static boolean tcpdumpInstalled() {
        return onPath("tcpdump");
    }

    static boolean tsharkInstalled() {
        return onPath("tshark");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static List<String> run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().toList();
    }

    /** tcpdump decodes the file: its header, timestamps, addresses, ports and lengths. */
    @Test
    @EnabledIf("tcpdumpInstalled")
    void tcpdumpReadsTheWrittenFile() throws Exception {
        Path ethernet = dir.resolve("ethernet.pcap");
        read(resource("scapy-be-usec.pcap")).write(ethernet);
        assertThat(run("tcpdump", "-nn", "-tt", "-r", ethernet.toString())).containsExactly(
                "reading from file " + ethernet + ", link-type EN10MB (Ethernet), snapshot length 262144",
                "1700000000.123456 IP 10.0.0.1.1111 > 10.0.0.2.5678: UDP, length 20",
                "1700000001.999999 IP 10.0.0.1.2222 > 10.0.0.2.5678:  [|udp]");
        Path ipv4 = dir.resolve("ipv4.pcap");
        read(resource("editcap-ipv4.pcap")).write(ipv4);
        assertThat(run("tcpdump", "-nn", "-tt", "-r", ipv4.toString())).containsExactly(
                "reading from file " + ipv4 + ", link-type IPV4 (Raw IPv4), snapshot length 262144",
                "1796560470.890335 IP 127.0.0.1.41642 > 127.0.0.1.40999: UDP, length 12",
                "1796560471.140713 IP 127.0.0.1.41642 > 127.0.0.1.40999: UDP, length 13",
                "1796560471.391106 IP 127.0.0.1.41642 > 127.0.0.1.40999: UDP, length 100");
    }

    /** tshark reports the same times and lengths, and the written packets' UDP payloads. */
    @Test
    @EnabledIf("tsharkInstalled")
    void tsharkReadsTheWrittenFile() throws Exception {
        Path raw = dir.resolve("raw.pcap");
        Capture capture = read(resource("editcap-raw.pcapng"));
        new Capture(LinkType.RAW, capture.packets()).write(raw);
        List<String> lines = run("tshark", "-r", raw.toString(), "-T", "fields", "-e", "frame.time_epoch",
                "-e", "frame.len", "-e", "frame.cap_len", "-e", "data.data");
        assertThat(lines.stream().filter(l -> !l.startsWith("Running as user"))).containsExactly(
                "1796560470.890335000\t54\t40\t" + hexOf("lunatik usec"),
                "1796560471.140713000\t55\t41\t" + hexOf("hello, kernel"),
                "1796560471.391106000\t142\t128\t" + hexOf("x".repeat(100)));
    }

    private static String hexOf(String text) {
        return HexFormat.of().formatHex(ascii(text));
    }
}
