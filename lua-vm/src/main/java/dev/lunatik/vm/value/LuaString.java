package dev.lunatik.vm.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Lua string: an immutable, 8-bit clean byte sequence with a cached hash. Packets, file
 * contents and source text are all strings of bytes; a Java {@link String} view decodes each byte
 * as one Latin-1 char so that no byte is ever lost.
 */
public final class LuaString implements Comparable<LuaString> {
    /** The empty string. */
    public static final LuaString EMPTY = new LuaString(new byte[0]);

    private final byte[] bytes;
    private int hash;
    private boolean hashed;

    /**
     * Strings at least this long report their size to the running state's collector when they
     * are made (shorter ones are not worth a thread-local lookup; concatenation charges its own).
     */
    public static final int CHARGED_LENGTH = 256;

    private LuaString(byte[] bytes) {
        this.bytes = bytes;
        if (bytes.length >= CHARGED_LENGTH) AllocationSink.charge(24L + bytes.length);
    }

    /** Wraps {@code bytes} without copying; the caller must never modify the array again. */
    public static LuaString wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LuaString(bytes);
    }

    /** A copy of {@code len} bytes of {@code src} from {@code off}. */
    public static LuaString copyOf(byte[] src, int off, int len) {
        return len == 0 ? EMPTY : new LuaString(Arrays.copyOfRange(src, off, off + len));
    }

    /** Each char of {@code s} must be below 256 and becomes one byte (Latin-1). */
    public static LuaString latin1(String s) {
        return wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Encodes {@code s} as UTF-8 bytes (for text coming from Java). */
    public static LuaString valueOf(String s) {
        return wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    /** The unsigned byte at {@code i} (0-based). */
    public int byteAt(int i) {
        return bytes[i] & 0xFF;
    }

    /** The backing array; callers must not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    public LuaString substring(int from, int to) {
        return copyOf(bytes, from, to - from);
    }

    public LuaString concat(LuaString other) {
        if (other.bytes.length == 0) return this;
        if (bytes.length == 0) return other;
        byte[] r = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
        System.arraycopy(other.bytes, 0, r, bytes.length, other.bytes.length);
        return new LuaString(r);
    }

    @Override
    public int hashCode() {
        if (!hashed) {
            int h = bytes.length;
            for (byte b : bytes) h = h * 31 + b;
            hash = h;
            hashed = true;
        }
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LuaString s)) return false;
        if (hashed && s.hashed && hash != s.hash) return false;
        return Arrays.equals(bytes, s.bytes);
    }

    /** Byte-wise unsigned comparison, as Lua's {@code strcoll} in the C locale. */
    @Override
    public int compareTo(LuaString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** Latin-1 view: one char per byte. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Decodes the bytes as UTF-8 (for showing text to a person). */
    public String toUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
