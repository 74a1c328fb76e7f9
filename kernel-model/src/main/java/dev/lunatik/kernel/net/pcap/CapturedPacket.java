package dev.lunatik.kernel.net.pcap;

import java.util.Arrays;
import java.util.Objects;

/**
 * One packet of a capture: when it was seen, how long it was on the wire, and the bytes that were
 * kept of it (all of them, or its first bytes when the capture cut it short). The bytes start at
 * the header the capture's {@link LinkType} names: the Ethernet header, or the IP header.
 *
 * <p>The packet is immutable: the bytes are copied when it is made and each time they are asked
 * for.
 *
 * @param timestampNanos when the packet was captured, in nanoseconds since the Unix epoch (0 for a
 *     pcapng Simple Packet Block, which records no time)
 * @param originalLength the packet's length on the wire, at least the number of bytes captured
 * @param data the captured bytes of the packet
 */
public record CapturedPacket(long timestampNanos, int originalLength, byte[] data) {
    /**
     * Makes a packet, copying its bytes.
     *
     * @param timestampNanos when the packet was captured, in nanoseconds since the Unix epoch
     * @param originalLength the packet's length on the wire
     * @param data the captured bytes of the packet (copied)
     * @throws NullPointerException if {@code data} is null
     * @throws IllegalArgumentException if {@code originalLength} is less than {@code data.length}
     */
    public CapturedPacket {
        Objects.requireNonNull(data, "data");
        if (originalLength < data.length) {
            throw new IllegalArgumentException(
                    "original length " + originalLength + " is less than the " + data.length + " bytes captured");
        }
        data = data.clone();
    }

    /**
     * A packet captured whole: its original length is the length of its bytes.
     *
     * @param timestampNanos when the packet was captured, in nanoseconds since the Unix epoch
     * @param data all the bytes of the packet (copied)
     * @return the packet
     */
    public static CapturedPacket of(long timestampNanos, byte[] data) {
        return new CapturedPacket(timestampNanos, data.length, data);
    }

    /**
     * The captured bytes of the packet.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * How many bytes of the packet were captured.
     *
     * @return the length of {@link #data()}
     */
    public int capturedLength() {
        return data.length;
    }

    /**
     * Whether the capture kept fewer bytes than the packet had on the wire.
     *
     * @return true if {@link #capturedLength()} is less than {@link #originalLength()}
     */
    public boolean isTruncated() {
        return data.length < originalLength;
    }

    /**
     * Two packets are equal if their times, original lengths and captured bytes are.
     *
     * @param o the other object
     * @return whether it is an equal packet
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedPacket p
                && p.timestampNanos == timestampNanos
                && p.originalLength == originalLength
                && Arrays.equals(p.data, data);
    }

    /**
     * A hash of the time, the original length and the captured bytes.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(timestampNanos) + originalLength) + Arrays.hashCode(data);
    }

    /**
     * The time and the lengths, without the bytes.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "CapturedPacket[timestampNanos=" + timestampNanos + ", originalLength=" + originalLength
                + ", capturedLength=" + data.length + "]";
    }
}
