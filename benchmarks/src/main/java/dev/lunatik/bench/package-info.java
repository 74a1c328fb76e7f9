/**
 * Performance measurement of the Lunatik VM.
 *
 * <p>Two tools live here:
 * <ul>
 *   <li>JMH benchmarks ({@code *Benchmark}) of the interpreter's hot paths: Lua-to-Lua calls,
 *       integer arithmetic loops (allocation-free by design: measure with {@code -prof gc}),
 *       table array part and string-key fields, method calls, closures and string
 *       concatenation. Each loads its Lua chunk once, runs {@link dev.lunatik.bench.LuaBench}'s
 *       opcode warm-up first so the dispatch loop is compiled with every opcode profiled, checks
 *       the chunk's answer, and then times calls with a fixed workload. Scores are per Lua-level
 *       operation ({@code @OperationsPerInvocation}).</li>
 *   <li>{@link dev.lunatik.bench.Harness}, a whole-process comparison of {@code ./lunatik lua},
 *       the reference {@code lua5.4} and LuaJ 3.0.1 on the programs in
 *       {@code benchmarks/programs}.</li>
 * </ul>
 * See {@code benchmarks/README.md} for how to run both.
 */
package dev.lunatik.bench;
