package dev.lunatik.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's wire format over its Unix domain socket. A request is one frame: a 4-byte
 * big-endian length (at most {@link #MAX_REQUEST}) and the command's arguments in UTF-8, each
 * ended by a NUL. A reply is a sequence of frames whose first payload byte says what follows:
 * {@code 'O'} text for standard output, {@code 'E'} text for standard error, {@code 'X'} the exit
 * status (4 bytes), which ends the reply.
 */
final class Frames {
    private Frames() {}

    /** Largest request accepted (64 KiB). */
    static final int MAX_REQUEST = 64 * 1024;
    /** Largest reply frame. */
    static final int MAX_REPLY = 16 * 1024 * 1024;

    /** A request that is not well formed. */
    static final class Malformed extends IOException {
        Malformed(String msg) {
            super(msg);
        }
    }

    static void writeRequest(DataOutputStream out, List<String> args) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            sb.append(a).append('\0');
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
        out.flush();
    }

    /** Reads one request; null at a clean end of stream; {@link Malformed} when it is not one. */
    static List<String> readRequest(DataInputStream in) throws IOException {
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
        in.readFully(b); // EOFException: a half-closed request
        if (len > 0 && b[len - 1] != 0) {
            throw new Malformed("request not NUL-terminated");
        }
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == 0) {
                args.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return args;
    }

    static void text(DataOutputStream out, char kind, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length + 1);
        out.writeByte(kind);
        out.write(b);
        out.flush();
    }

    static void exit(DataOutputStream out, int status) throws IOException {
        out.writeInt(5);
        out.writeByte('X');
        out.writeInt(status);
        out.flush();
    }
}
