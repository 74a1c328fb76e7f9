package dev.lunatik.kernel;

/**
 * A kernel symbol's address, as {@code kallsyms_lookup_name} gives it ({@code linux.lookup}): in
 * Lua a light userdata. An unknown symbol is the NULL address ({@code address == 0}), which is a
 * value, not nil, as in Lunatik.
 *
 * @param name the symbol looked up
 * @param address its simulated address (0 when unknown)
 */
public record KernelSymbol(String name, long address) {
    /** Whether this is the NULL pointer (the symbol is unknown). */
    public boolean isNull() {
        return address == 0;
    }

    @Override
    public String toString() {
        return String.format("0x%016x", address);
    }
}
