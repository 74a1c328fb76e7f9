package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.NetStack;
import dev.lunatik.kernel.net.NetStack.Fate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code examples/dnsblock/nf_dnsblock.lua}: blacklisted DNS queries leaving the host are dropped. */
class DnsblockExampleTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    Kernel k;
    KernelRuntime rt;

    @BeforeEach
    void load() {
        k = Lunatik.boot(REPO);
        rt = KernelRuntime.create(k, "examples/dnsblock/nf_dnsblock", false);
    }

    @AfterEach
    void stop() {
        rt.stop();
        Lunatik.shutdown(k);
        assertThat(k.liveObjects()).isEmpty();
    }

    /** A DNS query (A, IN) for {@code name} from 10.1.1.2 to 1.1.1.1:53, as an IPv4 packet. */
    static byte[] query(String name, int port) {
        ByteArrayOutputStream dns = new ByteArrayOutputStream();
        dns.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            dns.write(label.length());
            dns.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        dns.writeBytes(new byte[] {0, 0, 1, 0, 1});
        byte[] payload = dns.toByteArray();
        byte[] p = NetfilterLibTest.udp("1.1.1.1", port, payload);
        return p;
    }

    @Test
    void blacklistedQueriesAreDroppedAndLoggedOthersPass() {
        NetStack net = k.net();
        long mark = k.log().nextSequence();
        byte[] blocked = query("github.com", 53);
        byte[] alsoBlocked = query("www.gitlab.com", 53);
        byte[] allowed = query("example.org", 53);
        byte[] notDns = query("github.com", 5353);
        assertThat(net.send(blocked, blocked.length).fate()).isEqualTo(Fate.DROPPED);
        assertThat(net.send(alsoBlocked, alsoBlocked.length).fate()).isEqualTo(Fate.DROPPED);
        NetStack.Outcome ok = net.send(allowed, allowed.length);
        assertThat(ok.fate()).isEqualTo(Fate.SENT);
        assertThat(java.util.Arrays.copyOfRange(ok.packet().buffer(), 14, ok.packet().length())).isEqualTo(allowed);
        assertThat(net.send(notDns, notDns.length).fate()).isEqualTo(Fate.SENT);
        String log = String.join("\n", k.log().since(mark));
        assertThat(log).contains("DNS query for \u0006github\u0003com blocked")
                .contains("DNS query for \u0003www\u0006gitlab\u0003com blocked")
                .doesNotContain("example");
    }
}
