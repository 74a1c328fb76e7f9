package dev.lunatik.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SuiteRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void missingDirIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing DIR").contains("usage:");
    }

    @Test
    void badTimeoutIsAUsageError() {
        assertThat(run("--timeout", "soon", dir.toString())).isEqualTo(2);
        assertThat(run("--timeout", "0", dir.toString())).isEqualTo(2);
        assertThat(run(dir.toString(), "--timeout")).isEqualTo(2);
        assertThat(out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("--fast", dir.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--fast'");
    }

    @Test
    void notADirectoryIsAUsageError() {
        assertThat(run(dir.resolve("nope").toString())).isEqualTo(2);
    }

    @Test
    void emptyFolderPassesTrivially() throws IOException {
        write("notes.txt", "not lua");
        assertThat(run(dir.toString())).isEqualTo(0);
        assertThat(out()).isEqualTo("0 passed, 0 failed (stack limit 200 slots)" + System.lineSeparator());
    }

    @Test
    void unreadableNamedFileIsAnError() {
        assertThat(run(dir.toString(), "absent.lua")).isEqualTo(1);
        assertThat(out()).startsWith("ERROR absent.lua cannot read").contains("0 passed, 1 failed");
    }

    @Test
    void reportsPassFailAndErrorPerFile() throws IOException {
        write("a_pass.lua", "assert(1 + 1 == 2)\nprint('noise is captured')\n");
        write("b_fail.lua", "local x = 1\nerror('broken ' .. x)\n");
        write("c_syntax.lua", "x = = 1\n");
        write("d_loop.lua", "while true do end\n");
        int status = run("--timeout", "2", dir.toString());
        assertThat(out().split("\\R")).containsExactly(
                "PASS a_pass.lua",
                "FAIL b_fail.lua b_fail.lua:2: broken 1",
                "FAIL c_syntax.lua c_syntax.lua:1: unexpected symbol near '='",
                "ERROR d_loop.lua timeout after 2 s",
                "1 passed, 3 failed (stack limit 200 slots)");
        assertThat(status).isEqualTo(1);
    }

    @Test
    void runsOnlyTheNamedFilesAndExitsZeroWhenAllPass() throws IOException {
        write("one.lua", "assert(true)\n");
        write("two.lua", "error('not run')\n");
        assertThat(run(dir.toString(), "one.lua")).isEqualTo(0);
        assertThat(out().split("\\R")).containsExactly("PASS one.lua", "1 passed, 0 failed (stack limit 200 slots)");
    }

    @Test
    void aFileFindsItsSiblingsAndItsName() throws IOException {
        write("helper.lua", "return 40 + (... or 0)\n");
        write("main.lua", """
                assert(arg[0] == "main.lua")
                assert(dofile("helper.lua") == 40)
                local f = assert(loadfile("helper.lua"))
                assert(f(2) == 42)
                local ok, msg = pcall(dofile, "missing.lua")
                assert(not ok and msg ~= nil)
                """);
        assertThat(run(dir.toString(), "main.lua")).isEqualTo(0);
        assertThat(out()).startsWith("PASS main.lua");
    }

    @Test
    void loadfileGivesTheFilesOwnErrorsInAndOutOfTheFolder() throws IOException {
        Path outside = Files.createTempFile("outside", ".lua");
        try {
            Files.writeString(outside, "return 10");
            write("broken.lua", "return +\n");
            write("modes.lua", """
                    local path = ...
                    local f, m = loadfile(path, "b")
                    assert(not f and m:find("attempt to load a text chunk", 1, true), m)
                    assert(loadfile(path, "t")() == 10)
                    f, m = loadfile("broken.lua")
                    assert(not f and m:find("broken.lua:1:", 1, true), m)
                    f, m = loadfile("missing.lua")
                    assert(not f and m:find("cannot open", 1, true), m)
                    """.replace("local path = ...", "local path = '" + outside.toAbsolutePath() + "'"));
            assertThat(run(dir.toString(), "modes.lua")).isEqualTo(0);
            assertThat(out()).startsWith("PASS modes.lua");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void definesSetGlobalsToTrue() throws IOException {
        write("flags.lua", "assert(_U == true and _soft == true and _port == nil)\n");
        assertThat(run("--define", "_U", "--define", "_soft", dir.toString())).isEqualTo(0);
        assertThat(out()).startsWith("PASS flags.lua");
        assertThat(run(dir.toString(), "--define")).isEqualTo(2);
    }

    @Test
    void requireLooksInTheSuiteFolder() throws IOException {
        write("mod.lua", "return {answer = 42}\n");
        write("user.lua", "assert(require('mod').answer == 42)\n");
        assertThat(run(dir.toString(), "user.lua")).isEqualTo(0);
        assertThat(out()).startsWith("PASS user.lua");
    }

    @Test
    void stackOptionRaisesTheKernelLimit() throws IOException {
        write("deep.lua", "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end\nassert(f(500) == 500)\n");
        assertThat(run(dir.toString(), "deep.lua")).isEqualTo(1);
        assertThat(out()).contains("FAIL deep.lua").contains("stack overflow");
        out.reset();
        assertThat(run("--stack", "100000", dir.toString(), "deep.lua")).isEqualTo(0);
        assertThat(out()).startsWith("PASS deep.lua");
        assertThat(run("--stack", "5", dir.toString())).isEqualTo(2);
    }

    @Test
    void hostOptionOpensIoAndOs() throws IOException {
        write("host.lua", "assert(io == nil and os == nil)\n");
        write("host2.lua", "assert(type(io.write) == 'function' and type(os.time()) == 'number')\n");
        assertThat(run(dir.toString(), "host.lua")).isEqualTo(0);
        assertThat(run("--host", dir.toString(), "host2.lua")).isEqualTo(0);
        assertThat(out()).contains("PASS host.lua").contains("PASS host2.lua");
    }
}
