package dev.lunatik.kernel.ulp;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.libs.Lunatik;
import dev.lunatik.kernel.libs.UlpContext;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Puts ULP Lua on sockets a JVM application owns, as {@code setsockopt(fd, SOL_TCP, TCP_ULP,
 * "lua")} does on a Linux socket: each {@link #attach} gives the socket a fresh kernel-flavour
 * Lua state ({@link UlpContext}) whose objects, errors and {@code print} output go to this
 * instance's {@link Kernel} (read them with {@code kernel().log().snapshot()}).
 */
public final class UlpLua {
    private final Kernel kernel;

    /** ULP Lua over {@code kernel}: its log, limits ({@code setStopGrace} is the entry's time limit) and script root. */
    public UlpLua(Kernel kernel) {
        this.kernel = kernel;
    }

    /** ULP Lua over a kernel of its own whose script root ({@code require}) is {@code scriptRoot}. */
    public static UlpLua withScriptRoot(Path scriptRoot) {
        return new UlpLua(Lunatik.boot(scriptRoot));
    }

    /** The kernel the states live in. */
    public Kernel kernel() {
        return kernel;
    }

    /**
     * Attaches a ULP Lua state to {@code channel}: reads through the returned socket run the
     * entry; {@code nonblock} is true when the channel is in non-blocking mode.
     */
    public UlpSocket attach(SocketChannel channel) {
        return new UlpSocket(UlpContext.create(kernel), channel, channel, () -> !channel.isBlocking());
    }

    /** Attaches a ULP Lua state to {@code socket}, read through its input stream ({@code nonblock} is false). */
    public UlpSocket attach(Socket socket) throws IOException {
        return new UlpSocket(UlpContext.create(kernel), Channels.newChannel(socket.getInputStream()), socket, () -> false);
    }
}
