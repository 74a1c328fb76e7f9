package dev.lunatik.vm.interp;

import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.bytecode.BinaryChunk;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.compiler.Compiler;
import dev.lunatik.vm.parser.Parser;

/**
 * Turns a chunk into a closure: source text is parsed and compiled, a binary chunk (first byte
 * ESC) is read by {@link BinaryChunk}; then the {@code _ENV} upvalue is bound.
 */
public final class Loader {
    private Loader() {}

    /**
     * Compiles {@code source} as {@code load} does (no shebang skipping; raises
     * {@link dev.lunatik.vm.value.LuaError} on syntax errors), or reads it when it is a binary
     * chunk (raising "bad binary format" errors).
     */
    public static Proto compile(byte[] source, String chunkName) {
        if (isBinary(source)) return BinaryChunk.undump(source, chunkName);
        Chunk chunk = Parser.parse(source, chunkName, false);
        return Compiler.compile(chunk);
    }

    /**
     * What {@code luaL_loadfile} does to a file's bytes before compiling them: drops a UTF-8
     * byte-order mark and, when the text then starts with {@code #} (a Unix {@code #!} line),
     * blanks that first line but keeps its newline so line numbers stay right (unless a binary
     * chunk follows it).
     */
    public static byte[] fileText(byte[] b) {
        int start = 0;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) start = 3;
        int from = start;
        if (start < b.length && b[start] == '#') {
            from = start;
            while (from < b.length && b[from] != '\n') from++;
            // a binary chunk after the '#' line: drop the newline too (as luaL_loadfilex does)
            if (from + 1 < b.length && b[from + 1] == BinaryChunk.ESC) from++;
        }
        if (from == 0) return b;
        return java.util.Arrays.copyOfRange(b, from, b.length);
    }

    /** Whether {@code b} (after {@link #fileText}) is a precompiled chunk ({@code ESC Lua}). */
    public static boolean isBinary(byte[] b) {
        return BinaryChunk.isBinary(b);
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

    /** Compiles (or reads, for a binary chunk) and binds to {@code env}. */
    public static LuaClosure load(byte[] source, String chunkName, Object env) {
        return bind(compile(source, chunkName), env);
    }

    /**
     * {@code string.dump}: the binary chunk of Lua function {@code f} ({@code strip} drops line
     * information, local and upvalue names and the source, as Lua 5.4 does). Loading it gives a
     * function with fresh upvalues.
     */
    public static byte[] dump(LuaThread t, LuaClosure f, boolean strip) {
        return BinaryChunk.dump(f.p, strip);
    }
}
