package dev.lunatik.cli;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;

/**
 * Turns an error that reached the top level into the text the reference {@code lua} prints, as
 * its {@code msghandler} does: a string (or number) error object gets a stack traceback appended;
 * another object with a {@code __tostring} metamethod that produces a string is shown as that
 * string, without traceback; anything else becomes {@code (error object is a X value)} plus the
 * traceback. Text is kept as Latin-1 Java strings (one char per byte) so that messages are written
 * back byte for byte.
 */
final class ErrorReport {
    private ErrorReport() {}

    private static final String MEMORY = "not enough memory";

    /** The report for an error raised while running code (not while loading it). */
    static String runtime(LuaState state, LuaError e) {
        Object v = e.value();
        String msg;
        if (v instanceof LuaString s && s.toString().equals(MEMORY)) {
            return MEMORY; // as lua.c: a memory error gets no message handler, so no traceback
        } else if (v instanceof LuaString s) {
            msg = s.toString();
        } else if (v instanceof Long n) {
            msg = n.toString();
        } else {
            String viaMeta = viaTostring(state, v);
            if (viaMeta != null) return viaMeta;
            msg = "(error object is a " + Lua.typeName(v) + " value)";
        }
        return withTraceback(msg, e.luaTraceback());
    }

    /** The report for an error raised while loading (compiling) a chunk: the message alone. */
    static String load(LuaError e) {
        Object v = e.value();
        if (v instanceof LuaString s) return s.toString();
        return e.getMessage();
    }

    /** Appends Lua's {@code stack traceback:} section when the VM recorded one. */
    static String withTraceback(String msg, String traceback) {
        if (traceback == null || traceback.isEmpty()) return msg;
        String tb = traceback.startsWith("stack traceback:") ? traceback : "stack traceback:\n" + traceback;
        return msg + "\n" + latin1(tb);
    }

    private static String viaTostring(LuaState state, Object v) {
        if (!(v instanceof LuaTable t)) return null;
        try {
            LuaTable mt = t.getMetatable();
            if (mt == null || mt.rawget(LuaString.valueOf("__tostring")) == null) return null;
            return latin1(state.toDisplayString(v));
        } catch (LuaError ignored) {
            return null; // __tostring failed or did not produce a string: fall back like lua.c
        }
    }

    /** Java text (UTF-16) to the Latin-1 byte view used for output. */
    static String latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) return LuaString.valueOf(s).toString();
        }
        return s;
    }
}
