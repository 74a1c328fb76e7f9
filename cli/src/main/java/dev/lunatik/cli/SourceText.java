package dev.lunatik.cli;

/** What {@code luaL_loadfile} does to a file's bytes before compiling them. */
final class SourceText {
    private SourceText() {}

    /**
     * Drops a UTF-8 byte-order mark and, when the text then starts with {@code #} (a Unix
     * {@code #!} line), blanks that first line but keeps its newline so line numbers stay right.
     */
    static byte[] skipPrelude(byte[] b) {
        int start = 0;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) start = 3;
        if (start < b.length && b[start] == '#') {
            int nl = start;
            while (nl < b.length && b[nl] != '\n') nl++;
            if (nl == b.length) return new byte[0];
            byte[] r = new byte[b.length - nl];
            System.arraycopy(b, nl, r, 0, r.length); // starts with the '\n'
            return r;
        }
        if (start == 0) return b;
        byte[] r = new byte[b.length - start];
        System.arraycopy(b, start, r, 0, r.length);
        return r;
    }

    /** Whether {@code b} (after {@link #skipPrelude}) is a precompiled chunk ({@code ESC Lua}). */
    static boolean isBinary(byte[] b) {
        return b.length > 0 && b[0] == 0x1B;
    }

    /** The message for a precompiled chunk, which this implementation cannot load yet. */
    static String binaryNotSupported(String fileName) {
        return "cannot load " + fileName + ": binary chunks are not supported";
    }
}
