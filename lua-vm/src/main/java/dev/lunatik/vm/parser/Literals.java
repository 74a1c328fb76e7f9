package dev.lunatik.vm.parser;

import dev.lunatik.vm.value.LuaString;
import java.io.ByteArrayOutputStream;

/**
 * Decodes and validates numerals and string literals exactly as kernel Lua's scanner does,
 * reporting errors with Lua's wording and with the text Lua's scanner would have buffered so far
 * (which is what Lua shows after "near").
 */
final class Literals {
    private Literals() {}

    /** A lexical error: message, line, and the near text ({@code null} for {@code <eof>}). */
    static final class LexException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final String near;

        LexException(String message, int line, String near) {
            super(message, null, false, false);
            this.line = line;
            this.near = near;
        }
    }

    /** A decoded string literal: its value and Lua's buffer text (for "near" in messages). */
    record Decoded(LuaString value, String bufferText) {}

    /**
     * Converts a numeral matched by the lexer ({@code 0x} + hex digits, or a digit followed by
     * hex-digit characters). Hexadecimal numerals wrap modulo 2^64; decimal ones must fit a long.
     */
    static long number(String text, int line) throws LexException {
        int n = text.length();
        if (n >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            if (n == 2) throw malformed(text, line);
            long v = 0;
            for (int i = 2; i < n; i++) v = (v << 4) + Character.digit(text.charAt(i), 16);
            return v;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw malformed(text, line);
            int d = c - '0';
            if (v > (Long.MAX_VALUE - d) / 10) throw malformed(text, line);
            v = v * 10 + d;
        }
        return v;
    }

    private static LexException malformed(String text, int line) {
        return new LexException("malformed number", line, text);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == 0x0B || c == '\r';
    }

    /**
     * Decodes the short string starting at {@code src[start]} (the quote) on line {@code line}.
     * Newlines in {@code src} are already normalized to '\n'.
     */
    static Decoded shortString(char[] src, int start, int line) throws LexException {
        char delim = src[start];
        int n = src.length;
        int i = start + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder buf = new StringBuilder().append(delim);
        while (true) {
            if (i >= n) throw new LexException("unfinished string", line, null);
            char c = src[i];
            if (c == delim) {
                buf.append(delim);
                return new Decoded(LuaString.wrap(out.toByteArray()), buf.toString());
            }
            if (c == '\n') throw new LexException("unfinished string", line, buf.toString());
            if (c != '\\') {
                out.write(c);
                buf.append(c);
                i++;
                continue;
            }
            int escStart = buf.length();
            buf.append('\\');
            i++;
            if (i >= n) continue; // unfinished string near <eof>
            c = src[i];
            int value;
            switch (c) {
                case 'a' -> value = 7;
                case 'b' -> value = '\b';
                case 'f' -> value = '\f';
                case 'n' -> value = '\n';
                case 'r' -> value = '\r';
                case 't' -> value = '\t';
                case 'v' -> value = 0x0B;
                case '\\', '"', '\'' -> value = c;
                case '\n' -> {
                    value = '\n';
                    line++;
                }
                case 'x' -> {
                    buf.append('x');
                    i++;
                    int r = 0;
                    for (int k = 0; k < 2; k++) {
                        if (i >= n || !isHex(src[i])) throw escError("hexadecimal digit expected", src, i, buf, line);
                        r = (r << 4) + Character.digit(src[i], 16);
                        buf.append(src[i]);
                        i++;
                    }
                    out.write(r);
                    buf.setLength(escStart);
                    buf.append((char) r);
                    continue;
                }
                case 'u' -> {
                    buf.append('u');
                    i++;
                    if (i >= n || src[i] != '{') throw escError("missing '{'", src, i, buf, line);
                    buf.append('{');
                    i++;
                    if (i >= n || !isHex(src[i])) throw escError("hexadecimal digit expected", src, i, buf, line);
                    long r = Character.digit(src[i], 16);
                    buf.append(src[i]);
                    i++;
                    while (i < n && isHex(src[i])) {
                        if (r > (0x7FFFFFFFL >> 4)) throw escError("UTF-8 value too large", src, i, buf, line);
                        r = (r << 4) + Character.digit(src[i], 16);
                        buf.append(src[i]);
                        i++;
                    }
                    if (i >= n || src[i] != '}') throw escError("missing '}'", src, i, buf, line);
                    i++;
                    byte[] enc = utf8((int) r);
                    out.write(enc, 0, enc.length);
                    buf.setLength(escStart);
                    for (byte b : enc) buf.append((char) (b & 0xFF));
                    continue;
                }
                case 'z' -> {
                    i++;
                    while (i < n && isSpace(src[i])) {
                        if (src[i] == '\n') line++;
                        i++;
                    }
                    buf.setLength(escStart);
                    continue;
                }
                default -> {
                    if (c < '0' || c > '9') throw escError("invalid escape sequence", src, i, buf, line);
                    int r = 0;
                    for (int k = 0; k < 3 && i < n && src[i] >= '0' && src[i] <= '9'; k++) {
                        r = r * 10 + (src[i] - '0');
                        buf.append(src[i]);
                        i++;
                    }
                    if (r > 255) throw escError("decimal escape too large", src, i, buf, line);
                    out.write(r);
                    buf.setLength(escStart);
                    buf.append((char) r);
                    continue;
                }
            }
            out.write(value);
            buf.setLength(escStart);
            buf.append((char) value);
            i++;
        }
    }

    /** Lua's esccheck: adds the current character (if any) to the buffer, then fails. */
    private static LexException escError(String msg, char[] src, int i, StringBuilder buf, int line) {
        if (i < src.length) buf.append(src[i]);
        return new LexException(msg, line, buf.toString());
    }

    /** Lua's (extended, up to 6 bytes) UTF-8 encoding of {@code x} (0 .. 0x7FFFFFFF). */
    static byte[] utf8(int x) {
        if (x < 0x80) return new byte[] {(byte) x};
        byte[] tmp = new byte[8];
        int n = 1;
        int mfb = 0x3f;
        do {
            tmp[8 - n++] = (byte) (0x80 | (x & 0x3f));
            x >>>= 6;
            mfb >>>= 1;
        } while (x > mfb);
        tmp[8 - n] = (byte) ((~mfb << 1) | x);
        byte[] r = new byte[n];
        System.arraycopy(tmp, 8 - n, r, 0, n);
        return r;
    }

    /**
     * Decodes a complete long bracket {@code [==[ ... ]==]} given as its token text: the first
     * newline is skipped. Returns the value and the text Lua shows for it in messages.
     */
    static Decoded longString(String text) {
        int sep = 1;
        while (text.charAt(sep) == '=') sep++;
        int from = sep + 1;
        int to = text.length() - sep - 1;
        if (from < to && text.charAt(from) == '\n') from++;
        byte[] b = new byte[to - from];
        for (int i = from; i < to; i++) b[i - from] = (byte) text.charAt(i);
        String shown = text.substring(0, sep + 1) + text.substring(from);
        return new Decoded(LuaString.wrap(b), shown);
    }
}
