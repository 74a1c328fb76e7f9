package dev.lunatik.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's character devices ({@code /dev/<name>}): drivers register under a name, and the
 * other side of the kernel (tests, the CLI) opens, reads, writes and closes them as a process
 * would through the VFS. Each file operation calls the driver; a negative result is an errno,
 * raised to the Java caller as a {@link DeviceException}.
 */
public final class CharDevices {
    /** What a driver implements; each method returns 0 or a negative errno where it says so. */
    public interface Driver {
        /** open(2): 0 or -errno. */
        int open();

        /** The last close: 0 or -errno (ignored by close(2), as in the kernel). */
        int release();

        /** read(2) of up to {@code len} bytes at {@code offset}. */
        Transfer read(int len, long offset);

        /** write(2) of {@code data} at {@code offset}. */
        Transfer write(byte[] data, long offset);
    }

    /**
     * The outcome of a read or write: the bytes read (reads; empty at end of file) or the count
     * written (writes), the file's new offset, or an errno ({@code errno < 0}).
     */
    public record Transfer(byte[] data, int count, long offset, int errno) {
        /** A failed transfer. */
        public static Transfer error(int errno) {
            return new Transfer(null, 0, 0, errno);
        }
    }

    /** A registered device. */
    public record Device(String name, int mode, Driver driver) {
        /** The path a process would open. */
        public String path() {
            return "/dev/" + name;
        }
    }

    /**
     * A failed file operation: {@code errno} is positive (e.g. 6 for ENXIO); the message says it
     * in words, as {@code "read /dev/x: No such device or address (ENXIO)"}.
     */
    public static final class DeviceException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        DeviceException(String path, String op, int errno) {
            super(op + " " + path + ": " + Errno.describe(errno));
            this.errno = errno;
        }

        /** The positive errno. */
        public int errno() {
            return errno;
        }
    }

    /** An open file on a device, with its offset. Not thread-safe (one process's descriptor). */
    public final class OpenFile implements AutoCloseable {
        private final Device dev;
        private long offset;
        private boolean closed;

        OpenFile(Device dev) {
            this.dev = dev;
        }

        /** read(2): up to {@code len} bytes; an empty array at end of file. */
        public byte[] read(int len) {
            check();
            Transfer t = dev.driver().read(len, offset);
            if (t.errno() < 0) {
                throw new DeviceException(dev.path(), "read", -t.errno());
            }
            offset = t.offset();
            return t.data();
        }

        /** write(2): returns the count written. */
        public int write(byte[] data) {
            check();
            Transfer t = dev.driver().write(data, offset);
            if (t.errno() < 0) {
                throw new DeviceException(dev.path(), "write", -t.errno());
            }
            offset = t.offset();
            return t.count();
        }

        /** The file offset. */
        public long offset() {
            return offset;
        }

        private void check() {
            if (closed) {
                throw new IllegalStateException("file closed");
            }
        }

        /** close(2): the driver's release. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                dev.driver().release();
            }
        }
    }

    private final Map<String, Device> devices = new ConcurrentHashMap<>();

    CharDevices() {}

    /** Registers {@code name}; false if the name is taken. */
    public boolean register(String name, int mode, Driver driver) {
        return devices.putIfAbsent(name, new Device(name, mode, driver)) == null;
    }

    /** Removes device {@code name} if it is still {@code driver}'s. */
    public void unregister(String name, Driver driver) {
        devices.computeIfPresent(name, (n, d) -> d.driver() == driver ? null : d);
    }

    /** The device called {@code name}, or null. */
    public Device get(String name) {
        return devices.get(name);
    }

    /** The devices, by name. */
    public List<Device> list() {
        List<Device> out = new ArrayList<>(devices.values());
        out.sort(Comparator.comparing(Device::name));
        return out;
    }

    /** open(2) of {@code /dev/name}: ENOENT (2) if there is no such device, else the driver's open. */
    public OpenFile open(String name) {
        Device d = devices.get(name);
        if (d == null) {
            throw new DeviceException("/dev/" + name, "open", 2);
        }
        int r = d.driver().open();
        if (r < 0) {
            throw new DeviceException(d.path(), "open", -r);
        }
        return new OpenFile(d);
    }
}
