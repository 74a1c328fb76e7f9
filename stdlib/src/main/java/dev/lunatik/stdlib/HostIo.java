package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the libraries that touch the host file system share: Lua strings as paths, Java I/O
 * failures as C's {@code errno}/{@code strerror} pairs, {@code luaL_fileresult}, and errors whose
 * text carries bytes from Lua unchanged.
 */
final class HostIo {
    private HostIo() {}

    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EISDIR = 21;
    static final int EINVAL = 22;

    /** strerror texts (Linux, C locale) and their errno values. */
    private static final Map<String, Integer> ERRNO = Map.ofEntries(
            Map.entry("Operation not permitted", 1),
            Map.entry("No such file or directory", ENOENT),
            Map.entry("Input/output error", EIO),
            Map.entry("Bad file descriptor", EBADF),
            Map.entry("Permission denied", 13),
            Map.entry("Device or resource busy", 16),
            Map.entry("File exists", 17),
            Map.entry("Invalid cross-device link", 18),
            Map.entry("Not a directory", 20),
            Map.entry("Is a directory", EISDIR),
            Map.entry("Invalid argument", EINVAL),
            Map.entry("Too many open files", 24),
            Map.entry("No space left on device", 28),
            Map.entry("Illegal seek", 29),
            Map.entry("Read-only file system", 30),
            Map.entry("File name too long", 36),
            Map.entry("Directory not empty", 39),
            Map.entry("Too many levels of symbolic links", 40));

    /** A file name from Lua as a path (its bytes read as UTF-8, as the JVM names files on Linux). */
    static Path path(LuaString name) throws NoSuchFileException {
        try {
            return Path.of(name.toUtf8());
        } catch (InvalidPathException e) { // a NUL byte: no such file can exist
            throw new NoSuchFileException(name.toString());
        }
    }

    /** C's {@code strerror} text for a Java I/O failure. */
    static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof FileAlreadyExistsException) return "File exists";
        if (e instanceof DirectoryNotEmptyException) return "Directory not empty";
        if (e instanceof NotDirectoryException) return "Not a directory";
        if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getReason();
        String m = e.getMessage();
        if (m != null && ERRNO.containsKey(m)) return m;
        if (m != null && m.endsWith(" (Is a directory)")) return "Is a directory";
        return m == null ? "Input/output error" : m;
    }

    /** C's {@code errno} for a Java I/O failure ({@code EIO} when it cannot be told). */
    static int errno(IOException e) {
        return ERRNO.getOrDefault(strerror(e), EIO);
    }

    /**
     * {@code luaL_fileresult} for a failure: writes {@code nil, "fname: reason", errno} (without
     * the name when {@code fname} is null) from {@code base}; returns 3.
     */
    static int fail(LuaStack t, int base, IOException e, LuaString fname) {
        return fail(t, base, strerror(e), errno(e), fname);
    }

    static int fail(LuaStack t, int base, String reason, int errno, LuaString fname) {
        t.set(base, null);
        LuaString msg = LuaString.latin1(reason);
        t.set(base + 1, fname == null ? msg : fname.concat(LuaString.latin1(": ")).concat(msg));
        t.setInt(base + 2, errno);
        return 3;
    }

    /** {@code luaL_error}: the caller's position, then {@code msg} given as Latin-1 (one char per byte). */
    static LuaError error(LuaStack t, String msg) {
        return error(t, LuaString.latin1(msg));
    }

    /** {@code luaL_error} with a message given as bytes. */
    static LuaError error(LuaStack t, LuaString msg) {
        return new LuaError(LuaString.valueOf(t.where(1)).concat(msg));
    }
}
