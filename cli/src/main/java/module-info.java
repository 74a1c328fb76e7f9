/** The {@code lunatik} command: the kernel daemon and its client, the REPLs, {@code lua}, {@code luac}, {@code conformance}. */
@SuppressWarnings("module") // the qualified export names a module built after this one
module dev.lunatik.cli {
    requires dev.lunatik.kernel;
    requires dev.lunatik.conformance;
    requires info.picocli;
    requires org.jline;
    requires jdk.net; // SO_PEERCRED: the daemon serves its own user only
    requires jdk.unsupported; // sun.misc.Signal: the daemon ignores SIGINT and SIGHUP

    exports dev.lunatik.cli to dev.lunatik.bench; // the daemon benchmarks talk to a daemon as the client does

    opens dev.lunatik.cli to info.picocli;
}
