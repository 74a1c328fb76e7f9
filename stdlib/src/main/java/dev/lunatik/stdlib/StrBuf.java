package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.util.Arrays;

/**
 * A growable byte buffer for building string results (the counterpart of {@code luaL_Buffer}).
 * The string library keeps one spare buffer per state and reuses it between calls, so a call
 * that builds a result allocates only the result string itself.
 *
 * <p>Memory: growth of the buffer and the result string are charged to the state's collector
 * ({@link #gc}, set when the buffer is taken) before they are allocated, so a result too large
 * for the state's memory limit fails with "not enough memory" before the Java heap is touched.
 */
final class StrBuf {
    /** Larger buffers are not kept for reuse (their memory would stay pinned). */
    static final int KEEP_LIMIT = 1 << 16;

    byte[] a;
    int n;
    /** The stack of the call using the buffer, whose state is charged (null: nothing is charged). */
    LuaStack gc;
    /** Scratch space for number conversions. */
    final byte[] digits = new byte[80];

    StrBuf(int cap) {
        a = new byte[Math.max(cap, 16)];
    }

    void reset() {
        n = 0;
    }

    void ensure(int extra) {
        int need = n + extra;
        if (need < 0 || need > Integer.MAX_VALUE - 8) throw LuaError.memory();
        if (need > a.length) {
            int cap = (int) Math.min(Math.max((long) a.length * 2, need), Integer.MAX_VALUE - 8);
            if (gc != null) gc.allocate(cap - a.length);
            a = Arrays.copyOf(a, cap);
        }
    }

    void add(int b) {
        if (n == a.length) ensure(1);
        a[n++] = (byte) b;
    }

    void add(byte[] src, int off, int len) {
        if (len == 0) return;
        ensure(len);
        System.arraycopy(src, off, a, n, len);
        n += len;
    }

    void add(LuaString s) {
        add(s.bytes(), 0, s.length());
    }

    void addAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) a[n++] = (byte) s.charAt(i);
    }

    /** Appends the decimal text of {@code v} without allocating. */
    void addDecimal(long v) {
        int len = decimal(v, digits);
        add(digits, digits.length - len, len);
    }

    /**
     * Writes the decimal digits of {@code v} (with a '-' when negative) at the end of {@code out};
     * returns how many bytes were written.
     */
    static int decimal(long v, byte[] out) {
        int p = out.length;
        boolean neg = v < 0;
        // work with negative values so that Long.MIN_VALUE needs no special case
        long x = neg ? v : -v;
        do {
            long q = x / 10;
            out[--p] = (byte) ('0' + (int) (q * 10 - x));
            x = q;
        } while (x != 0);
        if (neg) out[--p] = '-';
        return out.length - p;
    }

    LuaString result() {
        if (gc != null) gc.allocateString(n);
        return LuaString.copyOf(a, 0, n);
    }
}
