package dev.lunatik.kernel.net.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole capture in memory: its link type and its packets in file order. For files too large to
 * hold, read packet by packet with {@link PcapReader}.
 *
 * @param linkType what each packet's bytes start with
 * @param packets the packets, in the order of the file
 */
public record Capture(LinkType linkType, List<CapturedPacket> packets) {
    /**
     * Makes a capture; the list is copied.
     *
     * @param linkType what each packet's bytes start with
     * @param packets the packets, in the order of the file
     * @throws NullPointerException if {@code linkType}, {@code packets} or one of them is null
     */
    public Capture {
        Objects.requireNonNull(linkType, "linkType");
        packets = List.copyOf(packets);
    }

    /**
     * Reads a classic pcap or a pcapng file whole.
     *
     * @param file the file
     * @return its link type and packets
     * @throws PcapException if the file is malformed or of an unsupported link type
     * @throws IOException if the file cannot be read
     */
    public static Capture read(Path file) throws IOException {
        try (PcapReader reader = PcapReader.open(file)) {
            return readAll(reader);
        }
    }

    /**
     * Reads a classic pcap or pcapng capture from a stream, to its end. The stream is not closed.
     *
     * @param in the stream, positioned at the start of the capture
     * @return its link type and packets
     * @throws PcapException if the capture is malformed or of an unsupported link type
     * @throws IOException if the stream cannot be read
     */
    public static Capture read(InputStream in) throws IOException {
        return readAll(new PcapReader(in));
    }

    private static Capture readAll(PcapReader reader) throws IOException {
        List<CapturedPacket> packets = new ArrayList<>();
        for (CapturedPacket p = reader.next(); p != null; p = reader.next()) {
            packets.add(p);
        }
        return new Capture(reader.linkType(), packets);
    }

    /**
     * Writes this capture to a file as classic pcap (see {@link PcapWriter}), replacing the file.
     *
     * @param file the file
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if a packet cannot be written (see {@link PcapWriter#write})
     */
    public void write(Path file) throws IOException {
        try (PcapWriter writer = PcapWriter.create(file, linkType)) {
            writeAll(writer);
        }
    }

    /**
     * Writes this capture to a stream as classic pcap (see {@link PcapWriter}). The stream is
     * flushed, not closed.
     *
     * @param out the stream
     * @throws IOException if the stream cannot be written
     * @throws IllegalArgumentException if a packet cannot be written (see {@link PcapWriter#write})
     */
    public void write(OutputStream out) throws IOException {
        PcapWriter writer = new PcapWriter(out, linkType);
        writeAll(writer);
        writer.flush();
    }

    private void writeAll(PcapWriter writer) throws IOException {
        for (CapturedPacket p : packets) {
            writer.write(p);
        }
    }
}
