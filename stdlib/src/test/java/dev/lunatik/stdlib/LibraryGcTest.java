package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libraries and the collector: strings built by libraries are charged to the state (so the
 * memory limit stops oversized results with "not enough memory"), and Lua values held by Java
 * closures and Java fields of the libraries count as reachable.
 */
class LibraryGcTest {
    @TempDir
    Path dir;

    private static LuaRun limited(long bytes) {
        return new LuaRun(StandardLibraries.kernel().memoryLimit(bytes));
    }

    @Test
    void memoryLimitStopsOversizedLibraryStrings() {
        LuaRun lua = limited(16L << 20);
        for (String expr : List.of(
                "string.rep('x', 100000000)",
                "('x'):rep(100000000)",
                "string.rep('ab', 20000000, ',')",
                "(function() local s = ('x'):rep(1000000) for i = 1, 8 do s = s:rep(2) end return s end)()",
                "(function() local s = ('x'):rep(1000000) for i = 1, 8 do s = string.format('%s%s', s, s) end return s end)()",
                "(function() local s = ('x'):rep(1000000) for i = 1, 8 do s = s:gsub('.', '%0%0') end return s end)()",
                "(function() local s = ('x'):rep(1000000) for i = 1, 8 do s = table.concat({s, s}) end return s end)()",
                "(function() local s = ('x'):rep(1000000) for i = 1, 8 do s = s .. s end return s end)()")) {
            assertThat(lua.run("local ok, e = pcall(function() return #" + expr + " end) print(ok, e)"))
                    .as(expr).isEqualTo("false\tnot enough memory\n");
            // the state stays usable and can still build strings within the limit
            assertThat(lua.run("print(#string.rep('y', 1000000), #string.format('%5d', 1))"))
                    .as(expr).isEqualTo("1000000\t5\n");
        }
    }

    @Test
    void libraryStringsAreCounted() {
        LuaRun lua = new LuaRun(StandardLibraries.kernel());
        assertThat(lua.run("""
                collectgarbage(); collectgarbage('stop')
                local before = collectgarbage('count')
                local s = string.rep('x', 3000000)
                local mid = collectgarbage('count')
                local u = s:upper() .. ''
                local r = s:sub(2)
                print(mid - before >= 3000000, collectgarbage('count') - mid >= 6000000)
                collectgarbage('restart')
                """)).isEqualTo("true\ttrue\n");
    }

    @Test
    void tooLargeRepIsALuaErrorWithoutLimit() {
        for (String n : List.of("1 << 31", "1 << 40", "math.maxinteger")) {
            assertThat(LibTestSupport.error("return string.rep('x', " + n + ")"))
                    .as(n).endsWith("resulting string too large");
        }
        assertThat(LibTestSupport.error("return string.rep('x', (1 << 31) - 2)")).isEqualTo("not enough memory");
        assertThat(LibTestSupport.error("return string.rep('abc', 1 << 30, 'de')")).endsWith("resulting string too large");
    }

    @Test
    void weakValueHeldOnlyByALibraryClosureSurvives() throws IOException {
        Files.writeString(dir.resolve("f.txt"), "a\nb\nc\n");
        LuaRun lua = new LuaRun(StandardLibraries.host());
        lua.state.setGlobal("name", dir.resolve("f.txt").toString());
        // the file handle is held only by the lines iterator (io.lines(name) without closing)
        assertThat(lua.run("""
                local io = require 'io'
                local weak = setmetatable({}, {__mode = 'v'})
                local it
                do
                  local f = assert(io.open(name))
                  weak[1] = f
                  it = f:lines()
                end
                collectgarbage(); collectgarbage()
                print(weak[1] ~= nil, io.type(weak[1]), it(), it())
                """)).isEqualTo("true\tfile\ta\tb\n");
    }

    @Test
    void defaultOutputFileHeldOnlyByIoIsNotFinalized() throws IOException {
        LuaRun lua = new LuaRun(StandardLibraries.host());
        lua.state.setGlobal("name", dir.resolve("out.txt").toString());
        lua.run("""
                local io = require 'io'
                io.output(name)
                collectgarbage(); collectgarbage()
                io.write('still open')
                io.close()
                """);
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("still open");
    }

    @Test
    void forgottenFileIsClosedByItsFinalizer() throws IOException {
        LuaRun lua = new LuaRun(StandardLibraries.host());
        lua.state.setGlobal("name", dir.resolve("g.txt").toString());
        lua.run("""
                local io = require 'io'
                do local f = assert(io.open(name, 'w')) f:setvbuf('full') f:write('flushed by __gc') end
                collectgarbage(); collectgarbage()
                """);
        assertThat(Files.readString(dir.resolve("g.txt"))).isEqualTo("flushed by __gc");
        lua.run("""
                local io = require 'io'
                KEEP = assert(io.open(name, 'w')) KEEP:setvbuf('full') KEEP:write('closed at close')
                """);
        lua.state.close();
        assertThat(Files.readString(dir.resolve("g.txt"))).isEqualTo("closed at close");
    }

    @Test
    void javaModuleValueHeldByPackageSurvives() {
        LuaLibrary mod = new LuaLibrary() {
            @Override
            public String name() {
                return "jmod";
            }

            @Override
            public Object open(LuaState state) {
                return new LuaTable();
            }
        };
        LuaRun lua = new LuaRun(StandardLibraries.kernel().modules(List.of(mod)));
        assertThat(lua.run("""
                local weak = setmetatable({}, {__mode = 'v'})
                weak[1] = require 'jmod'
                local first = tostring(weak[1])
                package.loaded.jmod = nil
                collectgarbage(); collectgarbage()
                print(weak[1] ~= nil, tostring(require 'jmod') == first)
                """)).isEqualTo("true\ttrue\n");
    }
}
