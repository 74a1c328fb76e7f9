package dev.lunatik.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request to a running daemon and its reply (see {@link Frames} for the wire format): what
 * the {@code lunatik} command does for each kernel command, usable from tools, benchmarks and
 * tests. {@link #exchange} streams the reply to a {@link Sink}; {@link #request} collects it.
 */
public final class DaemonClient {
    private DaemonClient() {}

    /** Where a reply's output goes as it arrives. */
    public interface Sink {
        /** Bytes for standard output; false stops reading (our own reader has gone). */
        boolean out(byte[] b, int off, int len) throws IOException;

        /** Bytes for standard error. */
        void err(byte[] b, int off, int len) throws IOException;
    }

    /** A reply the daemon ended without an exit status (it closed the connection early). */
    public static final class NoAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message) {
            super(message);
        }
    }

    /** Exit status {@link #exchange} returns when the sink stopped reading (as a process killed by SIGPIPE). */
    public static final int SINK_CLOSED = 141;

    /** A collected reply. */
    public record Reply(int status, byte[] out, byte[] err) {
        /** Standard output as text. */
        public String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }

        /** Standard error as text. */
        public String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code args} (the command first) to the daemon at {@code socket} and collects the reply. */
    public static Reply request(Path socket, String... args) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (SocketChannel c = connect(socket)) {
            int status = exchange(c, Map.of(), a, new Sink() {
                @Override
                public boolean out(byte[] b, int off, int len) {
                    out.write(b, off, len);
                    return true;
                }

                @Override
                public void err(byte[] b, int off, int len) {
                    err.write(b, off, len);
                }
            });
            return new Reply(status, out.toByteArray(), err.toByteArray());
        }
    }

    /** A connection to the daemon's socket. */
    public static SocketChannel connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Sends one request over {@code c} and copies the reply to {@code sink}; returns its exit
     * status. If sending fails (the daemon refused before reading it all), the reply is still
     * read: a refusal arrives as words, not as a broken pipe.
     */
    public static int exchange(SocketChannel c, Map<String, byte[]> options, List<byte[]> args, Sink sink) throws IOException {
        IOException writeFailure = null;
        try {
            Frames.writeRequest(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c))), options, args);
        } catch (Frames.Malformed m) {
            throw m;
        } catch (IOException e) {
            writeFailure = e;
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
        while (true) {
            int len;
            byte[] b;
            try {
                len = in.readInt();
                if (len < 1 || len > Frames.MAX_FRAME) {
                    throw new IOException("bad reply from the daemon (a frame of " + len + " bytes)");
                }
                b = new byte[len];
                in.readFully(b);
            } catch (EOFException e) {
                throw new NoAnswer("the daemon closed the connection before answering"
                        + (writeFailure != null ? " (" + writeFailure.getMessage() + ")" : ""));
            }
            switch (b[0]) {
                case 'O' -> {
                    if (!sink.out(b, 1, len - 1)) {
                        return SINK_CLOSED;
                    }
                }
                case 'E' -> sink.err(b, 1, len - 1);
                case 'K' -> { }
                case 'X' -> {
                    return len >= 5 ? java.nio.ByteBuffer.wrap(b, 1, 4).getInt() : 1;
                }
                default -> throw new IOException("bad reply from the daemon (frame kind " + (b[0] & 0xFF) + ")");
            }
        }
    }
}
