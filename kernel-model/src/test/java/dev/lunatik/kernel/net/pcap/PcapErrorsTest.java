package dev.lunatik.kernel.net.pcap;

import static dev.lunatik.kernel.net.pcap.PcapTestSupport.ascii;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.concat;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.cut;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.hex;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.read;
import static dev.lunatik.kernel.net.pcap.PcapTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.kernel.net.pcap.PcapTestSupport.Blocks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Files that cannot be read fail with a {@link PcapException} that says what and where, never with anything else. */
class PcapErrorsTest {
    private static final Blocks LE = new Blocks(ByteOrder.LITTLE_ENDIAN);

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(byte[] file) {
        return assertThatThrownBy(() -> read(file)).isInstanceOf(PcapException.class);
    }

    private static byte[] patchInt(byte[] file, int at, int value, ByteOrder order) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(order).putInt(at, value);
        return copy;
    }

    @Test
    void notACaptureFile() {
        assertFails(new byte[0]).hasMessage("not a pcap or pcapng file: it is empty (at byte offset 0)");
        assertFails(hex("d4c3b2")).hasMessage("not a pcap or pcapng file: it is only 3 bytes long (at byte offset 0)");
        assertFails(ascii("GIF89a...")).hasMessage("not a pcap or pcapng file: it starts with 0x47494638 (at byte offset 0)");
        // the "modified" pcap format of some old Linux tools is not read either
        assertFails(hex("a1b2cd34 0002 0004")).hasMessageStartingWith("not a pcap or pcapng file: it starts with 0xa1b2cd34");
    }

    @Test
    void unsupportedVersions() {
        assertFails(hex("d4c3b2a1 0100 0000 00000000 00000000 ffff0000 01000000"))
                .hasMessage("unsupported pcap version 1.0 (only 2.x) (at byte offset 4)");
        byte[] shb = LE.sectionHeader();
        shb[12] = 2;
        assertFails(concat(shb, LE.interfaceDescription(1, 0)))
                .hasMessage("unsupported pcapng version 2.0 (only 1.x) (at byte offset 12)");
    }

    /** Cut at every byte: either the cut falls between records and the packets before it read, or it is reported. */
    @Test
    void classicPcapCutAtEveryByte() throws Exception {
        byte[] file = resource("tcpdump-lo-usec.pcap");
        // header 24 bytes, then records of 16 + 54, 16 + 55, 16 + 142 bytes
        List<Integer> boundaries = List.of(24, 94, 165, 323);
        assertThat(file).hasSize(323);
        for (int n = 4; n < file.length; n++) {
            byte[] cutFile = cut(file, n);
            if (boundaries.contains(n)) {
                assertThat(read(cutFile).packets()).as("cut at %d", n).hasSize(boundaries.indexOf(n));
            } else {
                assertFails(cutFile).as("cut at %d", n).hasMessageStartingWith("truncated file: ");
            }
        }
        assertFails(cut(file, 10))
                .hasMessage("truncated file: pcap file header needs 20 bytes, but only 6 remain (at byte offset 4)");
        assertFails(cut(file, 100))
                .hasMessage("truncated file: packet 2's record header needs 16 bytes, but only 6 remain (at byte offset 94)");
        assertFails(cut(file, 120))
                .hasMessage("truncated file: packet 2's data needs 55 bytes, but only 10 remain (at byte offset 110)");
        assertFails(cut(file, 322))
                .hasMessage("truncated file: packet 3's data needs 142 bytes, but only 141 remain (at byte offset 181)");
    }

    @Test
    void pcapngCutAtEveryByte() throws Exception {
        byte[] file = resource("dumpcap-lo.pcapng");
        // section header 164 bytes, interface description 100, packets 92, 88, 176, statistics 108
        List<Integer> boundaries = List.of(264, 356, 444, 620, 728);
        assertThat(file).hasSize(728);
        for (int n = 4; n < file.length; n++) {
            byte[] cutFile = cut(file, n);
            if (n == 164) {
                assertFails(cutFile).hasMessage(
                        "pcapng file has no interface description block, so no link type (at byte offset 164)");
            } else if (boundaries.contains(n)) {
                assertThat(read(cutFile).packets()).as("cut at %d", n).hasSize(Math.min(3, boundaries.indexOf(n)));
            } else {
                assertFails(cutFile).as("cut at %d", n).hasMessageStartingWith("truncated file: ");
            }
        }
        assertFails(cut(file, 6))
                .hasMessage("truncated file: section header block needs 8 bytes, but only 2 remain (at byte offset 4)");
        assertFails(cut(file, 100))
                .hasMessage("truncated file: section header block's options needs 136 bytes, but only 76 remain"
                        + " (at byte offset 24)");
        assertFails(cut(file, 400))
                .hasMessage("truncated file: packet 2's enhanced packet block needs 76 bytes, but only 36 remain"
                        + " (at byte offset 364)");
        assertFails(cut(file, 725))
                .hasMessage("truncated file: block of type 0x00000005's trailing length needs 4 bytes, but only 1 remains"
                        + " (at byte offset 724)");
    }

    @Test
    void absurdCapturedLengths() {
        byte[] file = resource("tcpdump-lo-usec.pcap");
        assertFails(patchInt(file, 24 + 8, 0x7fffffff, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1: captured length 2147483647 exceeds the limit of 262144 bytes (at byte offset 24)");
        assertFails(patchInt(file, 24 + 8, -1, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1: captured length 4294967295 exceeds the limit of 262144 bytes (at byte offset 24)");
        assertFails(patchInt(file, 94 + 12, -2, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 2: original length 4294967294 is absurd (at byte offset 94)");
        assertFails(patchInt(file, 165 + 12, 100, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 3: original length 100 is less than its captured length 142 (at byte offset 165)");
        // one byte over the limit, in a file long enough to hold it
        byte[] big = concat(patchInt(cut(file, 24 + 16), 24 + 8, 262145, ByteOrder.LITTLE_ENDIAN), new byte[262145]);
        big = patchInt(big, 24 + 12, 262145, ByteOrder.LITTLE_ENDIAN);
        assertFails(big).hasMessage("packet 1: captured length 262145 exceeds the limit of 262144 bytes (at byte offset 24)");
        byte[] atLimit = patchInt(patchInt(big, 24 + 8, 262144, ByteOrder.LITTLE_ENDIAN), 24 + 12, 262144,
                ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> read(atLimit)).isInstanceOf(PcapException.class)
                .hasMessageStartingWith("truncated file: packet 2's record header needs 16 bytes, but only 1 remains");
    }

    @Test
    void badPcapngBlockLengths() {
        byte[] file = resource("dumpcap-lo.pcapng");
        int epb = 264; // the first enhanced packet block, 92 bytes long
        assertFails(patchInt(file, epb + 4, 90, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1's enhanced packet block: block length 90 is not a multiple of 4 (at byte offset 264)");
        assertFails(patchInt(file, epb + 4, 8, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1's enhanced packet block: block length 8 is less than its minimum 32 (at byte offset 264)");
        assertFails(patchInt(file, epb + 4, 0x7ffffff0, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1's enhanced packet block: block length 2147483632 exceeds the limit of 1048576 bytes"
                        + " (at byte offset 264)");
        assertFails(patchInt(file, epb + 88, 96, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1's enhanced packet block: block length inconsistent: 92 at its start, 96 at its end"
                        + " (at byte offset 264)");
        assertFails(patchInt(file, epb + 4, 96, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1's enhanced packet block: block length inconsistent: 96 at its start, 6 at its end"
                        + " (at byte offset 264)");
        // the captured length runs past the block (packet data 57 bytes, padded to 60)
        assertFails(patchInt(patchInt(file, epb + 20, 61, ByteOrder.LITTLE_ENDIAN), epb + 24, 100, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("packet 1: captured length 61 overruns its 92-byte block (at byte offset 264)");
        // a block the reader skips may be long; it is skipped, not loaded, and found cut short
        int isb = 620;
        assertFails(patchInt(file, isb + 4, 0x7ffffff0, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("truncated file: block of type 0x00000005 needs 2147483620 bytes, but only 100 remain"
                        + " (at byte offset 628)");
        assertFails(patchInt(file, isb + 4, 4, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("block of type 0x00000005: block length 4 is less than its minimum 12 (at byte offset 620)");
    }

    @Test
    void badSectionHeader() {
        byte[] file = resource("dumpcap-lo.pcapng");
        assertFails(patchInt(file, 8, 0x1a2b3c4e, ByteOrder.BIG_ENDIAN))
                .hasMessage("section header block: bad byte-order magic 0x1a2b3c4e (at byte offset 8)");
        assertFails(patchInt(file, 4, 26, ByteOrder.LITTLE_ENDIAN))
                .hasMessage("section header block: block length 26 is not a multiple of 4 (at byte offset 0)");
    }

    @Test
    void pcapngInterfaceProblems() {
        byte[] shb = LE.sectionHeader();
        byte[] packet = LE.enhancedPacket(0, 0, 1, new byte[1]);
        assertFails(concat(shb, packet)).hasMessage(
                "packet 1 refers to interface 0, but its section has described none yet (at byte offset 28)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0), LE.enhancedPacket(1, 0, 1, new byte[1])))
                .hasMessage("packet 1 refers to interface 1, but its section has only 1 (at byte offset 48)");
        // interfaces belong to their section: a new section starts with none
        assertFails(concat(shb, LE.interfaceDescription(1, 0), packet, shb, packet)).hasMessage(
                "packet 2 refers to interface 0, but its section has described none yet (at byte offset 112)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0), LE.interfaceDescription(113, 0)))
                .hasMessage("interface 1: unsupported link type 113 (only Ethernet and raw IPv4) (at byte offset 56)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0), packet, LE.interfaceDescription(228, 0)))
                .hasMessage("interface 1 has link type IPV4 (228) but an earlier one has ETHERNET;"
                        + " mixed link types are not supported (at byte offset 92)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0, 9, new byte[2])))
                .hasMessage("interface 0: if_tsresol option of 2 bytes (must be 1) (at byte offset 44)");
        byte[] overrun = LE.interfaceDescription(1, 0, 9, LE.tsresol(6));
        overrun[18] = 40; // the option's length
        assertFails(concat(shb, overrun))
                .hasMessage("interface 0: option 9 of 40 bytes overruns its interface description block (at byte offset 44)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0, 14, LE.tsoffset(Long.MAX_VALUE / 10))))
                .hasMessage("interface 0: if_tsoffset of 922337203685477580 seconds is out of range (at byte offset 28)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0, 9, LE.tsresol(9)), LE.enhancedPacket(0, -1, 1, new byte[1])))
                .hasMessage("packet 1: timestamp does not fit in 64-bit nanoseconds (at byte offset 60)");
        assertFails(concat(shb, LE.interfaceDescription(1, 0, 9, LE.tsresol(0)),
                LE.enhancedPacket(0, Long.MAX_VALUE / 1_000_000_000L + 1, 1, new byte[1])))
                .hasMessage("packet 1: timestamp does not fit in 64-bit nanoseconds (at byte offset 60)");
    }

    /**
     * Random damage to real files (seeded, so repeatable): every outcome is a capture or a
     * PcapException, never an exception of another kind, however the lengths come out.
     */
    @Test
    void damagedFilesFailCleanly() {
        Random random = new Random(20261206);
        Set<String> failures = new TreeSet<>();
        for (String name : List.of("tcpdump-lo-usec.pcap", "scapy-be-nsec.pcap", "dumpcap-lo.pcapng",
                "scapy-be.pcapng", "editcap-raw.pcapng")) {
            byte[] file = resource(name);
            for (int round = 0; round < 3000; round++) {
                byte[] damaged = file.clone();
                int hits = 1 + random.nextInt(4);
                for (int i = 0; i < hits; i++) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    damaged = cut(damaged, random.nextInt(damaged.length + 1));
                }
                try {
                    read(damaged);
                } catch (PcapException e) {
                    assertThat(e.getMessage()).matches(".*\\(at byte offset \\d+\\)");
                    assertThat(e.byteOffset()).isBetween(0L, (long) damaged.length);
                    failures.add(e.getMessage().replaceAll("0x[0-9a-f]+", "0xH").replaceAll("[0-9]+", "N"));
                } catch (Exception | Error e) {
                    throw new AssertionError(name + " damaged in round " + round + " threw " + e, e);
                }
            }
        }
        // the damage reached deep enough to hit the length checks, not only the magic number
        assertThat(String.join("\n", failures)).contains("truncated file", "not a multiple of N",
                "exceeds the limit", "block length inconsistent", "not a pcap or pcapng file");
    }
}
