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
 * under our interpreter ({@code ./lunatik lua prog.lua}), the reference {@code lua5.4} and LuaJ
 * 3.0.1's standalone {@code lua} main class, one warm-up run and then {@code --runs N} timed runs
 * each, and prints the median wall-clock seconds per implementation with the ratios
 * ours/lua5.4 and LuaJ/ours.
 *
 * <p>Every run's standard output must equal the program's {@code .expected} file (or, when there
 * is none, what {@code lua5.4} printed); a run that exits non-zero, times out, or prints something
 * else turns its cell into {@code FAIL} and the reason is listed under the table. The harness
 * never aborts because one implementation fails.
 *
 * <p>Usage (normally through {@code benchmarks/harness.sh}, from the repository root):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.lunatik.bench.Harness
 *     [--runs N] [--programs fib,sieve] [--dir benchmarks/programs] [--lunatik ./lunatik]
 *     [--lua lua5.4] [--luaj benchmarks/target/luaj-jse.jar] [--java JAVA] [--timeout SECONDS]
 *     [--only lunatik,lua5.4,luaj]
 * </pre>
 */
public final class Harness {
    /** The implementations, in table order. */
    enum Impl {
        LUNATIK("lunatik"),
        LUA54("lua5.4"),
        LUAJ("luaj");

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
        Path luajJar = Path.of("benchmarks", "target", "luaj-jse.jar");
        String java = defaultJava();
        long timeoutSeconds = 300;
        Set<Impl> impls = new LinkedHashSet<>(Arrays.asList(Impl.values()));
        boolean help;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    o.help = true;
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
                                            "unknown implementation '" + name + "' (lunatik, lua5.4, luaj)")));
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
            return failure == null && !seconds.isEmpty();
        }

        double median() {
            return Harness.median(seconds);
        }
    }

    /** Result of one process run. */
    record RunResult(int exitCode, double seconds, String stdout, String stderr, boolean timedOut) {}

    static final String USAGE = "usage: Harness [--runs N] [--programs a,b] [--dir DIR] [--lunatik PATH]"
            + " [--lua LUA] [--luaj JAR] [--java JAVA] [--timeout SECONDS] [--only lunatik,lua5.4,luaj]";

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
        out.println("runs per implementation: 1 warm-up + " + o.runs + " timed; cells are median wall-clock seconds");
        out.println();

        List<String> names = new ArrayList<>();
        List<Cell[]> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path p : programs) {
            String name = stripLua(p.getFileName().toString());
            String expected = readExpected(p);
            Cell[] cells = new Cell[Impl.values().length];
            // lua5.4 first: when there is no .expected file its output is the reference.
            for (Impl impl : new Impl[] {Impl.LUA54, Impl.LUNATIK, Impl.LUAJ}) {
                if (!o.impls.contains(impl)) {
                    continue;
                }
                progress.printf("harness: %s on %s ...%n", name, impl.label);
                Cell c = measure(o, impl, p, expected);
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
        out.print(formatTable(names, rows));
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
            case LUAJ:
                if (!Files.isRegularFile(o.luajJar)) {
                    return null;
                }
                return List.of(o.java, "-cp", o.luajJar.toString(), "lua", prog);
            default:
                throw new AssertionError(impl);
        }
    }

    private static String describeMissing(Options o, Impl impl) {
        return switch (impl) {
            case LUNATIK -> o.lunatik + " is missing or not executable";
            case LUA54 -> o.lua + " not found on PATH";
            case LUAJ -> o.luajJar + " is missing (mvn -pl benchmarks -am package)";
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

    /** The report table: program, medians per implementation, ours/lua5.4 and LuaJ/ours. */
    static String formatTable(List<String> names, List<Cell[]> rows) {
        String[] header = {"program", "lunatik (s)", "lua5.4 (s)", "luaj (s)", "ours/lua5.4", "luaj/ours"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (int i = 0; i < names.size(); i++) {
            Cell[] c = rows.get(i);
            Cell ours = c[Impl.LUNATIK.ordinal()];
            Cell ref = c[Impl.LUA54.ordinal()];
            Cell luaj = c[Impl.LUAJ.ordinal()];
            lines.add(new String[] {
                names.get(i), cell(ours), cell(ref), cell(luaj), ratio(ours, ref), ratio(luaj, ours)
            });
        }
        int[] w = new int[header.length];
        for (String[] l : lines) {
            for (int j = 0; j < l.length; j++) {
                w[j] = Math.max(w[j], l[j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < lines.size(); k++) {
            String[] l = lines.get(k);
            for (int j = 0; j < l.length; j++) {
                String pad = " ".repeat(w[j] - l[j].length());
                sb.append(j == 0 ? l[j] + pad : pad + l[j]);
                sb.append(j + 1 < l.length ? "  " : "\n");
            }
            if (k == 0) {
                int total = Arrays.stream(w).sum() + 2 * (w.length - 1);
                sb.append("-".repeat(total)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(Cell c) {
        if (c == null) {
            return "-";
        }
        return c.ok() ? String.format(Locale.ROOT, "%.3f", c.median()) : "FAIL";
    }

    private static String ratio(Cell num, Cell den) {
        if (num == null || den == null || !num.ok() || !den.ok() || den.median() <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", num.median() / den.median());
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
