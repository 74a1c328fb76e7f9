package dev.lunatik.stdlib.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaTable;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Iterator;
import java.util.Map;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import javax.script.SimpleScriptContext;
import org.junit.jupiter.api.Test;

/** The JSR-223 engine, used the way a {@code javax.script} host uses it. */
class LuaScriptEngineTest {
    private final ScriptEngine engine = new ScriptEngineManager().getEngineByName("lua");

    /** An interface a Lua script can implement. */
    public interface Calculator {
        long add(long a, long b);

        int twice(int x);

        String greet(String who);

        boolean positive(long n);

        default String name() {
            return "java";
        }
    }

    @Test
    void theManagerFindsTheEngineByNameExtensionAndMimeType() {
        ScriptEngineManager manager = new ScriptEngineManager();
        assertThat(manager.getEngineByName("lua")).isInstanceOf(LuaScriptEngine.class);
        assertThat(manager.getEngineByName("Lua")).isInstanceOf(LuaScriptEngine.class);
        assertThat(manager.getEngineByExtension("lua")).isInstanceOf(LuaScriptEngine.class);
        assertThat(manager.getEngineByMimeType("text/x-lua")).isInstanceOf(LuaScriptEngine.class);
        assertThat(manager.getEngineByMimeType("application/x-lua")).isInstanceOf(LuaScriptEngine.class);
        assertThat(manager.getEngineByName("lua")).as("a new state per engine").isNotSameAs(manager.getEngineByName("lua"));
    }

    @Test
    void theFactoryDescribesTheEngine() {
        ScriptEngineFactory f = engine.getFactory();
        assertThat(f).isInstanceOf(LuaScriptEngineFactory.class);
        assertThat(f.getNames()).containsExactly("lua", "Lua");
        assertThat(f.getExtensions()).containsExactly("lua");
        assertThat(f.getMimeTypes()).containsExactly("text/x-lua", "application/x-lua");
        assertThat(f.getLanguageName()).isEqualTo("Lua");
        assertThat(f.getLanguageVersion()).isEqualTo("5.4");
        assertThat(f.getEngineName()).isEqualTo("Lunatik Lua");
        assertThat(f.getEngineVersion()).isNotBlank();
        assertThat(f.getParameter(ScriptEngine.NAME)).isEqualTo("lua");
        assertThat(f.getParameter(ScriptEngine.ENGINE)).isEqualTo("Lunatik Lua");
        assertThat(f.getParameter(ScriptEngine.ENGINE_VERSION)).isEqualTo(f.getEngineVersion());
        assertThat(f.getParameter(ScriptEngine.LANGUAGE)).isEqualTo("Lua");
        assertThat(f.getParameter(ScriptEngine.LANGUAGE_VERSION)).isEqualTo("5.4");
        assertThat(f.getParameter("THREADING")).isNull();
        assertThat(f.getParameter("no such key")).isNull();
    }

    @Test
    void theFactoryWritesLuaSyntax() throws ScriptException {
        ScriptEngineFactory f = engine.getFactory();
        assertThat(f.getMethodCallSyntax("obj", "m", "a", "b")).isEqualTo("obj:m(a, b)");
        assertThat(f.getMethodCallSyntax("obj", "m")).isEqualTo("obj:m()");
        assertThat(f.getProgram("x = 1", "y = x + 1", "return y")).isEqualTo("x = 1\ny = x + 1\nreturn y");
        assertThat(engine.eval(f.getProgram("x = 1", "y = x + 1", "return y"))).isEqualTo(2L);

        String tricky = "say \"hi\"\\ \n\ttab\u0001" + "1 é";
        assertThat(f.getOutputStatement("a\"b")).isEqualTo("print(\"a\\\"b\")");
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        engine.eval(f.getOutputStatement(tricky));
        assertThat(out.toString()).isEqualTo(tricky + "\n");
    }

    @Test
    void evalReturnsTheFirstResultAsJavaValues() throws ScriptException {
        assertThat(engine.eval("return 1 + 2")).isEqualTo(3L);
        assertThat(engine.eval("x = 1")).isNull();
        assertThat(engine.eval("return 'hi', 2")).isEqualTo("hi");
        assertThat(engine.eval("return 7 // 2 == 3")).isEqualTo(true);
        assertThat(engine.eval("return nil")).isNull();
        assertThat(engine.eval("return _VERSION")).isEqualTo("Lua 5.4-kernel");
        assertThat(engine.eval("return {1, 2, 3}")).isInstanceOf(LuaTable.class);
        assertThat(engine.eval("return function() end")).isInstanceOf(LuaFunction.class);
        assertThat(engine.eval(new StringReader("return ('ab'):rep(3)"))).isEqualTo("ababab");
    }

    @Test
    void javaValuesPutBeforeEvalAreLuaGlobals() throws ScriptException {
        Object token = new Object();
        engine.put("n", 20L);
        engine.put("i", 5);
        engine.put("d", 4.0);
        engine.put("s", "abc");
        engine.put("b", true);
        engine.put("token", token);
        assertThat(engine.eval("return n + i + d")).isEqualTo(29L);
        assertThat(engine.eval("return d")).isEqualTo(4L);
        assertThat(engine.eval("return s:upper()")).isEqualTo("ABC");
        assertThat(engine.eval("return b and not nothing")).isEqualTo(true);
        assertThat(engine.eval("return type(token)")).isEqualTo("userdata");
        assertThat(engine.eval("return token")).isSameAs(token);

        engine.put("n", null);
        assertThat(engine.eval("return n == nil")).isEqualTo(true);
    }

    @Test
    void globalsSetByLuaAreInTheEngineBindings() throws ScriptException {
        engine.eval("x = 42; name = 'lua'; t = {1, 2}; local hidden = 1");
        assertThat(engine.get("x")).isEqualTo(42L);
        assertThat(engine.get("name")).isEqualTo("lua");
        assertThat(engine.get("t")).isInstanceOf(LuaTable.class);
        assertThat(engine.get("hidden")).isNull();

        Bindings globals = engine.getBindings(ScriptContext.ENGINE_SCOPE);
        assertThat(globals).containsEntry("x", 42L).containsKey("print").containsKey("string").doesNotContainKey("hidden");
        assertThat(globals.remove("x")).isEqualTo(42L);
        assertThat(engine.eval("return x")).isNull();

        engine.eval("doomed = 1");
        for (Iterator<Map.Entry<String, Object>> it = globals.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getKey().equals("doomed")) it.remove();
        }
        assertThat(engine.eval("return doomed")).isNull();
    }

    @Test
    void theEngineBindingsFollowTheBindingsContract() {
        Bindings globals = engine.getBindings(ScriptContext.ENGINE_SCOPE);
        assertThatThrownBy(() -> globals.put(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> globals.put("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> globals.get(42)).isInstanceOf(ClassCastException.class);
        assertThat(globals.put("k", "v")).isNull();
        assertThat(globals.put("k", "w")).isEqualTo("v");
    }

    @Test
    void printWritesToTheContextWriter() throws ScriptException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        engine.getContext().setWriter(out);
        engine.getContext().setErrorWriter(err);
        engine.eval("print('hello', 1, true)\nprint('héllo ✓')\nwarn('@on') warn('careful')");
        assertThat(out.toString()).isEqualTo("hello\t1\ttrue\nhéllo ✓\n");
        assertThat(err.toString()).contains("Lua warning: careful");

        StringWriter other = new StringWriter();
        ScriptContext ctx = new SimpleScriptContext();
        ctx.setWriter(other);
        engine.eval("print('elsewhere')", ctx);
        assertThat(other.toString()).isEqualTo("elsewhere\n");
        assertThat(out.toString()).doesNotContain("elsewhere");
    }

    @Test
    void aRuntimeErrorIsAScriptExceptionWithTheLine() {
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> engine.eval("local a = 1\nerror('boom')"));
        assertThat(e.getLineNumber()).isEqualTo(2);
        assertThat(e.getFileName()).isEqualTo("script");
        assertThat(e.getMessage()).startsWith("script:2: boom");
        assertThat(e.getCause()).isInstanceOf(LuaError.class);

        engine.put(ScriptEngine.FILENAME, "demo.lua");
        e = catchThrowableOfType(ScriptException.class, () -> engine.eval("local t\n\nreturn t.x"));
        assertThat(e.getLineNumber()).isEqualTo(3);
        assertThat(e.getFileName()).isEqualTo("demo.lua");
        assertThat(e.getMessage()).startsWith("demo.lua:3: attempt to index a nil value");

        e = catchThrowableOfType(ScriptException.class, () -> engine.eval("error({})"));
        assertThat(e.getLineNumber()).isEqualTo(-1);
        assertThat(e.getMessage()).contains("error object is a table value");
    }

    @Test
    void aSyntaxErrorIsAScriptException() {
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> engine.eval("x = 1\ny = = 2"));
        assertThat(e.getLineNumber()).isEqualTo(2);
        assertThat(e.getMessage()).startsWith("script:2:");
        assertThatThrownBy(() -> ((Compilable) engine).compile("for")).isInstanceOf(ScriptException.class);
        assertThatThrownBy(() -> engine.eval("return 1.5")).isInstanceOf(ScriptException.class);
    }

    @Test
    void aCompiledScriptRunsAgainWithOtherBindings() throws ScriptException {
        CompiledScript cs = ((Compilable) engine).compile("runs = (runs or 0) + 1\nreturn base * 2 + (bonus or 0)");
        Bindings first = engine.createBindings();
        first.put("base", 10);
        Bindings second = engine.createBindings();
        second.put("base", 5);
        second.put("bonus", 1);

        assertThat(cs.eval(first)).isEqualTo(20L);
        assertThat(cs.eval(second)).isEqualTo(11L);
        assertThat(cs.eval(first)).isEqualTo(20L);
        assertThat(first).containsEntry("runs", 2L).containsEntry("base", 10);
        assertThat(second).containsEntry("runs", 1L);
        assertThat(engine.get("runs")).as("the engine's globals are untouched").isNull();

        engine.put("base", 3);
        assertThat(cs.eval()).isEqualTo(6L);
        assertThat(engine.get("runs")).isEqualTo(1L);
        assertThat(cs.getEngine()).isSameAs(engine);
    }

    @Test
    void evalWithOwnBindingsSeesTheLibrariesAndKeepsItsGlobals() throws ScriptException {
        engine.put("shared", 7);
        Bindings b = engine.createBindings();
        b.put("word", "ab");
        b.put("gone", 1);
        assertThat(engine.eval("result = string.rep(word, 2) .. shared; gone = nil; return result", b)).isEqualTo("abab7");
        assertThat(b).containsEntry("result", "abab7").doesNotContainKey("gone");
        assertThat(engine.get("result")).isNull();

        Bindings replaced = engine.createBindings();
        engine.setBindings(replaced, ScriptContext.ENGINE_SCOPE);
        engine.eval("y = shared + 1");
        assertThat(engine.get("y")).isEqualTo(8L);
        assertThat(replaced).containsEntry("y", 8L);
    }

    @Test
    void invokeFunctionCallsAGlobalFunction() throws Exception {
        engine.eval("function add(a, b) return a + b end\nfunction fail() error('nope') end\nnotfn = 1");
        Invocable inv = (Invocable) engine;
        assertThat(inv.invokeFunction("add", 40, 2)).isEqualTo(42L);
        assertThat(inv.invokeFunction("add", 1L, 2.0)).isEqualTo(3L);
        assertThatThrownBy(() -> inv.invokeFunction("missing")).isInstanceOf(NoSuchMethodException.class);
        assertThatThrownBy(() -> inv.invokeFunction("notfn")).isInstanceOf(NoSuchMethodException.class);
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> inv.invokeFunction("fail"));
        assertThat(e.getMessage()).startsWith("script:2: nope");
        assertThat(e.getLineNumber()).isEqualTo(2);
    }

    @Test
    void invokeMethodCallsAMethodOfATable() throws Exception {
        engine.eval("counter = {n = 0}\nfunction counter:add(k) self.n = self.n + k return self.n end");
        Invocable inv = (Invocable) engine;
        Object counter = engine.get("counter");
        assertThat(inv.invokeMethod(counter, "add", 5)).isEqualTo(5L);
        assertThat(inv.invokeMethod(counter, "add", 7)).isEqualTo(12L);
        assertThat(engine.eval("return counter.n")).isEqualTo(12L);
        assertThat(inv.invokeMethod("abc", "upper")).isEqualTo("ABC");
        assertThatThrownBy(() -> inv.invokeMethod(counter, "missing")).isInstanceOf(NoSuchMethodException.class);
        assertThatThrownBy(() -> inv.invokeMethod(null, "add")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inv.invokeMethod(42L, "add")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getInterfaceImplementsAJavaInterfaceWithLuaFunctions() throws ScriptException {
        Invocable inv = (Invocable) engine;
        assertThat(inv.getInterface(Calculator.class)).as("no functions yet").isNull();
        engine.eval("function add(a, b) return a + b end\nfunction twice(x) return 2 * x end\n"
                + "function greet(who) return 'hello ' .. who end\nfunction positive(n) return n > 0 end");
        Calculator c = inv.getInterface(Calculator.class);
        assertThat(c.add(2, 3)).isEqualTo(5L);
        assertThat(c.twice(21)).isEqualTo(42);
        assertThat(c.greet("you")).isEqualTo("hello you");
        assertThat(c.positive(-1)).isFalse();
        assertThat(c.name()).as("a default method without a Lua function").isEqualTo("java");
        assertThat(c.toString()).contains("Calculator");

        engine.eval("impl = {k = 10}\nfunction impl:run() self.k = self.k + 1 end");
        Runnable r = inv.getInterface(engine.get("impl"), Runnable.class);
        r.run();
        r.run();
        assertThat(engine.eval("return impl.k")).isEqualTo(12L);
        assertThat(inv.getInterface(Runnable.class)).isNull();
        assertThatThrownBy(() -> inv.getInterface(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFractionalNumberIsRefusedClearly() throws Exception {
        assertThatThrownBy(() -> engine.put("f", 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5").hasMessageContaining("no floats");
        assertThatThrownBy(() -> engine.put("f", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.put("f", 1e19)).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.get("f")).isNull();

        Bindings b = engine.createBindings();
        b.put("f", 2.5f);
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> engine.eval("return f", b));
        assertThat(e).hasMessageContaining("no floats").hasCauseInstanceOf(IllegalArgumentException.class);

        engine.eval("function id(v) return v end");
        assertThatThrownBy(() -> ((Invocable) engine).invokeFunction("id", 0.1)).isInstanceOf(ScriptException.class);
        assertThat(((Invocable) engine).invokeFunction("id", -2.0)).isEqualTo(-2L);
    }

    @Test
    void theLuaStateIsReachableForJavaFunctions() throws ScriptException {
        LuaScriptEngine lua = (LuaScriptEngine) engine;
        lua.getLuaState().register("triple", (t, base, nargs) -> {
            t.setInt(base, 3 * t.checkInteger(base, nargs, 1));
            return 1;
        });
        assertThat(engine.eval("return triple(14)")).isEqualTo(42L);
    }

    @Test
    void closeRunsFinalizersIntoTheWriterAndEndsTheEngine() throws ScriptException {
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        engine.eval("keep = setmetatable({}, {__gc = function() print('finalized') end})");
        assertThat(out.toString()).isEmpty();
        ((LuaScriptEngine) engine).close();
        assertThat(out.toString()).isEqualTo("finalized\n");
        assertThatThrownBy(() -> engine.eval("return 1")).isInstanceOf(IllegalStateException.class);
    }
}
