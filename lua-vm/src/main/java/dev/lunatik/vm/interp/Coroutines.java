package dev.lunatik.vm.interp;

import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;

/**
 * Coroutine switching. A coroutine is a {@link LuaThread} with its own stack; {@link #resume}
 * runs the interpreter on it until its body returns or it yields. {@code coroutine.yield} is a
 * {@link SpecialFunction}: it leaves its own frame on the coroutine's stack and makes the
 * interpreter return to {@code resume}; the next resume delivers its arguments as that frame's
 * results. Only Java-level recursion ({@link Interpreter#call}) blocks yielding.
 */
public final class Coroutines {
    private Coroutines() {}

    /** The result of a resume: success flag and the values (results, yielded values or error). */
    public record Result(boolean ok, Object[] values) {}

    /** A new {@code coroutine.yield} function. */
    public static JavaFunction yield() {
        return new SpecialFunction("yield") {
            @Override
            int enter(LuaThread t, CallFrame f, int nargs) {
                if (t.isMain) throw new LuaError("attempt to yield from outside a coroutine");
                if (t.nny > 0) throw new LuaError("attempt to yield across a C-call boundary");
                t.transferBase = f.base;
                t.transferCount = nargs;
                t.yielded = true;
                return Interpreter.YIELD;
            }
        };
    }

    /**
     * Resumes {@code co} from thread {@code from}, passing {@code args}. Status errors ("cannot
     * resume dead coroutine", "cannot resume non-suspended coroutine") come back as a failed
     * result, as in Lua.
     */
    public static Result resume(LuaThread from, LuaThread co, Object[] args) {
        if (co.status == LuaThread.DEAD) return fail("cannot resume dead coroutine");
        if (co.status != LuaThread.SUSPENDED || co == from) return fail("cannot resume non-suspended coroutine");
        GlobalState g = co.g;
        // the resumer's live pcalls count as Java-level calls for the coroutine too
        int levels = 1 + from.nprot;
        if (g.nCcalls + levels > g.javaCallLimit) return fail("C stack overflow");
        g.nCcalls += levels;
        co.status = LuaThread.RUNNING;
        int fromStatus = from.status;
        from.status = LuaThread.NORMAL;
        co.resumer = from;
        int n = args.length;
        try {
            if (!co.started) {
                co.started = true;
                co.ensure(1 + n + GlobalState.MIN_STACK);
                for (int i = 0; i < n; i++) co.set(1 + i, args[i]);
                int r = Interpreter.precall(co, 0, n, -1, CallFrame.CONT_NONE, 0);
                if (r == Interpreter.PUSHED) Interpreter.execute(co, 0);
            } else {
                CallFrame yf = co.topFrame();
                co.ensure(yf.base + n + GlobalState.MIN_STACK);
                for (int i = 0; i < n; i++) co.set(yf.base + i, args[i]);
                co.yielded = false;
                Interpreter.postCall(co, yf, yf.base, n);
                if (co.nframes > 0 && !co.yielded) Interpreter.execute(co, 0); // (a closing method may yield again at once)
            }
            Object[] out;
            if (co.yielded) {
                co.status = LuaThread.SUSPENDED;
                out = new Object[co.transferCount];
                for (int i = 0; i < out.length; i++) out[i] = co.get(co.transferBase + i);
            } else {
                co.status = LuaThread.DEAD;
                out = new Object[co.top];
                for (int i = 0; i < out.length; i++) out[i] = co.get(i);
                co.nframes = 0;
            }
            return new Result(true, out);
        } catch (LuaError e) {
            co.status = LuaThread.DEAD;
            co.nprot = 0;
            co.deathError = e.value();
            return new Result(false, new Object[] {e.value()});
        } catch (StackOverflowError so) {
            co.status = LuaThread.DEAD;
            co.deathError = LuaString.valueOf("stack overflow");
            return new Result(false, new Object[] {co.deathError});
        } catch (OutOfMemoryError oom) {
            co.status = LuaThread.DEAD;
            co.deathError = LuaError.memory().value();
            co.clearDeadSlots(0);
            return new Result(false, new Object[] {co.deathError});
        } finally {
            from.status = fromStatus;
            co.resumer = null;
            g.nCcalls -= levels;
        }
    }

    private static Result fail(String msg) {
        return new Result(false, new Object[] {LuaString.valueOf(msg)});
    }

    /**
     * {@code coroutine.close}: closes the pending to-be-closed variables of a suspended or dead
     * coroutine and marks it dead. Returns (true) or (false, error).
     */
    public static Result close(LuaThread from, LuaThread co) {
        if (co.status == LuaThread.RUNNING || co == from) throw from.error("cannot close a running coroutine");
        if (co.status == LuaThread.NORMAL) throw from.error("cannot close a normal coroutine");
        Object err = co.deathError;
        if (co.ntbc > 0 || co.openUpvals != null) {
            int saved = co.status;
            co.status = LuaThread.RUNNING;
            try {
                err = Ops.unwind(co, 0, err);
            } finally {
                co.status = saved;
            }
        }
        co.status = LuaThread.DEAD;
        co.nframes = 0;
        co.nprot = 0;
        co.deathError = null;
        if (err != null) return new Result(false, new Object[] {err});
        return new Result(true, new Object[0]);
    }
}
