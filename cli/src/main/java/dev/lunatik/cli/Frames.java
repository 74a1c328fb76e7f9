package dev.lunatik.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's wire format over its Unix domain socket (protocol 2). Everything is bytes: Lua
 * strings, arguments and output cross it unchanged.
 *
 * <p>A <b>request</b> is one frame: a 4-byte big-endian length (at most {@link #MAX_REQUEST})
 * and a payload of {@link #MAGIC} (the protocol's name and version), then a count and that
 * many options (key, value), then a count and that many arguments (the command and its
 * arguments); every string is a 4-byte length and its bytes. Options carry what the client
 * knows that the daemon does not (its script root, whether it is a REPL).
 *
 * <p>A <b>reply</b> is a sequence of frames, each a 4-byte length and a payload whose first byte
 * says what follows: {@code 'O'} bytes for standard output, {@code 'E'} bytes for standard
 * error, {@code 'K'} nothing (a keep-alive while a stream is idle), {@code 'X'} the exit status
 * (4 bytes), which ends the reply. A frame carries at most {@link #MAX_CHUNK} bytes of output, so
 * no reply is limited in size; a reader refuses frames over {@link #MAX_FRAME}.
 */
final class Frames {
    private Frames() {}

    /** The start of every request payload: the protocol and its version, NUL-terminated. */
    static final byte[] MAGIC = "LUNATIK/2\0".getBytes(StandardCharsets.US_ASCII);
    /** Largest request accepted (1 MiB: a pasted script, a {@code dev write} payload). */
    static final int MAX_REQUEST = 1 << 20;
    /** Largest output chunk the daemon puts in one frame. */
    static final int MAX_CHUNK = 64 * 1024;
    /** Largest reply frame a client accepts. */
    static final int MAX_FRAME = 1 << 20;

    /** A request that is not well formed (the message says how). */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String msg) {
            super(msg);
        }
    }

    /** A decoded request: its options and its arguments (the command first). */
    record Request(Map<String, byte[]> options, List<byte[]> args) {
        /** Argument {@code i} as text (UTF-8), for commands and names. */
        String arg(int i) {
            return new String(args.get(i), StandardCharsets.UTF_8);
        }

        /** The option as text, or {@code dflt}. */
        String option(String key, String dflt) {
            byte[] v = options.get(key);
            return v == null ? dflt : new String(v, StandardCharsets.UTF_8);
        }
    }

    /** The request payload for {@code args} with {@code options} (without the length prefix). */
    static byte[] encodeRequest(Map<String, byte[]> options, List<byte[]> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        try {
            d.write(MAGIC);
            d.writeInt(options.size());
            for (Map.Entry<String, byte[]> e : options.entrySet()) {
                writeString(d, e.getKey().getBytes(StandardCharsets.UTF_8));
                writeString(d, e.getValue());
            }
            d.writeInt(args.size());
            for (byte[] a : args) {
                writeString(d, a);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
        return b.toByteArray();
    }

    private static void writeString(DataOutputStream d, byte[] s) throws IOException {
        d.writeInt(s.length);
        d.write(s);
    }

    /** Writes a request frame. */
    static void writeRequest(DataOutputStream out, Map<String, byte[]> options, List<byte[]> args) throws IOException {
        byte[] p = encodeRequest(options, args);
        if (p.length > MAX_REQUEST) {
            throw new Malformed("the request is too large (" + p.length + " bytes; at most " + MAX_REQUEST + ")");
        }
        out.writeInt(p.length);
        out.write(p);
        out.flush();
    }

    /** Decodes a request payload; {@link Malformed} when it is not one. */
    static Request decodeRequest(byte[] p) throws Malformed {
        if (p.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(p, MAGIC.length), MAGIC)) {
            throw new Malformed("not a protocol 2 request (a lunatik client of another version?)");
        }
        ByteBuffer b = ByteBuffer.wrap(p, MAGIC.length, p.length - MAGIC.length);
        try {
            int nopt = count(b);
            Map<String, byte[]> options = new LinkedHashMap<>();
            for (int i = 0; i < nopt; i++) {
                options.put(new String(string(b), StandardCharsets.UTF_8), string(b));
            }
            int nargs = count(b);
            List<byte[]> args = new ArrayList<>(nargs);
            for (int i = 0; i < nargs; i++) {
                args.add(string(b));
            }
            if (b.hasRemaining()) {
                throw new Malformed(b.remaining() + " stray bytes after the arguments");
            }
            return new Request(options, args);
        } catch (java.nio.BufferUnderflowException e) {
            throw new Malformed("the request ends early");
        }
    }

    private static int count(ByteBuffer b) throws Malformed {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) {
            throw new Malformed("bad count " + n);
        }
        return n;
    }

    private static byte[] string(ByteBuffer b) throws Malformed {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new Malformed("bad string length " + n);
        }
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }

    /** Reads one request frame's payload (blocking); null at a clean end of stream. */
    static byte[] readRequestPayload(DataInputStream in) throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (len < 0 || len > MAX_REQUEST) {
            throw new Malformed("request too large or corrupt (" + len + " bytes)");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** Frames of {@code kind} holding {@code data[off, off+len)}, split into chunks. */
    static List<ByteBuffer> output(char kind, byte[] data, int off, int len) {
        List<ByteBuffer> out = new ArrayList<>();
        do {
            int n = Math.min(len, MAX_CHUNK);
            ByteBuffer f = ByteBuffer.allocate(5 + n);
            f.putInt(n + 1).put((byte) kind).put(data, off, n).flip();
            out.add(f);
            off += n;
            len -= n;
        } while (len > 0);
        return out;
    }

    /** The frame ending a reply with {@code status}. */
    static ByteBuffer exit(int status) {
        ByteBuffer f = ByteBuffer.allocate(9);
        f.putInt(5).put((byte) 'X').putInt(status).flip();
        return f;
    }

    /** An empty keep-alive frame. */
    static ByteBuffer keepAlive() {
        ByteBuffer f = ByteBuffer.allocate(5);
        f.putInt(1).put((byte) 'K').flip();
        return f;
    }

    /** A whole reply for a short message on stderr and a status (refusals, errors before a command runs). */
    static ByteBuffer errorReply(String message, int status) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer f = ByteBuffer.allocate(5 + m.length + 9);
        f.putInt(m.length + 1).put((byte) 'E').put(m).putInt(5).put((byte) 'X').putInt(status).flip();
        return f;
    }
}
