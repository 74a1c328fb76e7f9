package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.net.Packet;
import dev.lunatik.kernel.net.Packets;
import dev.lunatik.kernel.net.pcap.Capture;
import dev.lunatik.kernel.net.pcap.CapturedPacket;
import dev.lunatik.kernel.net.pcap.LinkType;
import dev.lunatik.kernel.net.pcap.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lunatik net}: interfaces, and captures replayed through the hooks of the daemon's kernel. */
class NetCommandTest {
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

    /** An Ethernet frame: IPv4/UDP from 10.1.1.2 to 1.1.1.1:{@code port} carrying a DNS query for {@code name}. */
    static byte[] dnsQuery(String name, int port) {
        ByteArrayOutputStream dns = new ByteArrayOutputStream();
        dns.writeBytes(new byte[] {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String l : name.split("\\.")) {
            dns.write(l.length());
            dns.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        dns.writeBytes(new byte[] {0, 0, 1, 0, 1});
        byte[] ip = Packets.udp(Packet.parseIpv4("10.1.1.2"), 5555, Packet.parseIpv4("1.1.1.1"), port, dns.toByteArray());
        return Packets.ethernet(0x020000000002L, 0x020000000001L, Packet.ETH_P_IP, ip);
    }

    @Test
    void xdpAttachRunsTheHttpsProgramIntoARuntimesCallback() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("scripts"));
        Files.writeString(scripts.resolve("firstbyte.lua"), """
                local xdp = require "xdp"
                -- drops a segment whose payload starts with "X"; the argument holds the payload's offset
                xdp.attach(function(packet, arg)
                  local off = (arg:getbyte(0) << 8) | arg:getbyte(1)
                  print("xdp: payload at " .. off)
                  return packet:getbyte(off) == 0x58 and xdp.action.DROP or xdp.action.PASS
                end)
                """);
        procs = new LunatikProcesses(tmp, scripts);
        assertThat(lunatik("run", "firstbyte", "false").status()).isZero();
        LunatikProcesses.Result r = lunatik("xdp", "attach", "eth0", "firstbyte", "--port", "8443");
        assertThat(r.out()).isEqualTo("xdp: eth0: IPv4/TCP to port 8443 with PSH set goes to firstbyte\n");
        assertThat(lunatik("net", "dev").out()).contains("eth0\tether 02:00:00:00:00:01\tinet 10.1.1.2/24\txdp\n");
        int me = Packet.parseIpv4("10.1.1.2");
        int peer = Packet.parseIpv4("192.168.1.9");
        Path in = tmp.resolve("tcp.pcap");
        new Capture(LinkType.RAW, java.util.List.of(
                CapturedPacket.of(1, Packets.tcp(peer, 40000, me, 8443, Packets.PSH | Packets.ACK, 1, 1, "Xdrop".getBytes(StandardCharsets.US_ASCII))),
                CapturedPacket.of(2, Packets.tcp(peer, 40000, me, 8443, Packets.PSH | Packets.ACK, 6, 1, "keep".getBytes(StandardCharsets.US_ASCII))),
                CapturedPacket.of(3, Packets.tcp(peer, 40000, me, 8443, Packets.ACK, 10, 1, "Xno-psh".getBytes(StandardCharsets.US_ASCII)))))
                .write(in);
        r = lunatik("net", "replay", "--dev", "eth0", in.toString());
        assertThat(r.out()).isEqualTo("3 packets received on eth0: 1 dropped by XDP, 2 delivered\n");
        assertThat(lunatik("dmesg").out()).contains("xdp: payload at 54"); // 14 + 20 + 20
        assertThat(lunatik("xdp", "detach", "eth0").status()).isZero();
        assertThat(lunatik("net", "replay", "--dev", "eth0", in.toString()).out()).isEqualTo("3 packets received on eth0: 3 delivered\n");
        r = lunatik("xdp", "detach", "eth0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lunatik: xdp detach: no XDP program on eth0\n");
    }

    @Test
    void nfDnsblockDropsBlacklistedQueriesReplayedAtLocalOut() throws Exception {
        Path in = tmp.resolve("queries.pcap");
        byte[][] frames = {dnsQuery("github.com", 53), dnsQuery("example.org", 53), dnsQuery("gitlab.com", 53),
            dnsQuery("github.com", 5353)};
        try (PcapWriter w = PcapWriter.create(in, LinkType.ETHERNET)) {
            long t = 1_700_000_000_000_000_000L;
            for (byte[] f : frames) w.write(CapturedPacket.of(t += 1_000_000, f));
        }
        assertThat(lunatik("run", "examples/dnsblock/nf_dnsblock", "false").status()).isZero();
        Path out = tmp.resolve("passed.pcap");
        LunatikProcesses.Result r = lunatik("net", "replay", "--hook", "LOCAL_OUT", in.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("4 packets at LOCAL_OUT: 2 dropped at LOCAL_OUT, 2 accepted; 2 written to " + out + "\n");
        Capture passed = Capture.read(out);
        assertThat(passed.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(passed.packets()).hasSize(2);
        assertThat(passed.packets().get(0).data()).isEqualTo(frames[1]);
        assertThat(passed.packets().get(1).data()).isEqualTo(frames[3]);
        assertThat(lunatik("dmesg").out()).contains("DNS query for \u0006github\u0003com blocked", "DNS query for \u0006gitlab\u0003com blocked");
        LunatikProcesses.Result bench = lunatik("net", "bench", "--hook", "LOCAL_OUT", in.toString(), "--seconds", "1");
        assertThat(bench.status()).as(bench.err()).isZero();
        assertThat(bench.out()).matches("\\d+ packets/s, \\d+\\.\\d bytes allocated per packet \\(\\d+ packets in \\d+\\.\\d s\\)\n");
        // the runtime stopped, nothing is dropped any more
        assertThat(lunatik("stop", "examples/dnsblock/nf_dnsblock").status()).isZero();
        assertThat(lunatik("net", "replay", "--hook", "LOCAL_OUT", in.toString()).out()).isEqualTo("4 packets at LOCAL_OUT: 4 accepted\n");
    }

    @Test
    void theXtableDnsblockMatchDropsThroughAnIptablesRule() throws Exception {
        Path in = tmp.resolve("queries.pcap");
        new Capture(LinkType.ETHERNET, java.util.List.of(CapturedPacket.of(1, dnsQuery("github.com", 53)),
                CapturedPacket.of(2, dnsQuery("example.org", 53)))).write(in);
        assertThat(lunatik("run", "examples/dnsblock/dnsblock", "false").status()).isZero();
        assertThat(lunatik("iptables", "-A", "OUTPUT", "-m", "dnsblock", "-j", "DROP").status()).isZero();
        assertThat(lunatik("iptables", "-S").out()).isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"
                + "-A OUTPUT -m dnsblock -j DROP\n");
        // no plugin file: -L shows the match by its name
        assertThat(lunatik("iptables", "-L").out()).startsWith("""
                Chain INPUT (policy ACCEPT)
                target     prot opt source               destination

                Chain FORWARD (policy ACCEPT)
                """);
        assertThat(lunatik("iptables", "-L", "OUTPUT").out()).isEqualTo("""
                Chain OUTPUT (policy ACCEPT)
                target     prot opt source               destination
                DROP       all  --  anywhere             anywhere             dnsblock
                """);
        assertThat(lunatik("net", "replay", "--hook", "LOCAL_OUT", in.toString()).out())
                .isEqualTo("2 packets at LOCAL_OUT: 1 dropped at LOCAL_OUT, 1 accepted\n");
        assertThat(lunatik("dmesg").out()).contains("DNS query for \u0006github\u0003com blocked");
        assertThat(lunatik("iptables", "-D", "OUTPUT", "-m", "dnsblock", "-j", "DROP").status()).isZero();
        assertThat(lunatik("net", "replay", "--hook", "LOCAL_OUT", in.toString()).out()).isEqualTo("2 packets at LOCAL_OUT: 2 accepted\n");

        LunatikProcesses.Result bad = lunatik("iptables", "-A", "OUTPUT", "-m", "nosuch", "-j", "DROP");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("iptables: Couldn't load match `nosuch'");
        bad = lunatik("iptables", "-S", "NOSUCH");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("iptables: No chain/target/match by that name.\n");
        bad = lunatik("iptables", "-t", "nat", "-A", "OUTPUT", "-j", "DROP");
        assertThat(bad.err()).isEqualTo("iptables: can't initialize iptables table `nat': Table does not exist\n");
        bad = lunatik("iptables", "-D", "OUTPUT", "-j", "DROP");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("iptables: Bad rule (does a matching rule exist in that chain?).\n");
    }

    @Test
    void luaxtOptionsGoThroughParseAndRulesShowThroughPrintAndSave() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("xtscripts"));
        // kernel side: a match on the UDP destination ports its userargs list ("53,5353,")
        Files.writeString(scripts.resolve("ports.lua"), """
                local xtable = require "xtable"
                local linux = require "linux"
                xtable.match{ name = "ports", revision = 1, family = xtable.family.UNSPEC, proto = 17,
                  hooks = 1 << xtable.inet_hooks.LOCAL_OUT,
                  checkentry = function(u) if u:byte(1) == 0 then error("no ports") end end,
                  destroy = function() end,
                  match = function(skb, par, u)
                    local port = linux.ntoh16(skb:getuint16(par.thoff + 2))
                    for p in u:gmatch("(%d+),") do if tonumber(p) == port then return true end end
                    return false
                  end }
                """);
        // user side: --port N (repeatable), required; print and save show the list
        Files.writeString(scripts.resolve("libxt_ports.lua"), """
                local luaxt = require "luaxt"
                luaxt.match{ revision = 1, family = luaxt.family.UNSPEC,
                  help = function() print("ports match options:\\n  --port N   a UDP destination port") end,
                  init = function(par) par.userargs = "" end,
                  parse = function(par)
                    if par.option ~= "port" or not tonumber(par.argument) or par.invert then return false end
                    par.userargs = par.userargs .. par.argument .. ","
                    par.flags = par.flags + 1
                    return true
                  end,
                  final_check = function(flags) if flags == 0 then error("ports: say --port N") end end,
                  print = function(u) io.write("ports ", u) end,
                  save = function(u) for p in u:gmatch("(%d+),") do io.write(" --port ", p) end end }
                """);
        procs = new LunatikProcesses(tmp, scripts);
        procs.env.put("XTABLES_LIBDIR", scripts.toString());
        assertThat(lunatik("run", "ports", "false").status()).isZero();
        LunatikProcesses.Result r = lunatik("iptables", "-A", "OUTPUT", "-p", "udp", "-m", "ports", "--port", "53", "--port=5353", "-j", "DROP");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(lunatik("iptables", "-S").out()).endsWith("-A OUTPUT -p udp -m ports --port 53 --port 5353 -j DROP\n");
        assertThat(lunatik("iptables", "-L").out())
                .endsWith("DROP       udp  --  anywhere             anywhere             ports 53,5353,\n");
        Path in = tmp.resolve("ports.pcap");
        new Capture(LinkType.ETHERNET, java.util.List.of(CapturedPacket.of(1, dnsQuery("a.org", 53)),
                CapturedPacket.of(2, dnsQuery("b.org", 54)), CapturedPacket.of(3, dnsQuery("c.org", 5353)))).write(in);
        assertThat(lunatik("net", "replay", "--hook", "LOCAL_OUT", in.toString()).out())
                .isEqualTo("3 packets at LOCAL_OUT: 2 dropped at LOCAL_OUT, 1 accepted\n");
        // the same options delete the rule
        assertThat(lunatik("iptables", "-D", "OUTPUT", "-p", "udp", "-m", "ports", "--port", "53", "--port", "5353", "-j", "DROP").status()).isZero();
        assertThat(lunatik("iptables", "-S").out()).doesNotContain("-A OUTPUT");

        // help: iptables' own, then the extension's
        r = lunatik("iptables", "-m", "ports", "-h");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: lunatik iptables").endsWith("ports match options:\n  --port N   a UDP destination port\n");
        // refused options, a failing final_check, options without an extension to take them
        r = lunatik("iptables", "-A", "OUTPUT", "-m", "ports", "--bogus", "1", "-j", "DROP");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option \"--bogus 1\" for match ports");
        r = lunatik("iptables", "-A", "OUTPUT", "-m", "ports", "!", "--port", "53", "-j", "DROP");
        assertThat(r.err()).contains("unknown option \"! --port 53\" for match ports");
        r = lunatik("iptables", "-A", "OUTPUT", "-m", "ports", "-j", "DROP");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("libxt_ports.lua", "ports: say --port N");
        r = lunatik("iptables", "-A", "OUTPUT", "--port", "53", "-j", "DROP");
        assertThat(r.err()).contains("unknown option \"--port\"");
        r = lunatik("iptables", "-A", "OUTPUT", "-j", "DROP", "--port", "53");
        assertThat(r.err()).contains("unknown option \"--port 53\" (target DROP takes none)");
        assertThat(lunatik("iptables", "-S").out()).doesNotContain("-A OUTPUT");
    }

    @Test
    void theXtableDnsdoctorTargetGetsItsArgumentsFromTheLuaxtPlugin() throws Exception {
        byte[] dns = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 7, 'l', 'u', 'n', 'a', 't', 'i', 'k', 3, 'c', 'o', 'm',
            0, 0, 1, 0, 1, (byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, (byte) 168, 10, 1};
        byte[] ip = Packets.udp(Packet.parseIpv4("192.168.10.53"), 53, Packet.parseIpv4("10.1.1.2"), 5353, dns);
        byte[] frame = Packets.ethernet(0x020000000001L, 0x020000000002L, Packet.ETH_P_IP, ip);
        Path in = tmp.resolve("answer.pcap");
        new Capture(LinkType.ETHERNET, java.util.List.of(CapturedPacket.of(1, frame))).write(in);
        assertThat(lunatik("run", "examples/dnsdoctor/dnsdoctor", "false").status()).isZero();
        // without the plugin the rule has empty arguments, which this target's checkentry refuses
        LunatikProcesses.Result r = lunatik("iptables", "-t", "mangle", "-A", "PREROUTING", "-p", "udp", "-j", "dnsdoctor");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("target 'dnsdoctor' rejected the rule:", "no name to rewrite");
        procs.env.put("XTABLES_LIBDIR", "/nonexistent:" + root.resolve("examples/dnsdoctor"));
        r = lunatik("iptables", "-t", "mangle", "-A", "PREROUTING", "-p", "udp", "-j", "dnsdoctor");
        assertThat(r.status()).as(r.err()).isZero();
        Path out = tmp.resolve("doctored.pcap");
        assertThat(lunatik("net", "replay", "--dev", "eth0", in.toString(), "--out", out.toString()).out())
                .isEqualTo("1 packet received on eth0: 1 delivered; 1 written to " + out + "\n");
        byte[] doctored = Capture.read(out).packets().get(0).data();
        assertThat(Arrays.copyOfRange(doctored, doctored.length - 4, doctored.length)).containsExactly(10, 1, 2, 3);
        assertThat(Arrays.copyOf(doctored, doctored.length - 4)).isEqualTo(Arrays.copyOf(frame, frame.length - 4));
    }

    @Test
    void aLiveUdpRelayLosesDroppedDatagramsAndDeliversChangedBytes() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("relayscripts"));
        // out: datagrams starting with "X" are dropped at LOCAL_OUT; in: replies get their first byte
        // upper-cased at LOCAL_IN (the view of a received packet starts at its Ethernet header)
        Files.writeString(scripts.resolve("relayhooks.lua"), """
                local nf = require "netfilter"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0,
                  hook = function(skb)
                    if skb:getuint8(28) == 0x58 then print("relay: dropped") return nf.action.DROP end
                    return nf.action.ACCEPT
                  end }
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_IN, priority = 0,
                  hook = function(skb)
                    local c = skb:getuint8(14 + 28)
                    if c >= 0x61 and c <= 0x7a then skb:setuint8(14 + 28, c - 32) end
                    return nf.action.ACCEPT
                  end }
                """);
        procs = new LunatikProcesses(tmp, scripts);
        try (java.net.DatagramSocket server = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                byte[] b = new byte[2048];
                while (!server.isClosed()) {
                    try {
                        java.net.DatagramPacket q = new java.net.DatagramPacket(b, b.length);
                        server.receive(q);
                        byte[] a = ("answer to " + new String(q.getData(), 0, q.getLength(), StandardCharsets.US_ASCII))
                                .getBytes(StandardCharsets.US_ASCII);
                        server.send(new java.net.DatagramPacket(a, a.length, q.getSocketAddress()));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            assertThat(lunatik("run", "relayhooks", "false").status()).isZero();
            LunatikProcesses.Result r = lunatik("net", "relay", "udp", "127.0.0.1:0", "127.0.0.1:" + server.getLocalPort());
            assertThat(r.status()).as(r.err()).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("relay udp 127\\.0\\.0\\.1:(\\d+) -> ").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (java.net.DatagramSocket client = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                java.net.InetAddress lo = java.net.InetAddress.getLoopbackAddress();
                client.setSoTimeout(3000);
                byte[] q = "hello".getBytes(StandardCharsets.US_ASCII);
                client.send(new java.net.DatagramPacket(q, q.length, lo, port));
                java.net.DatagramPacket got = new java.net.DatagramPacket(new byte[100], 100);
                client.receive(got);
                assertThat(new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII)).isEqualTo("Answer to hello");
                byte[] dropped = "Xray".getBytes(StandardCharsets.US_ASCII);
                client.send(new java.net.DatagramPacket(dropped, dropped.length, lo, port));
                client.setSoTimeout(1500);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.receive(new java.net.DatagramPacket(new byte[100], 100)))
                        .isInstanceOf(java.net.SocketTimeoutException.class);
            }
            assertThat(lunatik("dmesg").out()).contains("relay: dropped");
            assertThat(lunatik("net", "relay", "ls").out()).isEqualTo("udp 127.0.0.1:" + port + " -> 127.0.0.1:" + server.getLocalPort() + "\n");
            assertThat(lunatik("net", "relay", "stop", "127.0.0.1:" + port).status()).isZero();
            assertThat(lunatik("net", "relay", "ls").out()).isEmpty();
            r = lunatik("net", "relay", "udp", "127.0.0.1:1", "[::1]:53");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("not an IPv4 address");
        }
    }

    @Test
    void aLiveTcpRelayCarriesChunksAsSegmentsAndResetsOnADrop() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("tcpscripts"));
        // out: a segment whose payload starts with "X" is dropped; every segment's flags are logged
        Files.writeString(scripts.resolve("tcphooks.lua"), """
                local nf = require "netfilter"
                nf.register{ pf = nf.family.INET, hooknum = nf.inet_hooks.LOCAL_OUT, priority = 0,
                  hook = function(skb)
                    if skb:getuint8(9) ~= 6 then return nf.action.ACCEPT end
                    local flags = skb:getuint8(20 + 13)
                    print(("tcp out: flags %02x"):format(flags))
                    if #skb > 40 and skb:getuint8(40) == 0x58 then return nf.action.DROP end
                    return nf.action.ACCEPT
                  end }
                """);
        procs = new LunatikProcesses(tmp, scripts);
        try (java.net.ServerSocket echo = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!echo.isClosed()) {
                    try (java.net.Socket c = echo.accept()) {
                        byte[] b = new byte[1024];
                        int n;
                        while ((n = c.getInputStream().read(b)) > 0) {
                            c.getOutputStream().write(b, 0, n);
                        }
                    } catch (java.io.IOException e) {
                        // next client
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            assertThat(lunatik("run", "tcphooks", "false").status()).isZero();
            LunatikProcesses.Result r = lunatik("net", "relay", "tcp", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
            assertThat(r.status()).as(r.err()).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("relay tcp 127\\.0\\.0\\.1:(\\d+) -> ").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (java.net.Socket c = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                c.setSoTimeout(5000);
                c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                byte[] b = new byte[4];
                int got = 0;
                while (got < 4) {
                    got += c.getInputStream().read(b, got, 4 - got);
                }
                assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("ping");
                c.getOutputStream().write("Xray".getBytes(StandardCharsets.US_ASCII));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    int n = c.getInputStream().read(new byte[10]);
                    if (n < 0) throw new java.io.EOFException("closed");
                }).isInstanceOf(java.io.IOException.class);
            }
            assertThat(lunatik("dmesg").out()).contains("tcp out: flags 18", "a segment was dropped: connection reset");
            assertThat(lunatik("net", "relay", "stop", "127.0.0.1:" + port).status()).isZero();
        }
    }

    @Test
    void aRelayWhoseTargetIsDownSaysSoAndTheDaemonGoesOn() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // closed again when we try to reach it
        }
        LunatikProcesses.Result r = lunatik("net", "relay", "tcp", "127.0.0.1:0", "127.0.0.1:" + closedPort);
        assertThat(r.status()).as(r.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("relay tcp 127\\.0\\.0\\.1:(\\d+) -> ").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        try (java.net.Socket c = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)))) {
            c.setSoTimeout(5000);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                if (c.getInputStream().read() < 0) throw new java.io.EOFException("closed");
            }).isInstanceOf(java.io.IOException.class);
        }
        assertThat(lunatik("dmesg").out()).contains("target 127.0.0.1:" + closedPort + " is down");
        assertThat(lunatik("status").status()).isZero();
    }

    @Test
    void interfacesAndBadInputGetClearAnswers() throws Exception {
        assertThat(lunatik("net", "dev").out()).isEqualTo("1: lo\tloopback\tinet 127.0.0.1/8\n2: eth0\tether 02:00:00:00:00:01\tinet 10.1.1.2/24\n");
        assertThat(lunatik("net", "dev", "add", "veth0", "192.168.7.1/24").status()).isZero();
        assertThat(lunatik("net", "dev", "ls").out()).contains("3: veth0\tether 02:00:00:00:00:03\tinet 192.168.7.1/24\n");
        assertThat(lunatik("net", "dev", "del", "veth0").status()).isZero();
        LunatikProcesses.Result bad = lunatik("net", "dev", "del", "nope0");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("lunatik: net dev del: no interface 'nope0'\n");

        Path notPcap = Files.writeString(tmp.resolve("x.pcap"), "hello, world");
        bad = lunatik("net", "replay", "--dev", "eth0", notPcap.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).startsWith("lunatik: net replay: " + notPcap + ": not a pcap or pcapng file");
        Path good = tmp.resolve("q.pcap");
        new Capture(LinkType.ETHERNET, java.util.List.of(CapturedPacket.of(0, dnsQuery("a.b", 53)))).write(good);
        byte[] whole = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 5));
        bad = lunatik("net", "replay", "--dev", "eth0", cut.toString());
        assertThat(bad.err()).contains("truncated");
        bad = lunatik("net", "replay", "--hook", "INPUT", good.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown hook 'INPUT'");
        bad = lunatik("net", "replay", "--dev", "wlan9", good.toString());
        assertThat(bad.err()).contains("no interface 'wlan9'");
        bad = lunatik("net", "replay", good.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("Missing required argument");
        // the daemon still serves
        assertThat(lunatik("net", "replay", "--dev", "eth0", good.toString()).out()).isEqualTo("1 packet received on eth0: 1 forwarded\n");
    }
}
