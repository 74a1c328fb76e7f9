package dev.lunatik.kernel.net;

/** An XDP program attached to a device: runs on each received frame before the stack sees it. */
@FunctionalInterface
public interface XdpProgram {
    /** {@code XDP_ABORTED}, {@code XDP_DROP}, {@code XDP_PASS}, {@code XDP_TX}, {@code XDP_REDIRECT}. */
    int ABORTED = 0, DROP = 1, PASS = 2, TX = 3, REDIRECT = 4;

    /** The action for the frame (the packet's view starts at the Ethernet header). */
    int run(Packet packet);
}
