package dev.lunatik.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's Lua corpus as JUnit tests: one dynamic test per {@code corpus/<area>/<name>.lua}
 * (display name = path relative to {@code corpus/}), each in a fresh state, compiled with chunk
 * name {@code "@<name>.lua"}, with a 10 s limit.
 *
 * <p>Expectations beside the file: {@code <name>.expected} is the exact stdout; when it is absent
 * the script must print nothing. {@code <name>.error} is the exact first line of the uncaught
 * error's message; when it is absent the script must not raise. A script with neither file, or an
 * expectation file without its script, is a configuration error and fails.
 *
 * <p>The corpus runs twice: as it is, and with a count hook and a line hook set before the script
 * starts ({@link #HOOKED}), which must change nothing a script can see but the hook itself: the
 * interpreter's one dispatch loop takes other paths under hooks (calls and returns through the
 * general path, an event check at each instruction), as Truffle's SimpleLanguage runs its tests
 * in several configurations. A script that sets its own hook replaces ours.
 */
class CorpusTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A line hook and a count hook (every 7 instructions) that do nothing visible. */
    static final IsolatedRun.Setup HOOKED = state -> state.execute(
            "local n = 0 debug.sethook(function(event) n = n + 1 end, 'l', 7)", "=hooks");

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        return corpus(IsolatedRun.Setup.none());
    }

    @TestFactory
    Stream<DynamicTest> corpusUnderHooks() throws IOException {
        return corpus(HOOKED);
    }

    private Stream<DynamicTest> corpus(IsolatedRun.Setup setup) throws IOException {
        Path root = corpusRoot();
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : all) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            String fileName = file.getFileName().toString();
            if (fileName.endsWith(".lua")) {
                tests.add(DynamicTest.dynamicTest(rel, file.toUri(), () -> check(file, rel, Files.readAllBytes(file), setup)));
            } else if (fileName.endsWith(".expected") || fileName.endsWith(".error")) {
                Path script = sibling(file, stem(fileName) + ".lua");
                if (!Files.exists(script)) {
                    tests.add(DynamicTest.dynamicTest(rel, file.toUri(),
                            () -> fail("expectation file without a script: " + rel)));
                }
            }
        }
        assertThat(tests).as("corpus files under " + root).isNotEmpty();
        return tests.stream();
    }

    /** Runs one corpus file and checks it against its expectations; {@code label} names it in failures. */
    static void check(Path script, String label) throws IOException {
        check(script, label, Files.readAllBytes(script));
    }

    /** {@link #check(Path, String)} running {@code chunk} (the script's text or its binary chunk) instead of the file's bytes. */
    static void check(Path script, String label, byte[] chunk) throws IOException {
        check(script, label, chunk, IsolatedRun.Setup.none());
    }

    /** {@link #check(Path, String, byte[])} with {@code setup} run on the fresh state first. */
    static void check(Path script, String label, byte[] chunk, IsolatedRun.Setup setup) throws IOException {
        String name = script.getFileName().toString();
        Path expectedFile = sibling(script, stem(name) + ".expected");
        Path errorFile = sibling(script, stem(name) + ".error");
        boolean hasExpected = Files.exists(expectedFile);
        boolean hasError = Files.exists(errorFile);
        if (!hasExpected && !hasError) {
            fail("configuration error: " + label + " has neither .expected nor .error beside it");
        }
        String expectedOut = hasExpected ? read(expectedFile) : "";
        String expectedError = hasError ? IsolatedRun.firstLine(stripEol(Files.readString(errorFile, StandardCharsets.UTF_8))) : null;

        IsolatedRun.Outcome outcome =
                IsolatedRun.run(chunk, "@" + name, TIMEOUT, setup);

        switch (outcome.status()) {
            case TIMEOUT -> fail(label + ": timed out after " + TIMEOUT.toSeconds() + " s; output so far:\n"
                    + outcome.stdout());
            case CRASH -> {
                AssertionError e = new AssertionError(label + ": Java exception escaped the VM: "
                        + outcome.describe(), outcome.crash());
                throw e;
            }
            case LUA_ERROR -> {
                if (expectedError == null) {
                    String tb = outcome.error().luaTraceback();
                    fail(label + ": unexpected error: " + outcome.error().getMessage()
                            + (tb == null ? "" : "\n" + tb) + "\nstdout so far:\n" + outcome.stdout());
                }
                assertThat(outcome.errorFirstLine()).as(label + ": error message").isEqualTo(expectedError);
            }
            case OK -> {
                if (expectedError != null) {
                    fail(label + ": expected error <" + expectedError + "> but the script ended normally;"
                            + " stdout:\n" + outcome.stdout());
                }
            }
        }
        assertThat(outcome.stdout()).as(label + ": stdout").isEqualTo(expectedOut);
    }

    static Path corpusRoot() {
        URL url = CorpusTest.class.getResource("/corpus");
        assertThat(url).as("corpus resource folder on the test classpath").isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path sibling(Path file, String name) {
        return file.resolveSibling(name);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    /** Exact bytes as ISO-8859-1, one char per byte, to compare with captured output. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private static String stripEol(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
