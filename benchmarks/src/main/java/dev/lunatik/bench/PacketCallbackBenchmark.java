package dev.lunatik.bench;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.libs.DataBuffer;
import dev.lunatik.kernel.libs.DataLib;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaUserdata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shape of every packet hook to come: a Java caller runs a Lua callback under a runtime's
 * lock, handing it a {@code data} view over a 1,500-byte packet buffer ({@code lunatik_run} +
 * luadata's reset/clear around the call). {@link #lunatik}: a non-sleepable runtime
 * ({@link KernelRuntime#run} takes its spinlock, atomic-context bookkeeping included), one data
 * object re-pointed at the packet per call, the allocation-free host call of
 * {@link LuaStack#prepareCall}/{@link LuaStack#callAt}. Must allocate 0 B/op
 * ({@code -prof gc}, {@code gc.alloc.rate.norm}). {@link #luaj}: the same callback and the same
 * data methods through LuaJ 3.0.1 ({@code LuaValue.call} on a userdata, under a lock).
 * {@code benchmarks/c/run.sh} makes the same call through the reference C Lua API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xss16m")
public class PacketCallbackBenchmark {
    static final int PACKET_SIZE = 1500;

    /** The packet: byte i = i * 7, with an IPv4/UDP shape (protocol 17 at 9, port 53 at 22). */
    static byte[] packet() {
        byte[] p = new byte[PACKET_SIZE];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        p[9] = 17;
        p[22] = 0;
        p[23] = 53;
        return p;
    }

    final byte[] packet = packet();
    Path root;
    Kernel kernel;
    KernelRuntime runtime;
    Object callback;
    LuaUserdata handle;
    DataBuffer view;
    KernelRuntime.Handler1<byte[]> hook;

    final ReentrantLock luajLock = new ReentrantLock();
    LuaValue luajCallback;
    LuaValue luajData;
    final byte[][] luajPacket = new byte[1][];

    @Setup
    public void setUp() throws IOException {
        LuaBench.warmState(); // profiles every opcode first (see README): the JIT is shared
        root = Files.createTempDirectory("lunatik-bench");
        String script = LuaBench.resource("packet_filter.lua");
        Files.writeString(root.resolve("packet_filter.lua"), script);
        kernel = Lunatik.boot(root);
        runtime = KernelRuntime.create(kernel, "packet_filter", false);
        runtime.run(L -> {
            DataLib.View v = DataLib.newView(L, true);
            L.registry().rawset("packet", v.handle()); // keeps the handle alive
            handle = v.handle();
            view = v.buffer();
            callback = runtime.entry();
            return 0;
        });
        hook = (L, pkt) -> {
            view.reset(pkt, 0, pkt.length);
            try {
                LuaStack t = L.mainThread();
                int at = t.prepareCall(1);
                t.set(at, callback);
                t.set(at + 1, handle);
                t.callAt(at, 1, 1);
                return t.isInt(at) ? (int) t.intAt(at) : -1;
            } finally {
                view.clear();
            }
        };
        check(lunatik(), "lunatik");
        trivialFn = runtime.state().execute("return function(p) return 1 end", "=t")[0];
        lenFn = runtime.state().execute("return function(p) return p:getuint8(9) end", "=t")[0];

        Globals g = JsePlatform.standardGlobals();
        LuaTable methods = new LuaTable();
        methods.set("getuint8", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue off) {
                return LuaValue.valueOf(luajRead(self, off, 1));
            }
        });
        methods.set("getbyte", methods.get("getuint8"));
        methods.set("getuint16", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue off) {
                return LuaValue.valueOf(luajRead(self, off, 2));
            }
        });
        LuaTable mt = new LuaTable();
        mt.set("__index", methods);
        luajData = LuaValue.userdataOf(luajPacket, mt);
        luajCallback = g.load(script, "packet_filter").call();
        check(luaj(), "luaj");
    }

    private static void check(int verdict, String who) {
        if (verdict != 1) {
            throw new IllegalStateException(who + " returned verdict " + verdict + ", expected 1");
        }
    }

    /** luadata's read: check the object and the bounds, then a little-endian integer. */
    static int luajRead(LuaValue self, LuaValue off, int width) {
        byte[] p = ((byte[][]) self.checkuserdata(byte[][].class))[0];
        if (p == null) {
            throw new org.luaj.vm2.LuaError("bad argument #1 (null-pointer dereference)");
        }
        int o = off.checkint();
        if (o < 0 || o + width > p.length) {
            throw new org.luaj.vm2.LuaError("bad argument #2 (out of bounds)");
        }
        int v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (p[o + i] & 0xFF);
        }
        return v;
    }

    @TearDown
    public void tearDown() throws IOException {
        runtime.stop();
        Lunatik.shutdown(kernel);
        Files.deleteIfExists(root.resolve("packet_filter.lua"));
        Files.deleteIfExists(root);
    }

    /** One packet through a Lunatik runtime's hook; score per packet. */
    @Benchmark
    public int lunatik() {
        return runtime.run(hook, packet);
    }

    Object trivialFn;
    Object lenFn;

    /** Breakdown: the same call of a callback that only returns 1 (no data method, no runtime lock). */
    @Benchmark
    public int breakdownCallOnly() {
        dev.lunatik.vm.api.LuaState L = runtime.state();
        LuaStack t = L.mainThread();
        int at = t.prepareCall(1);
        t.set(at, trivialFn);
        t.set(at + 1, handle);
        t.callAt(at, 1, 1);
        return (int) t.intAt(at);
    }

    /** Breakdown: a callback making one data method call ({@code p:getuint8(9)}), no runtime lock. */
    @Benchmark
    public int breakdownOneMethod() {
        view.reset(packet, 0, packet.length);
        dev.lunatik.vm.api.LuaState L = runtime.state();
        LuaStack t = L.mainThread();
        int at = t.prepareCall(1);
        t.set(at, lenFn);
        t.set(at + 1, handle);
        t.callAt(at, 1, 1);
        return (int) t.intAt(at);
    }

    /** Breakdown: {@link #lunatik} without taking the runtime's lock. */
    @Benchmark
    public int breakdownNoRuntimeLock() {
        return hook.handle(runtime.state(), packet);
    }

    /** The same through LuaJ; score per packet. */
    @Benchmark
    public int luaj() {
        luajLock.lock();
        try {
            luajPacket[0] = packet;
            return luajCallback.call(luajData).toint();
        } finally {
            luajPacket[0] = null;
            luajLock.unlock();
        }
    }


}
