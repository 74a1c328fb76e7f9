package dev.lunatik.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Side-by-side harness: runs each Lua program of {@code benchmarks/programs} as a whole process
 * under our interpreter ({@code ./lunatik lua prog.lua}), the reference {@code lua5.4}, LuaJIT,
 * LuaJ 3.0.1's standalone {@code lua} main class and LuaJ's compiler luajc ({@code lua -b}, with
 * BCEL beside LuaJ's jar), one warm-up run and then {@code --runs N} timed runs each, and prints
 * the median wall-clock seconds per implementation with the ratios ours/lua5.4 and peer/ours, and
 * their geometric means.
 *
 * <p>With {@code --warm}, a cell is the warm cost of one repetition instead: each program runs as
 * a chunk called 2 times and 12 times in one process, and the cell is the difference of the two
 * medians divided by 10, so that process start-up and warm-up (JIT compilation) cancel out.
 *
 * <p>Every run's standard output must equal the program's {@code .expected} file (repeated, in
 * warm mode), or, when there is none, what {@code lua5.4} printed (not checked in warm mode); a
 * run that exits non-zero, times out, or prints something else turns its cell into {@code FAIL}
 * and the reason is listed under the table. The harness never aborts because one implementation
 * fails. The table also goes to an SVG chart ({@code --svg FILE}; default
 * {@code benchmarks/target/harness.svg}, or {@code harness-warm.svg}): each implementation's
 * time relative to lua5.4, on a log scale.
 *
 * <p>Usage (normally through {@code benchmarks/harness.sh}, from the repository root):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.lunatik.bench.Harness
 *     [--runs N] [--programs fib,sieve] [--dir benchmarks/programs] [--lunatik ./lunatik]
 *     [--lua lua5.4] [--luajit luajit] [--luaj benchmarks/target/luaj-jse.jar] [--java JAVA]
 *     [--timeout SECONDS] [--only lunatik,lua5.4,luajit,luaj,luajc] [--warm] [--svg FILE]
 * </pre>
 */
public final class Harness {
    /** The implementations, in table order. */
    enum Impl {
        LUNATIK("lunatik"),
        LUA54("lua5.4"),
        LUAJIT("luajit"),
        LUAJ("luaj"),
        LUAJC("luajc");

        final String label;

        Impl(String label) {
            this.label = label;
        }
    }

    /** Parsed command line. */
    static final class Options {
        int runs = 5;
        Set<String> programs = new LinkedHashSet<>();
        Path dir = Path.of("benchmarks", "programs");
        String lunatik = "./lunatik";
        String lua = "lua5.4";
        String luajit = "luajit";
        Path luajJar = Path.of("benchmarks", "target", "luaj-jse.jar");
        String java = defaultJava();
        long timeoutSeconds = 300;
        Set<Impl> impls = new LinkedHashSet<>(Arrays.asList(Impl.values()));
        boolean help;
        /** Warm cost per repetition (12 against 2 repetitions in one process) instead of whole runs. */
        boolean warm;
        /** Where the chart goes (null: the default under benchmarks/target). */
        Path svg;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    o.help = true;
                    continue;
                }
                if (a.equals("--warm")) {
                    o.warm = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--runs" -> {
                        o.runs = parsePositive(a, v);
                    }
                    case "--programs" -> o.programs = splitList(v);
                    case "--dir" -> o.dir = Path.of(v);
                    case "--lunatik" -> o.lunatik = v;
                    case "--lua" -> o.lua = v;
                    case "--luajit" -> o.luajit = v;
                    case "--svg" -> o.svg = Path.of(v);
                    case "--luaj" -> o.luajJar = Path.of(v);
                    case "--java" -> o.java = v;
                    case "--timeout" -> o.timeoutSeconds = parsePositive(a, v);
                    case "--only" -> {
                        o.impls = new LinkedHashSet<>();
                        for (String name : splitList(v)) {
                            o.impls.add(Arrays.stream(Impl.values())
                                    .filter(x -> x.label.equals(name))
                                    .findFirst()
                                    .orElseThrow(() -> new IllegalArgumentException(
                                            "unknown implementation '" + name + "' (lunatik, lua5.4, luajit, luaj, luajc)")));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return o;
        }

        private static int parsePositive(String opt, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException(opt + " needs a positive integer, got '" + v + "'");
        }

        private static Set<String> splitList(String v) {
            Set<String> out = new LinkedHashSet<>();
            for (String s : v.split(",")) {
                String t = s.strip();
                if (t.endsWith(".lua")) {
                    t = t.substring(0, t.length() - 4);
                }
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            return out;
        }
    }

    /** The timings of one implementation on one program, or why it failed. */
    static final class Cell {
        final List<Double> seconds = new ArrayList<>();
        String failure;
        /** What the last successful run printed (normalized). */
        String output;

        boolean ok() {
            return failure == null && (warmCost != null || !seconds.isEmpty());
        }

        /** In warm mode: the cost of one repetition (set instead of timings). */
        Double warmCost;

        double median() {
            return warmCost != null ? warmCost : Harness.median(seconds);
        }
    }

    /** Result of one process run. */
    record RunResult(int exitCode, double seconds, String stdout, String stderr, boolean timedOut) {}

    static final String USAGE = "usage: Harness [--runs N] [--programs a,b] [--dir DIR] [--lunatik PATH]"
            + " [--lua LUA] [--luajit LUAJIT] [--luaj JAR] [--java JAVA] [--timeout SECONDS]"
            + " [--only lunatik,lua5.4,luajit,luaj,luajc] [--warm] [--svg FILE]";

    private Harness() {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("harness: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(USAGE);
            return;
        }
        System.exit(run(o, System.out, System.err));
    }

    /**
     * Runs the whole comparison and prints the report to {@code out} (progress lines to
     * {@code progress}); returns the exit status: 0, or 2 when there is no program to run.
     */
    static int run(Options o, PrintStream out, PrintStream progress) throws IOException, InterruptedException {
        List<Path> programs = findPrograms(o.dir, o.programs);
        if (programs.isEmpty()) {
            out.println("harness: no programs found in " + o.dir
                    + (o.programs.isEmpty() ? "" : " matching " + o.programs));
            return 2;
        }
        out.println("lunatik: " + lunatikVersion(o.lunatik));
        out.println("LuaJ runs on " + javaVersion(o.java));
        if (o.warm) {
            out.println("warm cost: each program as a chunk run 2 and 12 times in one process, 1 warm-up + " + o.runs
                    + " timed runs each; cells are (median(12) - median(2)) / 10, seconds per repetition");
        } else {
            out.println("runs per implementation: 1 warm-up + " + o.runs + " timed; cells are median wall-clock seconds");
        }
        out.println();
        Path work = o.warm ? Files.createTempDirectory("harness-warm") : null;

        List<String> names = new ArrayList<>();
        List<Cell[]> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path p : programs) {
            String name = stripLua(p.getFileName().toString());
            String expected = readExpected(p);
            Cell[] cells = new Cell[Impl.values().length];
            // lua5.4 first: when there is no .expected file its output is the reference.
            for (Impl impl : new Impl[] {Impl.LUA54, Impl.LUNATIK, Impl.LUAJIT, Impl.LUAJ, Impl.LUAJC}) {
                if (!o.impls.contains(impl)) {
                    continue;
                }
                progress.printf("harness: %s on %s ...%n", name, impl.label);
                Cell c = o.warm ? measureWarm(o, impl, p, expected, work) : measure(o, impl, p, expected);
                cells[impl.ordinal()] = c;
                if (expected == null && impl == Impl.LUA54 && c.ok()) {
                    expected = c.output;
                }
                if (c.failure != null) {
                    notes.add(name + " / " + impl.label + ": " + c.failure);
                }
            }
            names.add(name);
            rows.add(cells);
        }
        List<Impl> shown = Arrays.stream(Impl.values()).filter(o.impls::contains).collect(Collectors.toList());
        out.print(formatTable(names, rows, shown));
        Path svg = o.svg != null ? o.svg : Path.of("benchmarks", "target", o.warm ? "harness-warm.svg" : "harness.svg");
        if (svg.getParent() == null || Files.isDirectory(svg.getParent())) {
            Files.writeString(svg, HarnessChart.svg(names, rows, shown, o.warm));
            out.println();
            out.println("chart: " + svg);
        }
        if (work != null) {
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.collect(Collectors.toList())) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
        if (!notes.isEmpty()) {
            out.println();
            out.println("Failures:");
            for (String n : notes) {
                out.println("  " + n);
            }
        }
        return 0;
    }

    private static Cell measure(Options o, Impl impl, Path program, String expected)
            throws InterruptedException {
        Cell cell = new Cell();
        List<String> cmd = command(o, impl, program);
        if (cmd == null) {
            cell.failure = "not available (" + describeMissing(o, impl) + ")";
            return cell;
        }
        for (int i = 0; i <= o.runs; i++) {
            RunResult r;
            try {
                r = runProcess(cmd, o.timeoutSeconds);
            } catch (IOException e) {
                cell.failure = "could not start " + String.join(" ", cmd) + ": " + e.getMessage();
                return cell;
            }
            String why = checkRun(r, expected, o.timeoutSeconds);
            if (why != null) {
                cell.failure = (i == 0 ? "warm-up run: " : "run " + i + ": ") + why;
                return cell;
            }
            cell.output = normalize(r.stdout());
            if (i > 0) {
                cell.seconds.add(r.seconds());
            }
        }
        return cell;
    }

    /**
     * The warm cost of one repetition of {@code program} under {@code impl}: the program as a chunk
     * called 2 and 12 times by a driver script in {@code work}; (median(12) - median(2)) / 10.
     */
    private static Cell measureWarm(Options o, Impl impl, Path program, String expected, Path work)
            throws InterruptedException, IOException {
        Cell[] at = new Cell[2];
        int[] reps = {2, 12};
        for (int k = 0; k < 2; k++) {
            Path driver = work.resolve(stripLua(program.getFileName().toString()) + "-x" + reps[k] + ".lua");
            Files.writeString(driver, warmDriver(program.toAbsolutePath(), reps[k]), StandardCharsets.ISO_8859_1);
            at[k] = measure(o, impl, driver, expected == null ? null : repeated(expected, reps[k]));
            if (!at[k].ok()) {
                if (at[k].failure != null) {
                    at[k].failure = reps[k] + " repetitions: " + at[k].failure;
                }
                return at[k];
            }
        }
        Cell c = new Cell();
        c.output = at[0].output;
        c.warmCost = (at[1].median() - at[0].median()) / (reps[1] - reps[0]);
        return c;
    }

    /** A chunk that loads {@code program} once and runs it {@code n} times (Lua 5.1 to 5.4). */
    static String warmDriver(Path program, int n) {
        String path = program.toString();
        String eq = "=";
        while (path.contains("]" + eq + "]")) {
            eq += "=";
        }
        return "local chunk = assert(loadfile([" + eq + "[" + path + "]" + eq + "]))\n"
                + "for _ = 1, " + n + " do chunk() end\n";
    }

    /** What {@code n} runs of a program print, given what one prints (normalized). */
    static String repeated(String once, int n) {
        return once.isEmpty() ? "" : normalize((once + "\n").repeat(n));
    }

    /** Why a run does not count (null when it is fine). */
    static String checkRun(RunResult r, String expected, long timeoutSeconds) {
        if (r.timedOut()) {
            return "timed out after " + timeoutSeconds + " s";
        }
        if (r.exitCode() != 0) {
            return "exit status " + r.exitCode() + firstLine(" - ", r.stderr());
        }
        if (expected != null && !normalize(r.stdout()).equals(expected)) {
            return "wrong output: got " + quote(normalize(r.stdout())) + ", expected " + quote(expected);
        }
        return null;
    }

    /** The command line running {@code program} under {@code impl}, or null when unavailable. */
    static List<String> command(Options o, Impl impl, Path program) {
        String prog = program.toString();
        switch (impl) {
            case LUNATIK:
                if (!Files.isExecutable(Path.of(o.lunatik))) {
                    return null;
                }
                return List.of(o.lunatik, "lua", prog);
            case LUA54:
                if (!onPath(o.lua)) {
                    return null;
                }
                return List.of(o.lua, prog);
            case LUAJIT:
                if (!onPath(o.luajit)) {
                    return null;
                }
                return List.of(o.luajit, prog);
            case LUAJ:
                if (!Files.isRegularFile(o.luajJar)) {
                    return null;
                }
                return List.of(o.java, "-cp", o.luajJar.toString(), "lua", prog);
            case LUAJC: {
                List<Path> cp = luajcClassPath(o);
                if (cp.stream().anyMatch(p -> !Files.isRegularFile(p))) {
                    return null;
                }
                return List.of(o.java, "-cp", cp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                        "lua", "-b", prog);
            }
            default:
                throw new AssertionError(impl);
        }
    }

    /** LuaJ's jar with BCEL and BCEL's own dependencies, copied beside it by the build. */
    static List<Path> luajcClassPath(Options o) {
        Path dir = o.luajJar.toAbsolutePath().getParent();
        return List.of(o.luajJar, dir.resolve("bcel.jar"), dir.resolve("commons-lang3.jar"), dir.resolve("commons-io.jar"));
    }

    private static String describeMissing(Options o, Impl impl) {
        return switch (impl) {
            case LUNATIK -> o.lunatik + " is missing or not executable";
            case LUA54 -> o.lua + " not found on PATH";
            case LUAJIT -> o.luajit + " not found on PATH (apt-get install -y luajit)";
            case LUAJ -> o.luajJar + " is missing (mvn -pl benchmarks -am package)";
            case LUAJC -> "one of " + luajcClassPath(o) + " is missing (mvn -pl benchmarks -am package)";
        };
    }

    static RunResult runProcess(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        File outFile = File.createTempFile("harness-out", ".txt");
        File errFile = File.createTempFile("harness-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(outFile)
                    .redirectError(errFile);
            long start = System.nanoTime();
            Process p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            return new RunResult(done ? p.exitValue() : -1, seconds,
                    Files.readString(outFile.toPath(), StandardCharsets.ISO_8859_1),
                    Files.readString(errFile.toPath(), StandardCharsets.ISO_8859_1),
                    !done);
        } finally {
            Files.deleteIfExists(outFile.toPath());
            Files.deleteIfExists(errFile.toPath());
        }
    }

    /** The programs (*.lua) in {@code dir}, sorted, restricted to {@code filter} unless empty. */
    static List<Path> findPrograms(Path dir, Set<String> filter) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().endsWith(".lua")).sorted().collect(Collectors.toList());
        }
        if (filter.isEmpty()) {
            return all;
        }
        List<Path> out = new ArrayList<>();
        for (String f : filter) {
            all.stream().filter(p -> stripLua(p.getFileName().toString()).equals(f)).forEach(out::add);
        }
        return out;
    }

    /** The normalized contents of the {@code .expected} file next to {@code program}, or null. */
    static String readExpected(Path program) throws IOException {
        Path e = program.resolveSibling(stripLua(program.getFileName().toString()) + ".expected");
        return Files.isRegularFile(e) ? normalize(Files.readString(e, StandardCharsets.ISO_8859_1)) : null;
    }

    /** Output compared modulo line endings and trailing whitespace. */
    static String normalize(String s) {
        return s.replace("\r\n", "\n").stripTrailing();
    }

    /** The median of {@code xs} (mean of the middle two for an even count); NaN when empty. */
    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    /**
     * The report table: program, the cell of each implementation in {@code shown}, then ours/lua5.4
     * and peer/ours for each other implementation shown; a last row has the ratios' geometric means.
     */
    static String formatTable(List<String> names, List<Cell[]> rows, List<Impl> shown) {
        List<String> header = new ArrayList<>(List.of("program"));
        String unit = rows.stream().flatMap(Arrays::stream).anyMatch(c -> c != null && c.warmCost != null) ? " (s/rep)" : " (s)";
        for (Impl i : shown) {
            header.add(i.label + unit);
        }
        List<Impl[]> ratios = new ArrayList<>(); // {numerator, denominator}
        if (shown.contains(Impl.LUNATIK) && shown.contains(Impl.LUA54)) {
            ratios.add(new Impl[] {Impl.LUNATIK, Impl.LUA54});
        }
        if (shown.contains(Impl.LUNATIK)) {
            for (Impl i : shown) {
                if (i != Impl.LUNATIK && i != Impl.LUA54) {
                    ratios.add(new Impl[] {i, Impl.LUNATIK});
                }
            }
        }
        for (Impl[] r : ratios) {
            header.add((r[0] == Impl.LUNATIK ? "ours" : r[0].label) + "/" + (r[1] == Impl.LUNATIK ? "ours" : r[1].label));
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(header.toArray(new String[0]));
        double[] logSum = new double[ratios.size()];
        int[] count = new int[ratios.size()];
        for (int i = 0; i < names.size(); i++) {
            Cell[] c = rows.get(i);
            List<String> line = new ArrayList<>(List.of(names.get(i)));
            for (Impl impl : shown) {
                line.add(cell(c[impl.ordinal()]));
            }
            for (int k = 0; k < ratios.size(); k++) {
                Cell num = c[ratios.get(k)[0].ordinal()];
                Cell den = c[ratios.get(k)[1].ordinal()];
                double q = ratioValue(num, den);
                line.add(Double.isNaN(q) ? "-" : String.format(Locale.ROOT, "%.2f", q));
                if (!Double.isNaN(q)) {
                    logSum[k] += Math.log(q);
                    count[k]++;
                }
            }
            lines.add(line.toArray(new String[0]));
        }
        if (!ratios.isEmpty() && names.size() > 1) {
            List<String> line = new ArrayList<>(List.of("geomean"));
            for (int j = 0; j < shown.size(); j++) {
                line.add("");
            }
            for (int k = 0; k < ratios.size(); k++) {
                line.add(count[k] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Math.exp(logSum[k] / count[k])));
            }
            lines.add(line.toArray(new String[0]));
        }
        int[] w = new int[header.size()];
        for (String[] l : lines) {
            for (int j = 0; j < l.length; j++) {
                w[j] = Math.max(w[j], l[j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < lines.size(); k++) {
            String[] l = lines.get(k);
            if (k == lines.size() - 1 && l[0].equals("geomean")) {
                sb.append("-".repeat(Arrays.stream(w).sum() + 2 * (w.length - 1))).append('\n');
            }
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < l.length; j++) {
                String pad = " ".repeat(w[j] - l[j].length());
                row.append(j == 0 ? l[j] + pad : pad + l[j]);
                row.append(j + 1 < l.length ? "  " : "");
            }
            sb.append(row.toString().stripTrailing()).append('\n');
            if (k == 0) {
                int total = Arrays.stream(w).sum() + 2 * (w.length - 1);
                sb.append("-".repeat(total)).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code num / den} of two cells' medians; NaN unless both succeeded (and den is positive). */
    static double ratioValue(Cell num, Cell den) {
        if (num == null || den == null || !num.ok() || !den.ok() || den.median() <= 0 || num.median() <= 0) {
            return Double.NaN;
        }
        return num.median() / den.median();
    }

    private static String cell(Cell c) {
        if (c == null) {
            return "-";
        }
        if (!c.ok()) {
            return "FAIL";
        }
        return String.format(Locale.ROOT, c.warmCost != null ? "%.4f" : "%.3f", c.median());
    }

    /** What {@code <launcher> version} says (it names the JDK the launcher picked). */
    static String lunatikVersion(String launcher) {
        try {
            RunResult r = runProcess(List.of(launcher, "version"), 600);
            String first = (r.stdout() + r.stderr()).strip().split("\n")[0];
            return first.isEmpty() ? launcher + ": no version output" : first;
        } catch (IOException e) {
            return launcher + ": cannot run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return launcher + ": interrupted";
        }
    }

    /** First line of {@code java -version} for {@code java}, or a note that it could not run. */
    static String javaVersion(String java) {
        try {
            RunResult r = runProcess(List.of(java, "-version"), 60);
            String all = (r.stderr() + r.stdout()).strip();
            String[] lines = all.split("\n");
            String first = lines.length > 0 ? lines[0].strip() : "?";
            String vm = lines.length > 2 ? " / " + lines[2].strip() : "";
            return java + ": " + first + vm;
        } catch (IOException e) {
            return java + ": cannot run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java + ": interrupted";
        }
    }

    /**
     * The java the {@code ./lunatik} launcher uses: {@code $LUNATIK_JAVA}, else
     * {@code $JAVA_HOME/bin/java}, else {@code java} on the PATH.
     */
    static String defaultJava() {
        String explicit = System.getenv("LUNATIK_JAVA");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String home = System.getenv("JAVA_HOME");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
    }

    private static boolean onPath(String exe) {
        if (exe.contains(File.separator)) {
            return Files.isExecutable(Path.of(exe));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private static String stripLua(String file) {
        return file.endsWith(".lua") ? file.substring(0, file.length() - 4) : file;
    }

    private static String firstLine(String prefix, String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return "";
        }
        int nl = t.indexOf('\n');
        return prefix + (nl < 0 ? t : t.substring(0, nl));
    }

    private static String quote(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return "\"" + t.replace("\n", "\\n") + "\"";
    }
}
