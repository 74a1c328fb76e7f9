package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaTable;
import java.util.SplittableRandom;

/**
 * Lunatik's {@code linux} library, the parts that need no kernel model: {@code random},
 * {@code time}, {@code difftime}, every byte-order function ({@code hton16/32/64},
 * {@code ntoh*}, {@code htobe*}, {@code be*toh}, {@code htole*}, {@code le*toh}, as on a
 * little-endian LP64 kernel: the argument is truncated to the width, swapped or not, and
 * zero-extended; the 64-bit variants use the full 64 bits as the README documents) and the
 * constant tables {@code stat}, {@code task}, {@code errno}, {@code signal} with the Linux
 * x86-64 values. Kernel states get it through {@code require "linux"}.
 *
 * <p>Over the simulated kernel of the calling state ({@code Lunatik.kernel}):
 * {@code schedule([ms [, state]])} sleeps (forever by default) and returns the milliseconds left
 * when woken early ({@code thread:stop()}, a signal), 0 otherwise; it is a sleep, so in atomic
 * context it raises "sleeping in atomic context: linux.schedule ..." (and logs it) instead;
 * {@code kill(pid [, sig])} signals a task of the kernel ({@code true}, or {@code false, 3} when
 * there is no such pid); {@code tracing([on])}; {@code lookup(symbol)} (a light userdata, the
 * NULL address for an unknown symbol, see {@link dev.lunatik.kernel.KernelSymbol});
 * {@code ifindex(name)} ("device not found" for an unknown interface).
 */
public final class LinuxLib {
    private LinuxLib() {}

    /** The {@code linux} module. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "linux";
        }

        @Override
        public Object open(LuaState state) {
            return build();
        }
    };

    private static final Object[] ERRNO = {"PERM", 1, "NOENT", 2, "SRCH", 3, "INTR", 4, "IO", 5, "NXIO", 6, "2BIG", 7, "NOEXEC", 8, "BADF", 9, "CHILD", 10, "AGAIN", 11, "WOULDBLOCK", 11, "NOMEM", 12, "ACCES", 13, "FAULT", 14, "NOTBLK", 15, "BUSY", 16, "EXIST", 17, "XDEV", 18, "NODEV", 19, "NOTDIR", 20, "ISDIR", 21, "INVAL", 22, "NFILE", 23, "MFILE", 24, "NOTTY", 25, "TXTBSY", 26, "FBIG", 27, "NOSPC", 28, "SPIPE", 29, "ROFS", 30, "MLINK", 31, "PIPE", 32, "DOM", 33, "RANGE", 34, "DEADLK", 35, "DEADLOCK", 35, "NAMETOOLONG", 36, "NOLCK", 37, "NOSYS", 38, "NOTEMPTY", 39, "LOOP", 40, "NOMSG", 42, "IDRM", 43, "CHRNG", 44, "L2NSYNC", 45, "L3HLT", 46, "L3RST", 47, "LNRNG", 48, "UNATCH", 49, "NOCSI", 50, "L2HLT", 51, "BADE", 52, "BADR", 53, "XFULL", 54, "NOANO", 55, "BADRQC", 56, "BADSLT", 57, "BFONT", 59, "NOSTR", 60, "NODATA", 61, "TIME", 62, "NOSR", 63, "NONET", 64, "NOPKG", 65, "REMOTE", 66, "NOLINK", 67, "ADV", 68, "SRMNT", 69, "COMM", 70, "PROTO", 71, "MULTIHOP", 72, "DOTDOT", 73, "BADMSG", 74, "OVERFLOW", 75, "NOTUNIQ", 76, "BADFD", 77, "REMCHG", 78, "LIBACC", 79, "LIBBAD", 80, "LIBSCN", 81, "LIBMAX", 82, "LIBEXEC", 83, "ILSEQ", 84, "RESTART", 85, "STRPIPE", 86, "USERS", 87, "NOTSOCK", 88, "DESTADDRREQ", 89, "MSGSIZE", 90, "PROTOTYPE", 91, "NOPROTOOPT", 92, "PROTONOSUPPORT", 93, "SOCKTNOSUPPORT", 94, "OPNOTSUPP", 95, "PFNOSUPPORT", 96, "AFNOSUPPORT", 97, "ADDRINUSE", 98, "ADDRNOTAVAIL", 99, "NETDOWN", 100, "NETUNREACH", 101, "NETRESET", 102, "CONNABORTED", 103, "CONNRESET", 104, "NOBUFS", 105, "ISCONN", 106, "NOTCONN", 107, "SHUTDOWN", 108, "TOOMANYREFS", 109, "TIMEDOUT", 110, "CONNREFUSED", 111, "HOSTDOWN", 112, "HOSTUNREACH", 113, "ALREADY", 114, "INPROGRESS", 115, "STALE", 116, "UCLEAN", 117, "NOTNAM", 118, "NAVAIL", 119, "ISNAM", 120, "REMOTEIO", 121, "DQUOT", 122, "NOMEDIUM", 123, "MEDIUMTYPE", 124, "CANCELED", 125, "NOKEY", 126, "KEYEXPIRED", 127, "KEYREVOKED", 128, "KEYREJECTED", 129, "OWNERDEAD", 130, "NOTRECOVERABLE", 131, "RFKILL", 132, "HWPOISON", 133};
    private static final String[] SIGNALS = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private static LuaTable build() {
        LuaTable lib = new LuaTable();
        SplittableRandom rng = new SplittableRandom(System.nanoTime() ^ System.identityHashCode(lib));
        JavaFunction.register(lib, "random", (t, base, nargs) -> random(rng, t, base, nargs));
        JavaFunction.register(lib, "time", LinuxLib::time);
        JavaFunction.register(lib, "difftime", LinuxLib::difftime);
        JavaFunction.register(lib, "schedule", LinuxLib::schedule);
        JavaFunction.register(lib, "kill", LinuxLib::kill);
        JavaFunction.register(lib, "tracing", LinuxLib::tracing);
        JavaFunction.register(lib, "lookup", LinuxLib::lookup);
        JavaFunction.register(lib, "ifindex", LinuxLib::ifindex);
        for (String p : new String[] {"hton", "htobe", "ntoh", "be"}) {
            String s = p.equals("be") ? "toh" : "";
            JavaFunction.registerLeaf(lib, p + "16" + s, LinuxLib::swap16);
            JavaFunction.registerLeaf(lib, p + "32" + s, LinuxLib::swap32);
            JavaFunction.registerLeaf(lib, p + "64" + s, LinuxLib::swap64);
        }
        for (String p : new String[] {"htole", "le"}) {
            String s = p.equals("le") ? "toh" : "";
            JavaFunction.registerLeaf(lib, p + "16" + s, LinuxLib::keep16);
            JavaFunction.registerLeaf(lib, p + "32" + s, LinuxLib::keep32);
            JavaFunction.registerLeaf(lib, p + "64" + s, LinuxLib::keep64);
        }
        LuaTable stat = new LuaTable();
        String[] sn = {"IRWXU", "IRUSR", "IWUSR", "IXUSR", "IRWXG", "IRGRP", "IWGRP", "IXGRP", "IRWXO", "IROTH", "IWOTH", "IXOTH",
            "IRWXUGO", "IALLUGO", "IRUGO", "IWUGO", "IXUGO"};
        long[] sv = {0700, 0400, 0200, 0100, 070, 040, 020, 010, 07, 04, 02, 01, 0777, 07777, 0444, 0222, 0111};
        for (int i = 0; i < sn.length; i++) stat.rawset(sn[i], sv[i]);
        lib.rawset("stat", stat);
        LuaTable task = new LuaTable();
        task.rawset("RUNNING", 0L);
        task.rawset("INTERRUPTIBLE", 1L);
        task.rawset("UNINTERRUPTIBLE", 2L);
        task.rawset("KILLABLE", 0x102L);
        task.rawset("IDLE", 0x402L);
        lib.rawset("task", task);
        LuaTable errno = new LuaTable();
        for (int i = 0; i < ERRNO.length; i += 2) errno.rawset((String) ERRNO[i], ((Integer) ERRNO[i + 1]).longValue());
        lib.rawset("errno", errno);
        LuaTable signal = new LuaTable();
        for (int i = 0; i < SIGNALS.length; i++) signal.rawset(SIGNALS[i], (long) (i + 1));
        lib.rawset("signal", signal);
        return lib;
    }

    private static int random(SplittableRandom rng, LuaStack t, int base, int nargs) {
        long low;
        long up;
        switch (nargs) {
            case 0:
                t.setInt(base, rng.nextLong());
                return 1;
            case 1:
                low = 1;
                up = t.checkInteger(base, nargs, 1);
                break;
            case 2:
                low = t.checkInteger(base, nargs, 1);
                up = t.checkInteger(base, nargs, 2);
                break;
            default:
                throw t.error("wrong number of arguments");
        }
        if (low > up) throw t.argError(nargs, "interval is empty");
        if (!(low >= 0 || up <= Long.MAX_VALUE + low)) throw t.argError(1, "interval too large");
        long r = rng.nextInt() & 0xFFFFFFFFL; // get_random_u32()
        t.setInt(base, low + Long.remainderUnsigned(r, up - low + 1));
        return 1;
    }

    private static int time(LuaStack t, int base, int nargs) {
        java.time.Instant now = java.time.Instant.now();
        t.setInt(base, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return 1;
    }

    private static int difftime(LuaStack t, int base, int nargs) {
        long a = t.checkInteger(base, nargs, 1);
        long b = t.checkInteger(base, nargs, 2);
        t.setInt(base, a - b);
        return 1;
    }

    private static int swap16(LuaStack t, int base, int nargs) {
        t.setInt(base, Short.reverseBytes((short) t.checkInteger(base, nargs, 1)) & 0xFFFFL);
        return 1;
    }

    private static int swap32(LuaStack t, int base, int nargs) {
        t.setInt(base, Integer.reverseBytes((int) t.checkInteger(base, nargs, 1)) & 0xFFFFFFFFL);
        return 1;
    }

    private static int swap64(LuaStack t, int base, int nargs) {
        t.setInt(base, Long.reverseBytes(t.checkInteger(base, nargs, 1)));
        return 1;
    }

    private static int keep16(LuaStack t, int base, int nargs) {
        t.setInt(base, t.checkInteger(base, nargs, 1) & 0xFFFFL);
        return 1;
    }

    private static int keep32(LuaStack t, int base, int nargs) {
        t.setInt(base, t.checkInteger(base, nargs, 1) & 0xFFFFFFFFL);
        return 1;
    }

    private static int keep64(LuaStack t, int base, int nargs) {
        t.setInt(base, t.checkInteger(base, nargs, 1));
        return 1;
    }

    private static dev.lunatik.kernel.Kernel kernel(LuaStack t) {
        return dev.lunatik.kernel.libs.Lunatik.kernel(t.state());
    }

    /** MAX_SCHEDULE_TIMEOUT (LONG_MAX jiffies), in the unit schedule takes. */
    private static final long MAX_SCHEDULE_TIMEOUT = Long.MAX_VALUE;

    private static int schedule(LuaStack t, int base, int nargs) {
        long ms = t.optInteger(base, nargs, 1, MAX_SCHEDULE_TIMEOUT);
        long state = t.optInteger(base, nargs, 2, 1);
        if (state != 1 && state != 2 && state != 0x102 && state != 0x402) {
            throw t.argError(2, "invalid task state");
        }
        dev.lunatik.kernel.libs.Lunatik.mightSleep(t, "linux.schedule");
        if (ms <= 0) {
            t.setInt(base, 0);
            return 1;
        }
        long start = System.nanoTime();
        long left;
        try {
            if (ms == MAX_SCHEDULE_TIMEOUT) {
                Object forever = new Object();
                synchronized (forever) {
                    while (true) {
                        forever.wait();
                    }
                }
            }
            Thread.sleep(ms);
            left = 0;
        } catch (InterruptedException e) { // woken: thread:stop() or a signal
            long elapsed = (System.nanoTime() - start) / 1_000_000L;
            left = ms == MAX_SCHEDULE_TIMEOUT ? MAX_SCHEDULE_TIMEOUT : Math.max(0, ms - elapsed);
        }
        t.setInt(base, left);
        return 1;
    }

    private static int kill(LuaStack t, int base, int nargs) {
        long pid = t.checkInteger(base, nargs, 1);
        long sig = t.optInteger(base, nargs, 2, 9);
        if (kernel(t).kill(pid, (int) sig)) {
            t.set(base, true);
            return 1;
        }
        t.set(base, false);
        t.setInt(base + 1, 3); // ESRCH
        return 2;
    }

    private static int tracing(LuaStack t, int base, int nargs) {
        dev.lunatik.kernel.Kernel k = kernel(t);
        if (!t.isNoneOrNil(base, nargs, 1)) {
            Object v = t.get(base);
            if (!(v instanceof Boolean b)) {
                throw t.typeError(base, nargs, 1, "boolean");
            }
            k.setTracing(b);
        }
        t.set(base, k.isTracing());
        return 1;
    }

    private static int lookup(LuaStack t, int base, int nargs) {
        String name = t.checkString(base, nargs, 1).toString();
        t.set(base, kernel(t).lookup(name));
        return 1;
    }

    private static int ifindex(LuaStack t, int base, int nargs) {
        String name = t.checkString(base, nargs, 1).toString();
        int i = kernel(t).ifindex(name);
        if (i < 0) {
            throw t.argError(1, "device not found");
        }
        t.setInt(base, i);
        return 1;
    }
}
