package dev.lunatik.kernel.ulp;

import dev.lunatik.kernel.libs.UlpContext;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A socket with ULP Lua on it ({@link UlpLua#attach}): {@link #loadScript} and {@link #setEntry}
 * are {@code SS_LUA_LOADSCRIPT} and {@code SS_LUA_ENTRY}, {@link #read} is {@code recvmsg} with
 * the entry run over the bytes received. Methods are synchronized: one read at a time runs Lua.
 */
public final class UlpSocket implements Closeable {
    private final UlpContext context;
    private final ReadableByteChannel in;
    private final Closeable owner;
    private final BooleanSupplier nonblock;
    private byte[] scratch = new byte[0];
    private boolean trashed;

    UlpSocket(UlpContext context, ReadableByteChannel in, Closeable owner, BooleanSupplier nonblock) {
        this.context = context;
        this.in = in;
        this.owner = owner;
        this.nonblock = nonblock;
    }

    /** The ULP context: its Lua state, time limit and counters. */
    public UlpContext context() {
        return context;
    }

    /**
     * Loads and runs {@code source} in the socket's state ({@code SS_LUA_LOADSCRIPT}).
     *
     * @throws IllegalArgumentException where the module answers {@code -EINVAL}: more than
     *     {@link UlpContext#SCRIPT_MAX} bytes, a binary chunk, a syntax or run error; the message
     *     says which (and the kernel log has it too)
     */
    public synchronized void loadScript(String source) {
        loadScript(source.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #loadScript(String)}, for the script's bytes. */
    public synchronized void loadScript(byte[] source) {
        if (context.loadScript(Objects.requireNonNull(source)) < 0) {
            throw new IllegalArgumentException("EINVAL: " + context.lastError());
        }
    }

    /**
     * Names the entry function ({@code SS_LUA_ENTRY}); {@code ""} removes it.
     *
     * @throws IllegalArgumentException for a name longer than {@link UlpContext#ENTRY_MAX} bytes or holding a NUL
     */
    public synchronized void setEntry(String name) {
        if (context.setEntry(name.getBytes(StandardCharsets.UTF_8)) < 0) {
            throw new IllegalArgumentException("EINVAL: " + context.lastError());
        }
    }

    /**
     * Reads into {@code dst} as {@link ReadableByteChannel#read} does, then runs the entry over
     * the bytes read (which it may change in place). Returns the count; 0 when nothing was
     * available; -1 at the end of the stream and when the entry trashed the data (the bytes are
     * then taken back out of {@code dst}; {@link #trashed()} tells the two apart). An entry's
     * error or timeout is logged and the data returned unchanged.
     */
    public synchronized int read(ByteBuffer dst) throws IOException {
        trashed = false;
        int pos = dst.position();
        int n = in.read(dst);
        if (n <= 0) {
            return n;
        }
        boolean trash;
        if (dst.hasArray()) {
            trash = context.receive(dst.array(), dst.arrayOffset() + pos, n, nonblock.getAsBoolean());
        } else {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, 2 * scratch.length)];
            }
            dst.get(pos, scratch, 0, n);
            trash = context.receive(scratch, 0, n, nonblock.getAsBoolean());
            if (!trash) {
                dst.put(pos, scratch, 0, n);
            }
        }
        if (trash) {
            dst.position(pos);
            trashed = true;
            return -1;
        }
        return n;
    }

    /** Whether the last {@link #read} returned -1 because the entry trashed the data (not the end of the stream). */
    public synchronized boolean trashed() {
        return trashed;
    }

    /** The socket's input as a stream, reading through {@link #read}. */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n;
                do {
                    n = read(one, 0, 1);
                } while (n == 0);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                return len == 0 ? 0 : UlpSocket.this.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** Closes the socket (which ends a read blocked in it), then the Lua state. */
    @Override
    public void close() throws IOException {
        try {
            owner.close();
        } finally {
            synchronized (this) {
                context.close();
            }
        }
    }
}
