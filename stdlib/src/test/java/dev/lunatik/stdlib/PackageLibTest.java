package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageLibTest {
    @TempDir
    Path root;

    private void module(String relative, String source) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, source, StandardCharsets.UTF_8);
    }

    private LuaRun kernel() {
        return new LuaRun(StandardLibraries.kernel().scriptRoot(root));
    }

    private String rootText() {
        return root.toString();
    }

    @Test
    void pathDefaultsToTheCurrentDirectory() {
        LuaRun lua = new LuaRun(StandardLibraries.kernel());
        assertThat(lua.run("print(package.path, package.cpath)")).isEqualTo("./?.lua;./?/init.lua\tnil\n");
        assertThat(lua.run("print(package.config == '/\\n;\\n?\\n!\\n-\\n')")).isEqualTo("true\n");
    }

    @Test
    void pathFollowsTheScriptRoot() {
        assertThat(kernel().run("print(package.path)"))
                .isEqualTo(rootText() + "/?.lua;" + rootText() + "/?/init.lua\n");
        assertThat(PackageLib.defaultPath(Path.of("/lib/modules/lua")))
                .isEqualTo("/lib/modules/lua/?.lua;/lib/modules/lua/?/init.lua");
        assertThat(PackageLib.defaultPath(Path.of("/"))).isEqualTo("/?.lua;/?/init.lua");
    }

    @Test
    void requireLoadsAFileOnceWithNameAndFileName() throws IOException {
        module("greet.lua", "count = (count or 0) + 1\nlocal name, file = ...\nreturn {name = name, file = file}\n");
        LuaRun lua = kernel();
        String file = rootText() + "/greet.lua";
        assertThat(lua.run("local m, data = require 'greet' print(m.name, m.file == data, data)"))
                .isEqualTo("greet\ttrue\t" + file + "\n");
        assertThat(lua.run("local m, extra = require 'greet' print(count, extra, m == package.loaded.greet)"))
                .isEqualTo("1\tnil\ttrue\n");
    }

    @Test
    void dotsBecomeDirectoriesAndInitLuaIsFound() throws IOException {
        module("net/socket.lua", "return 'socket'");
        module("crypto/init.lua", "return 'crypto'");
        LuaRun lua = kernel();
        assertThat(lua.run("print(require 'net.socket', (require 'crypto'))")).isEqualTo("socket\tcrypto\n");
    }

    @Test
    void moduleReturningNothingIsTrueUnlessItSetsLoaded() throws IOException {
        module("quiet.lua", "x = 1");
        module("self.lua", "package.loaded[...] = 'set by itself'");
        LuaRun lua = kernel();
        assertThat(lua.run("print(require 'quiet', package.loaded.quiet, (require 'self'))"))
                .isEqualTo("true\ttrue\tset by itself\n");
    }

    @Test
    void notFoundListsEverySearcher() {
        LuaRun lua = kernel();
        assertThatThrownBy(() -> lua.run("require 'no.such'"))
                .isInstanceOf(LuaError.class)
                .hasMessage("test:1: module 'no.such' not found:\n"
                        + "\tno field package.preload['no.such']\n"
                        + "\tno file '" + rootText() + "/no/such.lua'\n"
                        + "\tno file '" + rootText() + "/no/such/init.lua'\n"
                        + "\tno module 'no.such' in the Java module table");
    }

    @Test
    void syntaxErrorInAModuleNamesTheFile() throws IOException {
        module("broken.lua", "x = (\n");
        LuaRun lua = kernel();
        String file = rootText() + "/broken.lua";
        assertThatThrownBy(() -> lua.run("require 'broken'"))
                .hasMessageStartingWith("error loading module 'broken' from file '" + file + "':\n\t")
                .hasMessageContaining("broken.lua:2:");
    }

    @Test
    void selfRequireFailsCleanlyAndCanBeRetried() throws IOException {
        module("selfish.lua", "return require 'selfish'");
        LuaRun lua = kernel();
        assertThat(lua.run("print(pcall(require, 'selfish'))"))
                .isEqualTo("false\t" + rootText() + "/selfish.lua:1: loop or previous error loading module 'selfish'\n");
        // the failed load left nothing behind: fixing the module makes it loadable
        module("selfish.lua", "return 'fixed'");
        assertThat(lua.run("print(package.loaded.selfish, (require 'selfish'))")).isEqualTo("nil\tfixed\n");
    }

    @Test
    void requireCycleFailsCleanly() throws IOException {
        module("a.lua", "return require 'b'");
        module("b.lua", "return require 'c'");
        module("c.lua", "return require 'a'");
        LuaRun lua = kernel();
        assertThat(lua.run("local ok, e = pcall(require, 'a') print(ok, e)"))
                .isEqualTo("false\t" + rootText() + "/c.lua:1: loop or previous error loading module 'a'\n");
    }

    @Test
    void cycleThroughAnEarlyPublishedModuleWorks() throws IOException {
        module("p.lua", "local M = {n = 'p'} package.loaded.p = M M.q = require 'q' return M");
        module("q.lua", "return {back = require 'p'}");
        LuaRun lua = kernel();
        assertThat(lua.run("local p = require 'p' print(p.q.back == p)")).isEqualTo("true\n");
    }

    @Test
    void deepRequireChainEndsInALuaError() throws IOException {
        for (int i = 0; i < 400; i++) module("chain" + i + ".lua", "return require 'chain" + (i + 1) + "'");
        module("chain400.lua", "return 'end'");
        LuaRun lua = kernel();
        String r = lua.run("local ok, e = pcall(require, 'chain0') print(ok, e)");
        assertThat(r).startsWith("false\t").contains("stack overflow");
    }

    @Test
    void preloadComesFirstWithItsLoaderData() throws IOException {
        module("pre.lua", "return 'from file'");
        LuaRun lua = kernel();
        assertThat(lua.run("package.preload.pre = function(...) return {n = select('#', ...), ...} end\n"
                        + "local m, d = require 'pre' print(m[1], m[2], m.n, d)"))
                .isEqualTo("pre\t:preload:\t2\t:preload:\n");
    }

    @Test
    void preloadSearcherReadsTheRegistryTable() {
        LuaRun lua = kernel();
        assertThat(lua.run("local p = package.preload package.preload = {} "
                        + "p.x = function() return 'kept' end print((require 'x'))"))
                .isEqualTo("kept\n");
    }

    @Test
    void javaModulesAreFoundByTheirExactNameAndOpenedOnce() {
        AtomicInteger opened = new AtomicInteger();
        LuaLibrary shash = new LuaLibrary() {
            @Override
            public String name() {
                return "crypto.shash";
            }

            @Override
            public Object open(LuaState state) {
                opened.incrementAndGet();
                LuaTable t = new LuaTable();
                t.rawset("name", dev.lunatik.vm.value.LuaString.valueOf("shash"));
                return t;
            }
        };
        LuaRun lua = kernel();
        lua.state.provideModule(shash);
        assertThat(lua.run("local m, d = require 'crypto.shash' print(m.name, d, crypto)")).isEqualTo("shash\t:java:\tnil\n");
        assertThat(lua.run("local first = package.loaded['crypto.shash'] package.loaded['crypto.shash'] = nil "
                + "print(require 'crypto.shash' == first)")).isEqualTo("true\n");
        assertThat(opened.get()).isEqualTo(1);
        assertThatThrownBy(() -> lua.run("require 'crypto_shash'")).hasMessageContaining(
                "no module 'crypto_shash' in the Java module table");
    }

    @Test
    void loadedIsTheStateRegistryTable() {
        LuaRun lua = kernel();
        lua.run("package.loaded.answer = 42");
        assertThat(lua.state.loaded().rawget("answer")).isEqualTo(42L);
        assertThat(lua.run("print(require 'answer', package.loaded.string == string, require '_G' == _G)"))
                .isEqualTo("42\ttrue\ttrue\n");
    }

    @Test
    void searchersCanBeReplacedAndCheckedAsLuaDoes() {
        LuaRun lua = kernel();
        assertThat(lua.run("local s = package.searchers s[4], s[3], s[2] = s[3], s[2], s[1] "
                + "s[1] = function(n) return function() return n .. '!' end end "
                + "print((require 'anything'))")).isEqualTo("anything!\n");
        assertThatThrownBy(() -> lua.run("package.searchers = nil require 'zz'"))
                .hasMessage("test:1: 'package.searchers' must be a table");
    }

    @Test
    void pathMustBeAString() {
        LuaRun lua = kernel();
        assertThat(lua.run("package.path = nil print(pcall(require, 'zz'))"))
                .isEqualTo("false\t'package.path' must be a string\n");
    }

    @Test
    void searchpathListsEveryTemplate() throws IOException {
        module("a/b.lua", "");
        LuaRun lua = kernel();
        assertThat(lua.run("print(package.searchpath('x.y', './?.lua;;z/?.so'))"))
                .isEqualTo("nil\tno file './x/y.lua'\n\tno file ''\n\tno file 'z/x/y.so'\n");
        assertThat(lua.run("print(package.searchpath('a.b.c', '?', '.b', 'X'))")).isEqualTo("nil\tno file 'aX.c'\n");
        assertThat(lua.run("print(package.searchpath('a.b', package.path))")).isEqualTo(rootText() + "/a/b.lua\n");
        assertThat(lua.run("print(package.searchpath('a_b', package.path, '_'))")).isEqualTo(rootText() + "/a/b.lua\n");
        assertThat(lua.run("print(package.searchpath('a.b', package.path, ''))")).startsWith("nil\tno file");
    }

    @Test
    void loadlibFailsAsWithoutDynamicLibraries() {
        assertThat(kernel().run("print(package.loadlib('libx.so', 'luaopen_x'))"))
                .isEqualTo("nil\tdynamic libraries not enabled; check your Lua installation\tabsent\n");
    }

    @Test
    void requireChecksItsArgument() {
        assertThatThrownBy(() -> kernel().run("require()"))
                .hasMessage("test:1: bad argument #1 to 'require' (string expected, got no value)");
    }

    @Test
    void kernelStatesHaveNoIoOrOs() {
        LuaRun lua = kernel();
        assertThat(lua.run("print(io, os, pcall(require, 'io'))")).startsWith("nil\tnil\tfalse\tmodule 'io' not found:");
    }

    @Test
    void hostStatesProvideIoAndOsWithoutGlobals() {
        LuaRun lua = new LuaRun(StandardLibraries.host().scriptRoot(root));
        assertThat(lua.run("local io2, d = require 'io' print(io, os, type(io2), d, package.loaded.io == io2)"))
                .isEqualTo("nil\tnil\ttable\t:java:\ttrue\n");
        assertThat(lua.run("print(type(require('os').time()))")).isEqualTo("number\n");
    }
}
