package dev.lunatik.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the daemon and its clients meet: the runtime directory and the files in it (the socket,
 * the daemon's lock and log, the starters' lock), and the script root. Shared by both sides; it
 * knows nothing of the kernel, so a client loads none of it.
 */
final class DaemonFiles {
    private DaemonFiles() {}

    static final String SOCKET = "lunatik.sock";
    static final String LOG = "daemon.log";
    static final String LOCK = "daemon.lock";
    static final String START_LOCK = "start.lock";

    /** Longest an unload may take before the daemon halts regardless. */
    static final long UNLOAD_LIMIT_MILLIS = 3_000;

    /** Exit status of a daemon that found another one running. */
    static final int ALREADY_RUNNING = 3;

    /** The per-user directory of the socket: LUNATIK_RUNTIME_DIR, else $XDG_RUNTIME_DIR/lunatik, else /tmp/lunatik-UID. */
    static Path runtimeDir(Map<String, String> env) {
        String d = env.get("LUNATIK_RUNTIME_DIR");
        if (d != null && !d.isEmpty()) return Path.of(d).toAbsolutePath();
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) return Path.of(xdg, "lunatik");
        return Path.of("/tmp", "lunatik-" + uid());
    }

    /** The script root: LUNATIK_ROOT, else ~/.lunatik/scripts (the stand-in for /lib/modules/lua). */
    static Path scriptRoot(Map<String, String> env) {
        String r = env.get("LUNATIK_ROOT");
        if (r != null && !r.isEmpty()) return Path.of(r).toAbsolutePath().normalize();
        return Path.of(System.getProperty("user.home"), ".lunatik", "scripts");
    }

    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Makes sure {@code dir} exists, is a directory owned by this user with mode 0700: a
     * directory others can enter or write is refused (the socket would not be private). Safe when
     * several processes do it at once.
     */
    static void secureDir(Path dir) throws IOException {
        Set<PosixFilePermission> only = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(only));
            } catch (FileAlreadyExistsException raced) {
                // another client made it first: check it like any existing one
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid()) {
            throw new IOException(dir + " belongs to another user (uid " + owner + ")");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!perms.equals(only)) {
            throw new IOException(dir + " has mode " + PosixFilePermissions.toString(perms) + ", expected rwx------");
        }
    }

    /** The kernel modules the real tool loads that this simulator provides, in load order. */
    static final List<String> MODULES = List.of("lunatik", "luadevice", "lualinux", "luasocket", "luarcu", "luathread",
            "luadata", "luafifo", "luacompletion", "lunatik_run");
}
