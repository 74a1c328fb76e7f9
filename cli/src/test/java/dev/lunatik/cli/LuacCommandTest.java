package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    void binaryOutputOptionsAreRefusedClearly() {
        for (String opt : new String[] {"-o", "-s"}) {
            Cli.Result r = luac(opt, "x.lua");
            assertThat(r.status()).as(opt).isEqualTo(1);
            assertThat(r.err()).as(opt).isEqualTo("luac: option '" + opt + "' is not supported yet (no binary chunks)\n");
        }
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
        Cli.Result r = luac("-l", s);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("RETURN");
    }

    @Test
    void stdinIsDash() {
        Cli.Result r = new Cli().stdin("return 1 +\n").run("luac", "-p", "-");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("luac: stdin:2: unexpected symbol near <eof>\n");
    }

    @Test
    void writingBinaryChunksIsNotSupportedYet() {
        String s = Cli.script("dump.lua", "return 1\n");
        Cli.Result r = luac(s);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("luac: writing binary chunks (luac.out) is not supported yet");
    }
}
