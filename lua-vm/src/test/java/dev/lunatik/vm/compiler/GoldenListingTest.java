package dev.lunatik.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.bytecode.Disassembler;
import dev.lunatik.vm.parser.Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden listings: every {@code src/test/resources/golden/NAME.lua} is parsed with the real
 * {@link Parser}, compiled, and its full listing ({@code Disassembler.list(p, true)}) is compared
 * with {@code NAME.listing} next to it.
 *
 * <p>To regenerate the listings after a deliberate change to the compiler, run
 * {@code mvn -pl lua-vm test -Dtest=GoldenListingTest -Dgolden.update=true}: the {@code .listing}
 * files in the source tree are rewritten (then review the diff by hand before committing).
 */
class GoldenListingTest {
    private static final Path DIR = Path.of("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> listings() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        List<Path> sources;
        try (Stream<Path> s = Files.list(DIR)) {
            sources = s.filter(f -> f.toString().endsWith(".lua")).sorted().toList();
        }
        assertThat(sources).isNotEmpty();
        return sources.stream().map(src -> DynamicTest.dynamicTest(src.getFileName().toString(), () -> {
            String name = src.getFileName().toString();
            String text = Files.readString(src, StandardCharsets.UTF_8);
            String actual = Disassembler.list(Compiler.compile(Parser.parse(text, "@" + name)), true);
            Path expectedFile = DIR.resolve(name.substring(0, name.length() - 4) + ".listing");
            if (update) {
                Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            } else {
                assertThat(expectedFile).exists();
                assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
            }
        }));
    }
}
