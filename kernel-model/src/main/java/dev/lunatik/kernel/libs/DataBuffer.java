package dev.lunatik.kernel.libs;

/**
 * The payload of a {@code data} object: a zero-copy view of {@code length} bytes of a Java
 * {@code byte[]} from {@code offset}, read-only or not. A view can be re-pointed
 * ({@link #reset}) and emptied ({@link #clear}), which is how packet hooks hand a packet to Lua:
 * one data object per hook, pointed at each packet for the duration of the callback, so that it
 * is only valid inside it (as Lunatik resets and clears its kernel-provided buffers). Integers are
 * read and written in host byte order (little-endian, as on x86-64). Offsets are checked by the
 * Lua methods; the Java accessors here expect valid offsets.
 */
public final class DataBuffer {
    private byte[] bytes;
    private int offset;
    private int length;
    private final boolean readOnly;

    /** A view of {@code len} bytes of {@code buf} from {@code off}. */
    public DataBuffer(byte[] buf, int off, int len, boolean readOnly) {
        this.readOnly = readOnly;
        reset(buf, off, len);
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
        this.bytes = buf;
        this.offset = off;
        this.length = len;
    }

    /** Empties the view: every access from Lua is then out of bounds. */
    public void clear() {
        this.bytes = EMPTY;
        this.offset = 0;
        this.length = 0;
    }

    private static final byte[] EMPTY = new byte[0];

    /** The size in bytes ({@code #d}). */
    public int length() {
        return length;
    }

    /** Whether writes are refused. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Whether {@code width} bytes at {@code off} lie inside the view. */
    public boolean inBounds(long off, int width) {
        return off >= 0 && off + width <= length;
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
}
