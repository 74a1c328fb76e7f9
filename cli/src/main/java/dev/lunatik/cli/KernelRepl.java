package dev.lunatik.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The REPL of {@code lunatik} with no argument: each chunk runs in the daemon's driver state
 * (one state for the whole session, as the real driver runtime), so globals persist between
 * lines and between sessions. An expression typed alone is printed ({@code > 42} prints
 * {@code 42}), every result tab-separated; a chunk that is not complete yet continues on a
 * {@code >> } line; errors are shown and the REPL goes on. On a terminal it has line editing
 * and a history file ({@code ~/.lunatik_history}). What scripts {@code print} goes to the kernel
 * log ({@code lunatik dmesg}), as in the kernel.
 */
final class KernelRepl {
    /** The daemon's status for a chunk that needs more lines. */
    static final int INCOMPLETE = Driver.INCOMPLETE;

    private final Stdio io;
    private final KernelCommand client;

    KernelRepl(Stdio io) {
        this.io = io;
        this.client = new KernelCommand(io);
    }

    int run() {
        try {
            KernelCli.Context ctx = new KernelCli.Context(io, new String[0], new byte[0][]);
            if (ctx.autoload() != 0) {
                return 1;
            }
        } catch (IOException | IllegalArgumentException e) {
            io.err().println("lunatik: " + e.getMessage());
            return 1;
        }
        // the real banner is _LUNATIK_VERSION and its authors' copyright; ours names this program
        io.out().print(dev.lunatik.kernel.libs.Lunatik.VERSION + " on the JVM (lunatik-jvm " + Version.project()
                + ", " + Version.LUA + ")  Ctrl-D leaves; print() goes to 'lunatik dmesg'\n");
        io.out().flush();
        Path history = Path.of(System.getProperty("user.home"), ".lunatik_history");
        try (LineInput input = LineInput.open(io, history)) {
            java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
            for (;;) {
                byte[] line = input.readLine(chunk.size() == 0 ? "> " : ">> ");
                if (line == null) break;
                if (line == LineInput.CANCELLED) {
                    chunk.reset();
                    continue;
                }
                if (chunk.size() > 0) chunk.write('\n');
                chunk.write(line, 0, line.length);
                if (new String(chunk.toByteArray(), StandardCharsets.ISO_8859_1).isBlank()) {
                    chunk.reset();
                    continue;
                }
                byte[] code = chunk.toByteArray();
                int status = Interrupts.onInterrupt(client::cancel, () -> { // Ctrl-C ends the chunk, not the REPL
                    try {
                        return client.request(List.of(KernelCommand.bytes("eval"), code),
                                Map.of("repl", KernelCommand.bytes("1")), client.timeoutMillis(false));
                    } catch (IOException e) {
                        io.err().println("lunatik: " + e.getMessage());
                        return -1;
                    }
                });
                if (status < 0) return 1;
                if (status != INCOMPLETE) chunk.reset();
            }
        }
        io.out().print("\n");
        io.out().flush();
        return 0;
    }
}
