package dev.lunatik.kernel.net.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads a capture file packet by packet: classic pcap (either byte order, microsecond or
 * nanosecond timestamps) or pcapng, told apart by the file's first four bytes.
 *
 * <p>Of pcapng it reads Section Header Blocks (either byte order; a file may hold several
 * sections, each in its own byte order), Interface Description Blocks (link type, snapshot
 * length, and the {@code if_tsresol} and {@code if_tsoffset} options that scale timestamps),
 * Enhanced Packet Blocks, Simple Packet Blocks (which carry no timestamp: their packets have
 * time 0) and the obsolete Packet Blocks; other blocks are skipped by their length.
 *
 * <p>Every interface of the file must have the same link type, one of {@link LinkType}'s.
 * Anything the reader cannot make sense of ends reading with a {@link PcapException} that says
 * what and where: a file cut short, a bad magic number, a length that is inconsistent or absurd
 * (a packet over {@value #MAX_CAPTURED_LENGTH} captured bytes, a block that is not a multiple of 4
 * bytes long). The reader holds at most one block of the file in memory; after an exception it
 * should only be closed. Not safe for use by several threads at once.
 */
public final class PcapReader implements Closeable {
    /** The most captured bytes a packet may have; a longer one makes the file unreadable. */
    public static final int MAX_CAPTURED_LENGTH = 256 * 1024;
    /** The longest pcapng block the reader loads into memory (packet and interface blocks). */
    private static final int MAX_BLOCK_LENGTH = 1024 * 1024;

    private static final int PCAP_MICROSECONDS = 0xa1b2c3d4;
    private static final int PCAP_NANOSECONDS = 0xa1b23c4d;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int SECTION_HEADER_BLOCK = 0x0a0d0d0a;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int PACKET_BLOCK = 2;
    private static final int SIMPLE_PACKET_BLOCK = 3;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final String SUPPORTED = " (only Ethernet and raw IPv4)";

    private final InputStream in;
    private final boolean pcapng;
    private final LinkType linkType;
    /** Bytes consumed so far: the offset in the file of the next byte to read. */
    private long offset;
    /** Packets returned so far. */
    private int packets;
    private boolean ended;
    /** Byte order of the pcap file, or of the current pcapng section. */
    private ByteOrder order = ByteOrder.BIG_ENDIAN;
    /** For classic pcap: whether the fraction of a second is in nanoseconds, not microseconds. */
    private boolean nanosecondPcap;
    /** For pcapng: the interfaces of the current section, by interface id. */
    private final List<Interface> interfaces = new ArrayList<>();
    /** For pcapng: the link type of the first interface seen, that all others must share. */
    private LinkType pcapngLinkType;
    private byte[] skipBuffer;

    /** A pcapng interface: how to read its packets' lengths and timestamps. */
    private record Interface(long snapLength, boolean binaryResolution, int exponent, long offsetNanos) {
        /** The multiplier from timestamp units to nanoseconds, or 0 if the units are finer or binary. */
        long multiplier() {
            if (binaryResolution || exponent > 9) {
                return 0;
            }
            long m = 1;
            for (int i = exponent; i < 9; i++) {
                m *= 10;
            }
            return m;
        }
    }

    /**
     * Starts reading a capture from a stream: reads the file header (for pcapng, up to the first
     * interface description), so that the link type is known. Closing the reader closes the stream.
     *
     * @param in the stream, positioned at the start of the capture
     * @throws PcapException if the stream does not start as a pcap or pcapng file of a supported
     *     link type
     * @throws IOException if the stream cannot be read
     */
    public PcapReader(InputStream in) throws IOException {
        this.in = new BufferedInputStream(Objects.requireNonNull(in, "in"));
        byte[] magic = new byte[4];
        int got = this.in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new PcapException("not a pcap or pcapng file: "
                    + (got == 0 ? "it is empty" : "it is only " + got + " bytes long"), 0);
        }
        offset = 4;
        int bigEndian = ByteBuffer.wrap(magic).getInt();
        int littleEndian = Integer.reverseBytes(bigEndian);
        if (bigEndian == SECTION_HEADER_BLOCK) {
            pcapng = true;
            readSectionHeader(0);
            while (interfaces.isEmpty()) {
                readBlock();
                if (ended) {
                    throw new PcapException("pcapng file has no interface description block, so no link type", offset);
                }
            }
            linkType = pcapngLinkType;
        } else if (bigEndian == PCAP_MICROSECONDS || bigEndian == PCAP_NANOSECONDS) {
            pcapng = false;
            linkType = readPcapHeader(ByteOrder.BIG_ENDIAN, bigEndian == PCAP_NANOSECONDS);
        } else if (littleEndian == PCAP_MICROSECONDS || littleEndian == PCAP_NANOSECONDS) {
            pcapng = false;
            linkType = readPcapHeader(ByteOrder.LITTLE_ENDIAN, littleEndian == PCAP_NANOSECONDS);
        } else {
            throw new PcapException(String.format("not a pcap or pcapng file: it starts with 0x%08x", bigEndian), 0);
        }
    }

    /**
     * Opens a capture file and reads its header (see {@link #PcapReader(InputStream)}).
     *
     * @param file the file
     * @return the reader, which closes the file when closed
     * @throws PcapException if the file does not start as a pcap or pcapng file of a supported
     *     link type
     * @throws IOException if the file cannot be opened or read
     */
    public static PcapReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new PcapReader(in);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * What the packets' bytes start with.
     *
     * @return the link type of the capture
     */
    public LinkType linkType() {
        return linkType;
    }

    /**
     * Reads the next packet.
     *
     * @return the packet, or null at the end of the file
     * @throws PcapException if the file is malformed from here on
     * @throws IOException if the stream cannot be read
     */
    public CapturedPacket next() throws IOException {
        if (ended) {
            return null;
        }
        if (!pcapng) {
            return readPcapRecord();
        }
        while (true) {
            CapturedPacket packet = readBlock();
            if (packet != null || ended) {
                return packet;
            }
        }
    }

    /**
     * Closes the underlying stream.
     *
     * @throws IOException if it cannot be closed
     */
    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---- classic pcap ----

    /** Reads the 20 bytes of the pcap file header after its magic number. */
    private LinkType readPcapHeader(ByteOrder byteOrder, boolean nanoseconds) throws IOException {
        order = byteOrder;
        nanosecondPcap = nanoseconds;
        ByteBuffer header = readExactly(20, "pcap file header");
        int major = Short.toUnsignedInt(header.getShort(0));
        int minor = Short.toUnsignedInt(header.getShort(2));
        if (major != 2) {
            throw new PcapException("unsupported pcap version " + major + "." + minor + " (only 2.x)", 4);
        }
        // The low 26 bits hold the link type; the top ones say whether frames end with an FCS.
        int code = header.getInt(16) & 0x03ffffff;
        return LinkType.fromCode(code)
                .orElseThrow(() -> new PcapException("unsupported link type " + code + SUPPORTED, 20));
    }

    private CapturedPacket readPcapRecord() throws IOException {
        long start = offset;
        int number = packets + 1;
        ByteBuffer header = readOrEnd(16, "packet " + number + "'s record header");
        if (header == null) {
            return null;
        }
        long seconds = Integer.toUnsignedLong(header.getInt(0));
        long fraction = Integer.toUnsignedLong(header.getInt(4));
        long captured = Integer.toUnsignedLong(header.getInt(8));
        long original = Integer.toUnsignedLong(header.getInt(12));
        checkLengths(number, captured, original, start);
        byte[] data = new byte[(int) captured];
        readFully(data, "packet " + number + "'s data");
        // Neither sum can overflow: seconds < 2^32 and fraction < 2^32.
        long nanos = seconds * NANOS_PER_SECOND + (nanosecondPcap ? fraction : fraction * 1000);
        packets = number;
        return new CapturedPacket(nanos, (int) original, data);
    }

    // ---- pcapng ----

    /**
     * Reads one block: returns the packet if it is a packet block, null otherwise; at the end of
     * the file, sets {@link #ended} and returns null.
     */
    private CapturedPacket readBlock() throws IOException {
        long start = offset;
        ByteBuffer typeField = readOrEnd(4, "block header");
        if (typeField == null) {
            return null;
        }
        int type = typeField.getInt(0);
        if (type == SECTION_HEADER_BLOCK) {
            readSectionHeader(start);
            return null;
        }
        long length = Integer.toUnsignedLong(readExactly(4, "block length").getInt(0));
        int number = packets + 1;
        switch (type) {
            case INTERFACE_DESCRIPTION_BLOCK: {
                String name = "interface description block";
                readInterface(readBody(name, length, 20, start), start);
                return null;
            }
            case ENHANCED_PACKET_BLOCK:
            case PACKET_BLOCK: {
                String name = "packet " + number + "'s "
                        + (type == ENHANCED_PACKET_BLOCK ? "enhanced packet block" : "packet block");
                return readPacket(readBody(name, length, 32, start), type == ENHANCED_PACKET_BLOCK, number, start);
            }
            case SIMPLE_PACKET_BLOCK: {
                String name = "packet " + number + "'s simple packet block";
                return readSimplePacket(readBody(name, length, 16, start), number, start);
            }
            default: {
                String name = String.format("block of type 0x%08x", type);
                checkBlockLength(name, length, 12, start);
                skip(length - 12, name);
                checkTrailer(name, length, start);
                return null;
            }
        }
    }

    /** Reads a section header block whose type field, at {@code start}, has been read. */
    private void readSectionHeader(long start) throws IOException {
        String name = "section header block";
        ByteBuffer head = readExactly(8, name);
        int magic = head.order(ByteOrder.BIG_ENDIAN).getInt(4);
        if (magic == BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new PcapException(String.format("%s: bad byte-order magic 0x%08x", name, magic), start + 8);
        }
        long length = Integer.toUnsignedLong(head.order(order).getInt(0));
        checkBlockLength(name, length, 28, start);
        ByteBuffer version = readExactly(12, name);
        int major = Short.toUnsignedInt(version.getShort(0));
        int minor = Short.toUnsignedInt(version.getShort(2));
        if (major != 1) {
            throw new PcapException("unsupported pcapng version " + major + "." + minor + " (only 1.x)", start + 12);
        }
        skip(length - 28, name + "'s options");
        checkTrailer(name, length, start);
        interfaces.clear();
    }

    private void readInterface(ByteBuffer body, long start) throws IOException {
        int id = interfaces.size();
        int code = Short.toUnsignedInt(body.getShort(0));
        long snapLength = Integer.toUnsignedLong(body.getInt(4));
        int resolution = 6;
        long offsetSeconds = 0;
        int p = 8;
        while (p + 4 <= body.limit()) {
            int option = Short.toUnsignedInt(body.getShort(p));
            int optionLength = Short.toUnsignedInt(body.getShort(p + 2));
            long optionOffset = start + 8 + p;
            p += 4;
            if (option == OPTION_END) {
                break;
            }
            if (optionLength > body.limit() - p) {
                throw new PcapException("interface " + id + ": option " + option + " of " + optionLength
                        + " bytes overruns its interface description block", optionOffset);
            }
            if (option == OPTION_IF_TSRESOL) {
                if (optionLength != 1) {
                    throw new PcapException("interface " + id + ": if_tsresol option of " + optionLength
                            + " bytes (must be 1)", optionOffset);
                }
                resolution = Byte.toUnsignedInt(body.get(p));
            } else if (option == OPTION_IF_TSOFFSET) {
                if (optionLength != 8) {
                    throw new PcapException("interface " + id + ": if_tsoffset option of " + optionLength
                            + " bytes (must be 8)", optionOffset);
                }
                offsetSeconds = body.getLong(p);
            }
            p += (optionLength + 3) & ~3;
        }
        LinkType type = LinkType.fromCode(code).orElseThrow(() -> new PcapException(
                "interface " + id + ": unsupported link type " + code + SUPPORTED, start + 8));
        if (pcapngLinkType == null) {
            pcapngLinkType = type;
        } else if (type != pcapngLinkType) {
            throw new PcapException("interface " + id + " has link type " + type + " (" + code
                    + ") but an earlier one has " + pcapngLinkType + "; mixed link types are not supported", start + 8);
        }
        long offsetNanos;
        try {
            offsetNanos = Math.multiplyExact(offsetSeconds, NANOS_PER_SECOND);
        } catch (ArithmeticException e) {
            throw new PcapException("interface " + id + ": if_tsoffset of " + offsetSeconds
                    + " seconds is out of range", start);
        }
        interfaces.add(new Interface(snapLength, (resolution & 0x80) != 0, resolution & 0x7f, offsetNanos));
    }

    /** An enhanced packet block, or an obsolete packet block: the same layout but for the id's width. */
    private CapturedPacket readPacket(ByteBuffer body, boolean enhanced, int number, long start) throws IOException {
        long id = enhanced ? Integer.toUnsignedLong(body.getInt(0)) : Short.toUnsignedInt(body.getShort(0));
        long units = (Integer.toUnsignedLong(body.getInt(4)) << 32) | Integer.toUnsignedLong(body.getInt(8));
        long captured = Integer.toUnsignedLong(body.getInt(12));
        long original = Integer.toUnsignedLong(body.getInt(16));
        checkLengths(number, captured, original, start);
        if (captured > body.limit() - 20) {
            throw new PcapException("packet " + number + ": captured length " + captured + " overruns its "
                    + (body.limit() + 12) + "-byte block", start);
        }
        Interface iface = interfaceOf(id, number, start);
        long nanos = toNanos(iface, units, number, start);
        byte[] data = Arrays.copyOfRange(body.array(), 20, 20 + (int) captured);
        packets = number;
        return new CapturedPacket(nanos, (int) original, data);
    }

    /** A simple packet block: no interface id (always 0), no timestamp; its length gives the data's. */
    private CapturedPacket readSimplePacket(ByteBuffer body, int number, long start) throws IOException {
        long original = Integer.toUnsignedLong(body.getInt(0));
        Interface iface = interfaceOf(0, number, start);
        long captured = Math.min(original, body.limit() - 4);
        if (iface.snapLength() != 0) {
            captured = Math.min(captured, iface.snapLength());
        }
        checkLengths(number, captured, original, start);
        byte[] data = Arrays.copyOfRange(body.array(), 4, 4 + (int) captured);
        packets = number;
        return new CapturedPacket(0, (int) original, data);
    }

    private Interface interfaceOf(long id, int number, long start) throws PcapException {
        if (id >= interfaces.size()) {
            throw new PcapException("packet " + number + " refers to interface " + id + ", but its section "
                    + (interfaces.isEmpty() ? "has described none yet" : "has only " + interfaces.size()), start);
        }
        return interfaces.get((int) id);
    }

    /** Turns a timestamp in the interface's units into nanoseconds since the epoch. */
    private static long toNanos(Interface iface, long units, int number, long start) throws PcapException {
        try {
            long multiplier = iface.multiplier();
            long nanos;
            if (multiplier != 0 && units >= 0 && units <= Long.MAX_VALUE / multiplier) {
                nanos = units * multiplier;
            } else {
                BigInteger u = new BigInteger(Long.toUnsignedString(units));
                BigInteger n;
                if (iface.binaryResolution()) {
                    n = u.multiply(BigInteger.valueOf(NANOS_PER_SECOND)).shiftRight(iface.exponent());
                } else if (iface.exponent() <= 9) {
                    n = u.multiply(BigInteger.TEN.pow(9 - iface.exponent()));
                } else {
                    n = u.divide(BigInteger.TEN.pow(iface.exponent() - 9));
                }
                nanos = n.longValueExact();
            }
            return Math.addExact(nanos, iface.offsetNanos());
        } catch (ArithmeticException e) {
            throw new PcapException("packet " + number + ": timestamp does not fit in 64-bit nanoseconds", start);
        }
    }

    // ---- shared checks and input ----

    private static void checkLengths(int number, long captured, long original, long start) throws PcapException {
        if (captured > MAX_CAPTURED_LENGTH) {
            throw new PcapException("packet " + number + ": captured length " + captured + " exceeds the limit of "
                    + MAX_CAPTURED_LENGTH + " bytes", start);
        }
        if (original > Integer.MAX_VALUE) {
            throw new PcapException("packet " + number + ": original length " + original + " is absurd", start);
        }
        if (original < captured) {
            throw new PcapException("packet " + number + ": original length " + original
                    + " is less than its captured length " + captured, start);
        }
    }

    private static void checkBlockLength(String name, long length, int minimum, long start) throws PcapException {
        if (length % 4 != 0) {
            throw new PcapException(name + ": block length " + length + " is not a multiple of 4", start);
        }
        if (length < minimum) {
            throw new PcapException(name + ": block length " + length + " is less than its minimum " + minimum,
                    start);
        }
    }

    /** Reads a block's body and trailing length, checking the length, and returns the body. */
    private ByteBuffer readBody(String name, long length, int minimum, long start) throws IOException {
        checkBlockLength(name, length, minimum, start);
        if (length > MAX_BLOCK_LENGTH) {
            throw new PcapException(name + ": block length " + length + " exceeds the limit of "
                    + MAX_BLOCK_LENGTH + " bytes", start);
        }
        ByteBuffer body = readExactly((int) length - 12, name);
        checkTrailer(name, length, start);
        return body;
    }

    private void checkTrailer(String name, long length, long start) throws IOException {
        long trailer = Integer.toUnsignedLong(readExactly(4, name + "'s trailing length").getInt(0));
        if (trailer != length) {
            throw new PcapException(name + ": block length inconsistent: " + length + " at its start, "
                    + trailer + " at its end", start);
        }
    }

    /** Reads n bytes, or none at the end of the file (then sets {@link #ended} and returns null). */
    private ByteBuffer readOrEnd(int n, String what) throws IOException {
        byte[] bytes = new byte[n];
        int got = in.readNBytes(bytes, 0, n);
        if (got == 0) {
            ended = true;
            return null;
        }
        if (got < n) {
            throw truncated(what, n, got);
        }
        offset += n;
        return ByteBuffer.wrap(bytes).order(order);
    }

    private ByteBuffer readExactly(int n, String what) throws IOException {
        byte[] bytes = new byte[n];
        readFully(bytes, what);
        return ByteBuffer.wrap(bytes).order(order);
    }

    private void readFully(byte[] bytes, String what) throws IOException {
        int got = in.readNBytes(bytes, 0, bytes.length);
        if (got < bytes.length) {
            throw truncated(what, bytes.length, got);
        }
        offset += bytes.length;
    }

    private void skip(long n, String what) throws IOException {
        if (skipBuffer == null) {
            skipBuffer = new byte[8192];
        }
        long done = 0;
        while (done < n) {
            int got = in.readNBytes(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - done));
            if (got == 0) {
                throw truncated(what, n, done);
            }
            done += got;
        }
        offset += n;
    }

    private PcapException truncated(String what, long needed, long got) {
        return new PcapException("truncated file: " + what + " needs " + needed + " bytes, but only " + got
                + (got == 1 ? " remains" : " remain"), offset);
    }
}
