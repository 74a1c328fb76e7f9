package dev.lunatik.kernel.npf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.kernel.libs.Runner;
import dev.lunatik.kernel.net.NetStack.Fate;
import dev.lunatik.kernel.net.NetStack.Outcome;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import dev.lunatik.vm.value.LuaError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NPFLua rules on the simulated stack: what {@code filter(hdr, pld)} sees and what its result does. */
class NpfLuaTest {
    @TempDir
    Path root;
    Kernel k;
    Runner runner;

    @BeforeEach
    void boot() {
        k = Lunatik.boot(root);
        runner = new Runner(k);
    }

    @AfterEach
    void shutdown() {
        Lunatik.shutdown(k);
    }

    private void script(String name, String text) throws Exception {
        Path p = root.resolve(name + ".lua");
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** A TCP segment from a server at 192.168.7.7:22 to this host (10.1.1.2), received on eth0. */
    private Outcome fromServer(String payload) {
        byte[] ip = Packets.tcp(Packet.parseIpv4("192.168.7.7"), 22, Packet.parseIpv4("10.1.1.2"), 40000,
                Packets.PSH | Packets.ACK, 1, 1, payload.getBytes(StandardCharsets.ISO_8859_1));
        return k.net().receiveIpv4(ip);
    }

    @Test
    void theMailingListRuleRefusesOneSshVersion() throws Exception {
        Path example = Path.of("..", "examples", "npf", "sshblock.lua");
        script("sshblock", Files.readString(example));
        NpfLua r = NpfLua.atHook(k, runner, "sshblock", Netfilter.PRE_ROUTING);
        assertThat(fromServer("SSH-2.0-OpenSSH_6.4\r\n").fate()).isEqualTo(Fate.DROPPED);
        assertThat(fromServer("SSH-2.0-OpenSSH_6.4 Debian-5\r\n").fate()).isEqualTo(Fate.DROPPED);
        assertThat(fromServer("SSH-2.0-OpenSSH_9.6\r\n").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(fromServer("").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(fromServer("x".repeat(300)).fate()).isEqualTo(Fate.DELIVERED);
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("SSH server OpenSSH_6.4 refused"));
        r.detach();
        assertThat(fromServer("SSH-2.0-OpenSSH_6.4\r\n").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(runner.runtime("sshblock")).isNull(); // the runtime attach started is stopped
    }

    @Test
    void hdrHoldsTheHeadersAndPldThePayload() throws Exception {
        script("probe", """
                seen = {}
                function filter(hdr, pld)
                  hdr:layout{version = {0, 4}, ihl = {4, 4}, proto = {72, 8}, sport = {160, 16}, dport = {176, 16}}
                  seen[#seen + 1] = string.format("%d %d %d %d %d #hdr=%d #pld=%d %s",
                    hdr.version, hdr.ihl, hdr.proto, hdr.sport, hdr.dport, #hdr, #pld, tostring(pld))
                  kept = pld:segment(0)
                  return true
                end
                function report() return table.concat(seen, "\\n"), #kept, hdr_after end
                """);
        NpfLua r = NpfLua.atHook(k, runner, "probe", Netfilter.LOCAL_OUT);
        byte[] udp = Packets.udp(Packet.parseIpv4("10.1.1.2"), 5353, Packet.parseIpv4("1.1.1.1"), 53, "query".getBytes());
        byte[] tcp = Packets.tcp(Packet.parseIpv4("10.1.1.2"), 40000, Packet.parseIpv4("1.1.1.1"), 443, Packets.ACK, 7, 9, "hello".getBytes());
        assertThat(k.net().send(udp, udp.length).fate()).isEqualTo(Fate.SENT);
        assertThat(k.net().send(tcp, tcp.length).fate()).isEqualTo(Fate.SENT);
        Object[] rep = runner.runtime("probe").state().call(runner.runtime("probe").state().getGlobal("report"));
        assertThat(rep[0].toString()).isEqualTo("4 5 17 5353 53 #hdr=28 #pld=5 query\n4 5 6 40000 443 #hdr=40 #pld=5 hello");
        assertThat(rep[1]).isEqualTo(0L); // a segment kept past its packet is empty
        r.detach();
    }

    @Test
    void falseAndNilDropTrueAndErrorsPass() throws Exception {
        script("verdicts", """
                function filter(hdr, pld)
                  local s = tostring(pld)
                  if s == "false" then return false end
                  if s == "nil" then return nil end
                  if s == "error" then error("bad packet") end
                  if s == "one" then return 1 end
                  return true
                end
                """);
        NpfLua r = NpfLua.atHook(k, runner, "verdicts", Netfilter.PRE_ROUTING);
        assertThat(fromServer("false").fate()).isEqualTo(Fate.DROPPED);
        assertThat(fromServer("nil").fate()).isEqualTo(Fate.DROPPED);
        assertThat(fromServer("one").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(fromServer("true").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(fromServer("error").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("npf: verdicts:") && l.contains("bad packet"))
                .anyMatch(l -> l.contains("stack traceback:"));
        r.detach();
    }

    @Test
    void aFilterThatNeverReturnsIsAbortedAndThePacketPasses() throws Exception {
        script("spin", """
                function filter(hdr, pld)
                  if tostring(pld) == "spin" then while true do end end
                  return false
                end
                """);
        NpfLua r = NpfLua.atHook(k, runner, "spin", Netfilter.PRE_ROUTING);
        long t0 = System.nanoTime();
        assertThat(fromServer("spin").fate()).isEqualTo(Fate.DELIVERED);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(NpfLua.TIME_LIMIT_MILLIS);
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("ran longer than"));
        assertThat(fromServer("next").fate()).isEqualTo(Fate.DROPPED); // the rule goes on working
        r.detach();
    }

    @Test
    void aDeviceRuleSeesWhatTheInterfaceReceivesAndSends() throws Exception {
        script("count", """
                n = 0
                function filter(hdr, pld) n = n + 1 return tostring(pld) ~= "drop" end
                """);
        NpfLua r = NpfLua.onDevice(k, runner, "count", k.net().devices().get("eth0"));
        assertThat(fromServer("drop").fate()).isEqualTo(Fate.DROPPED);
        assertThat(fromServer("ok").fate()).isEqualTo(Fate.DELIVERED);
        byte[] out = Packets.udp(Packet.parseIpv4("10.1.1.2"), 1, Packet.parseIpv4("10.1.1.9"), 2, "drop".getBytes());
        assertThat(k.net().send(out, out.length).fate()).isEqualTo(Fate.DROPPED);
        assertThat(runner.runtime("count").state().getGlobal("n")).isEqualTo(3L);
        r.detach();
    }

    @Test
    void attachReusesARunningRuntimeAndRefusesASleepableOne() throws Exception {
        script("mine", "function filter() return false end");
        runner.run("mine", false);
        NpfLua r = NpfLua.atHook(k, runner, "mine", Netfilter.PRE_ROUTING);
        assertThat(fromServer("x").fate()).isEqualTo(Fate.DROPPED);
        r.detach();
        assertThat(runner.runtime("mine")).isNotNull(); // not ours to stop
        script("sleepy", "function filter() return false end");
        runner.run("sleepy", true);
        assertThat(catchThrowableOfType(() -> NpfLua.atHook(k, runner, "sleepy", Netfilter.PRE_ROUTING), LuaError.class)
                .getMessage()).contains("sleepable");
        script("broken", "function filter( return end");
        assertThat(catchThrowableOfType(() -> NpfLua.atHook(k, runner, "broken", Netfilter.PRE_ROUTING), LuaError.class)
                .getMessage()).contains("broken.lua:1:");
        assertThat(runner.runtime("broken")).isNull();
    }

    @Test
    void noFilterFunctionPassesAndSaysSo() throws Exception {
        script("empty", "x = 1");
        NpfLua r = NpfLua.atHook(k, runner, "empty", Netfilter.PRE_ROUTING);
        assertThat(fromServer("x").fate()).isEqualTo(Fate.DELIVERED);
        assertThat(k.log().snapshot()).anyMatch(l -> l.contains("npf: empty: filter is not defined"));
        r.detach();
    }

    @Test
    void thePathFromChainToFilterAndBackAllocatesNothing() throws Exception {
        // a filter that makes no values of its own, reading both views: what is allocated is the path's
        script("noalloc", """
                function filter(hdr, pld)
                  local dport = (hdr:getbyte(22) << 8) | hdr:getbyte(23)
                  return dport ~= 53 and (#pld == 0 or pld:getbyte(0) ~= 0x58)
                end
                """);
        NpfLua r = NpfLua.atHook(k, runner, "noalloc", Netfilter.LOCAL_OUT);
        Netfilter nf = k.net().netfilter();
        byte[] a = Packets.udp(Packet.parseIpv4("10.1.1.2"), 5555, Packet.parseIpv4("1.1.1.1"), 53, new byte[12]);
        byte[] b = Packets.udp(Packet.parseIpv4("10.1.1.2"), 5555, Packet.parseIpv4("1.1.1.1"), 54, new byte[12]);
        Packet[] packets = {Packet.ofNetwork(a, a.length), Packet.ofNetwork(b, b.length)};
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int verdicts = 0;
        for (int i = 0; i < 20_000; i++) {
            verdicts += nf.run(Netfilter.IPV4, Netfilter.LOCAL_OUT, packets[i & 1]);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            verdicts += nf.run(Netfilter.IPV4, Netfilter.LOCAL_OUT, packets[i & 1]);
        }
        long perPacket = (mx.getThreadAllocatedBytes(tid) - before) / n;
        assertThat(verdicts).isEqualTo((20_000 + n) / 2); // DROP is 0, ACCEPT 1
        assertThat(perPacket).as("bytes allocated per packet").isZero();
        r.detach();
    }

    @Test
    void malformedHeadersGiveShortViewsNeverAnError() throws Exception {
        script("sizes", """
                seen = {}
                function filter(hdr, pld) seen[#seen + 1] = #hdr .. "/" .. #pld return true end
                """);
        NpfLua r = NpfLua.atHook(k, runner, "sizes", Netfilter.LOCAL_OUT);
        byte[] tcp = Packets.tcp(Packet.parseIpv4("10.1.1.2"), 1, Packet.parseIpv4("1.1.1.1"), 2, Packets.ACK, 1, 1, "abcd".getBytes());
        byte[] badOffset = tcp.clone();
        badOffset[20 + 12] = (byte) 0xF0; // a TCP header of 60 bytes in a 44-byte packet
        byte[] badTotal = tcp.clone();
        badTotal[2] = 0;
        badTotal[3] = 0; // an IPv4 total length of 0
        byte[] badIhl = tcp.clone();
        badIhl[0] = 0x4F; // an IPv4 header of 60 bytes
        byte[] longTotal = tcp.clone();
        longTotal[2] = 0x7F; // a total length past the end of the packet
        for (byte[] p : new byte[][] {tcp, badOffset, badTotal, badIhl, longTotal}) {
            assertThat(k.net().netfilter().run(Netfilter.IPV4, Netfilter.LOCAL_OUT, Packet.ofNetwork(p, p.length)))
                    .isEqualTo(Netfilter.ACCEPT);
        }
        Object seen = runner.runtime("sizes").state().execute("return table.concat(seen, ' ')", "=t")[0];
        assertThat(seen.toString()).isEqualTo("40/4 44/0 0/0 44/0 40/4");
        assertThat(k.log().snapshot()).noneMatch(l -> l.contains("npf: sizes"));
        r.detach();
    }

    @Test
    void detachingFromARuntimeThatStaysLetsItCollectTheViews() throws Exception {
        script("stays", "function filter() return true end");
        runner.run("stays", false);
        int before = k.liveObjects().size();
        NpfLua r = NpfLua.atHook(k, runner, "stays", Netfilter.PRE_ROUTING);
        assertThat(k.liveObjects().size()).isEqualTo(before + 2); // hdr and pld
        r.detach();
        runner.runtime("stays").run(L -> {
            L.collectGarbage();
            return 0;
        });
        assertThat(k.liveObjects().size()).isEqualTo(before);
    }
}
