package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import dev.lunatik.kernel.net.pcap.Capture;
import dev.lunatik.kernel.net.pcap.CapturedPacket;
import dev.lunatik.kernel.net.pcap.LinkType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunatik npf}: the NPFLua example from NetBSD's mailing list (refuse an SSH server by its
 * banner), over a capture and over live traffic through the TCP relay.
 */
class NpfCommandTest {
    @TempDir
    Path tmp;

    private final Path root = Path.of("..").toAbsolutePath().normalize(); // the repository: examples/...
    private LunatikProcesses procs;

    private LunatikProcesses.Result lunatik(String... args) throws Exception {
        if (procs == null) procs = new LunatikProcesses(tmp, root);
        return procs.runWithInput(null, args);
    }

    @AfterEach
    void unload() throws Exception {
        if (procs != null) procs.cleanUp();
    }

    private static CapturedPacket banner(int i, String text) {
        return CapturedPacket.of(i, Packets.tcp(Packet.parseIpv4("192.168.7.7"), 22, Packet.parseIpv4("10.1.1.2"), 40000,
                Packets.PSH | Packets.ACK, i, 1, text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theSshRuleDropsTheVulnerableServersBannerInACapture() throws Exception {
        Path in = tmp.resolve("ssh.pcap");
        new Capture(LinkType.RAW, List.of(banner(1, "SSH-2.0-OpenSSH_6.4\r\n"), banner(2, "SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n"),
                banner(3, "SSH-1.99-OpenSSH_6.4 comment\r\n"))).write(in);
        LunatikProcesses.Result r = lunatik("npf", "attach", "examples/npf/sshblock", "--hook", "PRE_ROUTING");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("npf: examples/npf/sshblock: filter(hdr, pld) on IPv4 packets at PRE_ROUTING\n");
        assertThat(lunatik("npf", "ls").out()).isEqualTo("examples/npf/sshblock\tPRE_ROUTING\n");
        r = lunatik("net", "replay", "--dev", "eth0", in.toString());
        assertThat(r.out()).isEqualTo("3 packets received on eth0: 2 dropped at PRE_ROUTING, 1 delivered\n");
        assertThat(lunatik("dmesg").out()).contains("npf: SSH server OpenSSH_6.4 refused");

        r = lunatik("npf", "attach", "examples/npf/sshblock", "--dev", "eth0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("already attached (at PRE_ROUTING)");
        assertThat(lunatik("npf", "detach", "examples/npf/sshblock").status()).isZero();
        assertThat(lunatik("list").out()).doesNotContain("sshblock"); // the runtime attach made is gone
        assertThat(lunatik("net", "replay", "--dev", "eth0", in.toString()).out()).isEqualTo("3 packets received on eth0: 3 delivered\n");

        assertThat(lunatik("npf", "attach", "examples/npf/sshblock", "--dev", "eth0").status()).isZero();
        assertThat(lunatik("net", "replay", "--dev", "eth0", in.toString()).out())
                .isEqualTo("3 packets received on eth0: 2 dropped at INGRESS, 1 delivered\n");
    }

    @Test
    void badRequestsAreRefusedClearly() throws Exception {
        LunatikProcesses.Result r = lunatik("npf", "attach", "nosuchscript", "--hook", "PRE_ROUTING");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("cannot open").contains("nosuchscript.lua");
        r = lunatik("npf", "attach", "examples/npf/sshblock", "--hook", "NOWHERE");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no hook point 'NOWHERE'");
        r = lunatik("npf", "attach", "examples/npf/sshblock", "--dev", "wlan9");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no interface 'wlan9'");
        r = lunatik("npf", "detach", "examples/npf/sshblock");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("is not attached");
        assertThat(lunatik("npf", "attach", "examples/npf/sshblock").status()).isEqualTo(2); // no point given
        assertThat(lunatik("list").status()).isZero(); // the daemon goes on
    }

    /** A fake SSH server on loopback: sends {@code banner} to each client, then waits for it to go. */
    private static Thread sshServer(ServerSocket s, String banner) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.getOutputStream().write(banner.getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    c.getInputStream().read();
                } catch (IOException e) {
                    // next client
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private int relay(int target) throws Exception {
        LunatikProcesses.Result r = lunatik("net", "relay", "tcp", "127.0.0.1:0", "127.0.0.1:" + target);
        assertThat(r.status()).as(r.err()).isZero();
        Matcher m = Pattern.compile("relay tcp 127\\.0\\.0\\.1:(\\d+) -> ").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** What a client of the relay at {@code port} reads before the connection ends (or 5 s pass). */
    private static String readAll(int port) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            c.setSoTimeout(5000);
            InputStream in = c.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] b = new byte[256];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    sb.append(new String(b, 0, n, StandardCharsets.US_ASCII));
                    if (sb.indexOf("\n") >= 0) break;
                }
            } catch (IOException reset) {
                // a drop resets the connection
            }
            return sb.toString();
        }
    }

    @Test
    void overLiveTrafficTheClientNeverSeesTheRefusedBanner() throws Exception {
        assertThat(lunatik("npf", "attach", "examples/npf/sshblock", "--hook", "PRE_ROUTING").status()).isZero();
        try (ServerSocket old = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket current = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            sshServer(old, "SSH-2.0-OpenSSH_6.4\r\n");
            sshServer(current, "SSH-2.0-OpenSSH_9.6\r\n");
            int toOld = relay(old.getLocalPort());
            int toCurrent = relay(current.getLocalPort());
            assertThat(readAll(toCurrent)).isEqualTo("SSH-2.0-OpenSSH_9.6\r\n");
            assertThat(readAll(toOld)).isEmpty();
            assertThat(lunatik("dmesg").out()).contains("npf: SSH server OpenSSH_6.4 refused");
        }
    }
}
