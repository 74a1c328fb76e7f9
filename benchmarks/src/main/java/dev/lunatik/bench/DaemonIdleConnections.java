package dev.lunatik.bench;

import dev.lunatik.cli.DaemonClient;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -cp benchmarks/target/benchmarks.jar dev.lunatik.bench.DaemonIdleConnections [N]}:
 * opens N connections (default 5,000) to a daemon of its own and sends nothing on them, as a
 * careless or hostile client would, then prints the daemon's threads, resident memory and open
 * files, and times a {@code status} request made while they are open.
 */
public final class DaemonIdleConnections {
    private DaemonIdleConnections() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        try (DaemonFixture d = new DaemonFixture()) {
            System.out.printf("java %s; daemon before: %d threads, %.1f MB resident, %d files open%n",
                    System.getProperty("java.version"), d.proc("Threads"), d.proc("VmRSS") / 1024.0, fds(d));
            List<SocketChannel> idle = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    idle.add(DaemonClient.connect(d.socket));
                }
                Thread.sleep(1000);
                System.out.printf("with %d idle connections: %d threads, %.1f MB resident, %d files open%n",
                        n, d.proc("Threads"), d.proc("VmRSS") / 1024.0, fds(d));
                long t0 = System.nanoTime();
                DaemonClient.Reply r = d.request("status");
                System.out.printf("status meanwhile: exit %d in %.1f ms%n", r.status(), (System.nanoTime() - t0) / 1e6);
            } finally {
                for (SocketChannel c : idle) {
                    c.close();
                }
            }
        }
    }

    private static long fds(DaemonFixture d) throws Exception {
        try (var s = Files.list(Path.of("/proc/" + d.process.pid() + "/fd"))) {
            return s.count();
        }
    }
}
