package dev.lunatik.vm.value;

/**
 * The metamethod events of kernel Lua (no {@code __div}, no {@code __pow}), with their interned
 * names. The ordinal indexes the "known absent" cache bits of {@link LuaTable#metaAbsent}.
 */
public enum MetaEvent {
    INDEX("__index"), NEWINDEX("__newindex"), GC("__gc"), MODE("__mode"), LEN("__len"), EQ("__eq"),
    ADD("__add"), SUB("__sub"), MUL("__mul"), MOD("__mod"), IDIV("__idiv"),
    BAND("__band"), BOR("__bor"), BXOR("__bxor"), SHL("__shl"), SHR("__shr"),
    UNM("__unm"), BNOT("__bnot"), LT("__lt"), LE("__le"), CONCAT("__concat"), CALL("__call"),
    CLOSE("__close"), TOSTRING("__tostring"), NAME("__name"), METATABLE("__metatable"), PAIRS("__pairs");

    /** The event's key, e.g. {@code "__index"}. */
    public final LuaString key;
    /** The key without the leading underscores, e.g. {@code "index"}. */
    public final String shortName;

    MetaEvent(String name) {
        this.key = LuaString.intern(name);
        this.shortName = name.substring(2);
    }

    /** Looks this event up in {@code mt} (raw), caching absence; null when absent. */
    public Object in(LuaTable mt) {
        if (mt == null) return null;
        int bit = 1 << ordinal();
        if ((mt.metaAbsent & bit) != 0) return null;
        Object v = mt.rawget(key);
        if (v == null) mt.metaAbsent |= bit;
        return v;
    }
}
