package dev.lunatik.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * How a daemon runs; every field has a documented default and a {@code lunatik load} option.
 *
 * @param dir the runtime directory (socket, lock, log)
 * @param root the script root
 * @param runtimeMemory each runtime's memory limit in bytes (0: none)
 * @param maxConnections connections open at once
 * @param maxRequests long-running requests at once
 * @param requestTimeoutMillis time a client has to send its request
 * @param stopGraceMillis time a script has to stop before it is aborted
 * @param stackSlots the Lua stack limit of each runtime (and the driver state), in slots
 */
record DaemonConfig(Path dir, Path root, long runtimeMemory, int maxConnections, int maxRequests,
        long requestTimeoutMillis, long stopGraceMillis, int stackSlots) {
    static final long DEFAULT_RUNTIME_MEMORY = 64L << 20;
    static final int DEFAULT_MAX_CONNECTIONS = 256;
    static final int DEFAULT_MAX_REQUESTS = 64;
    static final long DEFAULT_REQUEST_TIMEOUT = 10_000;
    static final long DEFAULT_STOP_GRACE = 400;

    static DaemonConfig defaults(Path dir, Path root) {
        return new DaemonConfig(dir, root, DEFAULT_RUNTIME_MEMORY, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_REQUESTS,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_STOP_GRACE, StackLimit.KERNEL);
    }

    /** The daemon's own command line ({@code lunatik daemon ...}). */
    List<String> toArgs() {
        return List.of(dir.toString(), root.toString(), "--runtime-memory=" + runtimeMemory,
                "--max-connections=" + maxConnections, "--max-requests=" + maxRequests,
                "--request-timeout=" + requestTimeoutMillis, "--stop-grace=" + stopGraceMillis, "--stack=" + stackSlots);
    }

    /** Parses {@link #toArgs()}. */
    static DaemonConfig parse(List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("usage: lunatik daemon DIR ROOT [--name=value ...] (started by 'lunatik load')");
        }
        DaemonConfig c = defaults(Path.of(args.get(0)), Path.of(args.get(1)));
        long mem = c.runtimeMemory;
        int conns = c.maxConnections;
        int reqs = c.maxRequests;
        long timeout = c.requestTimeoutMillis;
        long grace = c.stopGraceMillis;
        int stack = c.stackSlots;
        for (String a : args.subList(2, args.size())) {
            int eq = a.indexOf('=');
            String k = eq < 0 ? a : a.substring(0, eq);
            String v = eq < 0 ? "" : a.substring(eq + 1);
            switch (k) {
                case "--runtime-memory" -> mem = Long.parseLong(v);
                case "--max-connections" -> conns = Integer.parseInt(v);
                case "--max-requests" -> reqs = Integer.parseInt(v);
                case "--request-timeout" -> timeout = Long.parseLong(v);
                case "--stop-grace" -> grace = Long.parseLong(v);
                case "--stack" -> stack = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown daemon option " + a);
            }
        }
        return new DaemonConfig(c.dir, c.root, mem, Math.max(1, conns), Math.max(1, reqs), Math.max(100, timeout), Math.max(1, grace),
                Math.max(20, stack));
    }
}
