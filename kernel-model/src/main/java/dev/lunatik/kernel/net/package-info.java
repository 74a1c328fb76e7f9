/**
 * The simulated network stack: interfaces ({@link dev.lunatik.kernel.net.NetDevice}), packets
 * ({@link dev.lunatik.kernel.net.Packet}, the stand-in for an {@code sk_buff}), netfilter hook
 * chains ({@link dev.lunatik.kernel.net.Netfilter}) and the path a packet takes through them
 * ({@link dev.lunatik.kernel.net.NetStack}: XDP, netdev ingress, PRE_ROUTING, the routing
 * decision, LOCAL_IN or FORWARD, LOCAL_OUT, POST_ROUTING, netdev egress). It knows nothing of
 * Lua: the bindings in {@code dev.lunatik.kernel.libs} register Java hooks that call scripts.
 */
package dev.lunatik.kernel.net;
