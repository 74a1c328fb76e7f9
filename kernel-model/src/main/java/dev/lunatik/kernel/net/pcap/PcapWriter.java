package dev.lunatik.kernel.net.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a classic pcap file, the format tcpdump writes and every capture tool reads: a 24-byte
 * file header (magic number {@code a1b2c3d4} in little-endian byte order, so microsecond
 * timestamps; version 2.4; snapshot length {@value #SNAP_LENGTH}; the given link type), then one
 * record per packet (seconds, microseconds, captured length, original length, the bytes).
 *
 * <p>Timestamps are written in microseconds: the nanoseconds below a microsecond are dropped.
 * Not safe for use by several threads at once.
 */
public final class PcapWriter implements Closeable, Flushable {
    /** The snapshot length written in the file header: no packet may have more captured bytes. */
    public static final int SNAP_LENGTH = PcapReader.MAX_CAPTURED_LENGTH;

    private static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The first instant a 32-bit unsigned seconds field cannot hold, in nanoseconds. */
    private static final long END_OF_TIME_NANOS = (1L << 32) * NANOS_PER_SECOND;

    private final OutputStream out;
    private final LinkType linkType;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Starts a capture on a stream and writes its file header. Closing the writer closes the
     * stream.
     *
     * @param out the stream
     * @param linkType what the packets' bytes start with
     * @throws IOException if the header cannot be written
     */
    public PcapWriter(OutputStream out, LinkType linkType) throws IOException {
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"));
        this.linkType = Objects.requireNonNull(linkType, "linkType");
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_MICROSECONDS)
                .putShort((short) 2) // major version
                .putShort((short) 4) // minor version
                .putInt(0) // reserved (was the time zone offset)
                .putInt(0) // reserved (was the timestamp accuracy)
                .putInt(SNAP_LENGTH)
                .putInt(linkType.code());
        this.out.write(header.array());
    }

    /**
     * Creates (or replaces) a capture file and writes its file header.
     *
     * @param file the file
     * @param linkType what the packets' bytes start with
     * @return the writer, which closes the file when closed
     * @throws IOException if the file cannot be created or written
     */
    public static PcapWriter create(Path file, LinkType linkType) throws IOException {
        Objects.requireNonNull(linkType, "linkType");
        OutputStream out = Files.newOutputStream(file);
        try {
            return new PcapWriter(out, linkType);
        } catch (IOException | RuntimeException e) {
            try {
                out.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The link type written in the file header.
     *
     * @return the link type
     */
    public LinkType linkType() {
        return linkType;
    }

    /**
     * Appends one packet record.
     *
     * @param packet the packet, whose bytes must start as {@link #linkType()} says
     * @throws IllegalArgumentException if the packet has more than {@value #SNAP_LENGTH} captured
     *     bytes, or its timestamp falls before 1970 or after the 32-bit seconds of the format (2106)
     * @throws IOException if the record cannot be written
     */
    public void write(CapturedPacket packet) throws IOException {
        long nanos = packet.timestampNanos();
        if (nanos < 0 || nanos >= END_OF_TIME_NANOS) {
            throw new IllegalArgumentException("timestamp " + nanos + " ns is outside what pcap can record"
                    + " (0 to 2^32 seconds after the Unix epoch)");
        }
        byte[] data = packet.data();
        if (data.length > SNAP_LENGTH) {
            throw new IllegalArgumentException(
                    "packet has " + data.length + " captured bytes, more than the snapshot length " + SNAP_LENGTH);
        }
        recordHeader.clear();
        recordHeader.putInt((int) (nanos / NANOS_PER_SECOND))
                .putInt((int) (nanos % NANOS_PER_SECOND / 1000))
                .putInt(data.length)
                .putInt(packet.originalLength());
        out.write(recordHeader.array());
        out.write(data);
    }

    /**
     * Pushes what has been written so far to the underlying stream and flushes it.
     *
     * @throws IOException if the stream cannot be written
     */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Flushes and closes the underlying stream.
     *
     * @throws IOException if the stream cannot be written or closed
     */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
