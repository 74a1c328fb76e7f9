package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.NetStack;
import dev.lunatik.kernel.net.NetStack.Fate;
import dev.lunatik.kernel.net.Netfilter;
import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import dev.lunatik.vm.value.LuaError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netfilter.register}: Lua hooks on the simulated stack's chains, as Lunatik's behave. */
class NetfilterLibTest {
    @TempDir
    Path root;
    Kernel k;

    @BeforeEach
    void boot() {
        k = Lunatik.boot(root);
    }

    @AfterEach
    void shutdown() {
        Lunatik.shutdown(k);
    }

    /** An IPv4/UDP packet from 10.1.1.2:5555 to {@code dst}:{@code port} with {@code payload}. */
    static byte[] udp(String dst, int port, byte[] payload) {
        return Packets.udp(Packet.parseIpv4("10.1.1.2"), 5555, Packet.parseIpv4(dst), port, payload);
    }

    private KernelRuntime load(String name, String script) throws Exception {
        Files.writeString(root.resolve(name + ".lua"), script);
        return KernelRuntime.create(k, name, false);
    }

    @Test
    void thePathFromChainToHookAndBackAllocatesNothing() throws Exception {
        // a hook that makes no values of its own: what is allocated per packet is the path's
        load("noalloc", """
                local nf = require "netfilter"
                local linux = require "linux"
                local action = nf.action
                local ports = {53, 853}
                local function classify(skb, thoff)
                  local port = linux.ntoh16(skb:getuint16(thoff + 2))
                  for _, p in ipairs(ports) do
                    if port == p then return true end
                  end
                  return false
                end
                nf.register{
                  pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = nf.ip_priority.FILTER,
                  hook = function(skb)
                    local thoff = (skb:getuint8(0) & 0x0F) * 4
                    return classify(skb, thoff) and action.DROP or action.ACCEPT
                  end,
                }
                """);
        Netfilter nf = k.net().netfilter();
        byte[] a = udp("1.1.1.1", 53, new byte[12]);
        byte[] b = udp("1.1.1.1", 54, new byte[12]);
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
    }

    @Test
    void aHookDecidesTheFateOfLocallyGeneratedPackets() throws Exception {
        KernelRuntime rt = load("port53", """
                local nf = require "netfilter"
                nf.register{
                  pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = nf.ip_priority.FILTER,
                  hook = function(skb)
                    -- a locally generated packet: the view starts at the IP header
                    local port = (skb:getuint8(22) << 8) | skb:getuint8(23)
                    return port == 53 and nf.action.DROP or nf.action.ACCEPT
                  end,
                }
                """);
        NetStack net = k.net();
        assertThat(net.send(udp("8.8.8.8", 53, new byte[12]), 40).fate()).isEqualTo(Fate.DROPPED);
        NetStack.Outcome o = net.send(udp("8.8.8.8", 80, new byte[12]), 40);
        assertThat(o.fate()).isEqualTo(Fate.SENT);
        assertThat(o.packet().macLength()).isEqualTo(14); // left on eth0 with an Ethernet header
        rt.stop();
        // the runtime stopped: its hook is gone
        assertThat(net.netfilter().count(Netfilter.IPV4, Netfilter.LOCAL_OUT)).isZero();
        assertThat(net.send(udp("8.8.8.8", 53, new byte[12]), 40).fate()).isEqualTo(Fate.SENT);
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void receivedPacketsAreSeenFromTheirEthernetHeaderAndWritesGoDownThePath() throws Exception {
        load("rewrite", """
                local nf = require "netfilter"
                nf.register{
                  pf = nf.family.INET, hooknum = nf.inet_hooks.PRE_ROUTING, priority = nf.ip_priority.MANGLE,
                  hook = function(skb)
                    assert(skb:getuint8(12) == 0x08 and skb:getuint8(14) == 0x45, "MAC header first")
                    skb:setuint8(14 + 28, 0x5A)  -- first payload byte
                    return nf.action.ACCEPT
                  end,
                }
                """);
        byte[] ip = udp("10.1.1.2", 7, new byte[] {1, 2, 3});
        byte[] frame = new byte[14 + ip.length];
        frame[12] = 0x08;
        System.arraycopy(ip, 0, frame, 14, ip.length);
        NetStack.Outcome o = k.net().receive(k.net().devices().get("eth0"), frame, frame.length);
        assertThat(o.fate()).isEqualTo(Fate.DELIVERED); // 10.1.1.2 is eth0's address: LOCAL_IN
        assertThat(o.packet().buffer()[14 + 28]).isEqualTo((byte) 0x5A);
    }

    @Test
    void markFiltersTheHookAndASecondResultSetsTheMark() throws Exception {
        load("marks", """
                local nf = require "netfilter"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0,
                  hook = function(skb) return nf.action.ACCEPT, 7 end }
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 10, mark = 7,
                  hook = function(skb) return nf.action.DROP end }
                """);
        NetStack.Outcome o = k.net().send(udp("8.8.8.8", 80, new byte[0]), 28);
        assertThat(o.fate()).isEqualTo(Fate.DROPPED);
        assertThat(o.packet().mark()).isEqualTo(7);
    }

    @Test
    void errorsAndOutOfRangeVerdictsAcceptAndAreLogged() throws Exception {
        load("bad", """
                local nf = require "netfilter"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0,
                  hook = function(skb) return skb:getuint8(100000) end }   -- out of bounds
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 1,
                  hook = function(skb) return 99 end }
                """);
        long mark = k.log().nextSequence();
        assertThat(k.net().send(udp("8.8.8.8", 80, new byte[0]), 28).fate()).isEqualTo(Fate.SENT);
        assertThat(String.join("\n", k.log().since(mark))).contains("bad.lua:3: bad argument #1 to 'getuint8' (out of bounds)");
    }

    @Test
    void aHookReturningNothingDropsAsInLunatik() throws Exception {
        load("none", """
                local nf = require "netfilter"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0, hook = function() end }
                """);
        assertThat(k.net().send(udp("8.8.8.8", 80, new byte[0]), 28).fate()).isEqualTo(Fate.DROPPED);
    }

    @Test
    void thePacketViewIsOnlyValidDuringTheCallback() throws Exception {
        KernelRuntime rt = load("keep", """
                local nf = require "netfilter"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0,
                  hook = function(skb) kept = skb return nf.action.ACCEPT end }
                """);
        k.net().send(udp("8.8.8.8", 80, new byte[0]), 28);
        LuaError e = catchThrowableOfType(() -> rt.run(L -> {
            L.execute("return kept:getuint8(0)", "=later");
            return 0;
        }), LuaError.class);
        assertThat(e.getMessage()).contains("out of bounds");
    }

    @Test
    void registrationChecksItsFieldsAndTheRuntime() throws Exception {
        LuaError e = catchThrowableOfType(() -> load("nopf", """
                local nf = require "netfilter"
                nf.register{ hooknum = 0, priority = 0, hook = print }
                """), LuaError.class);
        assertThat(e.getMessage()).contains("bad field 'pf' (number expected, got nil)");
        Files.writeString(root.resolve("sleepy.lua"), """
                local nf = require "netfilter"
                nf.register{ pf = 1, hooknum = 0, priority = 0, hook = print }
                """);
        e = catchThrowableOfType(() -> KernelRuntime.create(k, "sleepy", true), LuaError.class);
        assertThat(e.getMessage()).contains("cannot use sleepable runtime in this context");
    }

    @Test
    void aSleepingHookIsAnAtomicContextViolationAndAccepts() throws Exception {
        load("sleeper", """
                local nf = require "netfilter"
                local linux = require "linux"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0,
                  hook = function() linux.schedule(1) return nf.action.DROP end }
                """);
        long mark = k.log().nextSequence();
        assertThat(k.net().send(udp("8.8.8.8", 80, new byte[0]), 28).fate()).isEqualTo(Fate.SENT);
        assertThat(String.join("\n", k.log().since(mark))).contains("BUG: sleeping in atomic context: linux.schedule");
    }

    @Test
    void netdevAndArpChainsAndPriorityOrder() throws Exception {
        KernelRuntime rt = load("chains", """
                local nf = require "netfilter"
                order = {}
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.PRE_ROUTING, priority = 10,
                  hook = function() order[#order + 1] = "late" return nf.action.ACCEPT end }
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.PRE_ROUTING, priority = nf.ip_priority.RAW,
                  hook = function() order[#order + 1] = "raw" return nf.action.ACCEPT end }
                nf.register{ pf = nf.family.NETDEV, hooknum = nf.netdev_hooks.INGRESS, priority = 0,
                  hook = function(skb) order[#order + 1] = "ingress" return skb:getuint8(0) == 0xEE and nf.action.DROP or nf.action.ACCEPT end }
                nf.register{ pf = nf.family.ARP, hooknum = nf.arp_hooks.IN, priority = 0,
                  hook = function(skb) order[#order + 1] = ("arp %04x"):format((skb:getuint8(12) << 8) | skb:getuint8(13)) return nf.action.DROP end }
                """);
        dev.lunatik.kernel.net.NetDevice eth0 = k.net().devices().get("eth0");
        byte[] ip = udp("10.1.1.2", 7, new byte[1]);
        byte[] frame = Packets.ethernet(0x020000000001L, 0x020000000002L, Packet.ETH_P_IP, ip);
        assertThat(k.net().receive(eth0, frame, frame.length).fate()).isEqualTo(Fate.DELIVERED);
        byte[] dropped = frame.clone();
        dropped[0] = (byte) 0xEE;
        NetStack.Outcome o = k.net().receive(eth0, dropped, dropped.length);
        assertThat(o.fate()).isEqualTo(Fate.DROPPED);
        assertThat(o.where()).isEqualTo("INGRESS");
        byte[] arp = Packets.ethernet(-1L >>> 16, 0x020000000002L, Packet.ETH_P_ARP, new byte[28]);
        o = k.net().receive(eth0, arp, arp.length);
        assertThat(o.fate()).isEqualTo(Fate.DROPPED);
        assertThat(o.where()).isEqualTo("ARP_IN");
        // INGRESS first, then PRE_ROUTING by priority (RAW before 10), whatever the registration order
        assertThat(rt.state().execute("return table.concat(order, ',')", "=q")[0].toString())
                .isEqualTo("ingress,raw,late,ingress,ingress,arp 0806");
    }
}
