package dev.lunatik.vm.api;

import java.util.Locale;

/**
 * Which tiers run a state's Lua functions ({@code LUNATIK_JIT}, or {@link LuaState.Builder#jit}).
 * Every tier behaves the same: the choice changes speed, never results, errors or hooks.
 */
public enum JitMode {
    /** Only the interpreter. */
    NEVER,
    /** The interpreter, and JVM bytecode for functions that get hot (calls and loop iterations). */
    AUTO,
    /** Every function is compiled on its first call (what CI's second test run uses). */
    ALWAYS;

    /** The environment variable that chooses the mode of states built without an explicit one. */
    public static final String ENV = "LUNATIK_JIT";

    /**
     * The mode {@code LUNATIK_JIT} names (case-insensitive; {@link #AUTO} when unset or empty).
     *
     * @throws IllegalArgumentException for any other value, naming the ones allowed
     */
    public static JitMode fromEnvironment() {
        return parse(System.getenv(ENV));
    }

    /** {@code never}, {@code auto} or {@code always} (case-insensitive); null or empty is {@link #AUTO}. */
    public static JitMode parse(String s) {
        if (s == null || s.isEmpty()) return AUTO;
        switch (s.toLowerCase(Locale.ROOT)) {
            case "never": return NEVER;
            case "auto": return AUTO;
            case "always": return ALWAYS;
            default: throw new IllegalArgumentException(ENV + " must be never, auto or always, not '" + s + "'");
        }
    }
}
