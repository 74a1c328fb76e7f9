package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.net.NetDevice;
import dev.lunatik.kernel.net.NetStack;
import dev.lunatik.kernel.net.NetStack.Fate;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code examples/filter/sni.lua} behind the simulated https.c XDP program: TLS by server name. */
class XdpSniExampleTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    Kernel k;
    Runner runner;
    NetDevice eth0;

    @BeforeEach
    void load() {
        k = Lunatik.boot(REPO);
        runner = new Runner(k);
        runner.run("examples/filter/sni", false);
        eth0 = k.net().devices().get("eth0");
        eth0.setXdp(XdpLib.httpsFilter(k, "examples/filter/sni", 443));
    }

    @AfterEach
    void stop() {
        eth0.setXdp(null);
        runner.stop("examples/filter/sni");
        Lunatik.shutdown(k);
        assertThat(k.liveObjects()).isEmpty();
    }

    /** A TLS 1.2 ClientHello asking for {@code sni}, with two other extensions before server_name. */
    static byte[] clientHello(String sni) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00}); // ec_point_formats
        ext.writeBytes(new byte[] {0x00, 0x17, 0x00, 0x00});             // extended_master_secret
        byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
        int listLen = 3 + name.length;
        ext.writeBytes(new byte[] {0x00, 0x00, 0x00, (byte) (listLen + 2), 0x00, (byte) listLen, 0x00, 0x00, (byte) name.length});
        ext.writeBytes(name);
        byte[] e = ext.toByteArray();
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.writeBytes(new byte[] {0x03, 0x03});
        hello.writeBytes(new byte[32]);                                   // random
        hello.writeBytes(new byte[] {0x20});                              // a 32-byte session id
        hello.writeBytes(new byte[32]);
        hello.writeBytes(new byte[] {0x00, 0x04, 0x13, 0x01, 0x13, 0x02}); // two cipher suites
        hello.writeBytes(new byte[] {0x01, 0x00});                        // null compression
        hello.writeBytes(new byte[] {(byte) (e.length >> 8), (byte) e.length});
        hello.writeBytes(e);
        byte[] h = hello.toByteArray();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.writeBytes(new byte[] {0x16, 0x03, 0x01, (byte) ((h.length + 4) >> 8), (byte) (h.length + 4)});
        rec.writeBytes(new byte[] {0x01, 0x00, (byte) (h.length >> 8), (byte) h.length});
        rec.writeBytes(h);
        return rec.toByteArray();
    }

    /** An Ethernet/IPv4/TCP frame from 192.168.1.9 to 10.1.1.2:{@code port} with {@code flags}, carrying {@code payload}. */
    static byte[] tcpFrame(int port, int flags, byte[] payload) {
        byte[] seg = Packets.tcp(Packet.parseIpv4("192.168.1.9"), 50000, Packet.parseIpv4("10.1.1.2"), port, flags, 1, 1, payload);
        return Packets.ethernet(0x020000000001L, 0x020000000002L, Packet.ETH_P_IP, seg);
    }

    static final int PSH_ACK = 0x18;

    @Test
    void aClientHelloForABlockedNameIsDroppedByXdpOthersGoOn() {
        NetStack net = k.net();
        long mark = k.log().nextSequence();
        byte[] blocked = tcpFrame(443, PSH_ACK, clientHello("ebpf.io"));
        byte[] allowed = tcpFrame(443, PSH_ACK, clientHello("lunatik.io"));
        assertThat(net.receive(eth0, blocked, blocked.length).fate()).isEqualTo(Fate.XDP_DROPPED);
        assertThat(net.receive(eth0, allowed, allowed.length).fate()).isEqualTo(Fate.DELIVERED);
        assertThat(String.join("\n", k.log().since(mark))).contains("filter_sni: ebpf.io DROP", "filter_sni: lunatik.io PASS");
    }

    @Test
    void segmentsTheProgramDoesNotHandOverPassWithoutCallingLua() {
        long mark = k.log().nextSequence();
        byte[] noPsh = tcpFrame(443, 0x10, clientHello("ebpf.io"));
        byte[] otherPort = tcpFrame(8443, PSH_ACK, clientHello("ebpf.io"));
        byte[] notTls = tcpFrame(443, PSH_ACK, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(k.net().receive(eth0, noPsh, noPsh.length).fate()).isEqualTo(Fate.DELIVERED);
        assertThat(k.net().receive(eth0, otherPort, otherPort.length).fate()).isEqualTo(Fate.DELIVERED);
        assertThat(k.net().receive(eth0, notTls, notTls.length).fate()).isEqualTo(Fate.DELIVERED);
        assertThat(k.log().since(mark)).noneMatch(l -> l.contains("filter_sni"));
    }

    @Test
    void aStoppedRuntimeIsNotFoundAndItsFramesPass() {
        runner.stop("examples/filter/sni");
        long mark = k.log().nextSequence();
        byte[] blocked = tcpFrame(443, PSH_ACK, clientHello("ebpf.io"));
        assertThat(k.net().receive(eth0, blocked, blocked.length).fate()).isEqualTo(Fate.DELIVERED);
        assertThat(String.join("\n", k.log().since(mark))).contains("couldn't find runtime 'examples/filter/sni'");
        runner.run("examples/filter/sni", false); // for stop()
    }
}
