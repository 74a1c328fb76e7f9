package dev.lunatik.kernel;

import org.eclipse.collections.api.map.primitive.MutableObjectLongMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectLongHashMap;

/** The kernel's symbol table ({@code kallsyms}) and its tracing switch. */
public final class KernelSymbols {
    private final MutableObjectLongMap<String> symbols = new ObjectLongHashMap<>();
    private volatile boolean tracing;

    KernelSymbols() {
        symbols.put("kallsyms_lookup_name", 0xffffffff81000100L);
        symbols.put("printk", 0xffffffff81000200L);
        symbols.put("schedule", 0xffffffff81000300L);
        symbols.put("kthread_run", 0xffffffff81000400L);
    }

    /** Adds (or moves) symbol {@code name} at {@code address} (non-zero). */
    public synchronized void add(String name, long address) {
        if (address == 0) {
            throw new IllegalArgumentException("address 0 is NULL");
        }
        symbols.put(name, address);
    }

    /** {@code kallsyms_lookup_name}: the symbol's address, NULL when unknown. */
    public synchronized KernelSymbol lookup(String name) {
        return new KernelSymbol(name, symbols.getIfAbsent(name, 0));
    }

    /** Whether tracing is on ({@code tracing_is_on}). */
    public boolean isTracing() {
        return tracing;
    }

    /** Turns tracing on or off ({@code tracing_on/off}). */
    public void setTracing(boolean on) {
        tracing = on;
    }
}
