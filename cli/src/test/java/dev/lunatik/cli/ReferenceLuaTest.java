package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential tests: each case runs both {@code lunatik lua} (in-process) and the reference
 * {@code lua5.4} (a process, when installed; otherwise the cases are skipped) and expects the
 * same stdout, stderr and exit status, with the reference's program name read as {@code lua}.
 * Only cases whose results do not depend on floats or on the version banner are listed.
 */
class ReferenceLuaTest {
    private static final String REFERENCE = "lua5.4";

    private record Case(String name, String stdin, Map<String, String> env, String... args) {}

    private static List<Case> cases() {
        String args = Cli.script("ref-args.lua", "print(arg[-1], arg[0], arg[1], arg[2], #arg)\nprint(...)\n");
        String boom = Cli.script("ref-boom.lua", "local function f()\n  error('deep')\nend\nf()\n");
        String shebang = Cli.script("ref-shebang.lua", "#!/usr/bin/env lua\nprint('line', 2)\nerror('at 3')\n");
        String syntax = Cli.script("ref-syntax.lua", "local x = \nfunction\n");
        Map<String, String> none = Map.of();
        List<Case> c = new ArrayList<>();
        c.add(new Case("statements in order", "", none, "-e", "x = 6", "-e", "print(x * 7)"));
        c.add(new Case("arg without script", "", none, "-e", "print(arg[-1], arg[0], arg[1], #arg)"));
        c.add(new Case("script arguments", "", none, "-e", "y=1", args, "a", "b"));
        c.add(new Case("stdin as script", "print(arg[0], ...)", none, "-", "p", "q"));
        c.add(new Case("piped stdin without script", "print('piped')", none));
        c.add(new Case("error with traceback", "", none, boom));
        c.add(new Case("shebang line", "", none, shebang));
        c.add(new Case("syntax error in file", "", none, syntax));
        c.add(new Case("syntax error in -e", "", none, "-e", "x = = 2"));
        c.add(new Case("table error", "", none, "-e", "error({})"));
        c.add(new Case("nil error", "", none, "-e", "error()"));
        c.add(new Case("integer error", "", none, "-e", "error(42)"));
        c.add(new Case("__tostring error", "", none, "-e",
                "error(setmetatable({}, {__tostring = function() return 'custom' end}))"));
        c.add(new Case("error stops later options", "", none, "-e", "error('one')", "-e", "print('two')"));
        c.add(new Case("missing file", "", none, "no-such-script.lua"));
        c.add(new Case("unknown option", "", none, "-e", "print(1)", "-z"));
        c.add(new Case("missing -e argument", "", none, "-e"));
        c.add(new Case("-- then -", "print(1)", none, "--", "-"));
        c.add(new Case("warnings on", "", none, "-W", "-e", "warn('careful')"));
        c.add(new Case("warnings off", "", none, "-e", "warn('quiet')"));
        c.add(new Case("LUA_INIT", "", Map.of("LUA_INIT", "z = 3"), "-e", "print(z)"));
        c.add(new Case("LUA_INIT_5_4 first", "", Map.of("LUA_INIT", "z = 3", "LUA_INIT_5_4", "z = 4"), "-e", "print(z)"));
        c.add(new Case("-E", "", Map.of("LUA_INIT", "z = 3"), "-E", "-e", "print(z)"));
        c.add(new Case("LUA_INIT error", "", Map.of("LUA_INIT", "error('init')"), "-e", "print(1)"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> sameAsReferenceLua() {
        boolean available = referenceAvailable();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            assumeTrue(available, REFERENCE + " is not installed");
            Cli.Result expected = reference(c);
            Cli cli = new Cli().stdin(c.stdin());
            c.env().forEach(cli::env);
            String[] ours = new String[c.args().length + 1];
            ours[0] = "lua";
            System.arraycopy(c.args(), 0, ours, 1, c.args().length);
            Cli.Result actual = cli.run(ours);
            assertThat(actual.out()).as("stdout").isEqualTo(expected.out());
            assertThat(actual.err()).as("stderr").isEqualTo(expected.err());
            assertThat(actual.status()).as("exit status").isEqualTo(expected.status());
        }));
    }

    private static boolean referenceAvailable() {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, REFERENCE).canExecute()) return true;
        }
        return false;
    }

    private static Cli.Result reference(Case c) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(REFERENCE);
        cmd.addAll(List.of(c.args()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("LUA_INIT");
        pb.environment().remove("LUA_INIT_5_4");
        pb.environment().putAll(c.env());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(c.stdin().getBytes(StandardCharsets.UTF_8));
        } catch (IOException exitedWithoutReading) {
            // fine: lua need not read its stdin (broken pipe)
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Cli.Result(p.exitValue(), normalize(out), normalize(err));
    }

    private static String normalize(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace(REFERENCE, "lua");
    }
}
