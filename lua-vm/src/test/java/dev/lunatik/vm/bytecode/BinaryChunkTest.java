package dev.lunatik.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.compiler.Compiler;
import dev.lunatik.vm.interp.Loader;
import dev.lunatik.vm.interp.LuaClosure;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Binary chunks: round trips, the behaviour of loaded functions, header checks, and fuzzing. */
class BinaryChunkTest {
    /** A program touching most instructions: closures, upvalues, loops, varargs, tables, methods, concat, tbc. */
    static final String PROGRAM = """
            local N <const> = 10
            local acc = {}
            local function counter(start)
              local n = start
              return function(step) n = n + (step or 1); return n end
            end
            local c = counter(100)
            for i = 1, N do acc[#acc + 1] = c(i) end
            local t = {10, 20, 30, x = 'y', [99] = false, 'a' .. 'b', -9223372036854775807 - 1}
            local s = 0
            for k, v in ipairs(t) do if type(v) == 'number' then s = s + v * k else s = s + #v end end
            local obj = {v = 3}
            function obj:get(a, ...) return self.v + a + select('#', ...) end
            local function va(...) local a, b = ...; return select('#', ...), a, b, ... end
            local r = {va(1, nil, 3)}
            local str = ''
            for i = N, 1, -3 do str = str .. i .. ',' end
            local w = 0
            while w < 100 do w = w * 2 + 1; if w % 7 == 0 then break end end
            goto skip
            w = -1
            ::skip::
            local ok, err = pcall(function() local z = nil; return z.field end)
            do
              local closed = {}
              local x <close> = setmetatable({}, {__close = function() closed[1] = true end})
            end
            local big = 0x7fffffffffffffff
            return s, acc[N], obj:get(1, 2, 3), #r, r[4], str, w, ok, err, big, t[4], t.x,
                   (3 // 2) | 8, 7 % -3, ~5, 1 << 62, 5 >= 4, "\\0\\255\\n" == "\\0\\255\\n"
            """;

    /** Open calls and varargs (B or C = 0), SETLIST, tail calls, generic for, coroutines, metamethods. */
    static final String PROGRAM2 = """
            local function pack(...) return {n = select('#', ...), ...} end
            local function tail(n, ...) if n == 0 then return ... end return tail(n - 1, n, ...) end
            local t = pack(tail(5, 'x'))
            local u = {tail(2), tail(3, 1)}
            local mt = {__index = function(_, k) return k .. '!' end, __add = function(a, b) return 'added' end,
                        __eq = function() return true end, __lt = function() return false end,
                        __concat = function(a, b) return 'cat' end, __len = function() return 99 end}
            local o = setmetatable({}, mt)
            local p = setmetatable({}, mt)
            local s = 0
            for k, v in pairs({a = 1, b = 2}) do s = s + v end
            for i, v in ipairs(t) do s = s + (type(v) == 'number' and v or 0) end
            local co = coroutine.wrap(function(a, ...) local b = coroutine.yield(a + 1, ...) return b * 2 end)
            local y1, y2 = co(1, 'more')
            local y3 = co(21)
            local r = {o.key, o + 1, o == p, o < p, o .. 'x', #o, t.n, #u, s, y1, y2, y3}
            print(select(-1, tail(3)))
            local function unpack(t, i) i = i or 1 if i <= 12 then return t[i], unpack(t, i + 1) end end
            return unpack(r)
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private LuaState state() {
        LuaState L = LuaState.builder().stdout(new PrintStream(out, true)).build();
        // string.dump lives in the stdlib module; the same entry point, as a global
        L.register("dump", (t, base, n) -> {
            LuaClosure c = (LuaClosure) t.get(base);
            boolean strip = n >= 2 && t.get(base + 1) == Boolean.TRUE;
            t.set(base, LuaString.wrap(t.dump(c, strip)));
            return 1;
        });
        return L;
    }

    private static Proto compile(String src, String name) {
        return Loader.compile(src.getBytes(StandardCharsets.UTF_8), name);
    }

    private static String show(Object[] r) {
        StringBuilder sb = new StringBuilder();
        for (Object o : r) sb.append(o instanceof LuaTable ? "table" : String.valueOf(o)).append('|');
        return sb.toString();
    }

    @Test
    void roundTripKeepsBehaviourOfOpenCallsAndMetamethods() {
        String viaSource = show(state().execute(PROGRAM2, "@prog2.lua"));
        LuaState L = state();
        String viaBinary = show(L.call(L.load(BinaryChunk.dump(compile(PROGRAM2, "@prog2.lua"), true), "=x")));
        assertThat(viaBinary).isEqualTo(viaSource).contains("added");
    }

    @Test
    void roundTripKeepsListingAndBehaviour() {
        Proto p = compile(PROGRAM, "@prog.lua");
        byte[] chunk = BinaryChunk.dump(p, false);
        assertThat(chunk).startsWith(new byte[] {0x1B, 'L', 'u', 'a', 0x54, 0, 0x19, (byte) 0x93, '\r', '\n', 0x1A, '\n', 4, 8, 8});
        Proto back = BinaryChunk.undump(chunk, "@prog.lua");
        assertThat(Disassembler.list(back, true)).isEqualTo(Disassembler.list(p, true));
        String viaSource = show(state().execute(PROGRAM, "@prog.lua"));
        LuaState L = state();
        String viaBinary = show(L.call(L.load(chunk, "=ignored")));
        assertThat(viaBinary).isEqualTo(viaSource).contains("9223372036854775807");
        LuaState L2 = state();
        String viaStripped = show(L2.call(L2.load(BinaryChunk.dump(p, true), "=ignored")));
        // only the error message differs: no position information, no variable names
        assertThat(viaSource).containsPattern("prog\\.lua:\\d+: attempt to index a nil value \\(local 'z'\\)");
        assertThat(viaStripped).isEqualTo(viaSource.replaceAll("prog\\.lua:\\d+: attempt to index a nil value \\(local 'z'\\)",
                "?:-1: attempt to index a nil value"));
    }

    @Test
    void strippedChunksHaveNoDebugInformation() {
        Proto p = compile(PROGRAM, "@prog.lua");
        byte[] full = BinaryChunk.dump(p, false);
        byte[] stripped = BinaryChunk.dump(p, true);
        assertThat(stripped.length).isLessThan(full.length);
        Proto s = BinaryChunk.undump(stripped, "=x");
        assertThat(s.source).isEqualTo("=?");
        assertThat(s.lineInfo).isEmpty();
        assertThat(s.locVars).isEmpty();
        assertThat(s.upvalues[0].name()).isNull();
        assertThat(s.protos[0].source).isEqualTo("=?");
        assertThat(s.code).isEqualTo(p.code);
        assertThat(s.protos[0].code).isEqualTo(p.protos[0].code);
    }

    @Test
    void strippedErrorsReadLikeLua() {
        LuaState L = state();
        L.execute("function f(a) return a.x end function g() error('boom') end "
                + "function h() error('lvl2', 2) end", "@src.lua");
        byte[] f = dumpGlobal(L, "f");
        assertThatThrownBy(() -> L.call(L.load(f, "=f"), (Object) null)).isInstanceOf(LuaError.class)
                .hasMessage("?:-1: attempt to index a nil value");
        // error() adds no position for a function without line information (luaL_where)
        assertThatThrownBy(() -> L.call(L.load(dumpGlobal(L, "g"), "=g"))).hasMessage("boom");
        // not stripped: positions as in the source
        Object[] r = L.execute("return pcall(load(dump(f)), nil)", "=t");
        assertThat(r[1].toString()).isEqualTo("src.lua:1: attempt to index a nil value (local 'a')");
    }

    private static byte[] dumpGlobal(LuaState L, String name) {
        Object[] r = L.execute("return dump(" + name + ", true)", "=d");
        return ((LuaString) r[0]).bytes();
    }

    @Test
    void loadedFunctionsGetFreshUpvaluesFirstIsEnv() {
        LuaState L = state();
        Object[] r = L.execute("""
                local a, b = 1, 2
                local function f() a = a + 1; return a, b end
                f()
                local g = load(dump(f))
                local env = {}
                local h = load(dump(f), 'h', 'b', env)
                return select(2, pcall(g)), g == f, h == f, select(2, pcall(h))
                """, "=t");
        // g's first upvalue (a) is _G: a + 1 fails on a table
        assertThat(r[0].toString()).contains("attempt to perform arithmetic on a table value");
        assertThat(r[1]).isEqualTo(false);
        assertThat(r[2]).isEqualTo(false);
        assertThat(r[3].toString()).contains("attempt to perform arithmetic on a table value");
    }

    @Test
    void loadModes() {
        LuaState L = state();
        Object[] r = L.execute("""
                local d = dump(function() return 42 end)
                local f1, e1 = load(d, 'x', 't')
                local f2, e2 = load('return 1', 'x', 'b')
                local f3 = load(d, 'x', 'b')
                local f4 = load(d, 'x', 'bt')
                return f1, e1, f2, e2, f3(), f4()
                """, "=t");
        assertThat(r[0]).isNull();
        assertThat(r[1].toString()).isEqualTo("attempt to load a binary chunk (mode is 't')");
        assertThat(r[2]).isNull();
        assertThat(r[3].toString()).isEqualTo("attempt to load a text chunk (mode is 'b')");
        assertThat(r[4]).isEqualTo(42L);
        assertThat(r[5]).isEqualTo(42L);
    }

    @Test
    void headerErrorsNameTheProblem() {
        byte[] good = BinaryChunk.dump(compile("return 1", "=x"), false);
        assertThat(headerError(new byte[] {0x1B}, "=c")).isEqualTo("c: bad binary format (truncated chunk)");
        assertThat(headerError(new byte[] {0x1B, 'L', 'u', 'x'}, "@f.luac")).isEqualTo("f.luac: bad binary format (not a binary chunk)");
        assertThat(headerError(mutate(good, 4, 0x53), "=c")).isEqualTo("c: bad binary format (version mismatch)");
        assertThat(headerError(mutate(good, 5, 'K'), "=c")).isEqualTo("c: bad binary format (format mismatch)");
        assertThat(headerError(mutate(good, 7, 0), "=c")).isEqualTo("c: bad binary format (corrupted chunk)");
        assertThat(headerError(mutate(good, 12, 8), "=c")).isEqualTo("c: bad binary format (Instruction size mismatch)");
        assertThat(headerError(mutate(good, 13, 4), "=c")).isEqualTo("c: bad binary format (lua_Integer size mismatch)");
        assertThat(headerError(mutate(good, 14, 4), "=c")).isEqualTo("c: bad binary format (lua_Number size mismatch)");
        assertThat(headerError(mutate(good, 15, 0x77), "=c")).isEqualTo("c: bad binary format (integer format mismatch)");
        assertThat(headerError(mutate(good, 23, 0x71), "=c"))
                .isEqualTo("c: bad binary format (float format mismatch)");
        assertThat(headerError(mutate(good, 33, 'X'), "=c")).startsWith("c: bad binary format (not a lunatik-jvm chunk");
        // a chunk used as its own name reads "binary string", as in Lua
        assertThat(headerError(new byte[] {0x1B, 'L'}, "\u001bL")).isEqualTo("binary string: bad binary format (truncated chunk)");
        byte[] extra = Arrays.copyOf(good, good.length + 1);
        assertThat(headerError(extra, "=c")).startsWith("c: bad binary format (corrupted chunk");
    }

    /**
     * A stock Lua 5.4 chunk (lua5.4's {@code string.dump(load("return 1", "=stock"))}) is refused
     * by its float check; a kernel Lua chunk (the same from kernel Lua) has our header byte for
     * byte and is refused by the marker of our instruction encoding that follows it.
     */
    @Test
    void stockAndKernelLuaChunksAreRefused() {
        int[] stockBytes = {27,76,117,97,84,0,25,147,13,10,26,10,4,8,8,120,86,0,0,0,0,0,0,0,0,0,0,0,40,119,64,1,135,61,115,116,111,99,107,128,128,0,1,2,132,81,0,0,0,1,0,0,128,70,0,2,1,70,0,1,1,128,129,1,0,0,128,132,1,0,0,0,128,128,129,133,95,69,78,86};
        assertThat(headerError(bytes(stockBytes), "=stock"))
                .isEqualTo("stock: bad binary format (float format mismatch)");
        int[] kernelBytes = {27,76,117,97,84,0,25,147,13,10,26,10,4,8,8,120,86,0,0,0,0,0,0,114,1,0,0,0,0,0,0,1,136,61,107,101,114,110,101,108,128,128,0,1,2,132,76,0,0,0,1,0,0,128,65,0,2,1,65,0,1,1,128,129,1,0,0,128,132,1,0,0,0,128,128,129,133,95,69,78,86};
        byte[] kernel = bytes(kernelBytes);
        byte[] ours = BinaryChunk.dump(compile("return 1", "=x"), false);
        assertThat(Arrays.copyOf(ours, 31)).isEqualTo(Arrays.copyOf(kernel, 31)); // the header kernel Lua writes
        assertThat(headerError(kernel, "=kernel")).startsWith("kernel: bad binary format (not a lunatik-jvm chunk");
    }

    private static byte[] bytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    private static byte[] mutate(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }

    private static String headerError(byte[] chunk, String name) {
        try {
            BinaryChunk.undump(chunk, name);
        } catch (LuaError e) {
            return e.getMessage();
        }
        throw new AssertionError("loaded");
    }

    @Test
    void largeFunctionsWithExtraArgumentsRoundTrip() {
        int n = Instruction.MAXARG_Bx + 10;
        List<Expr.TableField> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) fields.add(new Expr.Positional(new Expr.Str(1, LuaString.valueOf("s" + i))));
        Proto p = Compiler.compile(new Chunk("=big", new Block(List.of(new Stat.Return(1, List.of(new Expr.Table(1, fields)))), 1)));
        assertThat(BinaryChunk.verify(p)).isNull();
        Proto back = BinaryChunk.undump(BinaryChunk.dump(p, false), "=big");
        assertThat(back.code).isEqualTo(p.code);
        LuaState L = state();
        LuaTable t = (LuaTable) L.call(Loader.bind(back, L.globals()))[0];
        assertThat(t.rawget(LuaString.valueOf("x"))).isNull();
        assertThat(L.call(L.load("local t = ... return t[" + n + "], #t", "=c"), t)).containsExactly(LuaString.valueOf("s" + (n - 1)), (long) n);
    }

    @Test
    void verifierRejectsOutOfRangeOperands() {
        Proto p = compile("local a, b = 1, 2 return a + b", "=v");
        assertThat(BinaryChunk.verify(p)).isNull();
        int[] code = p.code.clone();
        int add = -1;
        for (int pc = 0; pc < code.length; pc++) if (Instruction.opCode(code[pc]) == OpCode.ADD) add = pc;
        code[add] = Instruction.setB(code[add], p.maxStackSize); // a register past the frame
        assertThat(BinaryChunk.verify(copyWithCode(p, code))).contains("bad register in ADD");
        code[add] = Instruction.setB(code[add], Instruction.rkAsK(p.constants.length)); // a missing constant
        assertThat(BinaryChunk.verify(copyWithCode(p, code))).contains("bad constant in ADD");
        int[] jump = Arrays.copyOf(p.code, p.code.length);
        jump[0] = Instruction.asbx(OpCode.JMP, 0, 1000);
        assertThat(BinaryChunk.verify(copyWithCode(p, jump))).contains("jump out of range");
        int[] noReturn = Arrays.copyOf(p.code, p.code.length - 2); // ends with ADD
        assertThat(BinaryChunk.verify(copyWithCode(p, noReturn))).contains("RETURN");
        int[] top = p.code.clone();
        top[top.length - 1] = Instruction.abc(OpCode.RETURN, 0, 0, 0); // "up to top" with nothing setting top
        assertThat(BinaryChunk.verify(copyWithCode(p, top))).contains("bad results in RETURN");
    }

    /**
     * Well-formed chunks with corrupted code: random operand, opcode or whole-word changes (and
     * stack sizes) in the functions of {@link #PROGRAM}. Whatever {@link BinaryChunk#verify}
     * accepts must run (interrupted after a short while) raising only ordinary Lua errors: this
     * is what shows the verifier covers what the interpreter assumes.
     */
    @Test
    void verifiedCorruptCodeRaisesOnlyLuaErrors() throws Exception {
        Random rnd = new Random(0xC0DE);
        Proto[] roots = {compile(PROGRAM, "@prog.lua"), compile(PROGRAM2, "@prog2.lua")};
        List<List<Proto>> alls = new ArrayList<>();
        for (Proto r : roots) {
            List<Proto> all = new ArrayList<>();
            collect(r, all);
            alls.add(all);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "fuzz-timer");
            th.setDaemon(true);
            return th;
        });
        int accepted = 0;
        int rejected = 0;
        try {
            for (int iter = 0; iter < 20000; iter++) {
                int which = iter % roots.length;
                Proto root = roots[which];
                List<Proto> all = alls.get(which);
                Proto victim = all.get(rnd.nextInt(all.size()));
                int[] code = victim.code.clone();
                int ms = victim.maxStackSize;
                int np = victim.numParams;
                boolean vararg = victim.isVararg;
                Proto.UpvalDesc[] ups = victim.upvalues.clone();
                int changes = 1 + rnd.nextInt(3);
                for (int k = 0; k < changes; k++) {
                    int pc = rnd.nextInt(code.length);
                    int w = code[pc];
                    switch (rnd.nextInt(10)) {
                        case 7 -> np = rnd.nextInt(ms + 2);
                        case 8 -> vararg = !vararg;
                        case 9 -> {
                            if (ups.length > 0) {
                                int u = rnd.nextInt(ups.length);
                                ups[u] = new Proto.UpvalDesc(ups[u].name(), rnd.nextBoolean(), rnd.nextInt(8));
                            }
                        }
                        case 0 -> w = (w & ~0x3F) | rnd.nextInt(OpCode.values().length);
                        // operands: mostly near the valid range, where the verifier has to be exact
                        case 1 -> w = Instruction.setA(w, rnd.nextBoolean() ? rnd.nextInt(256) : rnd.nextInt(ms + 2));
                        case 2 -> w = Instruction.setB(w, rnd.nextInt(3) == 0 ? rnd.nextInt(512)
                                : rnd.nextBoolean() ? rnd.nextInt(ms + 2) : 256 + rnd.nextInt(victim.constants.length + 2));
                        case 3 -> w = Instruction.setC(w, rnd.nextInt(3) == 0 ? rnd.nextInt(512)
                                : rnd.nextBoolean() ? rnd.nextInt(ms + 2) : 256 + rnd.nextInt(victim.constants.length + 2));
                        case 4 -> w = Instruction.setSbx(w, rnd.nextInt(64) - 32);
                        case 5 -> w = rnd.nextInt();
                        default -> ms = rnd.nextInt(ms + 1);
                    }
                    code[pc] = w;
                }
                Proto mutated = new Proto(victim.source, victim.lineDefined, victim.lastLineDefined, np, vararg, ms, code,
                        victim.constants, victim.protos, ups, victim.lineInfo, victim.locVars);
                Proto program = replace(root, victim, mutated);
                byte[] chunk = BinaryChunk.dump(program, rnd.nextBoolean());
                LuaState L = state();
                LuaFunction f;
                try {
                    f = L.load(chunk, "=mut");
                } catch (LuaError e) {
                    assertThat(e.getMessage()).startsWith("mut: bad binary format (corrupted chunk");
                    rejected++;
                    continue;
                }
                accepted++;
                assertThat(Disassembler.list(((LuaClosure) f).p, true)).isNotEmpty(); // luac -l copes too
                ScheduledFuture<?> stop = timer.schedule(L::interrupt, 50, TimeUnit.MILLISECONDS);
                try {
                    L.call(f);
                } catch (LuaError e) {
                    String m = String.valueOf(e.getMessage());
                    if (m.contains("internal error")) {
                        throw new AssertionError("iteration " + iter + ": " + m + "\n" + Disassembler.list(mutated, false),
                                e.getCause());
                    }
                } catch (Throwable e) {
                    throw new AssertionError("iteration " + iter + ": running threw " + e + "\n"
                            + Disassembler.list(mutated, false), e);
                } finally {
                    stop.cancel(false);
                }
            }
        } finally {
            timer.shutdownNow();
        }
        System.out.println("code mutation fuzz: " + rejected + " rejected by the verifier, " + accepted + " accepted and run");
        assertThat(rejected).isPositive();
        assertThat(accepted).isPositive();
    }

    private static void collect(Proto p, List<Proto> out) {
        out.add(p);
        for (Proto c : p.protos) collect(c, out);
    }

    /** {@code p} with prototype {@code victim} (anywhere in it) replaced by {@code repl}. */
    private static Proto replace(Proto p, Proto victim, Proto repl) {
        if (p == victim) return repl;
        Proto[] kids = p.protos.clone();
        boolean changed = false;
        for (int i = 0; i < kids.length; i++) {
            Proto k = replace(kids[i], victim, repl);
            changed |= k != kids[i];
            kids[i] = k;
        }
        if (!changed) return p;
        return new Proto(p.source, p.lineDefined, p.lastLineDefined, p.numParams, p.isVararg, p.maxStackSize, p.code,
                p.constants, kids, p.upvalues, p.lineInfo, p.locVars);
    }

    private static Proto copyWithCode(Proto p, int[] code) {
        int[] lines = Arrays.copyOf(p.lineInfo, code.length);
        return new Proto(p.source, p.lineDefined, p.lastLineDefined, p.numParams, p.isVararg, p.maxStackSize, code,
                p.constants, p.protos, p.upvalues, lines, p.locVars);
    }

    @Test
    void truncationAtEveryLengthIsReported() {
        Proto p = compile(PROGRAM, "@prog.lua");
        for (boolean strip : new boolean[] {false, true}) {
            byte[] chunk = BinaryChunk.dump(p, strip);
            for (int len = 1; len < chunk.length; len++) {
                byte[] cut = Arrays.copyOf(chunk, len);
                try {
                    BinaryChunk.undump(cut, "=cut");
                    fail("loaded a chunk truncated to " + len + " of " + chunk.length + " bytes");
                } catch (LuaError e) {
                    assertThat(e.getMessage()).as("length " + len).isEqualTo("cut: bad binary format (truncated chunk)");
                }
            }
        }
    }

    /**
     * Random corruption: flips bytes of real chunks with a fixed seed. Loading must either fail
     * with a LuaError or give a function that, when run (interrupted after a short while), raises
     * nothing but ordinary Lua errors: never a Java exception, never an "internal error" (a Java
     * exception the interpreter caught).
     */
    @Test
    void randomCorruptionOnlyRaisesLuaErrors() throws Exception {
        Random rnd = new Random(0x5EED);
        List<byte[]> chunks = List.of(
                BinaryChunk.dump(compile(PROGRAM, "@prog.lua"), false),
                BinaryChunk.dump(compile(PROGRAM, "@prog.lua"), true),
                BinaryChunk.dump(compile("local t = {} for i = 1, 3 do t[i] = function(...) return i, ... end end "
                        + "local s = '' for _, f in ipairs(t) do s = s .. f(1) end return s, #t", "=small"), false));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "fuzz-timer");
            th.setDaemon(true);
            return th;
        });
        int loaded = 0;
        int rejected = 0;
        try {
            for (int iter = 0; iter < 10000; iter++) {
                byte[] c = chunks.get(iter % chunks.size()).clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    // mostly past the header, where a flip is not caught by a literal check
                    int at = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(c.length - 1) : 24 + rnd.nextInt(c.length - 24);
                    c[at] = rnd.nextInt(3) == 0 ? (byte) (c[at] ^ (1 << rnd.nextInt(8))) : (byte) rnd.nextInt(256);
                }
                LuaState L = state();
                LuaFunction f;
                try {
                    f = L.load(c, "=fuzz");
                } catch (LuaError e) {
                    assertThat(e.getMessage()).startsWith("fuzz: bad binary format (");
                    rejected++;
                    continue;
                } catch (Throwable e) {
                    throw new AssertionError("iteration " + iter + ": loading threw " + e, e);
                }
                loaded++;
                assertThat(Disassembler.list(((LuaClosure) f).p, true)).isNotEmpty(); // luac -l copes too
                ScheduledFuture<?> stop = timer.schedule(L::interrupt, 50, TimeUnit.MILLISECONDS);
                try {
                    L.call(f);
                } catch (LuaError e) {
                    String m = String.valueOf(e.getMessage());
                    if (m.contains("internal error")) throw new AssertionError("iteration " + iter + ": " + m, e.getCause());
                } catch (Throwable e) {
                    throw new AssertionError("iteration " + iter + ": running threw " + e, e);
                } finally {
                    stop.cancel(false);
                }
            }
        } finally {
            timer.shutdownNow();
        }
        System.out.println("binary chunk fuzz: " + rejected + " corrupted chunks rejected, " + loaded + " loaded and run");
        assertThat(rejected).isPositive();
        assertThat(loaded).isPositive();
    }
}
