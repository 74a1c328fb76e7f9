/**
 * Lunatik's own Lua libraries, binding the simulated kernel ({@code dev.lunatik.kernel}) to Lua:
 * {@link dev.lunatik.kernel.libs.LunatikClass} (kernel classes as Lua metatables, object
 * handles holding references), {@link dev.lunatik.kernel.libs.Lunatik} (booting a kernel whose
 * runtimes open these libraries) and one class per module: {@code lunatik} (runtimes),
 * {@code rcu}, {@code data}, {@code thread}, {@code completion}, {@code fifo}, {@code device},
 * {@code netfilter} (hooks on the network stack of {@code dev.lunatik.kernel.net}), {@code xdp},
 * {@code socket} (with ULP Lua's per-socket state, {@link dev.lunatik.kernel.libs.UlpContext},
 * attached by {@code setsockopt}), and the Lua-written {@code mailbox} and {@code lunatik.runner}, whose Java twin
 * {@link dev.lunatik.kernel.libs.Runner} (same rcu tables) is what a host such as the daemon
 * starts, lists and stops scripts with.
 */
package dev.lunatik.kernel.libs;
