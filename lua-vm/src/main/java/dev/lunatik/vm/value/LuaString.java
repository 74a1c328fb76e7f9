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

    /** The longest string {@link #intern} pools (Lua's {@code LUAI_MAXSHORTLEN}). */
    public static final int MAX_SHORT = 40;

    /**
     * The pool of {@link #intern}: a lossy cache (a newer string evicts an older one in the same
     * slot), so that it stays bounded and needs no lock. Identity is only ever a shortcut:
     * {@link #equals} still compares contents, so a lost entry costs speed, never correctness.
     * Entries are published racily, which is safe: {@link #bytes} is final and the hash is a
     * single int that any reader may recompute.
     */
    private static final LuaString[] POOL = new LuaString[1 << 13];

    private final byte[] bytes;
    /** The hash, 0 until computed (the racy single-check idiom of {@link String#hashCode}). */
    private int hash;
    /**
     * What the string library found analysing this string as a pattern, 0 until it first did
     * (racy and idempotent, as {@link #hash}). The field fits in the object's alignment padding,
     * so a string is no bigger for it.
     */
    private int patternInfo;

    private LuaString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps {@code bytes} without copying; the caller must never modify the array again. */
    public static LuaString wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LuaString(bytes);
    }

    /**
     * The pooled string equal to {@code s}, or {@code s} itself (now pooled) when none is; a string
     * longer than {@link #MAX_SHORT} is returned as is. The compiler's string constants, binary
     * chunks' constants, metamethod names and the names libraries register all go through here, so
     * that a field access such as {@code string.find} in any chunk finds its key in the table by
     * identity instead of comparing bytes.
     */
    public static LuaString intern(LuaString s) {
        if (s.bytes.length > MAX_SHORT) return s;
        int h = s.hashCode();
        int i = (h ^ (h >>> 16)) & (POOL.length - 1);
        LuaString p = POOL[i];
        if (p != null && p.equals(s)) return p;
        POOL[i] = s;
        return s;
    }

    /** {@link #valueOf(String)}, {@linkplain #intern(LuaString) interned}: for names of fields and functions. */
    public static LuaString intern(String s) {
        return intern(valueOf(s));
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

    /** The string library's analysis of this string as a pattern; 0 when not yet made. */
    public int patternInfo() {
        return patternInfo;
    }

    /** Keeps the string library's analysis of this string as a pattern (never 0). */
    public void setPatternInfo(int info) {
        patternInfo = info;
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
        int h = hash;
        if (h == 0) {
            h = bytes.length;
            for (byte b : bytes) h = h * 31 + b;
            if (h == 0) h = 0x5bd1e995; // 0 means "not computed"
            hash = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LuaString s)) return false;
        int h1 = hash, h2 = s.hash;
        if (h1 != 0 && h2 != 0 && h1 != h2) return false;
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
