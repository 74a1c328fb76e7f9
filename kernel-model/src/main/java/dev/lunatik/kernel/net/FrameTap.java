package dev.lunatik.kernel.net;

/** What sees the frames of a device (an AF_PACKET socket bound to it). */
@FunctionalInterface
public interface FrameTap {
    /**
     * Called for each frame received or sent on {@code dev}, with the Ethernet header; the bytes
     * are only valid during the call (copy what you keep).
     */
    void frame(NetDevice dev, byte[] frame, int length, boolean outgoing);
}
