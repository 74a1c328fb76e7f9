package dev.lunatik.cli;

/**
 * Where the REPL gets its lines: a JLine line editor on a terminal ({@link JLineInput}), raw
 * bytes otherwise ({@link PlainLineInput}).
 */
interface LineInput extends AutoCloseable {
    /** Returned by {@link #readLine} when the user pressed Ctrl-C: drop the pending input. */
    byte[] CANCELLED = new byte[0];

    /**
     * Shows {@code prompt} (a Latin-1 view string) and reads one line without its end-of-line;
     * null at end of input; {@link #CANCELLED} (compare by identity) on an interrupt.
     */
    byte[] readLine(String prompt);

    @Override
    void close();

    /** The editor when {@code io} allows one and a terminal can be opened, else plain input. */
    static LineInput open(Stdio io) {
        return open(io, null);
    }

    /** As {@link #open(Stdio)}, keeping the editor's history in {@code historyFile} (may be null). */
    static LineInput open(Stdio io, java.nio.file.Path historyFile) {
        if (io.lineEditor()) {
            LineInput editor = JLineInput.tryOpen(io, historyFile);
            if (editor != null) return editor;
        }
        return new PlainLineInput(io);
    }
}
