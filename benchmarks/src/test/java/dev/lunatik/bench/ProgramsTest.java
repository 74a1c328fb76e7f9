package dev.lunatik.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harness programs: each has an {@code .expected} output, stays within the subset of Lua
 * shared by kernel Lua, Lua 5.4 and Lua 5.2/LuaJ (integer-only, no {@code /}, {@code //},
 * bitwise operators, {@code ^}, {@code goto} or float literals), and, when {@code lua5.4} is
 * installed, prints exactly its {@code .expected} output there.
 */
class ProgramsTest {
    static final Path DIR = Path.of("programs");

    static Stream<Path> programs() throws IOException {
        return Harness.findPrograms(DIR, Set.of()).stream();
    }

    @Test
    void theRequiredProgramsExist() throws IOException {
        List<String> names = programs().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("fib.lua", "sieve.lua", "loop.lua").hasSizeGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest
    @MethodSource("programs")
    void hasOneLineOfExpectedOutput(Path program) throws IOException {
        String expected = Harness.readExpected(program);
        assertThat(expected).as("%s.expected", program).isNotNull().isNotBlank().doesNotContain("\n");
    }

    @ParameterizedTest
    @MethodSource("programs")
    void usesOnlyThePortableIntegerSubset(Path program) throws IOException {
        String code = stripCommentsAndStrings(Files.readString(program, StandardCharsets.ISO_8859_1));
        assertThat(portabilityProblems(code)).as("%s", program).isEmpty();
    }

    @Test
    void theLintCatchesNonPortableCode() {
        assertThat(portabilityProblems(stripCommentsAndStrings("local x = a // 2"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings("local x = a / 2"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings("local x = 1.5"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings("local x = a ~ b"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings("x = 1 << 3"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings("goto done"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings("x = 2 ^ 3"))).isNotEmpty();
        assertThat(portabilityProblems(stripCommentsAndStrings(
                "-- a / b in a comment\nif a ~= b then s = \"x/y\" .. 'a^b' end"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("programs")
    void lua54PrintsTheExpectedOutput(Path program) throws Exception {
        assumeTrue(LuaReference.available(), "lua5.4 is not installed");
        Harness.RunResult r = Harness.runProcess(List.of("lua5.4", program.toString()), 120);
        assertThat(r.exitCode()).as("exit status; stderr: %s", r.stderr()).isZero();
        assertThat(Harness.normalize(r.stdout())).isEqualTo(Harness.readExpected(program));
    }

    private static final Pattern FORBIDDEN = Pattern.compile(
            "//|/|\\^|&|\\||~(?!=)|<<|>>|\\bgoto\\b|\\b\\d+\\.\\d*|\\.\\d+|\\b\\d+[eE]|\\b0[xX][0-9a-fA-F]*[.pP]");

    static List<String> portabilityProblems(String code) {
        Matcher m = FORBIDDEN.matcher(code);
        return m.results().map(r -> "'" + r.group() + "' at offset " + r.start()).toList();
    }

    /** Replaces comments with nothing and string literals with "" (enough for these programs). */
    static String stripCommentsAndStrings(String src) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '-' && src.startsWith("--", i)) {
                int nl = src.indexOf('\n', i);
                i = nl < 0 ? src.length() : nl;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                out.append("\"\"");
                i = j + 1;
            } else if (c == '.' && src.startsWith("..", i)) {
                out.append(src.startsWith("...", i) ? "..." : "..");
                i += src.startsWith("...", i) ? 3 : 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
