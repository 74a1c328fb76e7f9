/**
 * The simulated Linux kernel ({@link dev.lunatik.kernel}) and, over it, Lunatik's Lua libraries
 * ({@link dev.lunatik.kernel.libs}; {@link dev.lunatik.kernel.libs.Lunatik} boots a kernel whose
 * runtimes open them), and ULP Lua for JVM sockets and as a proxy ({@link dev.lunatik.kernel.ulp}).
 */
module dev.lunatik.kernel {
    requires transitive dev.lunatik.vm;
    requires transitive dev.lunatik.stdlib;
    requires org.eclipse.collections.api;
    requires org.eclipse.collections.impl;
    requires java.management; // net bench: bytes allocated per packet
    requires jdk.management;

    exports dev.lunatik.kernel;
    exports dev.lunatik.kernel.net;
    exports dev.lunatik.kernel.net.pcap;
    exports dev.lunatik.kernel.libs;
    exports dev.lunatik.kernel.npf;
    exports dev.lunatik.kernel.ulp;
}
