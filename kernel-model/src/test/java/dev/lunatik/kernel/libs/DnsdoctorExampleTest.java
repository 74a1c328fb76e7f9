package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.NetDevice;
import dev.lunatik.kernel.net.NetStack;
import dev.lunatik.kernel.net.NetStack.Fate;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code examples/dnsdoctor/nf_dnsdoctor.lua}: A records for lunatik.com rewritten at PRE_ROUTING. */
class DnsdoctorExampleTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    Kernel k;
    KernelRuntime rt;
    NetDevice eth0;

    @BeforeEach
    void load() {
        k = Lunatik.boot(REPO);
        rt = KernelRuntime.create(k, "examples/dnsdoctor/nf_dnsdoctor", false);
        eth0 = k.net().devices().get("eth0");
    }

    @AfterEach
    void stop() {
        rt.stop();
        Lunatik.shutdown(k);
        assertThat(k.liveObjects()).isEmpty();
    }

    /**
     * A DNS response from 192.168.10.53:53 to {@code client}:5353 for {@code labels}, with an A
     * record (192.168.10.1) and a CNAME-sized other record, as an Ethernet frame.
     */
    static byte[] response(String client, String... labels) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 2, 0, 0, 0, 0});
        for (String l : labels) {
            d.write(l.length());
            d.writeBytes(l.getBytes());
        }
        d.writeBytes(new byte[] {0, 0, 1, 0, 1});
        // answer 1: TXT-typed record of 4 bytes (16 bytes in all, so the layout stays regular)
        d.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 16, 0, 1, 0, 0, 0, 60, 0, 4, 't', 'e', 's', 't'});
        // answer 2: A 192.168.10.1
        d.writeBytes(new byte[] {(byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, (byte) 168, 10, 1});
        byte[] ip = Packets.udp(Packet.parseIpv4("192.168.10.53"), 53, Packet.parseIpv4(client), 5353, d.toByteArray());
        return Packets.ethernet(0x020000000001L, 0x020000000002L, Packet.ETH_P_IP, ip);
    }

    @Test
    void theARecordOfALunatikComAnswerToTheClientIsRewrittenNothingElse() {
        NetStack net = k.net();
        byte[] in = response("10.1.1.2", "lunatik", "com");
        NetStack.Outcome o = net.receive(eth0, in, in.length);
        assertThat(o.fate()).isEqualTo(Fate.DELIVERED);
        byte[] out = Arrays.copyOf(o.packet().buffer(), o.packet().length());
        int last = out.length - 4;
        assertThat(Arrays.copyOfRange(out, last, out.length)).containsExactly(10, 1, 2, 3);
        // everything else is as it came in (checksums are not updated, as in Lunatik)
        assertThat(Arrays.copyOf(out, last)).isEqualTo(Arrays.copyOf(in, last));

        byte[] otherName = response("10.1.1.2", "example", "com");
        byte[] otherClient = response("10.1.1.7", "lunatik", "com");
        assertThat(unchanged(net, otherName)).isTrue();
        assertThat(unchanged(net, otherClient)).isTrue();
    }

    private boolean unchanged(NetStack net, byte[] frame) {
        byte[] copy = frame.clone();
        NetStack.Outcome o = net.receive(eth0, frame, frame.length);
        return Arrays.equals(Arrays.copyOf(o.packet().buffer(), o.packet().length()), copy);
    }
}
