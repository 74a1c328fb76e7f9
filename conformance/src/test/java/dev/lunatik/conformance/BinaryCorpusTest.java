package dev.lunatik.conformance;

import dev.lunatik.vm.api.LuaState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.bytecode.BinaryChunk;
import dev.lunatik.vm.bytecode.Disassembler;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.compiler.Compiler;
import dev.lunatik.vm.parser.Parser;
import dev.lunatik.vm.value.LuaError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus again, each file precompiled: its main chunk is dumped to a binary chunk (with debug
 * information), the dump is checked to read back to the same listing, and the binary chunk runs
 * against the same expectations as the source (same output, same error messages and positions).
 * Files that do not compile (whole-file syntax error tests) are left out.
 */
class BinaryCorpusTest {
    @TestFactory
    Stream<DynamicTest> binaryCorpus() throws IOException {
        Path root = CorpusTest.corpusRoot();
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> scripts;
        try (Stream<Path> walk = Files.walk(root)) {
            scripts = walk.filter(p -> p.getFileName().toString().endsWith(".lua")).sorted().toList();
        }
        for (Path file : scripts) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            String chunkName = "@" + file.getFileName();
            Proto p;
            try {
                p = Compiler.compile(Parser.parse(LuaState.fileText(Files.readAllBytes(file)), chunkName));
            } catch (LuaError e) {
                continue; // a syntax-error test
            }
            tests.add(DynamicTest.dynamicTest(rel, file.toUri(), () -> {
                byte[] chunk = BinaryChunk.dump(p, false);
                Proto back = BinaryChunk.undump(chunk, chunkName);
                assertThat(Disassembler.list(back, true)).as(rel + ": listing after reload")
                        .isEqualTo(Disassembler.list(p, true));
                assertThat(BinaryChunk.dump(back, false)).as(rel + ": dump is stable").isEqualTo(chunk);
                Proto stripped = BinaryChunk.undump(BinaryChunk.dump(p, true), chunkName);
                assertThat(stripped.code).as(rel + ": stripped code").isEqualTo(p.code);
                CorpusTest.check(file, rel + " (binary)", chunk);
            }));
        }
        assertThat(tests).hasSizeGreaterThan(100);
        return tests.stream();
    }
}
