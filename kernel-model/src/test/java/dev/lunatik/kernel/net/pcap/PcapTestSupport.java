package dev.lunatik.kernel.net.pcap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Test helpers: the capture files under test resources, hex with comments, pcapng blocks. */
final class PcapTestSupport {
    private PcapTestSupport() {}

    /** A capture file from src/test/resources/dev/lunatik/kernel/net/pcap (see make-captures.sh there). */
    static byte[] resource(String name) {
        try (InputStream in = PcapTestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Capture read(byte[] file) throws IOException {
        return Capture.read(new ByteArrayInputStream(file));
    }

    /** Hex digits, with white space ignored and a comment from '#' to the end of each line. */
    static byte[] hex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            digits.append((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(digits);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The UDP payload of an IPv4 packet without IP options, starting {@code at} the IP header. */
    static String udpPayload(byte[] packet, int at) {
        return new String(packet, at + 28, packet.length - at - 28, StandardCharsets.US_ASCII);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] cut(byte[] file, int length) {
        return Arrays.copyOf(file, length);
    }

    /** pcapng blocks in one byte order, built field by field as the pcapng draft lays them out. */
    static final class Blocks {
        private final ByteOrder order;

        Blocks(ByteOrder order) {
            this.order = order;
        }

        /** A block: type, total length, the body padded to 4 bytes, total length again. */
        byte[] block(int type, byte[] body) {
            int padded = (body.length + 3) & ~3;
            ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
            b.putInt(type).putInt(12 + padded).put(body).position(8 + padded);
            b.putInt(12 + padded);
            return b.array();
        }

        /** A section header block, version 1.0, section length unknown, no options. */
        byte[] sectionHeader() {
            return block(0x0a0d0d0a, buffer(16).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0)
                    .putLong(-1).array());
        }

        /** An interface description block; options as (code, value) pairs, then opt_endofopt. */
        byte[] interfaceDescription(int linkType, int snapLength, Object... options) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(buffer(8).putShort((short) linkType).putShort((short) 0).putInt(snapLength).array());
            for (int i = 0; i < options.length; i += 2) {
                byte[] value = (byte[]) options[i + 1];
                body.writeBytes(buffer(4).putShort((short) (int) (Integer) options[i])
                        .putShort((short) value.length).array());
                body.writeBytes(Arrays.copyOf(value, (value.length + 3) & ~3));
            }
            if (options.length > 0) {
                body.writeBytes(new byte[4]);
            }
            return block(1, body.toByteArray());
        }

        byte[] tsresol(int value) {
            return new byte[] {(byte) value};
        }

        byte[] tsoffset(long seconds) {
            return buffer(8).putLong(seconds).array();
        }

        /** An enhanced packet block. */
        byte[] enhancedPacket(int interfaceId, long timestamp, int originalLength, byte[] data) {
            return block(6, concat(buffer(20).putInt(interfaceId).putInt((int) (timestamp >>> 32)).putInt((int) timestamp)
                    .putInt(data.length).putInt(originalLength).array(), data));
        }

        /** A simple packet block. */
        byte[] simplePacket(int originalLength, byte[] data) {
            return block(3, concat(buffer(4).putInt(originalLength).array(), data));
        }

        private ByteBuffer buffer(int size) {
            return ByteBuffer.allocate(size).order(order);
        }
    }
}
