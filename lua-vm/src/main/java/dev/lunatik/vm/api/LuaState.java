package dev.lunatik.vm.api;

import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaTable;
import java.io.PrintStream;

/**
 * A Lua state (in Lunatik terms, the Lua half of a runtime): globals, registry, the main
 * coroutine and the limits. Build one with {@link #builder()}. A state is used by one thread at a
 * time. Values crossing the API are Java objects: {@code null} (nil), {@link Boolean},
 * {@link Long}, {@link dev.lunatik.vm.value.LuaString}, {@link LuaTable},
 * {@link LuaFunction}, coroutines and userdata; for convenience, arguments may also be Java
 * {@link String}s and {@link Integer}s, which are converted.
 *
 * <p>STUB: signatures only, implementation in progress.
 */
public final class LuaState {
    /** Starts building a state. */
    public static Builder builder() {
        return new Builder();
    }

    /** The table of global variables ({@code _G}). */
    public LuaTable globals() {
        throw new UnsupportedOperationException();
    }

    /** Compiles {@code source} into a function without running it; syntax errors raise {@link LuaError}. */
    public LuaFunction load(String source, String chunkName) {
        throw new UnsupportedOperationException();
    }

    /** Compiles a chunk given as bytes (Lua source is 8-bit clean). */
    public LuaFunction load(byte[] source, String chunkName) {
        throw new UnsupportedOperationException();
    }

    /** Calls {@code function} (anything callable) with {@code args}; returns all results. */
    public Object[] call(Object function, Object... args) {
        throw new UnsupportedOperationException();
    }

    /** Loads and runs {@code source}; returns the chunk's results. */
    public Object[] execute(String source, String chunkName) {
        return call(load(source, chunkName));
    }

    /** Sets global {@code name}. */
    public void setGlobal(String name, Object value) {
        throw new UnsupportedOperationException();
    }

    /** Reads global {@code name}. */
    public Object getGlobal(String name) {
        throw new UnsupportedOperationException();
    }

    /** Lua's {@code tostring} of a value (honours {@code __tostring} and {@code __name}). */
    public String toDisplayString(Object value) {
        throw new UnsupportedOperationException();
    }

    /** Configures and creates a {@link LuaState}. */
    public static final class Builder {
        Builder() {}

        /** Maximum Lua stack size in slots (default 200, the kernel's LUAI_MAXSTACK). */
        public Builder stackLimit(int slots) {
            return this;
        }

        /** Maximum nesting of Java calls (default 200, Lua's LUAI_MAXCCALLS). */
        public Builder javaCallLimit(int depth) {
            return this;
        }

        /** Where {@code print} writes (default {@code System.out}). */
        public Builder stdout(PrintStream out) {
            return this;
        }

        /** Where {@code warn} and error reports write (default {@code System.err}). */
        public Builder stderr(PrintStream err) {
            return this;
        }

        /** Whether to open the base and coroutine libraries (default true). */
        public Builder openLibs(boolean open) {
            return this;
        }

        public LuaState build() {
            return new LuaState();
        }
    }
}
