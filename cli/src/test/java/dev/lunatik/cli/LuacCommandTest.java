package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code lunatik luac}: option handling, syntax checks and listings. */
class LuacCommandTest {
    private static Cli.Result luac(String... args) {
        String[] a = new String[args.length + 1];
        a[0] = "luac";
        System.arraycopy(args, 0, a, 1, args.length);
        return new Cli().run(a);
    }

    // ---- no compiler involved ----

    @Test
    void unknownOptionPrintsUsage() {
        Cli.Result r = luac("-x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("luac: unrecognized option '-x'\nusage: luac [options] [filenames]\n");
    }

    @Test
    void noInputFiles() {
        Cli.Result r = luac("-p");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("luac: no input files given\nusage: luac");
    }

    @Test
    void versionAlone() {
        Cli.Result r = luac("-v");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n");
    }

    @Test
    void outputOptionNeedsAnArgument() {
        Cli.Result r = luac("-o");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("luac: '-o' needs argument\nusage: luac");
    }

    @Test
    void missingFile() {
        Cli.Result r = luac("-p", "no-such-file.lua");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("luac: cannot open no-such-file.lua: No such file or directory\n");
    }

    // ---- with parser and compiler ----

    @Test
    void parseOnlyIsSilentOnGoodCode() {
        String s = Cli.script("good.lua", "local x = 1\nprint(x)\n");
        Cli.Result r = luac("-p", s);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEmpty();
        assertThat(r.status()).isZero();
    }

    @Test
    void syntaxErrorIsReported() {
        String s = Cli.script("bad.lua", "x = = 1\n");
        Cli.Result r = luac("-p", s);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("luac: " + s + ":1: unexpected symbol near '='\n");
    }

    @Test
    void listingShowsInstructions() {
        String s = Cli.script("list.lua", "local x = 1\nprint(x)\n");
        Cli.Result r = luac("-l", "-p", s);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("main <" + s + ":0,0>", "GETTABUP", "CALL", "RETURN");
    }

    @Test
    void fullListingAddsConstantsAndLocals() {
        String s = Cli.script("full.lua", "local x = 1\nprint(x)\n");
        String brief = luac("-l", "-p", s).out();
        Cli.Result full = luac("-l", "-l", "-p", s);
        assertThat(full.status()).isZero();
        assertThat(full.out()).contains("constants", "locals", "print", "x");
        assertThat(full.out().length()).isGreaterThan(brief.length());
    }

    @Test
    void listingWithoutParseOnlyStillLists() {
        String s = Cli.script("list2.lua", "return 1\n");
        String out = Path.of(s).resolveSibling("list2.luac").toString();
        Cli.Result r = luac("-l", "-o", out, s);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("RETURN");
        assertThat(Path.of(out)).exists();
    }

    @Test
    void stdinIsDash() {
        Cli.Result r = new Cli().stdin("return 1 +\n").run("luac", "-p", "-");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("luac: stdin:2: unexpected symbol near <eof>\n");
    }

    @Test
    void writesStripsAndListsBinaryChunks() throws Exception {
        String s = Cli.script("dump.lua", "local x = 1\nreturn x + 1\n");
        String out = Path.of(s).resolveSibling("dump.luac").toString();
        String stripped = Path.of(s).resolveSibling("dump-s.luac").toString();
        assertThat(luac("-o", out, s).status()).isZero();
        assertThat(luac("-s", "-o", stripped, s).status()).isZero();
        byte[] full = Files.readAllBytes(Path.of(out));
        assertThat(full[0]).isEqualTo((byte) 0x1B);
        assertThat(Files.size(Path.of(stripped))).isLessThan(full.length);
        // listing a binary chunk gives the listing of its source
        String fromSource = luac("-l", "-l", "-p", s).out();
        Cli.Result fromBinary = luac("-l", "-l", "-p", out);
        assertThat(fromBinary.status()).isZero();
        assertThat(fromBinary.out()).isEqualTo(fromSource);
        // several files are combined into one main that runs each
        String s2 = Cli.script("dump2.lua", "print('second')\n");
        String s1 = Cli.script("dump1.lua", "print('first')\n");
        String both = Path.of(s).resolveSibling("both.luac").toString();
        assertThat(luac("-o", both, s1, s2).status()).isZero();
        Cli.Result run = new Cli().run("lua", both);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("first\nsecond\n");
    }

    @Test
    void corruptBinaryInputIsReported() {
        String s = Cli.script("bad.luac", "\u001bLua\u0054\u0000");
        Cli.Result r = luac("-l", "-p", s);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("luac: " + s + ": bad binary format (truncated chunk)\n");
    }
}
