package dev.lunatik.stdlib.script;

import dev.lunatik.stdlib.StandardLibraries;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import dev.lunatik.vm.value.LuaUserdata;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.script.AbstractScriptEngine;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;
import javax.script.SimpleBindings;

/**
 * A {@code javax.script} engine for kernel-flavour Lua: one {@link LuaState} with the kernel
 * libraries ({@link StandardLibraries#kernel()}), used by one thread at a time.
 *
 * <p><b>Bindings.</b> The engine's own {@code ENGINE_SCOPE} bindings are a live view of the Lua
 * globals: {@code engine.put("n", 5)} makes the global {@code n} the integer 5, and after
 * {@code engine.eval("x = 42")}, {@code engine.get("x")} is {@code 42L}. Other bindings (from
 * {@link #createBindings()}, or a context of the caller's) are a script's environment for one
 * run: the script reads them as globals, falls back to the engine's globals for what they lack
 * (so the libraries stay visible), and its global assignments go back into them, not into the
 * engine. {@code GLOBAL_SCOPE} bindings are not visible to Lua.
 *
 * <p><b>Values.</b> Going in, strings become Lua strings, integral numbers and whole
 * floating-point numbers integers; a fractional or out-of-range number is refused (this Lua has
 * no floats); Lua values (tables, functions, ...) pass through and any other object reaches Lua
 * as an opaque userdata. Coming out, integers are {@link Long}s, strings {@link String}s, nil
 * {@code null}; tables, functions and userdata are the VM's objects.
 *
 * <p><b>Errors.</b> Every error of a script, syntax errors included, is a {@link ScriptException}
 * with the Lua message, the file name and, when the message starts with the position, the line
 * number; its cause is the {@link LuaError}, which has the Lua traceback. The chunk name is
 * {@code "@"} followed by the context's {@link ScriptEngine#FILENAME} when it is set, otherwise
 * {@value #DEFAULT_CHUNK_NAME}.
 *
 * <p><b>Output.</b> {@code print} writes to the current context's writer and {@code warn} to its
 * error writer, as UTF-8 text; both are flushed at the end of every call into the engine.
 */
public final class LuaScriptEngine extends AbstractScriptEngine implements Compilable, Invocable, AutoCloseable {
    /** The chunk name of scripts whose context has no {@link ScriptEngine#FILENAME}. */
    public static final String DEFAULT_CHUNK_NAME = "=script";

    private static final Pattern LINE = Pattern.compile("(\\d{1,9}):");
    private static final Pattern POSITION = Pattern.compile("([^\\n]*?):(\\d{1,9}):");

    private final LuaScriptEngineFactory factory;
    private final WriterOutputStream out;
    private final WriterOutputStream err;
    private final LuaState state;
    private final GlobalsBindings globals;
    /** The base library's {@code load}, {@code string.dump} and an indexing helper, kept from before any script ran. */
    private final LuaFunction load;
    private final LuaFunction dump;
    private final LuaFunction index;
    /** The context of the call into the engine in progress, or null between calls. */
    private ScriptContext current;

    /** An engine with a new Lua state, as {@code new ScriptEngineManager().getEngineByName("lua")} gives. */
    public LuaScriptEngine() {
        this(new LuaScriptEngineFactory());
    }

    LuaScriptEngine(LuaScriptEngineFactory factory) {
        this.factory = factory;
        this.out = new WriterOutputStream(() -> activeContext().getWriter());
        this.err = new WriterOutputStream(() -> activeContext().getErrorWriter());
        this.state = StandardLibraries.kernel()
                .stdout(new PrintStream(out, true, StandardCharsets.UTF_8))
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8))
                .build();
        this.globals = new GlobalsBindings(state.globals());
        this.load = (LuaFunction) state.getGlobal("load");
        this.dump = (LuaFunction) ((LuaTable) state.getGlobal("string")).rawget("dump");
        this.index = state.load("local object, key = ... return object[key]", "=invokeMethod");
        context.setBindings(globals, ScriptContext.ENGINE_SCOPE);
    }

    /**
     * {@return the Lua state behind this engine} It is there for what {@code javax.script} has no
     * words for: registering Java functions, instruction and memory limits. Use it from the thread
     * that uses the engine.
     */
    public LuaState getLuaState() {
        return state;
    }

    // ------------------------------------------------------------------ ScriptEngine

    /**
     * Runs {@code script} in {@code ctx} and returns its first result ({@code null} when it
     * returns nothing).
     *
     * @throws ScriptException when the script does not compile or raises an error
     */
    @Override
    public Object eval(String script, ScriptContext ctx) throws ScriptException {
        Objects.requireNonNull(ctx, "ctx");
        return execute(compile(script, chunkName(ctx), ctx), ctx);
    }

    /**
     * Reads {@code reader} to its end, then runs the text as {@link #eval(String, ScriptContext)}
     * does.
     *
     * @throws ScriptException when reading fails, the script does not compile or raises an error
     */
    @Override
    public Object eval(Reader reader, ScriptContext ctx) throws ScriptException {
        return eval(read(reader), ctx);
    }

    /** New, empty {@link SimpleBindings}: an environment of its own for the scripts run with it. */
    @Override
    public Bindings createBindings() {
        return new SimpleBindings();
    }

    /** The factory that made this engine. */
    @Override
    public ScriptEngineFactory getFactory() {
        return factory;
    }

    // ------------------------------------------------------------------ Compilable

    /**
     * Compiles {@code script} once; the result runs it as often as wanted, in any context. The
     * chunk name comes from the engine's context at compile time.
     *
     * @throws ScriptException on a syntax error
     */
    @Override
    public CompiledScript compile(String script) throws ScriptException {
        return compile(script, chunkName(context), context);
    }

    /**
     * Reads {@code script} to its end and compiles it as {@link #compile(String)} does.
     *
     * @throws ScriptException when reading fails or on a syntax error
     */
    @Override
    public CompiledScript compile(Reader script) throws ScriptException {
        return compile(read(script));
    }

    // ------------------------------------------------------------------ Invocable

    /**
     * Calls the global function {@code name} (in the engine's context) with {@code args} and
     * returns its first result.
     *
     * @throws NoSuchMethodException when {@code name} is not a function
     * @throws ScriptException when the function raises an error or an argument cannot be passed
     */
    @Override
    public Object invokeFunction(String name, Object... args) throws ScriptException, NoSuchMethodException {
        Objects.requireNonNull(name, "name");
        ScriptContext ctx = context;
        Object fn = function(ctx, name);
        if (!callable(fn)) throw new NoSuchMethodException("no Lua function '" + name + "'");
        return run(ctx, chunkName(ctx), () -> JavaValues.first(state.call(fn, JavaValues.toLua(args))));
    }

    /**
     * Calls method {@code name} of the Lua object {@code thiz} (a table, a userdata or a string)
     * as {@code thiz:name(args)} does, and returns its first result.
     *
     * @throws IllegalArgumentException when {@code thiz} is null or not a Lua object
     * @throws NoSuchMethodException when {@code thiz[name]} is not a function
     * @throws ScriptException when indexing or the method raises an error, or an argument cannot
     *     be passed
     */
    @Override
    public Object invokeMethod(Object thiz, String name, Object... args) throws ScriptException, NoSuchMethodException {
        Object self = receiver(thiz);
        Objects.requireNonNull(name, "name");
        ScriptContext ctx = context;
        Object fn = method(ctx, self, name);
        if (!callable(fn)) throw new NoSuchMethodException("no Lua method '" + name + "'");
        return run(ctx, chunkName(ctx), () -> {
            Object[] luaArgs = JavaValues.toLua(args);
            Object[] all = new Object[luaArgs.length + 1];
            all[0] = self;
            System.arraycopy(luaArgs, 0, all, 1, luaArgs.length);
            return JavaValues.first(state.call(fn, all));
        });
    }

    /**
     * An implementation of {@code type} whose methods call the global Lua functions of the same
     * names, looked up at each call; {@code null} when a method without a default has no function
     * now. Results are converted to the methods' return types; a script error reaches the caller
     * as an {@link java.lang.reflect.UndeclaredThrowableException} around the
     * {@link ScriptException}, unless the method declares it.
     *
     * @throws IllegalArgumentException when {@code type} is not an interface
     */
    @Override
    public <T> T getInterface(Class<T> type) {
        return implement(null, type);
    }

    /**
     * As {@link #getInterface(Class)}, with the methods of the Lua object {@code thiz}:
     * a call of {@code m(args)} calls {@code thiz:m(args)}.
     *
     * @throws IllegalArgumentException when {@code thiz} is null or not a Lua object, or
     *     {@code type} is not an interface
     */
    @Override
    public <T> T getInterface(Object thiz, Class<T> type) {
        return implement(receiver(thiz), type);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Closes the Lua state: pending {@code __gc} finalizers run (their output goes to the
     * engine's context). The engine cannot run scripts afterwards. Idempotent.
     */
    @Override
    public void close() {
        try {
            state.close();
        } finally {
            out.finish();
            err.finish();
        }
    }

    // ------------------------------------------------------------------ running

    /** A call into the VM, which may raise {@link LuaError}. */
    @FunctionalInterface
    private interface VmCall {
        Object run();
    }

    /**
     * Runs {@code body} with {@code ctx} as the current context (its writers receive the
     * output), turning every failure into a {@link ScriptException}.
     */
    private Object run(ScriptContext ctx, String chunkName, VmCall body) throws ScriptException {
        if (state.isClosed()) throw new IllegalStateException("the Lua engine is closed");
        ScriptContext outer = current;
        current = ctx;
        try {
            return body.run();
        } catch (LuaError e) {
            throw scriptException(e, chunkName);
        } catch (RuntimeException | StackOverflowError e) {
            // a value Lua cannot take (IllegalArgumentException), a failing Bindings, or a VM bug
            ScriptException se = new ScriptException(e.getMessage() != null ? e.getMessage() : e.toString());
            se.initCause(e);
            throw se;
        } finally {
            out.finish();
            err.finish();
            current = outer;
        }
    }

    private ScriptContext activeContext() {
        return current != null ? current : context;
    }

    private Compiled compile(String script, String chunkName, ScriptContext ctx) throws ScriptException {
        Objects.requireNonNull(script, "script");
        LuaFunction chunk = (LuaFunction) run(ctx, chunkName, () -> state.load(script, chunkName));
        return new Compiled(chunk, chunkName);
    }

    /**
     * Runs a compiled chunk in {@code ctx}: directly when the context's engine scope is this
     * engine's globals, otherwise in an environment made of the context's bindings.
     */
    private Object execute(Compiled script, ScriptContext ctx) throws ScriptException {
        Objects.requireNonNull(ctx, "ctx");
        Bindings scope = ctx.getBindings(ScriptContext.ENGINE_SCOPE);
        return run(ctx, script.chunkName, () -> {
            if (scope == globals) return JavaValues.first(state.call(script.chunk));
            Map<String, Object> given = new HashMap<>();
            LuaTable env = environment(scope, given);
            try {
                return JavaValues.first(state.call(script.boundTo(env)));
            } finally {
                if (scope != null) writeBack(env, given, scope);
            }
        });
    }

    /**
     * A table holding {@code scope}'s entries as Lua values (also recorded in {@code given}),
     * whose missing keys are looked up in the engine's globals.
     */
    private LuaTable environment(Bindings scope, Map<String, Object> given) {
        LuaTable env = new LuaTable();
        if (scope != null) {
            for (Map.Entry<String, Object> e : scope.entrySet()) {
                Object v = JavaValues.toLua(e.getValue());
                if (v == null) continue;
                env.rawset(LuaString.intern(e.getKey()), v);
                given.put(e.getKey(), v);
            }
        }
        LuaTable meta = new LuaTable();
        meta.rawset("__index", state.globals());
        env.setMetatable(meta);
        return env;
    }

    /** Copies into {@code scope} what the script changed in its environment {@code env}. */
    private static void writeBack(LuaTable env, Map<String, Object> given, Bindings scope) {
        for (Object[] kv = env.next(null); kv != null; kv = env.next(kv[0])) {
            if (!(kv[0] instanceof LuaString key)) continue;
            String name = key.toUtf8();
            if (!given.containsKey(name) || !JavaValues.same(given.get(name), kv[1])) {
                scope.put(name, JavaValues.toJava(kv[1]));
            }
        }
        for (String name : given.keySet()) {
            if (env.rawget(LuaString.valueOf(name)) == null) scope.remove(name);
        }
    }

    /** A chunk compiled once; it runs bound to the globals, or re-bound to another environment. */
    private final class Compiled extends CompiledScript {
        final LuaFunction chunk;
        final String chunkName;
        /** {@code string.dump} of the chunk, made the first time it runs in another environment. */
        private LuaString binary;

        Compiled(LuaFunction chunk, String chunkName) {
            this.chunk = chunk;
            this.chunkName = chunkName;
        }

        @Override
        public Object eval(ScriptContext ctx) throws ScriptException {
            return execute(this, ctx);
        }

        @Override
        public ScriptEngine getEngine() {
            return LuaScriptEngine.this;
        }

        /** A fresh closure of the chunk whose {@code _ENV} is {@code env} (raises {@link LuaError}). */
        LuaFunction boundTo(LuaTable env) {
            if (binary == null) binary = (LuaString) state.call(dump, chunk)[0];
            Object[] r = state.call(load, binary, chunkName, "b", env);
            if (r.length > 0 && r[0] instanceof LuaFunction f) return f;
            throw new LuaError(r.length > 1 ? r[1] : LuaString.valueOf("cannot reload the compiled chunk"));
        }
    }

    // ------------------------------------------------------------------ invocation support

    /** The value of global {@code name} as a script running in {@code ctx} sees it. */
    private Object function(ScriptContext ctx, String name) {
        if (name.isEmpty()) return null;
        Bindings scope = ctx.getBindings(ScriptContext.ENGINE_SCOPE);
        if (scope != globals && scope != null && scope.containsKey(name)) return scope.get(name);
        return state.getGlobal(name);
    }

    /** {@code self[name]}, metamethods included. */
    private Object method(ScriptContext ctx, Object self, String name) throws ScriptException {
        return run(ctx, chunkName(ctx), () -> state.call(index, self, name)[0]);
    }

    /** {@code thiz} as a Lua object that may have methods. */
    private static Object receiver(Object thiz) {
        if (thiz == null) throw new IllegalArgumentException("thiz is null");
        Object self = thiz instanceof String s ? LuaString.valueOf(s) : thiz;
        if (self instanceof LuaTable || self instanceof LuaUserdata || self instanceof LuaString) return self;
        throw new IllegalArgumentException("not a Lua table, userdata or string: " + thiz.getClass().getName());
    }

    /** Whether {@code v} can be called: a function, or a table or userdata with {@code __call}. */
    private static boolean callable(Object v) {
        if (v instanceof LuaFunction) return true;
        LuaTable mt = v instanceof LuaTable t ? t.getMetatable() : v instanceof LuaUserdata u ? u.getMetatable() : null;
        return mt != null && mt.rawget("__call") != null;
    }

    private <T> T implement(Object self, Class<T> type) {
        if (type == null || !type.isInterface()) throw new IllegalArgumentException("not an interface: " + type);
        for (Method m : type.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers()) || isObjectMethod(m)) continue;
            Object fn;
            try {
                fn = self == null ? function(context, m.getName()) : method(context, self, m.getName());
            } catch (ScriptException e) {
                return null;
            }
            if (!callable(fn)) return null;
        }
        InvocationHandler handler = (proxy, method, args) -> dispatch(proxy, self, type, method, args);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object dispatch(Object proxy, Object self, Class<?> type, Method method, Object[] args) throws Throwable {
        if (isObjectMethod(method)) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "Lua implementation of " + type.getName();
            }
        }
        Object r;
        try {
            r = self == null ? invokeFunction(method.getName(), args) : invokeMethod(self, method.getName(), args);
        } catch (NoSuchMethodException e) {
            if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
            throw e;
        }
        return returnValue(r, method);
    }

    private static boolean isObjectMethod(Method m) {
        Class<?>[] p = m.getParameterTypes();
        switch (m.getName()) {
            case "equals":
                return p.length == 1 && p[0] == Object.class;
            case "hashCode":
            case "toString":
                return p.length == 0;
            default:
                return false;
        }
    }

    /** A Lua result (converted by {@link JavaValues#toJava}) as a value of {@code m}'s return type. */
    private static Object returnValue(Object r, Method m) {
        Class<?> t = m.getReturnType();
        if (t == void.class) return null;
        if (t == boolean.class || (t == Boolean.class && r != null)) return Lua.isTruthy(r);
        if (r == null) {
            if (t.isPrimitive()) throw new ClassCastException("Lua function '" + m.getName() + "' returned nil, not a " + t);
            return null;
        }
        if (r instanceof Long l) {
            long v = l;
            if (t == long.class || t == Long.class) return l;
            if (t == int.class || t == Integer.class) return (int) narrow(v, Integer.MIN_VALUE, Integer.MAX_VALUE, m);
            if (t == short.class || t == Short.class) return (short) narrow(v, Short.MIN_VALUE, Short.MAX_VALUE, m);
            if (t == byte.class || t == Byte.class) return (byte) narrow(v, Byte.MIN_VALUE, Byte.MAX_VALUE, m);
            if (t == double.class || t == Double.class) return (double) v;
            if (t == float.class || t == Float.class) return (float) v;
            if (t == String.class || t == CharSequence.class) return Long.toString(v);
        }
        if (t.isInstance(r)) return r;
        throw new ClassCastException("Lua function '" + m.getName() + "' returned a " + Lua.typeName(r)
                + " (" + r.getClass().getName() + "), not a " + t.getName());
    }

    private static long narrow(long v, long min, long max, Method m) {
        if (v < min || v > max) {
            throw new ArithmeticException("Lua function '" + m.getName() + "' returned " + v
                    + ", out of range for " + m.getReturnType());
        }
        return v;
    }

    // ------------------------------------------------------------------ helpers

    /** The chunk name for scripts run in {@code ctx}: from its {@link ScriptEngine#FILENAME}, if set. */
    private static String chunkName(ScriptContext ctx) {
        Object file = ctx.getAttribute(ScriptEngine.FILENAME);
        return file == null ? DEFAULT_CHUNK_NAME : "@" + file;
    }

    /**
     * The {@link ScriptException} for a Lua error: the Lua message, and the position when the
     * message starts with one ({@code chunk:line:}); otherwise the chunk's name alone.
     */
    private static ScriptException scriptException(LuaError e, String chunkName) {
        String msg = e.getMessage();
        String own = ChunkName.shortSource(chunkName) + ":";
        String file = chunkName.startsWith("@") || chunkName.startsWith("=") ? chunkName.substring(1) : chunkName;
        int line = -1;
        Matcher m = LINE.matcher(msg).region(Math.min(own.length(), msg.length()), msg.length());
        if (msg.startsWith(own) && m.lookingAt()) {
            line = Integer.parseInt(m.group(1));
        } else if ((m = POSITION.matcher(msg)).lookingAt()) { // another chunk's position (a loaded string, a module)
            file = m.group(1);
            line = Integer.parseInt(m.group(2));
        }
        ScriptException se = new ScriptException(msg, file, line);
        se.initCause(e);
        return se;
    }

    private static String read(Reader reader) throws ScriptException {
        Objects.requireNonNull(reader, "reader");
        StringWriter text = new StringWriter();
        try {
            reader.transferTo(text);
        } catch (IOException e) {
            throw new ScriptException(e);
        }
        return text.toString();
    }
}
