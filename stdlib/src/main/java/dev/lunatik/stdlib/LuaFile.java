package dev.lunatik.stdlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The stream behind an {@code io} file handle: a C {@code FILE*} stand-in with its own read and
 * write buffers. A regular file is a {@link FileChannel} (seekable; reads and writes may be mixed
 * freely); the standard streams wrap the state's {@code stdin} and its current
 * {@code stdout}/{@code stderr} print streams and cannot be closed or sought.
 */
final class LuaFile {
    /** Buffering modes of {@code setvbuf}. */
    static final int NO = 0, FULL = 1, LINE = 2;

    private static final int BUFSIZE = 8192;

    private final FileChannel channel;
    private final InputStream in;
    private final Supplier<PrintStream> out;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final Path deleteOnClose;
    /** A standard stream: {@code close} fails with "cannot close standard file". */
    final boolean standard;
    private boolean closed;

    private final byte[] rbuf;
    private int rpos;
    private int rlen;
    private byte[] wbuf;
    private int wlen;
    private int mode = FULL;

    private LuaFile(FileChannel channel, InputStream in, Supplier<PrintStream> out, boolean readable, boolean writable,
            boolean append, Path deleteOnClose) {
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        this.deleteOnClose = deleteOnClose;
        this.standard = channel == null;
        this.rbuf = readable ? new byte[BUFSIZE] : null;
    }

    /** Standard input over {@code in}. */
    static LuaFile stdin(InputStream in) {
        return new LuaFile(null, in, null, true, false, false, null);
    }

    /** A standard output stream: writes go to whatever print stream {@code out} supplies at the time. */
    static LuaFile stdout(Supplier<PrintStream> out) {
        return new LuaFile(null, null, out, false, true, false, null);
    }

    /**
     * Opens {@code path} with a C {@code fopen} mode already checked ({@code [rwa]+?b*}).
     *
     * @throws IOException as {@code fopen} fails (missing file, permission, a directory opened for writing)
     */
    static LuaFile open(Path path, String mode) throws IOException {
        char kind = mode.charAt(0);
        boolean plus = mode.indexOf('+') >= 0;
        Set<StandardOpenOption> opts = EnumSet.noneOf(StandardOpenOption.class);
        boolean read = kind == 'r' || plus;
        boolean write = kind != 'r' || plus;
        if (read) opts.add(StandardOpenOption.READ);
        if (write) opts.add(StandardOpenOption.WRITE);
        if (kind == 'w') opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (kind != 'r') opts.add(StandardOpenOption.CREATE);
        if (write && Files.isDirectory(path)) throw new FileSystemException(path.toString(), null, "Is a directory");
        return new LuaFile(FileChannel.open(path, opts), null, null, read, write, kind == 'a', null);
    }

    /** A new temporary file opened "w+", removed when closed (C's {@code tmpfile}). */
    static LuaFile temporary() throws IOException {
        Path p = Files.createTempFile("lua_", null);
        p.toFile().deleteOnExit();
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new LuaFile(ch, null, null, true, true, false, p);
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ reading

    /** The next byte (0..255), or -1 at end of file. */
    int getc() throws IOException {
        if (rpos < rlen) return rbuf[rpos++] & 0xFF;
        if (!fill()) return -1;
        return rbuf[rpos++] & 0xFF;
    }

    /** Steps back over the byte the last {@link #getc} returned (never at end of file). */
    void ungetc() {
        rpos--;
    }

    /** Whether at least one more byte can be read (reads ahead when needed). */
    boolean hasMore() throws IOException {
        return rpos < rlen || fill();
    }

    /** Appends up to {@code n} bytes to {@code to}; returns how many were read. */
    long read(long n, ByteArrayOutputStream to) throws IOException {
        long got = 0;
        while (got < n) {
            if (rpos == rlen && !fill()) break;
            int k = (int) Math.min(n - got, rlen - rpos);
            to.write(rbuf, rpos, k);
            rpos += k;
            got += k;
        }
        return got;
    }

    /**
     * Appends the rest of the line to {@code to} ({@code keepNewline}: with its '\n'); returns
     * whether anything was read (a newline counts).
     */
    boolean readLine(ByteArrayOutputStream to, boolean keepNewline) throws IOException {
        boolean any = false;
        while (true) {
            if (rpos == rlen && !fill()) return any;
            any = true;
            int start = rpos;
            while (rpos < rlen && rbuf[rpos] != '\n') rpos++;
            to.write(rbuf, start, rpos - start);
            if (rpos < rlen) { // at the newline
                rpos++;
                if (keepNewline) to.write('\n');
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        if (!readable) throw ebadf();
        if (closed) throw ebadf();
        flushWrites();
        rpos = 0;
        rlen = 0;
        int n;
        if (channel != null) {
            n = channel.read(ByteBuffer.wrap(rbuf));
        } else {
            n = in.read(rbuf, 0, rbuf.length);
        }
        if (n <= 0) return false;
        rlen = n;
        return true;
    }

    // ------------------------------------------------------------------ writing

    void write(byte[] b, int off, int len) throws IOException {
        if (!writable || closed) throw ebadf();
        if (out != null) {
            PrintStream s = out.get();
            s.write(b, off, len);
            // no checkError() here: it flushes; write errors of a print stream show at flush
            if (mode == NO || (mode == LINE && contains(b, off, len, (byte) '\n'))) s.flush();
            return;
        }
        dropReadAhead();
        if (wbuf == null) wbuf = new byte[BUFSIZE];
        if (len > wbuf.length - wlen) {
            flushWrites();
            if (len >= wbuf.length) {
                writeFully(ByteBuffer.wrap(b, off, len));
                return;
            }
        }
        System.arraycopy(b, off, wbuf, wlen, len);
        wlen += len;
        if (mode == NO || (mode == LINE && contains(b, off, len, (byte) '\n'))) flushWrites();
    }

    private static boolean contains(byte[] b, int off, int len, byte c) {
        for (int i = off; i < off + len; i++) if (b[i] == c) return true;
        return false;
    }

    private void flushWrites() throws IOException {
        if (wlen == 0) return;
        int n = wlen;
        wlen = 0;
        writeFully(ByteBuffer.wrap(wbuf, 0, n));
    }

    private void writeFully(ByteBuffer b) throws IOException {
        if (append) channel.position(channel.size());
        while (b.hasRemaining()) channel.write(b);
    }

    /** Moves the channel back over bytes read ahead but not consumed (before a write or a seek). */
    private void dropReadAhead() throws IOException {
        if (rpos < rlen && channel != null) channel.position(channel.position() - (rlen - rpos));
        rpos = 0;
        rlen = 0;
    }

    void flush() throws IOException {
        if (closed) throw ebadf();
        if (out != null) {
            PrintStream s = out.get();
            s.flush();
            if (s.checkError()) throw new IOException("Input/output error");
        } else if (channel != null) {
            flushWrites();
        }
    }

    /** {@code setvbuf}: {@link #NO}, {@link #FULL} or {@link #LINE} (the size is not used). */
    void setBuffering(int mode) throws IOException {
        flush();
        this.mode = mode;
    }

    // ------------------------------------------------------------------ positioning and closing

    /** {@code fseek} + {@code ftell}: whence 0 set, 1 cur, 2 end; returns the new position. */
    long seek(int whence, long offset) throws IOException {
        if (channel == null) throw new IOException("Illegal seek");
        flushWrites();
        long cur = channel.position() - (rlen - rpos);
        long origin = whence == 0 ? 0 : whence == 1 ? cur : channel.size();
        long target = origin + offset;
        if ((offset > 0 && target < origin) || target < 0) throw new IOException("Invalid argument");
        if (whence == 1 && offset == 0) return cur; // ftell: keep the read-ahead
        rpos = 0;
        rlen = 0;
        channel.position(target);
        return target;
    }

    /** Flushes and releases the file; the handle reads as "closed" afterwards even if this fails. */
    void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            flushWrites();
        } finally {
            if (channel != null) channel.close();
            if (deleteOnClose != null) Files.deleteIfExists(deleteOnClose);
        }
    }

    private static IOException ebadf() {
        return new IOException("Bad file descriptor");
    }
}
