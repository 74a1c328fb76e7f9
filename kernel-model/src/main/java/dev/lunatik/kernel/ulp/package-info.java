/**
 * ULP Lua for JVM applications and as a TCP proxy: the per-socket Lua state of the ULP Lua
 * kernel module ({@link dev.lunatik.kernel.libs.UlpContext}, which the {@code socket} library's
 * {@code setsockopt} attaches inside the simulated kernel) put on sockets a Java program owns.
 *
 * <ul>
 *   <li>{@link dev.lunatik.kernel.ulp.UlpLua} attaches a context to a {@code SocketChannel} or a
 *       {@code Socket} and gives a {@link dev.lunatik.kernel.ulp.UlpSocket}: load a script, name
 *       the entry, then each {@code read} runs {@code entry(d, size, nonblock)} over the bytes
 *       received; trashed bytes read as the end of the stream.</li>
 *   <li>{@link dev.lunatik.kernel.ulp.UlpProxy} accepts TCP clients, gives each connection a
 *       context loaded with one precompiled script, and forwards to a target what the entry does
 *       not trash; a trashed receive closes the connection without a reply
 *       ({@code lunatik ulp proxy}).</li>
 * </ul>
 *
 * <pre>{@code
 * UlpLua ulp = new UlpLua(Lunatik.boot(Path.of("scripts")));
 * try (UlpSocket s = ulp.attach(channel)) {
 *     s.loadScript("function entry(d, n) return d:getstring(0, 4) == 'QUIT' end");
 *     s.setEntry("entry");
 *     int n = s.read(buffer);          // -1: the end of the stream, or data the entry trashed
 * }
 * }</pre>
 */
package dev.lunatik.kernel.ulp;
