package dev.lunatik.stdlib.script;

import java.util.List;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;

/**
 * The {@code javax.script} factory of {@link LuaScriptEngine}, registered as a service: the
 * script engine manager finds it by the names {@code lua} and {@code Lua}, the extension
 * {@code lua} and the MIME types {@code text/x-lua} and {@code application/x-lua}.
 */
public final class LuaScriptEngineFactory implements ScriptEngineFactory {
    /** The engine's name. */
    public static final String ENGINE_NAME = "Lunatik Lua";
    /** The engine's version: the project's. */
    public static final String ENGINE_VERSION = "0.1.0-SNAPSHOT";
    /** The language's name. */
    public static final String LANGUAGE_NAME = "Lua";
    /** The language's version: Lua 5.4, kernel flavour ({@code _VERSION} is {@code "Lua 5.4-kernel"}). */
    public static final String LANGUAGE_VERSION = "5.4";

    private static final List<String> NAMES = List.of("lua", "Lua");
    private static final List<String> EXTENSIONS = List.of("lua");
    private static final List<String> MIME_TYPES = List.of("text/x-lua", "application/x-lua");

    /** A factory; the script engine manager makes one through the service registration. */
    public LuaScriptEngineFactory() {}

    /** {@value #ENGINE_NAME}. */
    @Override
    public String getEngineName() {
        return ENGINE_NAME;
    }

    /** {@value #ENGINE_VERSION}. */
    @Override
    public String getEngineVersion() {
        return ENGINE_VERSION;
    }

    /** {@code lua}. */
    @Override
    public List<String> getExtensions() {
        return EXTENSIONS;
    }

    /** {@code text/x-lua} and {@code application/x-lua}. */
    @Override
    public List<String> getMimeTypes() {
        return MIME_TYPES;
    }

    /** {@code lua} and {@code Lua}. */
    @Override
    public List<String> getNames() {
        return NAMES;
    }

    /** {@value #LANGUAGE_NAME}. */
    @Override
    public String getLanguageName() {
        return LANGUAGE_NAME;
    }

    /** {@value #LANGUAGE_VERSION}. */
    @Override
    public String getLanguageVersion() {
        return LANGUAGE_VERSION;
    }

    /**
     * The standard parameters: {@link ScriptEngine#NAME} ({@code lua}), {@link ScriptEngine#ENGINE},
     * {@link ScriptEngine#ENGINE_VERSION}, {@link ScriptEngine#LANGUAGE} and
     * {@link ScriptEngine#LANGUAGE_VERSION}. {@code THREADING} is {@code null}: a Lua state is not
     * thread-safe, so an engine must be used by one thread at a time. Other keys give {@code null}.
     */
    @Override
    public Object getParameter(String key) {
        if (key == null) return null;
        switch (key) {
            case ScriptEngine.NAME:
                return NAMES.get(0);
            case ScriptEngine.ENGINE:
                return ENGINE_NAME;
            case ScriptEngine.ENGINE_VERSION:
                return ENGINE_VERSION;
            case ScriptEngine.LANGUAGE:
                return LANGUAGE_NAME;
            case ScriptEngine.LANGUAGE_VERSION:
                return LANGUAGE_VERSION;
            default: // including "THREADING": not thread-safe
                return null;
        }
    }

    /** A method call with Lua's colon syntax: {@code obj:m(a, b)}. */
    @Override
    public String getMethodCallSyntax(String obj, String m, String... args) {
        return obj + ":" + m + "(" + String.join(", ", args) + ")";
    }

    /** {@code print("...")}, with {@code toDisplay} written as a Lua string literal. */
    @Override
    public String getOutputStatement(String toDisplay) {
        return "print(" + quote(toDisplay) + ")";
    }

    /** The statements, one per line. */
    @Override
    public String getProgram(String... statements) {
        return String.join("\n", statements);
    }

    /** A new engine, with its own Lua state. */
    @Override
    public ScriptEngine getScriptEngine() {
        return new LuaScriptEngine(this);
    }

    /**
     * {@code s} as a double-quoted Lua string literal: backslash, quote and control characters
     * are escaped (control characters as three-digit decimal escapes, so a digit after them
     * cannot extend them); other characters stand for themselves (the source is UTF-8).
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) b.append(String.format("\\%03d", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
