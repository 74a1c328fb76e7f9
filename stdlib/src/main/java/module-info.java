/**
 * The Lua standard libraries beyond the VM's own, kernel flavour ({@code package}, {@code string},
 * {@code table}, {@code math}, {@code utf8}, and the host-only {@code io} and {@code os}), written
 * against the VM's public API alone; {@link dev.lunatik.stdlib.StandardLibraries} lists them.
 * It also provides the {@code javax.script} engine for Lua
 * ({@code new ScriptEngineManager().getEngineByName("lua")}, {@link dev.lunatik.stdlib.script}).
 */
module dev.lunatik.stdlib {
    requires transitive dev.lunatik.vm;
    requires java.management;
    requires jdk.management;
    requires transitive java.scripting;

    exports dev.lunatik.stdlib;
    exports dev.lunatik.stdlib.script;

    provides javax.script.ScriptEngineFactory with dev.lunatik.stdlib.script.LuaScriptEngineFactory;
}
