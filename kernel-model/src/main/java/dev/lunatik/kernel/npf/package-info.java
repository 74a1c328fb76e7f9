/**
 * NPFLua: NetBSD's Lua rules for its packet filter, over the simulated stack. A script defines
 * {@code filter(hdr, pld)}; {@link dev.lunatik.kernel.npf.NpfLua#attach} runs it in a
 * non-sleepable runtime and calls it for every IPv4 packet at a netfilter hook point or on an
 * interface, with Luadata views of the headers and of the payload.
 */
package dev.lunatik.kernel.npf;
