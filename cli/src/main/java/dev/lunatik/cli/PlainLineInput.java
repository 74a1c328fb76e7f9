package dev.lunatik.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Line input without editing, as {@code lua} built without readline: prints the prompt on stdout
 * and reads bytes up to a newline (a trailing CR is kept, as in C).
 */
final class PlainLineInput implements LineInput {
    private final Stdio io;
    private final InputStream in;

    PlainLineInput(Stdio io) {
        this.io = io;
        this.in = new BufferedInputStream(io.in());
    }

    @Override
    public byte[] readLine(String prompt) {
        LuaCommand.write(io.out(), prompt);
        io.out().flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int c;
            while ((c = in.read()) != -1 && c != '\n') line.write(c);
            if (c == -1 && line.size() == 0) return null;
        } catch (IOException e) {
            return null;
        }
        return line.toByteArray();
    }

    @Override
    public void close() {}
}
