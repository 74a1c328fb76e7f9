package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.kernel.KernelClass;
import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaString;

/**
 * Lunatik's {@code fifo} library (Lunatik 3.7, {@code kfifo}): a byte queue.
 * {@code fifo.new(size)} (capacity rounded up to a power of two), {@code f:push(s)} (all or
 * nothing: "bad argument #2 to 'push' (not enough space)" when {@code #s} exceeds the free space),
 * {@code f:pop(n)} → up to {@code n} bytes and their count ({@code "", 0} when empty),
 * {@code f:close()}. Spinlock, monitored: each method runs under the fifo's lock, so a fifo can be
 * shared between runtimes (e.g. passed with {@code resume}).
 */
public final class FifoLib {
    private FifoLib() {}

    /** The payload: a ring of bytes. */
    static final class Fifo {
        final byte[] ring;
        long in;
        long out;

        Fifo(int capacity) {
            ring = new byte[capacity];
        }

        int used() {
            return (int) (in - out);
        }
    }

    /** The fifo class: spinlock, monitored. */
    public static final KernelClass CLASS = new KernelClass("fifo", false, true, null);

    /** The Lua binding of {@link #CLASS}. */
    public static final LunatikClass BINDING = new LunatikClass(CLASS)
            .method("push", FifoLib::push)
            .method("pop", FifoLib::pop)
            .closer("close");

    /** The {@code fifo} module. */
    public static final LuaLibrary LIBRARY = BINDING.module("fifo", (state, lib) -> {
        JavaFunction.register(lib, "new", FifoLib::newFifo);
    });

    private static int newFifo(LuaStack t, int base, int nargs) {
        long size = t.checkInteger(base, nargs, 1);
        if (size <= 0 || size > (1 << 30)) {
            throw t.error("failed to allocate kfifo (-12)");
        }
        int cap = size == 1 ? 1 : Integer.highestOneBit((int) size - 1) << 1;
        t.set(base, BINDING.newObject(t, new Fifo(cap)));
        return 1;
    }

    private static int push(LuaStack t, int base, int nargs, Object p) {
        Fifo f = (Fifo) p;
        LuaString s = t.checkString(base, nargs, 2);
        byte[] b = s.bytes();
        int mask = f.ring.length - 1;
        if (b.length > f.ring.length - f.used()) {
            throw t.argError(2, "not enough space");
        }
        for (byte x : b) {
            f.ring[(int) (f.in++ & mask)] = x;
        }
        return 0;
    }

    private static int pop(LuaStack t, int base, int nargs, Object p) {
        Fifo f = (Fifo) p;
        long n = t.checkInteger(base, nargs, 2);
        int k = (int) Math.max(0, Math.min(n, f.used()));
        byte[] r = new byte[k];
        int mask = f.ring.length - 1;
        for (int i = 0; i < k; i++) {
            r[i] = f.ring[(int) (f.out++ & mask)];
        }
        t.set(base, LuaString.wrap(r));
        t.setInt(base + 1, k);
        return 2;
    }
}
