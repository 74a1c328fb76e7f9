package dev.lunatik.kernel.net.pcap;

import java.util.Optional;

/**
 * The link-layer types whose captures this package reads and writes: what the bytes of each
 * packet start with. Codes are the {@code LINKTYPE_} values of the pcap and pcapng formats.
 */
public enum LinkType {
    /** {@code LINKTYPE_ETHERNET} (1): each packet starts at its Ethernet header. */
    ETHERNET(1),
    /**
     * {@code LINKTYPE_RAW} (101): each packet starts at its IP header (IPv4 or IPv6, as its
     * version nibble says). Files that carry the older {@code DLT_RAW} values 12 or 14 read as
     * this type too; this package writes 101.
     */
    RAW(101),
    /** {@code LINKTYPE_IPV4} (228): each packet starts at its IPv4 header. */
    IPV4(228);

    private final int code;

    LinkType(int code) {
        this.code = code;
    }

    /**
     * The value written for this type in a file header or an interface description block.
     *
     * @return the {@code LINKTYPE_} code
     */
    public int code() {
        return code;
    }

    /**
     * The type a file's link-type code stands for.
     *
     * @param code a {@code LINKTYPE_} value from a file (12 and 14 are read as {@link #RAW})
     * @return the type, or empty if this package does not read that link type
     */
    public static Optional<LinkType> fromCode(int code) {
        switch (code) {
            case 1:
                return Optional.of(ETHERNET);
            case 12:
            case 14:
            case 101:
                return Optional.of(RAW);
            case 228:
                return Optional.of(IPV4);
            default:
                return Optional.empty();
        }
    }
}
