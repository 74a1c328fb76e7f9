package dev.lunatik.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's option parsing, statistics, output checks and report, with fake interpreters. */
class HarnessTest {
    @TempDir
    Path tmp;

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Harness.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Harness.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Harness.median(List.of())).isNaN();
    }

    @Test
    void parsesOptions() {
        Harness.Options o = Harness.Options.parse("--runs", "3", "--programs", "fib, sieve.lua", "--only", "lua5.4,luaj");
        assertThat(o.runs).isEqualTo(3);
        assertThat(o.programs).containsExactly("fib", "sieve");
        assertThat(o.impls).containsExactly(Harness.Impl.LUA54, Harness.Impl.LUAJ);
        Harness.Options d = Harness.Options.parse();
        assertThat(d.runs).isEqualTo(5);
        assertThat(d.impls).containsExactly(Harness.Impl.values());
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> Harness.Options.parse("--runs", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Harness.Options.parse("--runs")).hasMessageContaining("missing value");
        assertThatThrownBy(() -> Harness.Options.parse("--frobnicate", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Harness.Options.parse("--only", "luajitt")).hasMessageContaining("unknown implementation");
    }

    @Test
    void judgesRuns() {
        assertThat(Harness.checkRun(new Harness.RunResult(0, 1, "42\r\n", "", false), "42", 10)).isNull();
        assertThat(Harness.checkRun(new Harness.RunResult(0, 1, "41\n", "", false), "42", 10)).contains("wrong output");
        assertThat(Harness.checkRun(new Harness.RunResult(1, 1, "", "boom\nmore", false), "42", 10))
                .isEqualTo("exit status 1 - boom");
        assertThat(Harness.checkRun(new Harness.RunResult(-1, 10, "", "", true), "42", 10)).contains("timed out");
        assertThat(Harness.checkRun(new Harness.RunResult(0, 1, "anything", "", false), null, 10)).isNull();
    }

    @Test
    void filtersProgramsInTheGivenOrder() throws Exception {
        for (String n : List.of("a.lua", "b.lua", "c.lua", "notes.txt")) {
            Files.writeString(tmp.resolve(n), "print(1)");
        }
        assertThat(Harness.findPrograms(tmp, Set.of()).stream().map(p -> p.getFileName().toString()))
                .containsExactly("a.lua", "b.lua", "c.lua");
        assertThat(Harness.findPrograms(tmp, new java.util.LinkedHashSet<>(List.of("c", "a"))).stream()
                        .map(p -> p.getFileName().toString()))
                .containsExactly("c.lua", "a.lua");
        assertThat(Harness.findPrograms(tmp.resolve("nowhere"), Set.of())).isEmpty();
    }

    @Test
    void reportsTimingsRatiosAndFailuresWithoutAborting() throws Exception {
        Path programs = Files.createDirectory(tmp.resolve("programs"));
        Files.writeString(programs.resolve("p.lua"), "print('hello')\n");
        Files.writeString(programs.resolve("p.expected"), "hello\n");
        Path good = script("good", "#!/bin/sh\necho hello\n");
        Path wrong = script("wrong", "#!/bin/sh\necho goodbye\n");

        Harness.Options o = Harness.Options.parse(
                "--runs", "2", "--dir", programs.toString(), "--lua", good.toString(),
                "--lunatik", wrong.toString(), "--luaj", tmp.resolve("missing.jar").toString(),
                "--luajit", tmp.resolve("no-luajit").toString(), "--svg", tmp.resolve("chart.svg").toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int status = Harness.run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);

        assertThat(status).isZero();
        assertThat(report).contains("program", "ours/lua5.4", "luajit/ours", "luaj/ours", "luajc/ours",
                "lunatik: goodbye", "LuaJ runs on");
        String row = report.lines().filter(l -> l.startsWith("p ")).findFirst().orElseThrow();
        // p, five implementations, four ratios (all "-": ours failed)
        assertThat(row.trim().split("\\s+")).hasSize(10);
        assertThat(row.trim().split("\\s+")[1]).isEqualTo("FAIL");
        assertThat(row.trim().split("\\s+")[2]).matches("\\d+\\.\\d{3}");
        assertThat(row.trim().split("\\s+")[3]).isEqualTo("FAIL");
        assertThat(report).contains("p / lunatik: warm-up run: wrong output: got \"goodbye\", expected \"hello\"");
        assertThat(report).contains("p / luaj: not available", "p / luajit: not available", "p / luajc: not available");
        assertThat(Files.readString(tmp.resolve("chart.svg"))).startsWith("<svg").contains(">p</text>");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("harness: p on lua5.4 ...");
    }

    @Test
    void reportsWhenNoProgramMatches() throws Exception {
        Harness.Options o = Harness.Options.parse("--dir", tmp.toString(), "--programs", "nope");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Harness.run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("no programs found");
    }

    @Test
    void computesRatiosWhenBothSidesSucceed() {
        Harness.Cell ours = new Harness.Cell();
        ours.seconds.addAll(List.of(2.0, 2.0, 2.0));
        Harness.Cell ref = new Harness.Cell();
        ref.seconds.addAll(List.of(1.0, 1.0, 1.0));
        Harness.Cell luaj = new Harness.Cell();
        luaj.seconds.addAll(List.of(3.0, 5.0, 4.0));
        Harness.Cell[] cells = new Harness.Cell[Harness.Impl.values().length];
        cells[Harness.Impl.LUNATIK.ordinal()] = ours;
        cells[Harness.Impl.LUA54.ordinal()] = ref;
        cells[Harness.Impl.LUAJ.ordinal()] = luaj;
        Harness.Cell[] other = new Harness.Cell[Harness.Impl.values().length];
        other[Harness.Impl.LUNATIK.ordinal()] = ref;
        other[Harness.Impl.LUA54.ordinal()] = ours; // twice as fast as lua5.4
        other[Harness.Impl.LUAJ.ordinal()] = luaj;
        List<Harness.Impl> shown = List.of(Harness.Impl.LUNATIK, Harness.Impl.LUA54, Harness.Impl.LUAJ);
        String table = Harness.formatTable(List.of("x", "y"), List.of(cells, other), shown);
        String row = table.lines().filter(l -> l.startsWith("x ")).findFirst().orElseThrow();
        assertThat(row.trim().split("\\s+")).containsExactly("x", "2.000", "1.000", "4.000", "2.00", "2.00");
        // geometric means: ours/lua5.4 of 2 and 0.5 is 1; luaj/ours of 2 and 4 is 2.83
        String mean = table.lines().filter(l -> l.startsWith("geomean")).findFirst().orElseThrow();
        assertThat(mean.trim().split("\\s+")).containsExactly("geomean", "1.00", "2.83");
        String svg = HarnessChart.svg(List.of("x", "y"), List.of(cells, other), shown, false);
        assertThat(svg).startsWith("<svg").contains(">x</text>", ">y</text>", ">2.00</text>", ">0.50</text>", ">luaj</text>");
    }

    @Test
    void warmModeSubtractsTwoRepetitionsFromTwelve() throws Exception {
        Path programs = Files.createDirectory(tmp.resolve("programs"));
        Files.writeString(programs.resolve("p.lua"), "print('hello')\n");
        Files.writeString(programs.resolve("p.expected"), "hello\n");
        // a fake interpreter: runs the driver's repetitions as 30 ms each, after 200 ms of start-up
        Path fake = script("fake", """
                #!/bin/sh
                n=$(sed -n 's/^for _ = 1, \\([0-9]*\\) do.*/\\1/p' "$1")
                sleep 0.2
                i=0
                while [ "$i" -lt "$n" ]; do echo hello; sleep 0.03; i=$((i + 1)); done
                """);
        Harness.Options o = Harness.Options.parse("--runs", "2", "--warm", "--dir", programs.toString(),
                "--lua", fake.toString(), "--only", "lua5.4", "--svg", tmp.resolve("warm.svg").toString());
        assertThat(o.warm).isTrue();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Harness.run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(report).contains("lua5.4 (s/rep)").doesNotContain("Failures");
        String row = report.lines().filter(l -> l.startsWith("p ")).findFirst().orElseThrow();
        double perRep = Double.parseDouble(row.trim().split("\\s+")[1]);
        assertThat(perRep).isBetween(0.02, 0.2); // 30 ms and the loop's own cost; the 200 ms start-up cancels
        assertThat(Files.readString(tmp.resolve("warm.svg"))).contains("Warm cost per repetition");
    }

    @Test
    void warmDriverRunsTheProgramAsAChunk() {
        assertThat(Harness.warmDriver(Path.of("/a/b]]c.lua"), 12))
                .isEqualTo("local chunk = assert(loadfile([=[/a/b]]c.lua]=]))\nfor _ = 1, 12 do chunk() end\n");
        assertThat(Harness.repeated("a\nb", 2)).isEqualTo("a\nb\na\nb");
        assertThat(Harness.repeated("", 3)).isEmpty();
    }

    private Path script(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
