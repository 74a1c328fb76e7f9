package dev.lunatik.vm.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.lib.DebugLib;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The collector seen from the embedding API and the libraries: finalizers registered by
 * {@code debug.setmetatable} and by host-created userdata (the hook a kernel object uses to drop
 * its reference when its Lua handle dies), Lua values held only by Java-side state, and a Java
 * {@link OutOfMemoryError} becoming the Lua error "not enough memory".
 */
class GcIntegrationTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LuaState L = LuaState.builder()
            .stdout(new PrintStream(out, true))
            .stderr(new PrintStream(new ByteArrayOutputStream(), true))
            .library(DebugLib.LIBRARY)
            .build();

    private Object run(String src) {
        Object[] r = L.execute(src, "=t");
        return r.length > 0 ? r[0] : null;
    }

    private String str(String src) {
        Object v = run(src);
        return v == null ? null : v.toString();
    }

    /** A kernel-object stand-in: a host resource that counts the releases of its Lua handles. */
    static final class HostObject {
        final List<String> released = new ArrayList<>();
    }

    private static LuaTable handleMeta(HostObject host) {
        LuaTable mt = new LuaTable();
        mt.rawset(LuaString.valueOf("__gc"), JavaFunction.of("__gc", (t, base, n) -> {
            LuaUserdata u = (LuaUserdata) t.get(base);
            host.released.add((String) u.payload());
            u.setPayload(null); // a finalizer must leave the handle harmless
            return 0;
        }));
        return mt;
    }

    @Test
    void debugSetmetatableRegistersFinalizer() {
        assertThat(str("""
                local log = ''
                local o = debug.setmetatable({}, {__gc = function() log = log .. 'T' end})
                o = nil
                collectgarbage()
                return log
                """)).isEqualTo("T");
    }

    @Test
    void javaFinalizerOfHostUserdataRunsOnceWhenUnreachable() {
        HostObject host = new HostObject();
        LuaTable mt = handleMeta(host);
        L.setGlobal("h1", L.newUserdata("one", mt));
        L.setGlobal("h2", L.newUserdata("two", mt));
        L.collectGarbage();
        assertThat(host.released).isEmpty(); // both handles are reachable
        run("h1 = nil");
        L.collectGarbage();
        assertThat(host.released).containsExactly("one");
        run("collectgarbage(); collectgarbage()");
        assertThat(host.released).containsExactly("one"); // once only
        L.close();
        assertThat(host.released).containsExactly("one", "two"); // the live handle at close
        L.close();
        assertThat(host.released).containsExactly("one", "two");
    }

    @Test
    void javaFinalizerRunsAtAutomaticCollectionInsideAScript() {
        HostObject host = new HostObject();
        LuaTable mt = handleMeta(host);
        L.register("open", (t, base, n) -> {
            t.set(base, LuaState.of(t).newUserdata("h" + host.released.size(), mt));
            return 1;
        });
        // handles dropped in a loop that allocates: automatic collections must release them
        run("for i = 1, 2000 do local h = open(); local pad = {} for j = 1, 100 do pad[j] = {} end end");
        int during = host.released.size();
        assertThat(during).isPositive();
        L.close();
        assertThat(host.released).hasSize(2000);
    }

    @Test
    void setMetatableFromHostRegistersFinalizer() {
        HostObject host = new HostObject();
        LuaUserdata u = new LuaUserdata("late", null);
        L.setGlobal("u", u);
        L.setMetatable(u, handleMeta(host));
        run("u = nil");
        L.collectGarbage();
        assertThat(host.released).containsExactly("late");
    }

    @Test
    void hookFunctionHeldOnlyByTheThreadSurvives() {
        assertThat(run("""
                local weak = setmetatable({}, {__mode = 'v'})
                do
                  local n = 0
                  local f = function() n = n + 1 end
                  weak[1] = f
                  debug.sethook(f, '', 1000000)
                end
                collectgarbage()
                local alive = weak[1] ~= nil and debug.gethook() == weak[1]
                debug.sethook()
                return alive
                """)).isEqualTo(Boolean.TRUE);
    }

    @Test
    void javaOutOfMemoryErrorBecomesLuaError() {
        L.register("explode", (t, base, n) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertThat(str("local ok, e = pcall(explode); return tostring(ok) .. ' ' .. e")).isEqualTo("false not enough memory");
        assertThat(str("local ok, e = pcall(function() local t = {} explode() end); return e")).isEqualTo("not enough memory");
        assertThat(str("local co = coroutine.create(explode); local ok, e = coroutine.resume(co); "
                + "return e .. ' ' .. coroutine.status(co)")).isEqualTo("not enough memory dead");
        assertThatThrownBy(() -> run("explode()")).isInstanceOf(LuaError.class).hasMessageContaining("not enough memory");
        assertThatThrownBy(() -> L.call(L.getGlobal("explode"))).isInstanceOf(LuaError.class);
        assertThat(run("return 6 * 7")).isEqualTo(42L); // the state stays usable
    }

    /**
     * A real heap exhaustion, in a child JVM with a small heap: a script filling a table with no
     * memory limit set gets "not enough memory" through pcall, then the state still runs.
     */
    @Test
    void realHeapExhaustionIsALuaError() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx48m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), OomProbe.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).isTrue();
        assertThat(output).contains("pcall: false\tnot enough memory").contains("after: 42").contains("again: false");
        assertThat(p.exitValue()).isZero();
    }

    /** The child JVM of {@link #realHeapExhaustionIsALuaError}. */
    public static final class OomProbe {
        public static void main(String[] args) {
            LuaState L = LuaState.builder().build();
            L.execute("""
                    local ok, e = pcall(function()
                      local t = {}
                      for i = 1, 1000000000 do t[i] = {i} end
                    end)
                    print('pcall: ' .. tostring(ok), e)
                    local s = 0
                    for i = 1, 100000 do local x = {i} s = s + #x end
                    print('after: ' .. (s // 100000 * 42))
                    print('again: ' .. tostring((pcall(function() local t = {} for i = 1, 1000000000 do t[i] = {i} end end))))
                    """, "=probe");
            System.out.flush();
        }
    }
}
