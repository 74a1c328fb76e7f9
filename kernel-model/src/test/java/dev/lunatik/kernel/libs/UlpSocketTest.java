package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.vm.api.LuaState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ULP Lua through the {@code socket} library: {@code setsockopt} attaches a Lua state to a TCP
 * socket, loads a script into it and names the entry that each {@code receive} runs over the
 * received bytes. Real loopback sockets: the script makes a listener, a client and the accepted
 * receiver, and writes and reads in turn.
 */
class UlpSocketTest {
    private LuaState L;
    private Kernel kernel;

    /** Lua prelude: {@code srv}, {@code cli} connected to {@code s}, {@code ulp(script)} attaching and loading. */
    private static final String PRELUDE = """
            socket = require "socket"
            local af, sock = socket.af, socket.sock
            srv = socket.new(af.INET, sock.STREAM, socket.ipproto.TCP)
            srv:bind(0x7F000001, 0)
            srv:listen()
            local _, port = srv:getsockname()
            cli = socket.new(af.INET, sock.STREAM, socket.ipproto.TCP)
            cli:connect(0x7F000001, port)
            s = srv:accept()
            function setopt(level, opt, v)
              local ok, e = pcall(s.setsockopt, s, level, opt, v)
              if ok then return "ok" end
              return e
            end
            function ulp(script, entry)
              s:setsockopt(socket.sol.TCP, socket.tcp.ULP, "lua")
              if script then s:setsockopt(socket.sol.LUA, socket.lua.LOADSCRIPT, script) end
              if entry then s:setsockopt(socket.sol.LUA, socket.lua.ENTRY, entry) end
            end
            function roundtrip(msg)
              cli:send(msg)
              return s:receive(1024)
            end
            """;

    @BeforeEach
    void setUp() {
        L = Lunatik.kernelState().stdout(new PrintStream(OutputStream.nullOutputStream())).build();
        kernel = Lunatik.kernel(L);
        L.execute(PRELUDE, "=prelude");
    }

    @AfterEach
    void tearDown() {
        L.execute("cli:close() s:close() srv:close()", "=teardown");
        L.close();
    }

    private Object[] run(String src) {
        return L.execute(src, "=test");
    }

    private List<String> ulpLog() {
        return log().stream().filter(l -> l.startsWith(UlpContext.LOG_PREFIX)).toList();
    }

    /** The kernel log without the timestamps. */
    private List<String> log() {
        return kernel.log().snapshot().stream().map(l -> l.replaceFirst("^\\[[ 0-9.]*\\] ", "")).toList();
    }

    @Test
    void theConstantsHaveTheModulesValues() {
        Object[] r = run("return socket.sol.TCP, socket.tcp.ULP, socket.sol.LUA, socket.lua.LOADSCRIPT, socket.lua.ENTRY, "
                + "socket.lua.ENTRYPOINT, socket.sol.SOCKET");
        assertThat(r).containsExactly(6L, 31L, 999L, 1L, 2L, 2L, 1L);
    }

    @Test
    void withoutAnEntryTheDataPassesAsItIs() {
        assertThat(run("ulp() return roundtrip('plain')")).containsExactly(s("plain"));
        assertThat(run("s:setsockopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'x = 1') return roundtrip('still plain')"))
                .containsExactly(s("still plain"));
    }

    @Test
    void theEntrySeesTheBytesTheirSizeAndNonblockAndATrueResultTrashesThem() {
        run("""
                ulp([[
                  seen = {}
                  function entry(d, size, nonblock)
                    seen[#seen + 1] = tostring(d) .. "/" .. size .. "/" .. tostring(nonblock) .. "/" .. #d
                    return d:getstring(0, 4) == "drop"
                  end
                ]], "entry")
                """);
        assertThat(run("return roundtrip('hello')")).containsExactly(s("hello"));
        assertThat(run("return roundtrip('drop this')")).containsExactly(s(""));
        assertThat(run("cli:send('after') local r while not r do local ok, v = pcall(s.receive, s, 64, socket.msg.DONTWAIT) "
                + "if ok then r = v end end return r")).containsExactly(s("after"));
        UlpContext c = ulpOf();
        assertThat(c.state().execute("return table.concat(seen, ',')", "=q"))
                .containsExactly(s("hello/5/false/5,drop this/9/false/9,after/5/true/5"));
    }

    @Test
    void anyTrueValueTrashesEvenZeroAndFalseOrNilDoesNot() {
        run("ulp('function e(d) local b = d:getbyte(0) if b == 48 then return 0 elseif b == 49 then return nil end return false end', 'e')");
        assertThat(run("return roundtrip('0 is true in Lua')")).containsExactly(s(""));
        assertThat(run("return roundtrip('1 nil')")).containsExactly(s("1 nil"));
        assertThat(run("return roundtrip('2 false')")).containsExactly(s("2 false"));
    }

    @Test
    void theEntryMayRewriteTheBytesItIsGiven() {
        run("ulp('function up(d, n) for i = 0, n - 1 do local b = d:getbyte(i) if b >= 97 and b <= 122 then d:setbyte(i, b - 32) end end end', 'up')");
        assertThat(run("return roundtrip('shout it')")).containsExactly(s("SHOUT IT"));
    }

    @Test
    void aLuadataLayoutWorksOnTheViewAndIsForgottenAfterTheCall() {
        run("""
                ulp([[
                  local data = require "luadata"
                  local hdr = data.layout{kind = {0, 8}, len = {8, 16}, tag = {3, 2, 's'}}
                  function entry(d)
                    had = d.kind            -- no layout yet: nil
                    d:layout(hdr)
                    kind, len, tag = d.kind, d.len, d.tag
                    return kind == 0xFF
                  end
                ]], "entry")
                """);
        assertThat(run("return roundtrip('\\1\\0\\5ab')")).containsExactly(s("\1\0\5ab"));
        assertThat(ulpOf().state().execute("return had, kind, len, tag", "=q")).containsExactly(null, 1L, 5L, s("ab"));
        assertThat(run("return roundtrip('\\255\\0\\1xy')")).containsExactly(s(""));
        assertThat(ulpOf().state().execute("return had, kind", "=q")).containsExactly(null, 255L);
    }

    @Test
    void theViewIsRevokedAfterTheCallWithItsSegments() {
        run("ulp('function keep(d) saved = d seg = d:segment(1, 2) during = #d .. \":\" .. tostring(seg) end', 'keep')");
        assertThat(run("return roundtrip('abcd')")).containsExactly(s("abcd"));
        Object[] r = ulpOf().state().execute("return during, #saved, #seg, pcall(saved.getbyte, saved, 0)", "=q");
        assertThat(r[0]).isEqualTo(s("4:bc"));
        assertThat(r[1]).isEqualTo(0L);
        assertThat(r[2]).isEqualTo(0L);
        assertThat(r[3]).isEqualTo(false);
        assertThat(String.valueOf(r[4])).contains("out of bounds");
    }

    @Test
    void anEntryErrorIsLoggedAndTheDataDeliveredUnchanged() {
        run("ulp('function bad(d) d:setbyte(0, 88) error(\"boom\") end', 'bad')");
        assertThat(run("return roundtrip('data')")).containsExactly(s("Xata")); // what it wrote before failing stays
        assertThat(ulpLog()).anyMatch(l -> l.equals("ulp_lua: [string \"lua\"]:1: boom (data delivered unchanged)"));
        run("s:setsockopt(socket.sol.LUA, socket.lua.ENTRY, 'missing')");
        assertThat(run("return roundtrip('more')")).containsExactly(s("more"));
        assertThat(ulpLog()).contains("ulp_lua: entry 'missing' is not a function (nil) (data delivered unchanged)");
        assertThat(ulpLog()).contains("ulp_lua:   [string \"lua\"]:1: in function 'bad'"); // the traceback follows
    }

    @Test
    void badLayoutsAndSegmentsInAnEntryGetClearErrorsAndTheDataPasses() {
        run("""
                ulp([[
                  function entry(d, size)
                    past = d:segment(size)              -- past the end: nil
                    longer = d:segment(0, size + 1)     -- longer than the view: cut at its end
                    local data = require "data"
                    if d:getbyte(0) == 0x4E then d:layout{x = {-1, 8}} end        -- a negative offset: an error
                    if d:getbyte(0) == 0x57 then d:layout{x = {0, 8}, y = {0, 'z'}} end -- a bad length: an error
                    return false
                  end
                ]], "entry")
                """);
        assertThat(run("return roundtrip('ok')")).containsExactly(s("ok"));
        assertThat(ulpOf().state().execute("return past, #longer", "=q")).containsExactly(null, 0L); // revoked after the call
        assertThat(run("return roundtrip('Negative')")).containsExactly(s("Negative"));
        assertThat(ulpLog()).anyMatch(l -> l.contains("field 'x' of the layout has a negative offset")
                && l.endsWith("(data delivered unchanged)"));
        assertThat(run("return roundtrip('Wrong')")).containsExactly(s("Wrong"));
        assertThat(ulpLog()).anyMatch(l -> l.contains("field 'y' of the layout: length must be an integer"));
    }

    @Test
    void anEntryThatNeverReturnsIsAbortedLoggedAndTheNextReceiveWorks() {
        run("ulp('function spin(d) if d:getbyte(0) == 115 then while true do end end return true end', 'spin')");
        ulpOf().setTimeLimitMillis(100);
        long t0 = System.nanoTime();
        assertThat(run("return roundtrip('spin')")).containsExactly(s("spin"));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(ulpLog()).anyMatch(l -> l.contains("entry 'spin' did not return within 100 ms: aborted"));
        assertThat(ulpOf().timeouts()).isEqualTo(1);
        assertThat(run("return roundtrip('trash me')")).containsExactly(s("")); // not aborted any more
        run("s:setsockopt(socket.sol.LUA, socket.lua.ENTRY, 'pspin')");
        ulpOf().state().execute("function pspin() while true do pcall(function() while true do end end) end end", "=q");
        assertThat(run("return roundtrip('pcall cannot outrun it')")).containsExactly(s("pcall cannot outrun it"));
        assertThat(ulpOf().timeouts()).isEqualTo(2);
    }

    @Test
    void loadScriptRefusesWithEinvalAndLogsWhy() {
        run("ulp()");
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'function (')")).containsExactly(22L);
        assertThat(ulpLog()).anyMatch(l -> l.startsWith("ulp_lua: [string \"lua\"]:1:") && l.contains("near '('"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'error(\"at load\")')")).containsExactly(22L);
        assertThat(ulpLog()).anyMatch(l -> l.contains("at load"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, string.dump(function() end))")).containsExactly(22L);
        assertThat(ulpLog()).anyMatch(l -> l.contains("binary chunk"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, '--' .. string.rep('x', 8192))")).containsExactly(22L);
        assertThat(ulpLog()).anyMatch(l -> l.contains("script of 8194 bytes refused (at most 8192)"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, '--' .. string.rep('x', 8190))")).containsExactly(s("ok"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 42)")).containsExactly(22L);
        // a failed load leaves what earlier loads defined
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'kept = 7'), "
                + "setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'kept = 8 error(1)')")).containsExactly(s("ok"), 22L);
        assertThat(ulpOf().state().getGlobal("kept")).isEqualTo(8L); // as in C: what ran before the error stays
    }

    @Test
    void aTopLevelThatNeverReturnsIsAbortedAsEinval() {
        run("ulp()");
        ulpOf().setTimeLimitMillis(50);
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'while true do end')")).containsExactly(22L);
        assertThat(ulpLog()).anyMatch(l -> l.contains("the script did not return within 50 ms: aborted"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'ok = true')")).containsExactly(s("ok"));
    }

    @Test
    void entryNamesAreCheckedAndAnEmptyOneTurnsTheHookOff() {
        run("ulp('function t() return true end', 't')");
        assertThat(run("return roundtrip('gone')")).containsExactly(s(""));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.ENTRY, string.rep('e', 64)), "
                + "setopt(socket.sol.LUA, socket.lua.ENTRY, 'a\\0b'), setopt(socket.sol.LUA, socket.lua.ENTRY, string.rep('e', 63))"))
                .containsExactly(22L, 22L, s("ok"));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.ENTRY, 't\\0')")).containsExactly(s("ok")); // C's NUL
        assertThat(run("return roundtrip('gone too')")).containsExactly(s(""));
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.ENTRY, '')")).containsExactly(s("ok"));
        assertThat(run("return roundtrip('kept')")).containsExactly(s("kept"));
    }

    @Test
    void theUlpIsForTcpSocketsAndTheLuaOptionsForSocketsThatHaveIt() {
        assertThat(run("return setopt(socket.sol.LUA, socket.lua.LOADSCRIPT, 'x = 1')")).containsExactly(92L); // ENOPROTOOPT
        assertThat(run("return setopt(socket.sol.TCP, socket.tcp.ULP, 'tls')")).containsExactly(2L); // ENOENT
        assertThat(run("return setopt(socket.sol.SOCKET, 2, 1)")).containsExactly(92L);
        assertThat(run("return setopt(socket.sol.TCP, socket.tcp.ULP, 'lua\\0'), setopt(socket.sol.TCP, socket.tcp.ULP, 'lua')"))
                .containsExactly(s("ok"), 17L); // EEXIST
        assertThat(run("return setopt(socket.sol.LUA, 3, 'x')")).containsExactly(92L);
        assertThat(run("""
                local u = socket.new(socket.af.INET, socket.sock.DGRAM, socket.ipproto.UDP)
                local ok, e = pcall(u.setsockopt, u, socket.sol.TCP, socket.tcp.ULP, "lua")
                u:close()
                local ok2, e2 = pcall(srv.setsockopt, srv, socket.sol.TCP, socket.tcp.ULP, "lua")
                return e, e2
                """)).containsExactly(92L, 22L); // a datagram socket; a listening one
        assertThat(run("""
                local inet = require "socket.inet"
                local t = inet.tcp()
                t:setsockopt(socket.sol.TCP, socket.tcp.ULP, "lua")
                t:close()
                return true
                """)).containsExactly(true);
    }

    @Test
    void theStateIsAKernelStateOfItsOwnClosedWithTheSocket() {
        run("ulp('x = 1; lib = require \"data\"; kernel_lua = _VERSION; data_is_luadata = require \"luadata\" == lib; print(\"ulp hello\")')");
        UlpContext c = ulpOf();
        assertThat(c.state()).isNotSameAs(L);
        assertThat(c.state().execute("return kernel_lua, data_is_luadata, 7 / 2", "=q")).containsExactly(s("Lua 5.4-kernel"), true, 3L);
        assertThat(L.getGlobal("x")).isNull();
        assertThat(log()).contains("ulp hello");
        run("s:close()");
        assertThat(c.isClosed()).isTrue();
        assertThat(c.state().isClosed()).isTrue();
    }

    @Test
    void theHttpExampleFitsTheScriptLimitAndJudgesRequestsOnASocket() throws Exception {
        byte[] script = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../examples/ulp/http.lua"));
        assertThat(script.length).isLessThanOrEqualTo(UlpContext.SCRIPT_MAX);
        L.globals().rawset(dev.lunatik.vm.value.LuaString.valueOf("http"), dev.lunatik.vm.value.LuaString.wrap(script));
        run("ulp(http, 'entry')");
        assertThat(run("return roundtrip('GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n')"))
                .containsExactly(s("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertThat(run("return roundtrip('GET / HTTP/1.1\\r\\nHost: a\\nX: 1\\r\\n\\r\\n')")).containsExactly(s(""));
        assertThat(log()).contains("ulp http: bare line feed in the header block: request trashed");
    }

    private UlpContext ulpOf() {
        Object h = L.getGlobal("s");
        KernelSocket ks = (KernelSocket) LunatikClass.toObject(h).rawPayload();
        return ks.ulp();
    }

    private static dev.lunatik.vm.value.LuaString s(String v) {
        return dev.lunatik.vm.value.LuaString.wrap(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
