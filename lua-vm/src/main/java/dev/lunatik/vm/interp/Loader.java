package dev.lunatik.vm.interp;

import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.compiler.Compiler;
import dev.lunatik.vm.parser.Parser;

/** Turns source text into a closure: parse, compile, and bind the {@code _ENV} upvalue. */
public final class Loader {
    private Loader() {}

    /** Compiles {@code source} as {@code load} does (no shebang skipping; raises {@link dev.lunatik.vm.value.LuaError} on syntax errors). */
    public static Proto compile(byte[] source, String chunkName) {
        Chunk chunk = Parser.parse(source, chunkName, false);
        return Compiler.compile(chunk);
    }

    /**
     * What {@code luaL_loadfile} does to a file's bytes before compiling them: drops a UTF-8
     * byte-order mark and, when the text then starts with {@code #} (a Unix {@code #!} line),
     * blanks that first line but keeps its newline so line numbers stay right.
     */
    public static byte[] fileText(byte[] b) {
        int start = 0;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) start = 3;
        int from = start;
        if (start < b.length && b[start] == '#') {
            from = start;
            while (from < b.length && b[from] != '\n') from++;
        }
        if (from == 0) return b;
        return java.util.Arrays.copyOfRange(b, from, b.length);
    }

    /** Whether {@code b} (after {@link #fileText}) is a precompiled chunk ({@code ESC Lua}). */
    public static boolean isBinary(byte[] b) {
        return b.length > 0 && b[0] == 0x1B;
    }

    /** Compiles the contents of a file as {@code luaL_loadfile} does (see {@link #fileText}). */
    public static LuaClosure loadFileText(byte[] source, String chunkName, Object env) {
        return load(fileText(source), chunkName, env);
    }

    /** A main closure for {@code p} whose first upvalue ({@code _ENV}) is {@code env}. */
    public static LuaClosure bind(Proto p, Object env) {
        UpVal[] ups = new UpVal[p.upvalues.length];
        for (int i = 0; i < ups.length; i++) ups[i] = UpVal.closed(null);
        if (ups.length > 0) ups[0].setBoxed(env);
        return new LuaClosure(p, ups);
    }

    /** Compiles and binds to {@code env}. */
    public static LuaClosure load(byte[] source, String chunkName, Object env) {
        return bind(compile(source, chunkName), env);
    }

    /**
     * {@code string.dump}: the binary chunk of Lua function {@code f} ({@code strip} drops debug
     * information). Not written yet: raises "unable to dump given function".
     */
    public static byte[] dump(LuaThread t, LuaClosure f, boolean strip) {
        throw t.error("unable to dump given function");
    }
}
