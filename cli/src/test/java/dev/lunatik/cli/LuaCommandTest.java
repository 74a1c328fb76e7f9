package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code lunatik lua} end to end, in-process. Expected texts were checked against the reference
 * {@code lua5.4} (with its program name replaced by {@code lua}).
 */
class LuaCommandTest {
    private static final String USAGE_TAIL = "usage: lua [options] [script [args]]\n"
            + "Available options are:\n"
            + "  -e stat   execute string 'stat'\n"
            + "  -i        enter interactive mode after executing 'script'\n"
            + "  -l mod    require library 'mod' into global 'mod'\n"
            + "  -l g=mod  require library 'mod' into global 'g'\n"
            + "  -v        show version information\n"
            + "  -E        ignore environment variables\n"
            + "  -W        turn warnings on\n"
            + "  --        stop handling options\n"
            + "  -         stop handling options and execute stdin\n";

    private static Cli.Result lua(String... args) {
        return new Cli().run(prepend(args));
    }

    static String[] prepend(String... args) {
        String[] a = new String[args.length + 1];
        a[0] = "lua";
        System.arraycopy(args, 0, a, 1, args.length);
        return a;
    }

    // ---- option errors (no VM involved) ----

    @Test
    void aBadJitModeIsRefusedWithItsNameNotAJavaTrace() {
        Cli.Result r = new Cli().env("LUNATIK_JIT", "sometimes").run("lua", "-e", "print(1)");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("lunatik: LUNATIK_JIT must be never, auto or always, not 'sometimes'\n");
        assertThat(new Cli().env("LUNATIK_JIT", "ALWAYS").run("lua", "-e", "print(1)").out()).isEqualTo("1\n");
    }

    @Test
    void unknownOptionPrintsUsageAndFails() {
        Cli.Result r = lua("-e", "print(1)", "-x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty(); // nothing ran: options are checked first
        assertThat(r.err()).isEqualTo("lua: unrecognized option '-x'\n" + USAGE_TAIL);
    }

    @Test
    void missingArgumentIsNamed() {
        Cli.Result r = lua("-l");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: '-l' needs argument\n" + USAGE_TAIL);
    }

    // ---- running code ----

    @Test
    void executesStatementsInOrder() {
        Cli.Result r = lua("-e", "x = 20", "-e", "print(x + 22)");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("42\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void versionOption() {
        Cli.Result r = lua("-v");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(Version.luaLine() + "\n");
        assertThat(r.out()).startsWith("Lua 5.4-kernel  Lunatik on the JVM");
    }

    @Test
    void argTableAndVarargsForScript() {
        String s = Cli.script("args.lua", "print(arg[-2], arg[-1], arg[0], arg[1], arg[2], #arg)\nprint(...)\n");
        Cli.Result r = lua("-e", "x=1", s, "a", "b");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("-e\tx=1\t" + s + "\ta\tb\t2\na\tb\n");
    }

    @Test
    void argTableWithoutScript() {
        Cli.Result r = lua("-e", "print(arg[-1], arg[0], arg[1], arg[2], #arg)");
        assertThat(r.out()).isEqualTo("nil\tlua\t-e\tprint(arg[-1], arg[0], arg[1], arg[2], #arg)\t2\n");
    }

    @Test
    void dashRunsStdinWithArguments() {
        Cli.Result r = new Cli().stdin("print(arg[0], ...)\n").run("lua", "-", "x", "y");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("-\tx\ty\n");
    }

    @Test
    void noScriptAndPipedStdinRunsStdin() {
        Cli.Result r = new Cli().stdin("print('from stdin')").run("lua");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("from stdin\n");
    }

    @Test
    void luaWithNoArgumentsRunsStdin() {
        Cli.Result r = new Cli().stdin("print(6 * 7)").run("lua");
        assertThat(r.out()).isEqualTo("42\n");
    }

    @Test
    void doubleDashThenDashIsAFileNamedDash() {
        Cli.Result r = new Cli().stdin("print(1)").run("lua", "--", "-");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: cannot open -: No such file or directory\n");
    }

    @Test
    void shebangLineIsSkippedButCounted() {
        String s = Cli.script("shebang.lua", "#!/usr/bin/env lua\nerror('x')\n");
        Cli.Result r = lua(s);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("lua: " + s + ":2: x\nstack traceback:\n");
    }

    // ---- errors ----

    @Test
    void runtimeErrorHasMessageTracebackAndStatus1() {
        String s = Cli.script("boom.lua", "local t = {}\nerror('boom')\n");
        Cli.Result r = lua(s);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("lua: " + s + ":2: boom\nstack traceback:\n\t");
        assertThat(r.err()).endsWith("\n");
    }

    @Test
    void errorAbortsRemainingOptions() {
        Cli.Result r = lua("-e", "error('first')", "-e", "print('not reached')");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("lua: (command line):1: first\n");
    }

    @Test
    void syntaxErrorHasNoTraceback() {
        Cli.Result r = lua("-e", "x = = 1");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("lua: (command line):1: unexpected symbol near '='");
        assertThat(r.err()).doesNotContain("stack traceback");
    }

    @Test
    void nonStringErrorObjects() {
        assertThat(lua("-e", "error({})").err()).startsWith("lua: (error object is a table value)\nstack traceback:");
        assertThat(lua("-e", "error()").err()).startsWith("lua: (error object is a nil value)\n");
        assertThat(lua("-e", "error(true)").err()).startsWith("lua: (error object is a boolean value)\n");
        assertThat(lua("-e", "error(42)").err()).startsWith("lua: 42\nstack traceback:");
    }

    @Test
    void tostringMetamethodGivesTheWholeMessage() {
        Cli.Result r = lua("-e", "error(setmetatable({}, {__tostring = function() return 'TS' end}))");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: TS\n");
    }

    @Test
    void missingScriptFile() {
        Cli.Result r = lua("no-such-file.lua");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: cannot open no-such-file.lua: No such file or directory\n");
    }

    @Test
    void foreignOrTruncatedBinaryChunksAreRefusedClearly() {
        String s = Cli.script("binary.lua", "\u001bLua\u0054K");
        Cli.Result r = lua(s);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: " + s + ": bad binary format (format mismatch)\n");
        String t = Cli.script("binary2.lua", "\u001bLua\u0054\u0000\u0019");
        r = lua(t);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lua: " + t + ": bad binary format (truncated chunk)\n");
    }

    @Test
    void precompiledChunksRun() throws Exception {
        String src = Cli.script("tocompile.lua", "local a = ... or 'none'\nprint('hello from binary', a)\n");
        String out = Path.of(src).resolveSibling("compiled.luac").toString();
        Cli.Result c = new Cli().run("luac", "-o", out, src);
        assertThat(c.err()).isEmpty();
        assertThat(c.status()).isZero();
        Cli.Result r = lua(out, "x");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("hello from binary\tx\n");
        // after a #! line, as luaL_loadfile allows
        byte[] chunk = java.nio.file.Files.readAllBytes(Path.of(out));
        byte[] shebang = "#!/usr/bin/env lunatik\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] both = java.util.Arrays.copyOf(shebang, shebang.length + chunk.length);
        System.arraycopy(chunk, 0, both, shebang.length, chunk.length);
        Path withShebang = Path.of(out).resolveSibling("shebang.luac");
        java.nio.file.Files.write(withShebang, both);
        r = lua(withShebang.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("hello from binary\tnone\n");
    }

    @Test
    void stackOverflowIsALuaError() {
        Cli.Result r = lua("-e", "local function f() return 1 + f() end f()");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("lua: (command line):1: stack overflow");
    }

    @Test
    void bytesPassThroughUnchanged() {
        Cli.Result r = lua("-e", "print('\u00e9', #'\u00e9')"); // UTF-8: two bytes
        assertThat(r.out()).isEqualTo("\u00e9\t2\n");
    }

    @Test
    void requireOfUnknownModuleFails() {
        Cli.Result r = lua("-l", "no_such_module", "-e", "print('not reached')");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("lua: module 'no_such_module' not found");
    }

    @Test
    void requireIntoChosenGlobal() {
        Cli.Result r = lua("-l", "str=string", "-e", "print(str == string)");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("true\n");
    }

    // ---- environment, warnings ----

    @Test
    void luaInitRunsFirstAndVersionedNameWins() {
        assertThat(new Cli().env("LUA_INIT", "x = 5").run("lua", "-e", "print(x)").out()).isEqualTo("5\n");
        assertThat(new Cli().env("LUA_INIT", "x = 5").env("LUA_INIT_5_4", "x = 6").run("lua", "-e", "print(x)").out())
                .isEqualTo("6\n");
        assertThat(new Cli().env("LUA_INIT", "x = 5").run("lua", "-E", "-e", "print(x)").out()).isEqualTo("nil\n");
    }

    @Test
    void stackLimitIsTheKernelsUnlessLunatikStackRaisesIt() {
        String deep = "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end print(pcall(d, 500))";
        Cli.Result r = new Cli().run("lua", "-e", deep);
        assertThat(r.out()).startsWith("false\t").contains("stack overflow");
        assertThat(new Cli().env("LUNATIK_STACK", "100000").run("lua", "-e", deep).out()).isEqualTo("true\t500\n");
        r = new Cli().env("LUNATIK_STACK", "lots").run("lua", "-e", "print(1)");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("LUNATIK_STACK='lots' is not a number of stack slots");
    }

    @Test
    void conformanceReportsTheStackLimitItRanWith() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory(Path.of("target"), "suite");
        java.nio.file.Files.writeString(dir.resolve("deep.lua"),
                "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end assert(d(500) == 500)\n");
        Cli.Result r = new Cli().run("conformance", dir.toString());
        assertThat(r.out()).contains("FAIL deep.lua").contains("0 passed, 1 failed (stack limit 200 slots)");
        r = new Cli().env("LUNATIK_STACK", "1000000").run("conformance", dir.toString());
        assertThat(r.out()).contains("PASS deep.lua").contains("1 passed, 0 failed (stack limit 1000000 slots)");
    }

    @Test
    void luaInitFromFileAndItsErrors() {
        String s = Cli.script("init.lua", "y = 7\n");
        assertThat(new Cli().env("LUA_INIT", "@" + s).run("lua", "-e", "print(y)").out()).isEqualTo("7\n");
        Cli.Result r = new Cli().env("LUA_INIT", "error('ini')").run("lua", "-e", "print(1)");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("lua: LUA_INIT:1: ini\n");
    }

    @Test
    void warningsAreOffUnlessW() {
        assertThat(lua("-e", "warn('hi')").err()).isEmpty();
        assertThat(lua("-W", "-e", "warn('hi')").err()).isEqualTo("Lua warning: hi\n");
    }

    @Test
    void kernelFlavour() {
        Cli.Result r = lua("-e", "print(_VERSION, io, os, 7 / 2)");
        assertThat(r.out()).isEqualTo("Lua 5.4-kernel\tnil\tnil\t3\n");
    }
}
