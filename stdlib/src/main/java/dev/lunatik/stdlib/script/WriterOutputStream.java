package dev.lunatik.stdlib.script;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bytes a Lua state writes ({@code print}, {@code warn}), decoded as UTF-8 onto a
 * {@link Writer} chosen at each write, so that output follows whichever script context is
 * current. Bytes of a character split across writes wait for the rest; malformed bytes become
 * U+FFFD. A {@code null} writer discards the output.
 */
final class WriterOutputStream extends OutputStream {
    private final Supplier<Writer> target;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer in = ByteBuffer.allocate(512);
    private final CharBuffer out = CharBuffer.allocate(512);

    /** A stream writing to the writer {@code target} gives at the time of each write. */
    WriterOutputStream(Supplier<Writer> target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            int n = Math.min(len, in.remaining());
            in.put(b, off, n);
            off += n;
            len -= n;
            decode(false);
        }
    }

    /** Flushes the current writer (decoded text is handed over at every write already). */
    @Override
    public void flush() throws IOException {
        Writer w = target.get();
        if (w != null) w.flush();
    }

    /** Ends the text: an incomplete character left over becomes U+FFFD; then flushes. */
    void finish() {
        try {
            decode(true);
            flush();
        } catch (IOException e) {
            // as PrintStream does: a failing writer loses the output, it does not fail the script
        }
    }

    private void decode(boolean end) throws IOException {
        in.flip();
        try {
            while (decoder.decode(in, out, end).isOverflow()) drain();
            if (end) {
                while (decoder.flush(out).isOverflow()) drain();
                decoder.reset();
            }
            drain();
        } finally {
            in.compact();
        }
    }

    private void drain() throws IOException {
        out.flip();
        try {
            Writer w = out.hasRemaining() ? target.get() : null;
            if (w != null) w.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
        } finally {
            out.clear();
        }
    }
}
