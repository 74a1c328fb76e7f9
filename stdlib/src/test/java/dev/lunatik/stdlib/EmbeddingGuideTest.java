package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding guide ({@code lua-vm/README.md}) is executable: every {@code java} block in it is
 * a complete program, compiled here against the project's classes and run, and what it prints
 * must be exactly the {@code text} block that follows it.
 */
class EmbeddingGuideTest {
    private static final Path GUIDE = Path.of("..", "lua-vm", "README.md");
    private static final Pattern BLOCK = Pattern.compile("```(java|text)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");

    record Example(String name, String source, String expected) {}

    static List<Example> examples() throws Exception {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(guide);
        String pending = null;
        while (m.find()) {
            if (m.group(1).equals("java")) {
                assertThat(pending).as("a java block without the text block showing its output").isNull();
                pending = m.group(2);
            } else if (pending != null) {
                Matcher c = CLASS.matcher(pending);
                assertThat(c.find()).as("an example declares a public class").isTrue();
                out.add(new Example(c.group(1), pending, m.group(2)));
                pending = null;
            }
        }
        assertThat(pending).as("the last java block has no output block").isNull();
        return out;
    }

    @TestFactory
    List<DynamicTest> everyExampleCompilesRunsAndPrintsWhatTheGuideShows(@TempDir Path dir) throws Exception {
        List<Example> examples = examples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        List<String> files = new ArrayList<>();
        for (Example e : examples) {
            Path f = dir.resolve(e.name() + ".java");
            Files.writeString(f, e.source(), StandardCharsets.UTF_8);
            files.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("java.class.path") + File.pathSeparator + System.getProperty("jdk.module.path", "");
        List<String> options = new ArrayList<>(List.of("-classpath", classpath, "-d", dir.toString(), "-Xlint:all", "-Werror"));
        options.addAll(files);
        StringWriter diagnostics = new StringWriter();
        int rc = javac.run(null, new PrintStream(new WriterStream(diagnostics), true, StandardCharsets.UTF_8),
                new PrintStream(new WriterStream(diagnostics), true, StandardCharsets.UTF_8), options.toArray(String[]::new));
        assertThat(rc).as("javac on the guide's examples:\n" + diagnostics).isZero();

        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        List<DynamicTest> tests = new ArrayList<>();
        for (Example e : examples) {
            tests.add(DynamicTest.dynamicTest(e.name(), () -> {
                Method main = loader.loadClass(e.name()).getMethod("main", String[].class);
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                PrintStream saved = System.out;
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                try {
                    main.invoke(null, (Object) new String[0]);
                } finally {
                    System.out.flush();
                    System.setOut(saved);
                }
                assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(e.expected());
            }));
        }
        return tests;
    }

    /** javac's diagnostics into a string. */
    private static final class WriterStream extends java.io.OutputStream {
        private final StringWriter w;

        WriterStream(StringWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }
    }
}
