package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.net.InetSocketAddress;

/**
 * Lunatik's {@code socket} library over real sockets ({@link KernelSocket}): {@code socket.new(family,
 * type, protocol)}, {@code s:bind(addr, port)}, {@code s:listen([backlog])},
 * {@code s:accept([flags])}, {@code s:connect(addr, port [, flags])},
 * {@code s:send(msg [, addr, port])}, {@code s:receive(len [, flags [, from]])},
 * {@code s:getsockname()}, {@code s:getpeername()}, {@code s:setsockopt(level, option, value)},
 * {@code s:close()}, and the constant tables {@code af}, {@code sock}, {@code msg},
 * {@code ipproto} with Linux's values, and {@code sol} (levels: {@code IP SOCKET TCP UDP}, and
 * ULP Lua's {@code LUA} = 999), {@code tcp} ({@code ULP} = 31) and {@code lua} (ULP Lua's options:
 * {@code LOADSCRIPT} = 1, {@code ENTRY} = 2, also named {@code ENTRYPOINT}). Addresses are IPv4
 * integers in host order ({@code 0x7F000001} is 127.0.0.1) and ports integers; {@code socket.inet}
 * wraps them in dotted strings. AF_INET stream and datagram sockets are supported, and AF_PACKET
 * raw sockets over the simulated interfaces ({@link PacketSocket}: {@code bind}, {@code receive},
 * {@code close}; the rest is {@code EOPNOTSUPP}); other families fail with {@code EAFNOSUPPORT} (97). Errors raise the positive errno as an integer, as Lunatik 3.7
 * does: {@code accept(sock.NONBLOCK)} with no pending connection and {@code receive} with
 * {@code msg.DONTWAIT} and nothing to read raise {@code linux.errno.AGAIN} (11); a blocking call
 * woken by {@code thread:stop()} raises {@code EINTR} (4). {@code receive} returns {@code ""} once
 * the peer closed. The class is sleepable (process context only) and monitored.
 *
 * <p><b>ULP Lua</b> ({@link UlpContext}): on a TCP socket,
 * {@code s:setsockopt(socket.sol.TCP, socket.tcp.ULP, "lua")} attaches a Lua state of its own;
 * {@code s:setsockopt(socket.sol.LUA, socket.lua.LOADSCRIPT, source)} loads and runs a script in
 * it (text, at most {@link UlpContext#SCRIPT_MAX} bytes); {@code s:setsockopt(socket.sol.LUA,
 * socket.lua.ENTRY, "name")} names the function that each {@code receive} then calls as
 * {@code name(d, size, nonblock)}; a true result makes that {@code receive} return {@code ""}.
 * {@code setsockopt} returns nothing; where the module answers {@code -EINVAL} (a script too
 * large, binary, that does not compile or fails, the reason in the kernel log) it raises
 * {@code EINVAL} (22), as every failure of this library raises its errno; any other option is
 * {@code ENOPROTOOPT} (92). The state is closed with the socket.
 *
 * <p>Simplifications: {@code bind} on a stream socket already listens (Java binds and listens in
 * one step), so {@code listen}'s backlog is not applied.
 */
public final class SocketLib {
    private SocketLib() {}

    /** The socket class: mutex, monitored. */
    public static final KernelClass CLASS = new KernelClass("socket", true, true, p -> {
        if (p instanceof PacketSocket ps) {
            ps.close();
        } else {
            ((KernelSocket) p).close();
        }
    });

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS)
            .method("bind", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket ps) {
                    Object a = t.arg(base, nargs, 2);
                    ps.bind(a instanceof dev.lunatik.vm.value.LuaString s ? s.bytes() : a);
                    return 0;
                }
                ((KernelSocket) p).bind(t.checkInteger(base, nargs, 2), t.checkInteger(base, nargs, 3));
                return 0;
            })
            .method("listen", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                t.optInteger(base, nargs, 2, 4096);
                ((KernelSocket) p).listen();
                return 0;
            })
            .method("accept", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                KernelSocket s = ((KernelSocket) p).accept((int) t.optInteger(base, nargs, 2, 0));
                t.set(base, SocketLib.BINDING.newObject(t, s));
                return 1;
            })
            .method("connect", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                ((KernelSocket) p).connect(t.checkInteger(base, nargs, 2), t.checkInteger(base, nargs, 3));
                return 0;
            })
            .method("send", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                byte[] msg = t.checkString(base, nargs, 2).bytes();
                InetSocketAddress to = t.isNoneOrNil(base, nargs, 3) ? null
                        : KernelSocket.address(t.checkInteger(base, nargs, 3), t.checkInteger(base, nargs, 4));
                t.setInt(base, ((KernelSocket) p).send(msg, to));
                return 1;
            })
            .method("receive", (t, base, nargs, p) -> {
                long len = t.checkInteger(base, nargs, 2);
                if (len < 0 || len > (1 << 24)) {
                    throw t.argError(2, "invalid length");
                }
                int flags = (int) t.optInteger(base, nargs, 3, 0);
                if (p instanceof PacketSocket ps) {
                    t.set(base, LuaString.wrap(ps.receive((int) len, flags)));
                    return 1;
                }
                boolean from = nargs >= 4 && Lua.isTruthy(t.get(base + 3));
                KernelSocket.Received r = ((KernelSocket) p).receive((int) len, flags);
                t.set(base, LuaString.wrap(r.data()));
                if (!from) {
                    return 1;
                }
                return 1 + pushAddress(t, base + 1, r.from());
            })
            .method("getsockname", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                return pushAddress(t, base, ((KernelSocket) p).sockname());
            })
            .method("getpeername", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                return pushAddress(t, base, ((KernelSocket) p).peername());
            })
            .method("setsockopt", (t, base, nargs, p) -> {
                if (p instanceof PacketSocket) {
                    throw PacketSocket.unsupported();
                }
                long level = t.checkInteger(base, nargs, 2);
                long option = t.checkInteger(base, nargs, 3);
                Object value = nargs >= 4 && !t.isInt(base + 3) ? t.arg(base, nargs, 4) : null; // a string, else refused
                ((KernelSocket) p).setsockopt(LunatikClass.kernel(t), level, option, value);
                return 0;
            })
            .closer("close");

    private static int pushAddress(LuaStack t, int at, InetSocketAddress a) {
        if (a == null) {
            t.set(at, null);
            return 1;
        }
        t.setInt(at, KernelSocket.toInt(a.getAddress()));
        t.setInt(at + 1, a.getPort());
        return 2;
    }

    /** The {@code socket} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("socket", (state, lib) -> {
        JavaFunction.register(lib, "new", (t, base, nargs) -> {
            int family = (int) t.checkInteger(base, nargs, 1);
            int type = (int) t.checkInteger(base, nargs, 2);
            long proto = t.optInteger(base, nargs, 3, 0);
            if (family == PacketSocket.AF_PACKET) {
                if ((type & 0xF) != 3 && (type & 0xF) != 2) { // RAW or DGRAM
                    throw KernelSocket.errno(KernelSocket.EINVAL);
                }
                t.set(base, BINDING.newObject(t, new PacketSocket(LunatikClass.kernel(t), (int) proto)));
                return 1;
            }
            t.set(base, BINDING.newObject(t, new KernelSocket(family, type & 0xF)));
            return 1;
        });
        lib.rawset("af", table(SocketLib.AF));
        lib.rawset("sock", table(SocketLib.SOCK));
        lib.rawset("msg", table(SocketLib.MSG));
        lib.rawset("ipproto", table(SocketLib.IPPROTO));
        lib.rawset("sol", table(SocketLib.SOL));
        lib.rawset("tcp", table(SocketLib.TCP));
        lib.rawset("lua", table(SocketLib.LUA));
    });

    private static LuaTable table(Object[] pairs) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < pairs.length; i += 2) {
            t.rawset((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return t;
    }

    private static final Object[] AF = {"UNSPEC", 0, "UNIX", 1, "LOCAL", 1, "INET", 2, "AX25", 3, "IPX", 4, "APPLETALK", 5,
        "NETROM", 6, "BRIDGE", 7, "ATMPVC", 8, "X25", 9, "INET6", 10, "ROSE", 11, "DEC", 12, "NETBEUI", 13, "SECURITY", 14,
        "KEY", 15, "NETLINK", 16, "ROUTE", 16, "PACKET", 17, "ASH", 18, "ECONET", 19, "ATMSVC", 20, "RDS", 21, "SNA", 22,
        "IRDA", 23, "PPPOX", 24, "WANPIPE", 25, "LLC", 26, "IB", 27, "MPLS", 28, "CAN", 29, "TIPC", 30, "BLUETOOTH", 31,
        "IUCV", 32, "RXRPC", 33, "ISDN", 34, "PHONET", 35, "IEEE802154", 36, "CAIF", 37, "ALG", 38, "NFC", 39, "VSOCK", 40,
        "KCM", 41, "QIPCRTR", 42, "SMC", 43, "XDP", 44, "MCTP", 45, "MAX", 46};
    private static final Object[] SOCK = {"STREAM", 1, "DGRAM", 2, "RAW", 3, "RDM", 4, "SEQPACKET", 5, "DCCP", 6, "PACKET", 10,
        "CLOEXEC", 0x80000, "NONBLOCK", 0x800};
    private static final Object[] MSG = {"OOB", 1, "PEEK", 2, "DONTROUTE", 4, "TRYHARD", 4, "CTRUNC", 8, "PROBE", 0x10,
        "TRUNC", 0x20, "DONTWAIT", 0x40, "EOR", 0x80, "WAITALL", 0x100, "FIN", 0x200, "SYN", 0x400, "CONFIRM", 0x800,
        "RST", 0x1000, "ERRQUEUE", 0x2000, "NOSIGNAL", 0x4000, "MORE", 0x8000, "WAITFORONE", 0x10000,
        "SENDPAGE_NOPOLICY", 0x10000, "SENDPAGE_NOTLAST", 0x20000, "BATCH", 0x40000, "EOF", 0x200,
        "NO_SHARED_FRAGS", 0x80000, "SENDPAGE_DECRYPTED", 0x100000, "ZEROCOPY", 0x4000000, "FASTOPEN", 0x20000000,
        "CMSG_CLOEXEC", 0x40000000};
    private static final Object[] SOL = {"IP", 0, "SOCKET", 1, "TCP", UlpContext.SOL_TCP, "UDP", 17, "LUA", UlpContext.SOL_LUA};
    private static final Object[] TCP = {"ULP", UlpContext.TCP_ULP};
    private static final Object[] LUA = {"LOADSCRIPT", UlpContext.SS_LUA_LOADSCRIPT, "ENTRY", UlpContext.SS_LUA_ENTRY,
        "ENTRYPOINT", UlpContext.SS_LUA_ENTRY};
    private static final Object[] IPPROTO = {"IP", 0, "ICMP", 1, "IGMP", 2, "IPIP", 4, "TCP", 6, "EGP", 8, "PUP", 12, "UDP", 17,
        "IDP", 22, "TP", 29, "DCCP", 33, "IPV6", 41, "RSVP", 46, "GRE", 47, "ESP", 50, "AH", 51, "MTP", 92, "BEETPH", 94,
        "ENCAP", 98, "PIM", 103, "COMP", 108, "SCTP", 132, "UDPLITE", 136, "MPLS", 137, "ETHERNET", 143, "RAW", 255,
        "MPTCP", 262};
}
