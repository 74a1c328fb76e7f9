package dev.lunatik.bench;

import java.nio.file.Path;

/**
 * {@code java -cp benchmarks/target/benchmarks.jar dev.lunatik.bench.DaemonSoak [CYCLES]}: spawns
 * and stops a script CYCLES times (default 1,000) against a daemon of its own and prints, every
 * tenth of the way, the daemon's thread count, its resident memory and its heap in use after a
 * full collection ({@code jcmd GC.run}, then {@code GC.heap_info}): what leaks per cycle would
 * show as growth in the last column.
 */
public final class DaemonSoak {
    private DaemonSoak() {}

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try (DaemonFixture d = new DaemonFixture()) {
            System.out.printf("java %s, %d spawn/stop cycles of t/polite%n", System.getProperty("java.version"), cycles);
            System.out.printf("%8s %8s %10s %16s%n", "cycles", "threads", "RSS (MB)", "heap after GC (MB)");
            report(d, jcmd, 0);
            nmt(d, jcmd, "before");
            for (int i = 1; i <= cycles; i++) {
                d.ok("spawn", "t/polite");
                d.ok("stop", "t/polite");
                if (i % Math.max(1, cycles / 10) == 0) {
                    report(d, jcmd, i);
                }
            }
            nmt(d, jcmd, "after");
        }
    }

    /** With {@code -Dlunatik.daemon.opts=-XX:NativeMemoryTracking=summary}: where the daemon's memory is. */
    private static void nmt(DaemonFixture d, Path jcmd, String when) throws Exception {
        if (!System.getProperty("lunatik.daemon.opts", "").contains("NativeMemoryTracking")) return;
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(d.process.pid()), "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        System.out.println("native memory " + when + ":");
        for (String l : new String(p.getInputStream().readAllBytes()).split("\n")) {
            if (l.startsWith("Total") || l.startsWith("-")) System.out.println("  " + l.trim());
        }
        p.waitFor();
    }

    private static void report(DaemonFixture d, Path jcmd, int cycles) throws Exception {
        String pid = Long.toString(d.process.pid());
        new ProcessBuilder(jcmd.toString(), pid, "GC.run").redirectErrorStream(true).start().waitFor();
        Process info = new ProcessBuilder(jcmd.toString(), pid, "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        long usedKb = -1;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(text);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            usedKb = sum;
        }
        System.out.printf("%8d %8d %10.1f %16.1f%n", cycles, d.proc("Threads"), d.proc("VmRSS") / 1024.0, usedKb / 1024.0);
    }
}
