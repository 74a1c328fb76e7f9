package dev.lunatik.vm.value;

/**
 * The one exception a script can raise: carries the Lua error value (any Lua value: a message
 * string, a table, ...) and, once known, a Lua traceback. Every error a script or the VM raises
 * reaches Java as a {@code LuaError}; any other exception escaping the VM is a bug.
 */
public class LuaError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Object value;
    private String luaTraceback;
    private transient boolean messageHandled;

    /** An error whose value is {@code value} (a {@link LuaString}, {@link Long}, table, ...). */
    public LuaError(Object value) {
        super(null, null, false, false);
        this.value = value;
    }

    /** An error with a Java cause (an internal failure turned into a Lua error). */
    public LuaError(Object value, Throwable cause) {
        super(null, cause, false, false);
        this.value = value;
    }

    /** An error whose value is the string {@code message}. */
    public LuaError(String message) {
        this(LuaString.valueOf(message));
    }

    /** The Lua value of the error (null for nil). */
    public Object value() {
        return value;
    }

    /** The Lua traceback captured where the error was raised, or null. */
    public String luaTraceback() {
        return luaTraceback;
    }

    public void setLuaTraceback(String traceback) {
        this.luaTraceback = traceback;
    }

    /** Whether an xpcall message handler already turned the raised value into this one. */
    public boolean messageHandled() {
        return messageHandled;
    }

    private static final LuaString NOT_ENOUGH_MEMORY = LuaString.valueOf("not enough memory");

    /**
     * Lua's memory error, "not enough memory" (no position). As in Lua 5.4 (LUA_ERRMEM), no
     * message handler runs for it, so it is born handled; {@code xpcall} returns the message itself.
     */
    public static LuaError memory() {
        LuaError e = new LuaError(NOT_ENOUGH_MEMORY);
        e.messageHandled = true;
        return e;
    }

    /** Marks the value as produced by an xpcall message handler (it must not run again). */
    public void markMessageHandled() {
        messageHandled = true;
    }

    @Override
    public String getMessage() {
        if (value instanceof LuaString s) return s.toUtf8();
        if (value == null) return "nil";
        if (value instanceof Long || value instanceof Boolean) return String.valueOf(value);
        return "(error object is a " + Lua.typeName(value) + " value)";
    }
}
