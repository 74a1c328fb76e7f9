package dev.lunatik.kernel.net.pcap;

import java.io.IOException;

/**
 * A capture file that cannot be read: not a pcap or pcapng file, cut short, inconsistent, or of a
 * link type this package does not read. The message says what is wrong, for which packet where
 * that applies, and at which byte offset of the file.
 */
public final class PcapException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Where in the file the problem lies, in bytes from its start. */
    private final long byteOffset;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, without the location
     * @param byteOffset where in the file, in bytes from its start; added to the message
     */
    public PcapException(String problem, long byteOffset) {
        super(problem + " (at byte offset " + byteOffset + ")");
        this.byteOffset = byteOffset;
    }

    /**
     * Where in the file the problem lies.
     *
     * @return the offset in bytes from the start of the file
     */
    public long byteOffset() {
        return byteOffset;
    }
}
