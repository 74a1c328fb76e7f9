package dev.lunatik.cli;

import java.util.Map;

/**
 * {@code LUNATIK_STACK}: the Lua stack limit, in slots, of {@code lunatik lua}, of
 * {@code lunatik conformance} and of the daemon's runtimes. Unset, it is the kernel's 200
 * ({@code LUAI_MAXSTACK} in Lunatik); the official Lua test suite, written for stock Lua's
 * 1,000,000 slots, runs with {@code LUNATIK_STACK=1000000}.
 */
final class StackLimit {
    private StackLimit() {}

    /** The kernel's stack limit, the default. */
    static final int KERNEL = 200;

    /** The limit {@code env} sets; {@link IllegalArgumentException} saying why when it is not a count of 20 or more. */
    static int fromEnv(Map<String, String> env) {
        String v = env.get("LUNATIK_STACK");
        if (v == null || v.isBlank()) {
            return KERNEL;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 20) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("LUNATIK_STACK='" + v + "' is not a number of stack slots (20 or more)");
    }
}
