package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code require}, {@code io} and {@code os} in {@code lunatik lua}: the host modules are provided
 * but not opened; {@code -l} opens them into globals; modules are found from the current directory
 * ({@code ./?.lua}), as with the reference {@code lua} (expected texts checked against
 * {@code lua5.4}, whose {@code io}/{@code os} are open from the start).
 */
class HostLibrariesTest {
    private static Cli.Result lua(String... args) {
        return new Cli().run(LuaCommandTest.prepend(args));
    }

    @Test
    void ioAndOsAreNilUntilRequired() {
        Cli.Result r = lua("-e", "print(io, os) local io2 = require 'io' print(io, type(io2), package.loaded.io == io2)");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("nil\tnil\nnil\ttable\ttrue\n");
    }

    @Test
    void dashLOpensIoAndOsIntoGlobals() {
        Cli.Result r = lua("-l", "io", "-l", "os", "-e", "print(io.write('w ') == io.stdout, type(os.time()), io == require 'io')");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("w true\tnumber\ttrue\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void dashLWithAGlobalName() {
        Cli.Result r = lua("-l", "fs=io", "-e", "print(fs == require 'io', io)");
        assertThat(r.out()).isEqualTo("true\tnil\n");
    }

    @Test
    void requireFindsModulesFromTheCurrentDirectory() throws IOException {
        // the scripts folder is relative to the working directory, so its modules are "folder.name"
        Cli.script("climod.lua", "local name, file = ...\nreturn {name = name, file = file}\n");
        String dotted = Cli.SCRIPTS.toString().replace('/', '.');
        String script = Cli.script("uses_climod.lua", "local m = require '" + dotted + ".climod'\nprint(m.name, m.file)\n");
        Cli.Result r = lua(script);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(dotted + ".climod\t./" + Cli.SCRIPTS + "/climod.lua\n");
        Cli.Result viaL = lua("-l", "m=" + dotted + ".climod", "-e", "print(m.name)");
        assertThat(viaL.out()).isEqualTo(dotted + ".climod\n");
    }

    @Test
    void requireOfABrokenModuleReportsTheFile() {
        Cli.script("broken_mod.lua", "x = (\n");
        String dotted = Cli.SCRIPTS.toString().replace('/', '.');
        Cli.Result r = lua("-l", dotted + ".broken_mod");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("lua: error loading module '" + dotted + ".broken_mod' from file './"
                + Cli.SCRIPTS + "/broken_mod.lua':\n\t./" + Cli.SCRIPTS + "/broken_mod.lua:2: unexpected symbol near <eof>\n");
    }

    @Test
    void osExitEndsTheCommandWithItsStatus() {
        Cli.Result r = lua("-l", "os", "-e", "print('before') pcall(os.exit, 3) print('after')");
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("before\n");
        assertThat(r.err()).isEmpty();
        assertThat(lua("-l", "os", "-e", "os.exit(false)").status()).isEqualTo(1);
        assertThat(lua("-l", "os", "-e", "os.exit(true, true)").status()).isZero();
        assertThat(lua("-l", "os", "-e", "os.exit()").status()).isZero();
    }

    @Test
    void osExitFromAScriptFlushesOpenFiles() throws IOException {
        Path out = Cli.SCRIPTS.resolve("exit_flush.txt");
        Files.deleteIfExists(out);
        String script = Cli.script("exit_flush.lua", "local f = require('io').open('" + out + "', 'w')\n"
                + "f:write('written before exit')\nrequire('os').exit(4)\n");
        Cli.Result r = lua(script);
        assertThat(r.status()).isEqualTo(4);
        assertThat(Files.readString(out)).isEqualTo("written before exit");
    }

    @Test
    void ioReadsTheCommandsStdin() {
        Cli.Result r = new Cli().stdin("12 34\nsecond line\nrest\n").run("lua", "-l", "io", "-e",
                "print(io.read('n', 'n')) print(io.read('L'), io.read('l')) for l in io.lines() do print('<' .. l .. '>') end");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("12\t34\n\n\tsecond line\n<rest>\n");
    }

    @Test
    void ioStderrGoesToTheCommandsStderr() {
        Cli.Result r = lua("-l", "io", "-e", "io.stderr:write('to err\\n') io.write('to out\\n')");
        assertThat(r.out()).isEqualTo("to out\n");
        assertThat(r.err()).isEqualTo("to err\n");
    }

    @Test
    void osGetenvReadsTheCommandsEnvironment() {
        Cli.Result r = new Cli().env("LUNATIK_CLI_TEST", "value").run("lua", "-l", "os", "-e",
                "print(os.getenv('LUNATIK_CLI_TEST'), os.getenv('LUNATIK_CLI_UNSET'))");
        assertThat(r.out()).isEqualTo("value\tnil\n");
    }
}
