package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.CallWatchdog;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import java.nio.charset.StandardCharsets;

/**
 * ULP Lua's per-socket context (the {@code struct context} and Lua state that the kernel module
 * hangs on a TCP socket): a fresh kernel-flavour Lua state of its own, a script loaded into it,
 * and the name of an <em>entry</em> function called on every receive. {@code socket}'s
 * {@code setsockopt} ({@link SocketLib}), the Java API ({@code dev.lunatik.kernel.ulp.UlpLua})
 * and {@code lunatik ulp proxy} all work through this class.
 *
 * <ul>
 *   <li>{@link #create} makes the state: Lunatik's libraries for {@code require} (among them
 *       {@code data}, also as {@code luadata}), {@code print} to the kernel log, the kernel's
 *       stack and memory limits, its script root.</li>
 *   <li>{@link #loadScript} is {@code SS_LUA_LOADSCRIPT}: source text only, at most
 *       {@link #SCRIPT_MAX} bytes; the chunk runs at once. Anything else answers {@code -EINVAL},
 *       and the reason (the Lua error, a binary chunk, the size) goes to the kernel log.</li>
 *   <li>{@link #setEntry} is {@code SS_LUA_ENTRY}: the name of a global function, at most
 *       {@link #ENTRY_MAX} bytes; an empty name turns the hook off.</li>
 *   <li>{@link #receive} is the {@code recvmsg} hook: {@code entry(d, size, nonblock)} with
 *       {@code d} a writable {@code data} object over the bytes just received, valid only during
 *       the call (as {@code ldata_newref}/{@code ldata_unref}; afterwards {@code #d} is 0 and
 *       every segment cut from it is empty). A true result ({@code lua_toboolean}: anything but
 *       nil and false, so {@code 0} too) <em>trashes</em> the data: the receiver gets 0 bytes,
 *       as at the end of the stream. An error, an entry that is not a function, or an entry that
 *       does not return within the time limit is logged and the data is delivered as it is.
 *       Bytes the entry wrote through {@code d} are delivered changed.</li>
 * </ul>
 *
 * <p><b>Speed.</b> A receive allocates nothing: one {@code data} object per context is
 * re-pointed at each buffer and emptied after the call ({@link DataLib.View}, as the netfilter
 * hooks do), the entry's name is looked up as an interned string, and the call goes through
 * {@link LuaStack#prepareCall}/{@link LuaStack#callAt}.
 *
 * <p><b>A stuck entry.</b> The kernel's {@link CallWatchdog} aborts an entry (or a script's top
 * level) still running after the time limit ({@link #setTimeLimitMillis}; by default the
 * kernel's stop grace, 400 ms), the way {@code lunatik stop} aborts a stuck hook: the state
 * raises the abort at its next call or loop iteration, the receive logs it and delivers the
 * data unchanged, and the state is usable again for the next receive.
 *
 * <p>Not thread-safe beyond that: the owner serializes calls (the {@code socket} object's
 * mutex, the Java API's lock).
 */
public final class UlpContext implements AutoCloseable {
    /** {@code SOL_TCP}: Linux's socket option level of TCP. */
    public static final int SOL_TCP = 6;
    /** {@code TCP_ULP}: attaches an upper layer protocol, by name, to a TCP socket. */
    public static final int TCP_ULP = 31;
    /** {@code SOL_LUA}: the option level of ULP Lua (the module's value). */
    public static final int SOL_LUA = 999;
    /** {@code SS_LUA_LOADSCRIPT}: loads and runs a chunk in the socket's state (the module's value). */
    public static final int SS_LUA_LOADSCRIPT = 1;
    /** {@code SS_LUA_ENTRY} ({@code SS_LUA_ENTRYPOINT} in the module): names the entry function. */
    public static final int SS_LUA_ENTRY = 2;
    /** The upper layer protocol's name, the value of {@code TCP_ULP}. */
    public static final String NAME = "lua";
    /** The largest script {@link #loadScript} takes, in bytes (the module's {@code SS_SCRIPTSZ}). */
    public static final int SCRIPT_MAX = 8192;
    /** The longest entry name, in bytes (the module's {@code SS_ENTRYSZ} of 64, less its NUL). */
    public static final int ENTRY_MAX = 63;
    /** {@code EINVAL}, what a refused load or entry name answers (negated). */
    public static final int EINVAL = 22;
    /** What kernel log lines of ULP Lua start with. */
    public static final String LOG_PREFIX = "ulp_lua: ";

    private static final LuaString CHUNK_NAME = LuaString.valueOf("lua");

    private final Kernel kernel;
    private final LuaState state;
    private final DataLib.View view;
    private LuaString entry;
    private String lastError;
    /** The time limit of the script's top level and of each entry call ({@link CallWatchdog}). */
    private final CallWatchdog.Guard guard;
    private volatile boolean closed;

    private UlpContext(Kernel kernel, LuaState state) {
        this.kernel = kernel;
        this.state = state;
        this.view = DataLib.newView(state, false);
        state.registry().rawset(LuaString.valueOf("lunatik.ulp.data"), view.handle()); // keeps the handle alive
        this.guard = CallWatchdog.of(kernel).guard(kernel.stopGraceMillis(), new CallWatchdog.Abort() {
            @Override
            public void abort() {
                state.abort("ulp_lua: timeout");
            }

            @Override
            public void lift() {
                state.clearAbort();
            }
        });
    }

    /**
     * A context with a fresh kernel-flavour state whose objects live in {@code kernel} and whose
     * {@code print} writes to its log ({@code TCP_ULP "lua"}).
     */
    public static UlpContext create(Kernel kernel) {
        LuaState L = Lunatik.newKernelState(kernel);
        L.setExtraSpace(kernel);
        return new UlpContext(kernel, L);
    }

    /** The kernel whose log gets this context's errors. */
    public Kernel kernel() {
        return kernel;
    }

    /** The context's Lua state (use it only where the owner serializes calls). */
    public LuaState state() {
        return state;
    }

    /** The entry function's name, or null when none is set. */
    public String entry() {
        return entry == null ? null : entry.toString();
    }

    /** The reason of the last refused {@link #loadScript}, {@link #loadChunk} or {@link #setEntry}, or null. */
    public String lastError() {
        return lastError;
    }

    /** How long an entry (or a script's top level) may run before it is aborted. */
    public long timeLimitMillis() {
        return guard.limitMillis();
    }

    /** Sets {@link #timeLimitMillis()} (at least 1 ms). */
    public void setTimeLimitMillis(long millis) {
        guard.setLimitMillis(millis);
    }

    /**
     * {@code SS_LUA_LOADSCRIPT}: compiles {@code script} (source text; a binary chunk is refused)
     * and runs it in the state. Returns 0, or {@code -EINVAL} for no script, one larger than
     * {@link #SCRIPT_MAX} bytes, a binary chunk, a syntax error or a run error (the reason is in
     * the kernel log and in {@link #lastError()}).
     */
    public int loadScript(byte[] script) {
        if (script == null) {
            return refuse("no script");
        }
        if (script.length > SCRIPT_MAX) {
            return refuse("script of " + script.length + " bytes refused (at most " + SCRIPT_MAX + ")");
        }
        if (LuaState.isBinaryChunk(script)) {
            return refuse("attempt to load a binary chunk (mode is 't')");
        }
        return run(script, "lua");
    }

    /**
     * The host's load, for a chunk it compiled itself ({@code lunatik ulp proxy}): source or a
     * binary chunk ({@code string.dump}), no size limit, run at once. Returns 0 or {@code -EINVAL}
     * as {@link #loadScript}.
     */
    public int loadChunk(byte[] chunk, String chunkName) {
        return run(chunk, chunkName);
    }

    private int run(byte[] chunk, String chunkName) {
        if (closed) {
            return refuse("the socket is closed");
        }
        LuaFunction f;
        try {
            f = state.load(chunk, chunkName);
        } catch (LuaError e) {
            return refuse(message(e));
        }
        String failure = null;
        guard.begin();
        try {
            state.call(f);
        } catch (LuaError e) {
            failure = message(e);
        } catch (RuntimeException | StackOverflowError e) {
            failure = "the script failed: " + e;
        } finally {
            if (guard.end()) {
                failure = "the script did not return within " + timeLimitMillis() + " ms: aborted";
            }
        }
        if (failure != null) {
            return refuse(failure);
        }
        lastError = null;
        return 0;
    }

    /**
     * {@code SS_LUA_ENTRY}: the entry function's name (bytes of a global's name, at most
     * {@link #ENTRY_MAX}); an empty name removes the entry, so that receives skip Lua. Returns 0,
     * or {@code -EINVAL} for a name that is null, too long or holds a NUL byte. The function need
     * not exist yet: it is looked up at each receive.
     */
    public int setEntry(byte[] name) {
        if (name == null || name.length > ENTRY_MAX) {
            return refuse("entry name refused (" + (name == null ? "none" : name.length + " bytes, at most " + ENTRY_MAX) + ")");
        }
        for (byte b : name) {
            if (b == 0) {
                return refuse("entry name refused (it holds a NUL byte)");
            }
        }
        entry = name.length == 0 ? null : LuaString.intern(new String(name, StandardCharsets.ISO_8859_1));
        lastError = null;
        return 0;
    }

    /** Whether an entry is set (otherwise {@link #receive} does nothing). */
    public boolean hasEntry() {
        return entry != null;
    }

    /**
     * The {@code recvmsg} hook: calls {@code entry(d, len, nonblock)} over {@code len} bytes of
     * {@code buf} from {@code off}, which the entry may change in place. Returns true when the
     * entry trashed the data (the receiver must get 0 bytes); false when it did not, when no
     * entry is set, for 0 bytes, and after an error or a timeout (logged).
     */
    public boolean receive(byte[] buf, int off, int len, boolean nonblock) {
        LuaString name = entry;
        if (name == null || len <= 0 || closed) {
            return false;
        }
        Object fn = state.globals().rawget(name);
        if (!(fn instanceof LuaFunction)) {
            log("entry '" + name + "' is not a function (" + Lua.typeName(fn) + ") (data delivered unchanged)");
            return false;
        }
        view.buffer().reset(buf, off, len);
        LuaStack S = state.mainThread();
        boolean trash = false;
        String failure = null;
        guard.begin();
        try {
            int at = S.prepareCall(3);
            S.set(at, fn);
            S.set(at + 1, view.handle());
            S.setInt(at + 2, len);
            S.set(at + 3, nonblock ? Boolean.TRUE : Boolean.FALSE);
            S.callAt(at, 3, 1);
            trash = S.isInt(at) || Lua.isTruthy(S.refAt(at));
            S.set(at, null);
        } catch (LuaError e) {
            failure = message(e);
        } catch (RuntimeException | StackOverflowError e) {
            failure = "entry '" + name + "' failed: " + e;
        } finally {
            if (guard.end()) {
                timeouts++;
                failure = "entry '" + name + "' did not return within " + timeLimitMillis() + " ms: aborted";
            }
            view.buffer().clear();
            DataLib.dropLayout(state, view.handle());
        }
        if (failure != null) {
            log(failure, " (data delivered unchanged)");
            return false;
        }
        return trash;
    }

    private long timeouts;

    /** How many entry calls the watchdog has aborted so far. */
    public long timeouts() {
        return timeouts;
    }

    /** Closes the state (its finalizers run); further receives deliver data unchanged. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        guard.close(); // before the state goes: no abort may reach a closed state
        state.close();
    }

    /** Whether {@link #close} ran. */
    public boolean isClosed() {
        return closed;
    }

    // ---- errors -------------------------------------------------------------------------------

    /** A Lua error's message, then its traceback when it has one. */
    private String message(LuaError e) {
        Object v = e.value();
        String m = v instanceof LuaString s ? s.toString() : v == null ? String.valueOf(e.getMessage()) : state.toDisplayString(v);
        if (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1);
        }
        String tb = e.luaTraceback();
        return tb == null || tb.isEmpty() ? m : m + "\n" + tb;
    }

    /** Logs {@code failure}, its first line followed by {@code note}. */
    private void log(String failure, String note) {
        int nl = failure.indexOf('\n');
        log(nl < 0 ? failure + note : failure.substring(0, nl) + note + failure.substring(nl));
    }

    private int refuse(String why) {
        lastError = why;
        log(why);
        return -EINVAL;
    }

    private void log(String line) {
        for (String l : line.split("\n")) {
            kernel.log().write(LOG_PREFIX + l.replace("\t", "  "));
        }
    }
}
