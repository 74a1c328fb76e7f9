package dev.lunatik.kernel.libs;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.net.FrameTap;
import dev.lunatik.kernel.net.NetDevice;
import dev.lunatik.vm.value.LuaError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of an AF_PACKET {@code socket} object: raw frames of the simulated interfaces.
 * A socket created with protocol {@code ETH_P_ALL} (3) sees every frame; with an ethertype, the
 * frames of that type. It hears every interface until bound to one ({@code sock:bind(ifindex)});
 * binding with a packed protocol ({@code sock:bind(string.pack(">I2", proto))}, as Lunatik's
 * {@code tap} example does) changes the protocol and keeps listening everywhere. Frames queue up
 * (at most 256; more are dropped, as a full receive buffer drops them) until {@code receive}
 * takes them, one frame per call, cut to the length asked. {@code receive} blocks until a frame
 * comes ({@code EINTR} when the thread is stopped), or raises {@code EAGAIN} with
 * {@code msg.DONTWAIT}.
 */
final class PacketSocket implements FrameTap {
    static final int AF_PACKET = 17;
    static final int ETH_P_ALL = 3;
    private static final int QUEUE_LIMIT = 256;

    private final Kernel kernel;
    private volatile int protocol;
    private volatile int ifindex; // 0: every interface
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<NetDevice> tapped = new ArrayList<>();
    private boolean closed;

    PacketSocket(Kernel kernel, int protocol) {
        this.kernel = kernel;
        this.protocol = protocol & 0xFFFF;
        for (NetDevice d : kernel.net().devices().all()) {
            d.addTap(this);
            tapped.add(d);
        }
    }

    @Override
    public void frame(NetDevice dev, byte[] frame, int length, boolean outgoing) {
        int p = protocol;
        int i = ifindex;
        if (p == 0 || (i != 0 && dev.ifindex() != i) || length < 14) {
            return;
        }
        int type = ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
        if (p != ETH_P_ALL && type != p) {
            return;
        }
        byte[] copy = Arrays.copyOf(frame, length);
        synchronized (this) {
            if (closed || queue.size() >= QUEUE_LIMIT) {
                return;
            }
            queue.add(copy);
            notifyAll();
        }
    }

    /** {@code bind(ifindex)} or {@code bind(packed protocol)}. */
    void bind(Object addr) {
        if (addr instanceof Long idx) {
            if (idx != 0 && kernel.net().devices().get((int) (long) idx) == null) {
                throw KernelSocket.errno(19); // ENODEV
            }
            ifindex = (int) (long) idx;
        } else if (addr instanceof byte[] b && b.length >= 2) {
            protocol = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        } else {
            throw KernelSocket.errno(KernelSocket.EINVAL);
        }
    }

    byte[] receive(int len, int flags) {
        synchronized (this) {
            while (queue.isEmpty()) {
                if (closed) {
                    throw KernelSocket.errno(KernelSocket.EBADF);
                }
                if ((flags & KernelSocket.MSG_DONTWAIT) != 0) {
                    throw KernelSocket.errno(KernelSocket.EAGAIN);
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw KernelSocket.errno(KernelSocket.EINTR);
                }
            }
            byte[] f = queue.poll();
            return f.length <= len ? f : Arrays.copyOf(f, len);
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            notifyAll();
        }
        for (NetDevice d : tapped) {
            d.removeTap(this);
        }
    }

    /** The error for a socket operation AF_PACKET sockets do not have here. */
    static LuaError unsupported() {
        return KernelSocket.errno(95); // EOPNOTSUPP
    }
}
