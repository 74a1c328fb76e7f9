package dev.lunatik.vm.lib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaString;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The debug library through the embedding API: hooks, frames, and robustness. */
class DebugLibTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LuaState L = LuaState.builder().stdout(new PrintStream(out, true)).library(DebugLib.LIBRARY).build();

    private Object one(String src) {
        return L.execute(src, "=t")[0];
    }

    @Test
    void lineHookReportsEachNewLineAndBackwardJumps() {
        Object r = one("""
                local lines = ''
                local function f()
                  local s = 0
                  for i = 1, 2 do
                    s = s + i
                  end
                  return s
                end
                debug.sethook(function(e, l) lines = lines .. l .. ' ' end, 'l')
                f()
                debug.sethook()
                return lines""");
        assertThat(r).isEqualTo(LuaString.valueOf("10 3 4 5 4 5 4 7 11 "));
    }

    @Test
    void callAndReturnHooksSeeTheHookedFunctionAtLevelTwo() {
        Object r = one("""
                local log = ''
                local function target(a) return a end
                debug.sethook(function(e)
                  local i = debug.getinfo(2, 'nS')
                  if i.what == 'Lua' then log = log .. e .. ':' .. tostring(i.name) .. ';' end
                end, 'cr')
                target(1)
                debug.sethook()
                return log""");
        assertThat(r).isEqualTo(LuaString.valueOf("call:target;return:target;"));
    }

    @Test
    void hooksAreOffInsideHooksAndErrorsPropagate() {
        Object[] r = L.execute("""
                local n = 0
                debug.sethook(function() n = n + 1; local x = {}; for i = 1, 3 do x[i] = i end end, 'l')
                local a = 1
                local b = 2
                debug.sethook()
                local ok, err = pcall(function()
                  debug.sethook(function() debug.sethook(); error('boom') end, 'c')
                  print('x')
                end)
                debug.sethook()
                return n, ok, err""", "=t");
        assertThat(r[0]).isEqualTo(3L); // lines 3, 4, 5: nothing from inside the hook itself
        assertThat(r[1]).isEqualTo(false);
        assertThat(r[2].toString()).endsWith("boom");
    }

    @Test
    void countHookFiresPeriodically() {
        Object r = one("""
                local n = 0
                debug.sethook(function(e) n = n + 1 end, '', 100)
                local s = 0
                for i = 1, 10000 do s = s + i end
                debug.sethook()
                return n""");
        assertThat((Long) r).isBetween(100L, 400L);
    }

    @Test
    void hooksWorkAcrossJavaCallsAndMetamethods() {
        Object r = one("""
                local calls = 0
                local mt = {__add = function(a, b) return 7 end, __index = function(t, k) return k end}
                local obj = setmetatable({}, mt)
                debug.sethook(function(e) if e == 'call' then calls = calls + 1 end end, 'c')
                local v = obj + obj
                local w = obj.key
                local ok = pcall(function() return v end)
                debug.sethook()
                return calls .. ' ' .. v .. ' ' .. w""");
        // __add, __index, pcall, the function pcall calls, debug.sethook
        assertThat(r).isEqualTo(LuaString.valueOf("5 7 key"));
    }

    @Test
    void debugFunctionsNeverThrowJavaExceptions() {
        String[] fns = {"traceback", "getinfo", "getlocal", "setlocal", "getupvalue", "setupvalue", "upvalueid",
            "upvaluejoin", "sethook", "gethook", "getmetatable", "setmetatable", "getregistry", "getuservalue",
            "setuservalue"};
        String[] args = {"", "nil", "1", "-1", "0", "2, 1", "1, -1", "1, 100, 1", "print, 1", "f, 1", "f, 0",
            "f, 1, f, 1", "co", "co, 1", "co, 1, 1", "co, 0, 'Sl'", "{}", "'x'", "1, 'z'", "9223372036854775807",
            "-9223372036854775807, 1", "f, 'l'", "co, f, 'l'", "1, 1, 1"};
        StringBuilder src = new StringBuilder("local up = 1\nlocal function f(a, ...) return up end\n"
                + "local co = coroutine.create(function(x) coroutine.yield(x) end)\ncoroutine.resume(co, 1)\nlocal n = 0\n");
        for (String fn : fns) {
            for (String a : args) {
                src.append("pcall(debug.").append(fn).append(", ").append(a.isEmpty() ? "nil" : a).append(") n = n + 1\n");
            }
        }
        src.append("debug.sethook() debug.sethook(co) return n");
        assertThat(one(src.toString())).isEqualTo((long) fns.length * args.length);
    }

    @Test
    void coroutineInheritsTheHookMaskButNotTheFunction() {
        Object[] r = L.execute("""
                debug.sethook(function() end, 'l', 3)
                local co = coroutine.create(function() end)
                debug.sethook()
                return debug.gethook(co)""", "=t");
        assertThat(r).containsExactly(null, LuaString.valueOf("l"), 3L);
        String out2 = out.toString(StandardCharsets.UTF_8);
        assertThat(out2).isEmpty();
    }
}
