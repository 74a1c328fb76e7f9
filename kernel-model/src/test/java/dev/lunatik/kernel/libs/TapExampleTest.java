package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.CharDevices;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.NetDevice;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code examples/tap.lua}: an AF_PACKET socket behind /dev/tap, one line per frame. */
class TapExampleTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    @Timeout(30)
    void eachReadReturnsTheNextFramesAddressesTypeAndLength() throws Exception {
        Kernel k = Lunatik.boot(REPO);
        KernelRuntime rt = KernelRuntime.create(k, "examples/tap", true);
        try {
            NetDevice eth0 = k.net().devices().get("eth0");
            byte[] ip = Packets.udp(Packet.parseIpv4("192.168.1.9"), 9, Packet.parseIpv4("10.1.1.2"), 9, new byte[10]);
            byte[] frame = Packets.ethernet(0x020000000001L, 0x0A0B0C0D0E0FL, Packet.ETH_P_IP, ip);
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (CharDevices.OpenFile f = k.devices().open("tap")) {
                    return new String(f.read(4096), StandardCharsets.US_ASCII);
                }
            });
            Thread.sleep(200); // the read is waiting for a frame
            assertThat(line).isNotDone();
            k.net().receive(eth0, frame, frame.length);
            assertThat(line.get(10, TimeUnit.SECONDS)).isEqualTo("20000000001\tA0B0C0D0E0F\t800\t" + frame.length + "\n");
            // a frame sent out is seen too
            k.net().send(ip, ip.length);
            try (CharDevices.OpenFile f = k.devices().open("tap")) {
                assertThat(new String(f.read(4096), StandardCharsets.US_ASCII)).endsWith("\t800\t" + (ip.length + 14) + "\n");
            }
        } finally {
            rt.stop();
            Lunatik.shutdown(k);
        }
        assertThat(k.liveObjects()).isEmpty();
    }
}
