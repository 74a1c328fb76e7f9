package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first command runs {@code examples/hello.lua}: keep it working. */
class ExampleTest {
    @Test
    void helloExampleRuns() {
        Path hello = Path.of("..", "examples", "hello.lua"); // Surefire runs in cli/
        assertThat(hello).exists();
        Cli.Result r = new Cli().run("lua", hello.toString(), "Ana");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("hello, Ana, from Lua 5.4-kernel\n"
                + "fib(20) = 6765, squares: 1 4 9 16 25\n"
                + "7 / 2 = 3, -7 / 2 = -4, 7 % -3 = -2\n"
                + "integers wrap around: true\n"
                + "errors are Lua's: false, " + hello + ":22: attempt to concatenate a table value\n");
    }

    @Test
    void launcherScriptIsExecutable() {
        Path launcher = Path.of("..", "lunatik");
        assertThat(launcher).exists();
        assertThat(Files.isExecutable(launcher)).isTrue();
    }
}
