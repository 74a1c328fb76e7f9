/**
 * The JSR-223 ({@code javax.script}) binding: {@link dev.lunatik.stdlib.script.LuaScriptEngineFactory}
 * is registered as a service, so {@code new ScriptEngineManager().getEngineByName("lua")} gives a
 * {@link dev.lunatik.stdlib.script.LuaScriptEngine} running kernel-flavour Lua in its own state.
 */
package dev.lunatik.stdlib.script;
