package dev.lunatik.kernel.net.pcap;

import static dev.lunatik.kernel.net.pcap.PcapTestSupport.ascii;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.concat;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.hex;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.kernel.net.pcap.PcapTestSupport.Blocks;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files built byte for byte from the format descriptions (the libpcap file format, and pcapng
 * as draft-ietf-opsawg-pcapng lays it out), for what the tools at hand do not write: binary and
 * sub-nanosecond timestamp resolutions, if_tsoffset, the obsolete packet block, several
 * interfaces, the DLT_RAW codes.
 */
class PcapFormatTest {
    private static final Blocks LE = new Blocks(ByteOrder.LITTLE_ENDIAN);
    private static final Blocks BE = new Blocks(ByteOrder.BIG_ENDIAN);

    /** A big-endian classic pcap of LINKTYPE_RAW holding one 20-byte IPv4 header. */
    @Test
    void classicPcapBigEndianRawIp() throws Exception {
        byte[] file = hex("""
                a1b2c3d4   # magic, microseconds, written big-endian
                0002 0004  # version 2.4
                00000000   # reserved (thiszone)
                00000000   # reserved (sigfigs)
                0000ffff   # snapshot length 65535
                00000065   # link type 101, LINKTYPE_RAW
                # record 1
                5e0be100   # seconds 1577836800 (2020-01-01T00:00:00Z)
                000f423f   # microseconds 999999
                00000014   # captured length 20
                00000028   # original length 40
                45000028 00010000 4006 0000 c0000201 c6336401  # IPv4 header, 192.0.2.1 to 198.51.100.1, TCP
                """);
        Capture c = read(file);
        assertThat(c.linkType()).isEqualTo(LinkType.RAW);
        assertThat(c.packets()).singleElement().satisfies(p -> {
            assertThat(p.timestampNanos()).isEqualTo(1577836800_999999000L);
            assertThat(p.capturedLength()).isEqualTo(20);
            assertThat(p.originalLength()).isEqualTo(40);
            assertThat(p.data()).startsWith(0x45, 0x00, 0x00, 0x28).endsWith(0xc6, 0x33, 0x64, 0x01);
        });
    }

    /** The classic pcap seconds field is unsigned: 0xffffffff is 2106, not -1. */
    @Test
    void classicPcapSecondsAreUnsigned() throws Exception {
        byte[] file = hex("""
                4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000  # little-endian, nanoseconds, Ethernet
                ffffffff ffc99a3b 00000000 00000000                      # 4294967295 s, 999999999 ns, empty
                """);
        assertThat(read(file).packets()).singleElement()
                .extracting(CapturedPacket::timestampNanos).isEqualTo(4294967295_999999999L);
    }

    /** A little-endian pcapng of every block the reader knows or must skip, annotated field by field. */
    @Test
    void pcapngBlocksByHand() throws Exception {
        byte[] file = hex("""
                # Section Header Block
                0a0d0d0a          # block type
                24000000          # block total length 36
                4d3c2b1a          # byte-order magic 0x1a2b3c4d read little-endian
                0100 0000         # version 1.0
                ffffffffffffffff  # section length: not given
                0400 0100 41000000  # option shb_userappl, 1 byte: "A", padded
                24000000          # block total length again
                # Interface Description Block
                01000000          # block type 1
                2c000000          # block total length 44
                0100 0000         # link type 1 (Ethernet), reserved
                00000400          # snapshot length 262144
                0900 0100 03000000          # if_tsresol, 1 byte: 3 = milliseconds, padded
                0e00 0800 e803000000000000  # if_tsoffset, 8 bytes: 1000 seconds
                0000 0000         # opt_endofopt
                2c000000
                # Interface Statistics Block: not read, skipped
                05000000 18000000 00000000 00000000 00000000 18000000
                # Enhanced Packet Block
                06000000          # block type 6
                30000000          # block total length 48
                00000000          # interface 0
                00000000 dc050000 # timestamp 1500 (ms), high word then low word
                0e000000          # captured length 14
                3c000000          # original length 60
                ffffffffffff 020000000001 0806  0000  # an Ethernet header (ARP), padding
                30000000
                # Packet Block (obsolete)
                02000000          # block type 2
                2c000000          # block total length 44
                0000 0000         # interface 0 (16 bits), drops count
                00000000 01000000 # timestamp 1 (ms)
                0c000000 0c000000 # captured and original length 12
                ffffffffffff 020000000002
                2c000000
                # a custom block type of local use: skipped
                ad0b0080 10000000 deadbeef 10000000
                # Simple Packet Block
                03000000          # block type 3
                14000000          # block total length 20
                04000000          # original length 4
                01020304
                14000000
                """);
        Capture c = read(file);
        assertThat(c.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(c.packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1001_500_000_000L, 1000_001_000_000L, 0L);
        assertThat(c.packets()).extracting(CapturedPacket::capturedLength).containsExactly(14, 12, 4);
        assertThat(c.packets()).extracting(CapturedPacket::originalLength).containsExactly(60, 12, 4);
        assertThat(c.packets().get(0).data()).isEqualTo(hex("ffffffffffff 020000000001 0806"));
        assertThat(c.packets().get(2).data()).isEqualTo(hex("01020304"));
    }

    /** if_tsresol with the top bit set is a power of two: 0x8a means units of 2^-10 s. */
    @Test
    void binaryTimestampResolution() throws Exception {
        byte[] file = concat(LE.sectionHeader(), LE.interfaceDescription(1, 0, 9, LE.tsresol(0x8a)),
                LE.enhancedPacket(0, 1536, 1, new byte[1]),   // 1.5 s
                LE.enhancedPacket(0, 1, 1, new byte[1]));     // 1/1024 s = 976562.5 ns, rounded down
        assertThat(read(file).packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1_500_000_000L, 976_562L);
    }

    /** Finer than nanoseconds (if_tsresol 12, picoseconds); the 64-bit count is unsigned. */
    @Test
    void picosecondResolutionAndUnsignedTimestamps() throws Exception {
        byte[] file = concat(BE.sectionHeader(), BE.interfaceDescription(1, 0, 9, BE.tsresol(12)),
                BE.enhancedPacket(0, 1_234_567_891_234L, 1, new byte[1]),
                BE.enhancedPacket(0, -1L, 1, new byte[1]));   // 2^64 - 1 ps
        assertThat(read(file).packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(1_234_567_891L, 18_446_744_073_709_551L);
    }

    /** Each interface has its own resolution; packets name theirs by id. */
    @Test
    void interfacesKeepTheirOwnResolution() throws Exception {
        byte[] file = concat(LE.sectionHeader(),
                LE.interfaceDescription(1, 0),                              // 0: microseconds (default)
                LE.interfaceDescription(1, 0, 9, LE.tsresol(9)),            // 1: nanoseconds
                LE.interfaceDescription(1, 0, 9, LE.tsresol(0), 14, LE.tsoffset(-10)), // 2: seconds, 10 s earlier
                LE.enhancedPacket(1, 7, 1, new byte[] {1}),
                LE.enhancedPacket(0, 7, 1, new byte[] {0}),
                LE.enhancedPacket(2, 7, 1, new byte[] {2}));
        assertThat(read(file).packets()).extracting(CapturedPacket::timestampNanos)
                .containsExactly(7L, 7_000L, -3_000_000_000L);
    }

    /** A simple packet block's captured length is its original length, cut to interface 0's snapshot length. */
    @Test
    void simplePacketBlockIsCutToTheSnapshotLength() throws Exception {
        byte[] file = concat(LE.sectionHeader(), LE.interfaceDescription(101, 6),
                LE.simplePacket(40, hex("45000028 0001 0000")));
        assertThat(read(file).packets()).singleElement().satisfies(p -> {
            assertThat(p.data()).isEqualTo(hex("45000028 0001"));
            assertThat(p.originalLength()).isEqualTo(40);
        });
    }

    /** The reader hands packets out one by one; the link type is known before the first. */
    @Test
    void readsPacketByPacket() throws Exception {
        byte[] file = concat(LE.sectionHeader(), LE.interfaceDescription(228, 0),
                LE.enhancedPacket(0, 1, 3, ascii("abc")), LE.enhancedPacket(0, 2, 5, ascii("de")));
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
            assertThat(reader.linkType()).isEqualTo(LinkType.IPV4);
            assertThat(reader.next()).isEqualTo(new CapturedPacket(1_000, 3, ascii("abc")));
            assertThat(reader.next()).isEqualTo(new CapturedPacket(2_000, 5, ascii("de")));
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void linkTypeCodes() {
        assertThat(LinkType.fromCode(1)).contains(LinkType.ETHERNET);
        assertThat(LinkType.fromCode(101)).contains(LinkType.RAW);
        assertThat(LinkType.fromCode(12)).contains(LinkType.RAW);
        assertThat(LinkType.fromCode(14)).contains(LinkType.RAW);
        assertThat(LinkType.fromCode(228)).contains(LinkType.IPV4);
        assertThat(LinkType.fromCode(113)).isEmpty();
        assertThat(LinkType.RAW.code()).isEqualTo(101);
    }

    /** DLT_RAW as some systems wrote it (12) reads as raw IP. */
    @Test
    void dltRawCodeInAFileHeader() throws Exception {
        byte[] file = hex("d4c3b2a1 0200 0400 00000000 00000000 ffff0000 0c000000");
        assertThat(read(file)).isEqualTo(new Capture(LinkType.RAW, List.of()));
    }

    @Test
    void packetsCompareByContent() {
        CapturedPacket a = new CapturedPacket(5, 4, new byte[] {1, 2});
        byte[] bytes = {1, 2};
        CapturedPacket b = new CapturedPacket(5, 4, bytes);
        bytes[0] = 9; // the packet took a copy
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new CapturedPacket(5, 4, new byte[] {1, 3}));
        assertThat(a).isNotEqualTo(new CapturedPacket(6, 4, new byte[] {1, 2}));
        b.data()[0] = 9; // and hands out copies
        assertThat(b.data()).containsExactly(1, 2);
        assertThat(a.isTruncated()).isTrue();
        assertThat(CapturedPacket.of(5, new byte[] {1, 2}).isTruncated()).isFalse();
        assertThat(a).hasToString("CapturedPacket[timestampNanos=5, originalLength=4, capturedLength=2]");
        assertThatThrownBy(() -> new CapturedPacket(0, 1, new byte[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("original length 1 is less than the 2 bytes captured");
    }
}
