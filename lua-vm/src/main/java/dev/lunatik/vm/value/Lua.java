package dev.lunatik.vm.value;

/** Small facts about boxed Lua values. STUB: in progress. */
public final class Lua {
    private Lua() {}

    public static String typeName(Object v) {
        if (v == null) return "nil";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Long) return "number";
        if (v instanceof LuaString) return "string";
        if (v instanceof LuaTable) return "table";
        if (v instanceof LuaFunction) return "function";
        return "userdata";
    }
}
