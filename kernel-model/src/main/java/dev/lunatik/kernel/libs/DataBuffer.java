package dev.lunatik.kernel.libs;

/**
 * The payload of a {@code data} object: a zero-copy view of {@code length} bytes of a Java
 * {@code byte[]} from {@code offset}, read-only or not. A view can be re-pointed
 * ({@link #reset}) and emptied ({@link #clear}), which is how packet hooks hand a packet to Lua:
 * one data object per hook, pointed at each packet for the duration of the callback, so that it
 * is only valid inside it (as Lunatik resets and clears its kernel-provided buffers). Integers are
 * read and written in host byte order (little-endian, as on x86-64). Offsets are checked by the
 * Lua methods; the Java accessors here expect valid offsets.
 *
 * <p>A <b>segment</b> ({@link #segment}, Luadata's {@code d:segment}) is a view of part of
 * another's bytes, sharing them. It is tied to the view it was cut from, its root: when the root
 * is re-pointed or emptied, every segment of it is emptied too (its length reads 0), so a segment
 * kept past its packet, or past the host's {@code unref}, never reads stale or foreign bytes.
 */
public final class DataBuffer {
    private byte[] bytes;
    private int offset;
    private int length;
    private final boolean readOnly;
    /** For a segment, the view it was cut from (a root); null for a root. */
    private final DataBuffer root;
    /** A root's count of re-pointings; for a segment, its root's count when it was cut. */
    private int generation;

    /** A view of {@code len} bytes of {@code buf} from {@code off}. */
    public DataBuffer(byte[] buf, int off, int len, boolean readOnly) {
        this.readOnly = readOnly;
        this.root = null;
        reset(buf, off, len);
    }

    private DataBuffer(DataBuffer root, int off, int len) {
        this.root = root;
        this.readOnly = root.readOnly;
        this.bytes = root.bytes;
        this.offset = off;
        this.length = len;
        this.generation = root.generation;
    }

    /**
     * A segment of {@code len} bytes of this view from {@code off}, sharing its bytes (Luadata's
     * {@code d:segment}); null unless {@code off} lies inside this view and {@code len} is not
     * negative. A length that passes the end is cut there, so that {@code pld:segment(0, 255)}
     * gives the first 255 bytes of a payload or all of a shorter one, as NPFLua scripts expect.
     */
    public DataBuffer segment(long off, long len) {
        int n = length();
        if (off < 0 || off >= n || len < 0) {
            return null;
        }
        DataBuffer r = root == null ? this : root;
        return new DataBuffer(r, offset + (int) off, (int) Math.min(len, n - off));
    }

    /** Whether this is a segment whose root was re-pointed or emptied since it was cut. */
    private boolean revoked() {
        return root != null && root.generation != generation;
    }

    /** A new zeroed buffer of {@code size} bytes, writable. */
    public static DataBuffer allocate(int size) {
        return new DataBuffer(new byte[size], 0, size, false);
    }

    /** Points the view at {@code len} bytes of {@code buf} from {@code off} (no copy). */
    public void reset(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("view [" + off + ", " + (off + len) + ") of " + buf.length + " bytes");
        }
        if (root != null) {
            throw new IllegalStateException("a segment cannot be re-pointed");
        }
        this.bytes = buf;
        this.offset = off;
        this.length = len;
        generation++;
    }

    /** Empties the view: every access from Lua is then out of bounds. */
    public void clear() {
        this.bytes = EMPTY;
        this.offset = 0;
        this.length = 0;
        generation++;
    }

    private static final byte[] EMPTY = new byte[0];

    /** The size in bytes ({@code #d}). */
    public int length() {
        return revoked() ? 0 : length;
    }

    /** Whether writes are refused. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Whether {@code width} bytes at {@code off} lie inside the view. */
    public boolean inBounds(long off, int width) {
        return off >= 0 && width >= 0 && off <= length() - width; // (no off + width: it may overflow)
    }

    /** The unsigned byte at {@code off}. */
    public int getUint8(int off) {
        return bytes[offset + off] & 0xFF;
    }

    /** Reads a little-endian integer of {@code width} (1, 2, 4 or 8) bytes, zero-extended. */
    public long getUnsigned(int off, int width) {
        byte[] b = bytes;
        int p = offset + off;
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        return v;
    }

    /** Reads a little-endian integer of {@code width} bytes, sign-extended. */
    public long getSigned(int off, int width) {
        int shift = 64 - 8 * width;
        return (getUnsigned(off, width) << shift) >> shift;
    }

    /** The 64-bit integer at {@code off}. */
    public long getInt64(int off) {
        return getUnsigned(off, 8);
    }

    /** Writes the low {@code width} bytes of {@code v}, little-endian. */
    public void set(int off, int width, long v) {
        byte[] b = bytes;
        int p = offset + off;
        for (int i = 0; i < width; i++) {
            b[p + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Copies {@code len} bytes from {@code off} into a new array. */
    public byte[] copy(int off, int len) {
        byte[] r = new byte[len];
        System.arraycopy(bytes, offset + off, r, 0, len);
        return r;
    }

    /** Copies {@code src} into the view at {@code off}. */
    public void write(int off, byte[] src) {
        System.arraycopy(src, 0, bytes, offset + off, src.length);
    }

    /**
     * Whether the {@code width}-bit field at bit {@code bitOff} (bits numbered from the most
     * significant of byte 0, Luadata's MSB 0) lies inside the view.
     */
    public boolean bitsInBounds(long bitOff, long width) {
        return bitOff >= 0 && width > 0 && width <= Long.SIZE && bitOff <= 8L * length() - width;
    }

    /**
     * Reads the {@code width}-bit field (1 to 64 bits) at bit {@code bitOff}: its bits in order,
     * the first the most significant (network order). With {@code little}, a field wider than a
     * byte is read least significant byte first instead: its first 8 bits are the low byte, and
     * so on, a last partial byte of {@code width % 8} bits being the most significant bits.
     */
    public long getBits(long bitOff, int width, boolean little) {
        byte[] b = bytes;
        long v = 0;
        long pos = bitOff;
        for (int left = width; left > 0; ) {
            int in = (int) (pos & 7);
            int take = Math.min(8 - in, left);
            int chunk = ((b[offset + (int) (pos >>> 3)] & 0xFF) >>> (8 - in - take)) & ((1 << take) - 1);
            v = v << take | chunk;
            left -= take;
            pos += take;
        }
        return little && width > 8 ? swapBytes(v, width) : v;
    }

    /** Writes the low {@code width} bits of {@code v} into the field {@link #getBits} reads. */
    public void setBits(long bitOff, int width, boolean little, long v) {
        if (little && width > 8) {
            v = unswapBytes(v, width);
        }
        byte[] b = bytes;
        long pos = bitOff;
        for (int left = width; left > 0; ) {
            int in = (int) (pos & 7);
            int take = Math.min(8 - in, left);
            int shift = 8 - in - take;
            int mask = ((1 << take) - 1) << shift;
            int chunk = (int) (v >>> (left - take)) << shift & mask;
            int i = offset + (int) (pos >>> 3);
            b[i] = (byte) (b[i] & ~mask | chunk);
            left -= take;
            pos += take;
        }
    }

    /** The bit string {@code v} of {@code width} bits as a little-endian value (see {@link #getBits}). */
    private static long swapBytes(long v, int width) {
        int part = width & 7;
        int whole = width >>> 3;
        long low = Long.reverseBytes(v >>> part) >>> (Long.SIZE - 8 * whole);
        return part == 0 ? low : (v & ((1L << part) - 1)) << (8 * whole) | low;
    }

    /** The inverse of {@link #swapBytes}: the bit string of little-endian value {@code v}. */
    private static long unswapBytes(long v, int width) {
        int part = width & 7;
        int whole = width >>> 3;
        long low = whole == 8 ? v : v & ((1L << (8 * whole)) - 1);
        long bytesInOrder = Long.reverseBytes(low) >>> (Long.SIZE - 8 * whole);
        if (part == 0) {
            return bytesInOrder;
        }
        long high = (v >>> (8 * whole)) & ((1L << part) - 1);
        return bytesInOrder << part | high;
    }
}
