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
     * Compiles the contents of a file as {@code luaL_loadfile} does: a first line starting with
     * {@code #} (a shebang) is ignored, keeping line numbers.
     */
    public static LuaClosure loadFileText(byte[] source, String chunkName, Object env) {
        return bind(Compiler.compile(Parser.parse(source, chunkName, true)), env);
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
}
