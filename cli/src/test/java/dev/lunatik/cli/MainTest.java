package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void unknownCommandPrintsUsageOnStderrAndExits2() {
        Cli.Result r = new Cli().run("frobnicate");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("lunatik: unknown command 'frobnicate'\nusage: lunatik <command>");
    }

    @Test
    void helpGoesToStdout() {
        Cli.Result r = new Cli().run("help");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("usage: lunatik <command>").contains("  lua ", "  luac ", "  conformance ");
    }

    @Test
    void versionNamesProjectAndDialect() {
        Cli.Result r = new Cli().run("version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("lunatik ").contains("Lua 5.4-kernel", "Lunatik on the JVM");
    }

    @Test
    void conformanceDelegatesToSuiteRunner() {
        Cli.Result r = new Cli().run("conformance");
        // whatever the runner answers for "no suite folder", it must be its answer, not ours
        assertThat(r.status()).isEqualTo(dev.lunatik.conformance.SuiteRunner.run(new String[0],
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        assertThat(r.out() + r.err()).isNotEmpty();
    }
}
