package dev.lunatik.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@link Main#run} in-process with captured streams; a small builder for tests. */
final class Cli {
    /** Scripts live under a relative folder so messages show short, predictable chunk names. */
    static final Path SCRIPTS = Path.of("target", "cli-test-scripts");

    private String stdin = "";
    private final Map<String, String> env = new HashMap<>();
    private boolean tty;

    /** What a run produced. */
    record Result(int status, String out, String err) {}

    Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Pretends stdin is a terminal (the REPL still uses the plain reader). */
    Cli tty() {
        this.tty = true;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Stdio io = new Stdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env, tty, false);
        int status = Main.run(args, io);
        o.flush();
        e.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code SCRIPTS/name} and returns its relative path as a string. */
    static String script(String name, String text) {
        try {
            Files.createDirectories(SCRIPTS);
            Path p = SCRIPTS.resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p.toString();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
