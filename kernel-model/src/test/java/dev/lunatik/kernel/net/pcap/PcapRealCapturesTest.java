package dev.lunatik.kernel.net.pcap;

import static dev.lunatik.kernel.net.pcap.PcapTestSupport.concat;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.hex;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.read;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.resource;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.u16;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.udpPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Captures written by real tools, not by this package: tcpdump 4.99.3 (libpcap 1.10.3) and
 * Wireshark 4.0.17's dumpcap, editcap and text2pcap capturing or converting UDP datagrams sent
 * over the loopback interface, and scapy 2.5.0 writing big-endian files. The script
 * {@code make-captures.sh} beside the files says exactly how each was made; the expected
 * timestamps and lengths are what {@code tshark -r FILE -T fields -e frame.time_epoch -e frame.len
 * -e frame.cap_len} printed for them.
 */
class PcapRealCapturesTest {
    /** tcpdump -i lo -w: classic pcap, little-endian, microseconds, Ethernet (lo's link type). */
    @Test
    void tcpdumpMicrosecondEthernet() throws Exception {
        Capture c = read(resource("tcpdump-lo-usec.pcap"));
        assertThat(c.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1796560470_890335000L, 1796560471_140713000L, 1796560471_391106000L);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(54, 55, 142);
        assertThat(c.packets()).extracting(CapturedPacket::originalLength).containsExactly(54, 55, 142);

        byte[] first = c.packets().get(0).data();
        // Ethernet header on lo: zero MAC addresses, EtherType IPv4.
        assertThat(Arrays.copyOf(first, 14)).isEqualTo(hex("000000000000 000000000000 0800"));
        // IPv4 from 127.0.0.1 to 127.0.0.1, id 0x1c5b; UDP from port 41642 to 40999.
        assertThat(Arrays.copyOfRange(first, 14, 34)).isEqualTo(hex("4500 0028 1c5b 4000 4011 2068 7f000001 7f000001"));
        assertThat(u16(first, 34)).isEqualTo(41642);
        assertThat(u16(first, 36)).isEqualTo(40999);
        assertThat(udpPayload(first, 14)).isEqualTo("lunatik usec");
        assertThat(udpPayload(c.packets().get(1).data(), 14)).isEqualTo("hello, kernel");
        assertThat(udpPayload(c.packets().get(2).data(), 14)).isEqualTo("x".repeat(100));
    }

    /** tcpdump --time-stamp-precision=nano: the nanosecond magic a1b23c4d, little-endian. */
    @Test
    void tcpdumpNanosecondEthernet() throws Exception {
        Capture c = read(resource("tcpdump-lo-nsec.pcap"));
        assertThat(c.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1796560475_785891882L, 1796560476_036452313L, 1796560476_289707100L);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(54, 55, 142);
        assertThat(udpPayload(c.packets().get(0).data(), 14)).isEqualTo("lunatik nsec");
        assertThat(u16(c.packets().get(0).data(), 34)).isEqualTo(56068);
    }

    /**
     * dumpcap -w: pcapng, little-endian, with what dumpcap puts around the packets: section
     * header options (hardware, OS, application), an interface description with a name, a
     * description, a filter, an OS and if_tsresol = 9 (nanoseconds), and an interface statistics
     * block after the packets, which the reader skips.
     */
    @Test
    void dumpcapPcapng() throws Exception {
        Capture c = read(resource("dumpcap-lo.pcapng"));
        assertThat(c.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1796560480_649463884L, 1796560480_899878317L, 1796560481_150360589L);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(57, 55, 142);
        assertThat(c.packets()).extracting(CapturedPacket::originalLength).containsExactly(57, 55, 142);
        assertThat(udpPayload(c.packets().get(0).data(), 14)).isEqualTo("lunatik dumpcap");
        assertThat(udpPayload(c.packets().get(2).data(), 14)).isEqualTo("x".repeat(100));
    }

    /**
     * editcap -C 14 -T rawip4: the same three packets without their Ethernet headers, as
     * LINKTYPE_IPV4 (228). editcap keeps the original lengths, so each packet is 14 bytes short
     * of its original length.
     */
    @Test
    void editcapRawIpv4() throws Exception {
        Capture ethernet = read(resource("tcpdump-lo-usec.pcap"));
        Capture c = read(resource("editcap-ipv4.pcap"));
        assertThat(c.linkType()).isEqualTo(LinkType.IPV4);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(40, 41, 128);
        assertThat(c.packets()).extracting(CapturedPacket::originalLength).containsExactly(54, 55, 142);
        assertThat(c.packets()).allMatch(CapturedPacket::isTruncated);
        for (int i = 0; i < 3; i++) {
            CapturedPacket ip = c.packets().get(i);
            byte[] frame = ethernet.packets().get(i).data();
            assertThat(ip.timestampNanos()).isEqualTo(ethernet.packets().get(i).timestampNanos());
            assertThat(ip.data()).isEqualTo(Arrays.copyOfRange(frame, 14, frame.length));
        }
        assertThat(c.packets().get(0).data()[0]).isEqualTo((byte) 0x45);
        assertThat(udpPayload(c.packets().get(0).data(), 0)).isEqualTo("lunatik usec");
    }

    /** editcap -F pcapng -T rawip: LINKTYPE_RAW (101) in pcapng; the same packets as the pcap. */
    @Test
    void editcapRawPcapngHoldsTheSamePacketsAsThePcap() throws Exception {
        Capture c = read(resource("editcap-raw.pcapng"));
        assertThat(c.linkType()).isEqualTo(LinkType.RAW);
        assertThat(c.packets()).isEqualTo(read(resource("editcap-ipv4.pcap")).packets());
    }

    /** scapy, endianness "&gt;": classic pcap in big-endian byte order (magic a1b2c3d4 as is). */
    @Test
    void scapyBigEndianMicroseconds() throws Exception {
        byte[] file = resource("scapy-be-usec.pcap");
        assertThat(Arrays.copyOf(file, 4)).isEqualTo(hex("a1b2c3d4"));
        Capture c = read(file);
        assertThat(c.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1700000000_123456000L, 1700000001_999999000L);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(62, 40);
        assertThat(c.packets()).extracting(CapturedPacket::originalLength).containsExactly(62, 79);
        byte[] first = c.packets().get(0).data();
        assertThat(Arrays.copyOf(first, 14)).isEqualTo(hex("020000000002 020000000001 0800"));
        assertThat(Arrays.copyOfRange(first, 26, 34)).isEqualTo(hex("0a000001 0a000002"));
        assertThat(u16(first, 34)).isEqualTo(1111);
        assertThat(udpPayload(first, 14)).isEqualTo("scapy big-endian one");
    }

    /** scapy with nano=True and endianness "&gt;": magic a1b23c4d, big-endian. */
    @Test
    void scapyBigEndianNanoseconds() throws Exception {
        byte[] file = resource("scapy-be-nsec.pcap");
        assertThat(Arrays.copyOf(file, 4)).isEqualTo(hex("a1b23c4d"));
        Capture c = read(file);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1700000000_123456789L, 1700000001_999999999L);
        Capture micro = read(resource("scapy-be-usec.pcap"));
        assertThat(c.packets()).extracting(CapturedPacket::data)
                .containsExactlyElementsOf(micro.packets().stream().map(CapturedPacket::data).toList());
    }

    /**
     * scapy's pcapng writer made to write big-endian: an enhanced packet block with a comment
     * option, a simple packet block (no timestamp: time 0) and a cut enhanced packet block, under
     * an interface with no if_tsresol (so microseconds).
     */
    @Test
    void scapyBigEndianPcapngWithSimplePacketBlock() throws Exception {
        byte[] file = resource("scapy-be.pcapng");
        assertThat(Arrays.copyOfRange(file, 8, 12)).isEqualTo(hex("1a2b3c4d"));
        Capture c = read(file);
        assertThat(c.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1700000002_500000000L, 0L, 1700000003_250000000L);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(62, 61, 40);
        assertThat(c.packets()).extracting(CapturedPacket::originalLength).containsExactly(62, 61, 79);
        assertThat(udpPayload(c.packets().get(1).data(), 14)).isEqualTo("simple packet block");
        Capture classic = read(resource("scapy-be-usec.pcap"));
        assertThat(c.packets().get(0).data()).isEqualTo(classic.packets().get(0).data());
        assertThat(c.packets().get(2).data()).isEqualTo(classic.packets().get(1).data());
    }

    /**
     * Two pcapng files one after the other make one file of two sections (tshark reads it so);
     * here the first section is little-endian, the second big-endian, and each has its own
     * interface 0 with its own timestamp resolution.
     */
    @Test
    void twoSectionsInDifferentByteOrders() throws Exception {
        Capture little = read(resource("dumpcap-lo.pcapng"));
        Capture big = read(resource("scapy-be.pcapng"));
        Capture both = read(concat(resource("dumpcap-lo.pcapng"), resource("scapy-be.pcapng")));
        assertThat(both.packets()).hasSize(6);
        assertThat(both.packets().subList(0, 3)).isEqualTo(little.packets());
        assertThat(both.packets().subList(3, 6)).isEqualTo(big.packets());
    }

    /** text2pcap -l 147: a classic pcap of a link type this package does not read. */
    @Test
    void unsupportedLinkTypeFromText2pcap() {
        assertThatThrownBy(() -> read(resource("text2pcap-linktype147.pcap")))
                .isInstanceOf(PcapException.class)
                .hasMessage("unsupported link type 147 (only Ethernet and raw IPv4) (at byte offset 20)")
                .extracting(e -> ((PcapException) e).byteOffset()).isEqualTo(20L);
    }

    /** tcpdump -i any: Linux "cooked" headers, LINKTYPE_LINUX_SLL2 (276). */
    @Test
    void unsupportedLinkTypeFromTcpdumpOnAny() {
        assertThatThrownBy(() -> read(resource("tcpdump-any-sll2.pcap")))
                .isInstanceOf(PcapException.class)
                .hasMessageStartingWith("unsupported link type 276 (only Ethernet and raw IPv4)");
    }

    /**
     * Reading what tcpdump and editcap wrote and writing it again gives their files byte for byte:
     * the same header (little-endian, version 2.4, snapshot length 262144) and records.
     */
    @Test
    void writingBackGivesTheToolsFilesByteForByte() throws Exception {
        for (String name : List.of("tcpdump-lo-usec.pcap", "editcap-ipv4.pcap")) {
            byte[] original = resource(name);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            read(original).write(out);
            assertThat(out.toByteArray()).as(name).isEqualTo(original);
        }
    }
}
