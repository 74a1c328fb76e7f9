package dev.lunatik.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helper: runs snippets under the reference {@code lua5.4} when it is installed. */
final class LuaReference {
    private LuaReference() {}

    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "lua5.4"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Loads {@code chunk} (which returns a function {@code f}) in lua5.4, runs {@code body}
     * (Lua statements using {@code f}) and returns what it printed.
     */
    static String run(String chunk, String body) throws Exception {
        Path file = Files.createTempFile("bench-chunk", ".lua");
        try {
            Files.writeString(file, chunk);
            String script = "local f = assert(loadfile(" + luaQuote(file.toString()) + "))()\n" + body;
            Harness.RunResult r = Harness.runProcess(List.of("lua5.4", "-e", script), 60);
            if (r.exitCode() != 0) {
                throw new AssertionError("lua5.4 failed: " + r.stderr());
            }
            return Harness.normalize(r.stdout());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String luaQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
