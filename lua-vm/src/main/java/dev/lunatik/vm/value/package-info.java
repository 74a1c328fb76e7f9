/**
 * Lua values and their representation: {@link dev.lunatik.vm.value.Lua} (the representation in
 * one place), {@link dev.lunatik.vm.value.LuaString} (8-bit clean byte strings),
 * {@link dev.lunatik.vm.value.LuaTable}, functions, userdata, metamethod events and
 * {@link dev.lunatik.vm.value.LuaError}.
 *
 * <h2>Decision: integers are never boxed inside the VM</h2>
 *
 * Kernel Lua has one number type, the 64-bit integer. Every place the VM stores values in bulk
 * (a thread's stack, a table's array part, its hash part's keys and values, closed upvalues) is a
 * pair of parallel arrays or fields: {@code Object} references and {@code long} payloads. The
 * reference {@link dev.lunatik.vm.value.Lua#INT} tags "the payload is an integer"; any other
 * reference is the value itself ({@code null} is nil). Integer arithmetic in the interpreter
 * therefore allocates nothing; the benchmarks module checks this with JMH's {@code -prof gc}
 * ({@code gc.alloc.rate.norm} of the integer-loop benchmarks is 0 B/op). The DESIGN prototype
 * measured the same layout 22–46 % faster than {@code Long}-boxed {@code Object[]} registers on
 * integer loops and 11–25 % faster on a table sieve, at the price of two stores per register write
 * in call-heavy code. A table's {@code long[]} half of the array part is allocated only when an
 * integer is first stored there.
 *
 * <p>At the public API, values are plain boxed Java objects: {@code null}, {@link Boolean},
 * {@link Long}, {@link dev.lunatik.vm.value.LuaString}, {@link dev.lunatik.vm.value.LuaTable},
 * {@link dev.lunatik.vm.value.LuaFunction}, {@link dev.lunatik.vm.value.LuaUserdata} and
 * coroutines ({@link dev.lunatik.vm.value.Coroutine}). A standard (float) mode would add a second
 * tag next to {@code INT}; nothing outside {@code Lua} and the interpreter's fast paths would
 * change.
 */
package dev.lunatik.vm.value;
