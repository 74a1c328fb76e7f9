package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoLibTest {
    @TempDir
    Path dir;

    private LuaRun host(String stdin) {
        LuaRun lua = new LuaRun(StandardLibraries.host(), stdin);
        lua.run("io = require 'io'");
        return lua;
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void writeAndReadBackInATempDirectory() throws IOException {
        LuaRun lua = host("");
        lua.state.setGlobal("name", file("data.txt"));
        assertThat(lua.run("local f = assert(io.open(name, 'w'))\n"
                + "print(f:write('alpha\\n', 42, '\\n', ' 17 -0x10 9z\\nlast') == f)\n"
                + "print(f:close(), io.type(f), tostring(f))")).isEqualTo("true\ntrue\tclosed file\tfile (closed)\n");
        assertThat(Files.readString(dir.resolve("data.txt"))).isEqualTo("alpha\n42\n 17 -0x10 9z\nlast");
        assertThat(lua.run("local f = io.open(name)\n"
                + "print(f:read('l', 'n'))\n"
                + "print(f:read('n', 'n', 'n', 'n'))\n"
                + "print(f:read('L'), f:read(2), f:read('a'), f:read('a'), f:read('l'), f:read(0), f:read(1))\n"
                + "f:close()"))
                .isEqualTo("alpha\t42\n17\t-16\t9\tnil\nz\n\tla\tst\t\tnil\tnil\tnil\n");
    }

    @Test
    void filesHaveNoUserValues() {
        // as Lua's files (lua_newuserdatauv(L, size, 0)): the debug user-value functions fail
        LuaRun lua = host("");
        assertThat(lua.run("print(debug.setuservalue(io.stdin, 10), select('#', debug.getuservalue(io.stdin)),"
                + " debug.getuservalue(io.stdout, 1))")).isEqualTo("nil\t1\tnil\n");
    }

    @Test
    void linesIteratesAndClosesItsFile() throws IOException {
        Files.writeString(dir.resolve("l.txt"), "one\ntwo\n\nfour");
        LuaRun lua = host("");
        lua.state.setGlobal("name", file("l.txt"));
        assertThat(lua.run("for l in io.lines(name) do io.write('[', l, ']') end print()"))
                .isEqualTo("[one][two][][four]\n");
        assertThat(lua.run("for a, b in io.lines(name, 1, 'l') do io.write(a, '|', b, ';') end print()"))
                .isEqualTo("o|ne;t|wo;\n|four;\n");
        assertThat(lua.run("local it, _, _, f = io.lines(name) it() print(io.type(f)) for _ in it do end print(io.type(f))"))
                .isEqualTo("file\nclosed file\n");
        assertThat(lua.run("local f = io.open(name) for l in f:lines('L') do io.write(l) end print(io.type(f)) f:close()"))
                .isEqualTo("one\ntwo\n\nfourfile\n");
        assertThatThrownBy(() -> lua.run("io.lines('" + file("missing") + "')"))
                .hasMessage("test:1: cannot open file '" + file("missing") + "' (No such file or directory)");
    }

    @Test
    void failuresReturnNilMessageAndErrno() {
        LuaRun lua = host("");
        lua.state.setGlobal("missing", file("missing.txt"));
        lua.state.setGlobal("dir", dir.toString());
        assertThat(lua.run("print(io.open(missing))")).isEqualTo("nil\t" + file("missing.txt") + ": No such file or directory\t2\n");
        assertThat(lua.run("print(io.open(dir, 'w'))")).isEqualTo("nil\t" + dir + ": Is a directory\t21\n");
        assertThatThrownBy(() -> lua.run("io.open(missing, 'rw')")).hasMessage("test:1: bad argument #2 to 'open' (invalid mode)");
        assertThat(lua.run("print(io.stdout:close())")).isEqualTo("nil\tcannot close standard file\n");
        assertThatThrownBy(() -> lua.run("local f = io.tmpfile() f:close() f:read()"))
                .hasMessage("test:1: attempt to use a closed file");
        assertThatThrownBy(() -> lua.run("io.stdout.write(42)"))
                .hasMessage("test:1: bad argument #1 to 'write' (FILE* expected, got number)");
        assertThatThrownBy(() -> lua.run("io.read('x')")).hasMessage("test:1: bad argument #1 to 'read' (invalid format)");
    }

    @Test
    void modesAppendAndUpdate() throws IOException {
        Files.writeString(dir.resolve("m.txt"), "0123456789");
        LuaRun lua = host("");
        lua.state.setGlobal("name", file("m.txt"));
        assertThat(lua.run("local f = io.open(name, 'r+') f:seek('set', 2) f:write('AB') "
                + "print(f:seek(), f:read(2), f:seek('end'), f:seek('cur', -3), f:read('a')) f:close()"))
                .isEqualTo("4\t45\t10\t7\t789\n");
        assertThat(lua.run("local f = io.open(name, 'a+') f:write('X') f:seek('set') print(f:read('a')) "
                + "f:seek('set') f:write('Y') f:close()")).isEqualTo("01AB456789X\n");
        assertThat(Files.readString(dir.resolve("m.txt"))).isEqualTo("01AB456789XY");
        assertThat(lua.run("local f = io.open(name, 'w+') print(f:read('a') == '', f:seek('set', -1)) f:close()"))
                .isEqualTo("true\tnil\tInvalid argument\t22\n");
        assertThat(Files.readString(dir.resolve("m.txt"))).isEmpty();
    }

    @Test
    void standardStreamsAreTheStates() {
        LuaRun lua = host("first line\n12 rest");
        assertThat(lua.run("io.write('a', 1, '\\n') io.stdout:write('b\\n') io.stderr:write('e\\n')"))
                .isEqualTo("a1\nb\n");
        assertThat(lua.err.toString(StandardCharsets.UTF_8)).isEqualTo("e\n");
        assertThat(lua.run("print(io.read()) print(io.read('n', 'a'))")).isEqualTo("first line\n12\t rest\n");
        assertThat(lua.run("print(io.read('l'), io.read(0), io.read('a'))")).isEqualTo("nil\tnil\t\n");
    }

    @Test
    void defaultInputAndOutputCanBeRedirected() throws IOException {
        LuaRun lua = host("");
        lua.state.setGlobal("name", file("out.txt"));
        assertThat(lua.run("print(io.output() == io.stdout) io.output(name) io.write('x', 1) print(io.output() ~= io.stdout) io.close()"))
                .isEqualTo("true\ntrue\n"); // print writes to the state's stdout, not io.output()
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("x1");
        assertThatThrownBy(() -> lua.run("io.write('more')")).hasMessage("test:1: default output file is closed");
        assertThat(lua.run("io.output(io.stdout) io.input(name) print(io.read('a')) print(io.lines()())"))
                .isEqualTo("x1\n\n"); // the iterator returns nothing at the end
        assertThatThrownBy(() -> lua.run("io.input('" + file("nope") + "')"))
                .hasMessage("test:1: cannot open file '" + file("nope") + "' (No such file or directory)");
    }

    @Test
    void toStringAndTypeOfHandles() {
        LuaRun lua = host("");
        assertThat(lua.run("local s = tostring(io.stdout) print(#s > 8, s == tostring(io.stdout), s ~= tostring(io.stderr))"))
                .isEqualTo("true\ttrue\ttrue\n");
        assertThat(lua.run("print(io.type(io.stdin), io.type({}), io.type(nil))")).isEqualTo("file\tnil\tnil\n");
        assertThatThrownBy(() -> lua.run("io.type()")).hasMessageContaining("bad argument #1 to 'type' (value expected)");
    }

    @Test
    void toBeClosedFileIsClosedAtScopeEnd() {
        LuaRun lua = host("");
        assertThat(lua.run("local g do local f <close> = io.tmpfile() g = f f:write('x') end print(io.type(g))"))
                .isEqualTo("closed file\n");
    }

    @Test
    void flushAllWritesUnclosedFiles() throws IOException {
        LuaRun lua = host("");
        lua.state.setGlobal("name", file("unclosed.txt"));
        lua.run("f = io.open(name, 'w') f:write('pending')");
        assertThat(Files.readString(dir.resolve("unclosed.txt"))).isEmpty();
        IoLib.flushAll(lua.state);
        assertThat(Files.readString(dir.resolve("unclosed.txt"))).isEqualTo("pending");
    }

    @Test
    void setvbufNoWritesThrough() throws IOException {
        LuaRun lua = host("");
        lua.state.setGlobal("name", file("vbuf.txt"));
        lua.run("f = io.open(name, 'w') print(f:setvbuf('no')) f:write('now')");
        assertThat(Files.readString(dir.resolve("vbuf.txt"))).isEqualTo("now");
        assertThatThrownBy(() -> lua.run("f:setvbuf('sometimes')"))
                .hasMessage("test:1: bad argument #1 to 'setvbuf' (invalid option 'sometimes')");
    }

    @Test
    void popenIsNotSupported() {
        assertThatThrownBy(() -> host("").run("io.popen('ls')")).hasMessage("test:1: 'popen' not supported");
    }
}
