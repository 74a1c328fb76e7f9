package dev.lunatik.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * POSIX signal handlers through {@code sun.misc.Signal} (module {@code jdk.unsupported}, the only
 * way a JVM program can catch or ignore SIGINT), reached reflectively so that the compiler's
 * "internal proprietary API" warning, which no annotation silences, does not hide real ones.
 * Where signals are unavailable every method does nothing and says so by its result.
 */
final class Signals {
    private Signals() {}

    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final Method HANDLE;
    private static final Object IGNORE;

    static {
        Class<?> signal = null;
        Class<?> handler = null;
        Method handle = null;
        Object ignore = null;
        try {
            signal = Class.forName("sun.misc.Signal");
            handler = Class.forName("sun.misc.SignalHandler");
            handle = signal.getMethod("handle", signal, handler);
            ignore = handler.getField("SIG_IGN").get(null);
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            signal = null; // no signals on this JVM
        }
        SIGNAL = signal;
        HANDLER = handler;
        HANDLE = handle;
        IGNORE = ignore;
    }

    /**
     * Runs {@code action} on signal {@code name} ("INT", "HUP", ...) from now on; returns the
     * previous handler (for {@link #restore}), or null when the signal cannot be handled here.
     */
    static Object handle(String name, Runnable action) {
        if (SIGNAL == null) return null;
        return install(name, handler(name, action));
    }

    /**
     * Has the handler's proxy class made on a background thread, so that the first {@link
     * #handle} on the main thread finds it made (the JDK generates and defines a proxy class on
     * first use: about 10 ms of a command's start-up otherwise). Installs nothing.
     */
    static void prepare() {
        if (SIGNAL == null) return;
        Thread t = new Thread(() -> handler("INT", () -> { }), "lunatik-signals");
        t.setDaemon(true);
        t.start();
    }

    private static Object handler(String name, Runnable action) {
        return Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, m, args) ->
                switch (m.getName()) {
                    case "handle" -> {
                        action.run();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "signal handler for SIG" + name;
                });
    }

    /** Ignores signal {@code name} from now on; false when the signal cannot be handled here. */
    static boolean ignore(String name) {
        return SIGNAL != null && install(name, IGNORE) != null;
    }

    /** Puts back {@code previous}, a result of {@link #handle}. */
    static void restore(String name, Object previous) {
        if (previous != null) install(name, previous);
    }

    private static Object install(String name, Object handler) {
        try {
            Object signal = SIGNAL.getConstructor(String.class).newInstance(name);
            return HANDLE.invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
            // IllegalArgumentException / UnsupportedOperationException: not on this platform or JVM setup
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
