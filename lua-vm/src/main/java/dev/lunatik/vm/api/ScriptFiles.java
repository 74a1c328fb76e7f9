package dev.lunatik.vm.api;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a state's {@code loadfile}, {@code dofile} and {@code require} read source files from.
 * {@link #HOST} is the host's file system, as the reference {@code lua} command sees it;
 * {@link #confined} is a script root and nothing else, the way a Lunatik runtime sees only
 * {@code /lib/modules/lua}.
 */
public interface ScriptFiles {
    /** The whole content of the file Lua code names {@code name}; an {@link IOException} saying why not. */
    byte[] read(String name) throws IOException;

    /** Whether {@link #read} would find a readable file ({@code package.searchpath}). */
    boolean isReadable(String name);

    /** The host file system: a name is a path, relative to the working directory. */
    ScriptFiles HOST = new ScriptFiles() {
        @Override
        public byte[] read(String name) throws IOException {
            return Files.readAllBytes(hostPath(name));
        }

        @Override
        public boolean isReadable(String name) {
            try {
                return Files.isReadable(hostPath(name));
            } catch (IOException e) {
                return false;
            }
        }

        private Path hostPath(String name) throws IOException {
            try {
                return Path.of(name);
            } catch (InvalidPathException e) { // a NUL byte: no such file can exist
                throw new NoSuchFileException(name);
            }
        }
    };

    /** The path under which Lunatik scripts find their modules ({@code LUA_ROOT}). */
    String KERNEL_MOUNT = "/lib/modules/lua/";

    /**
     * Only the files under {@code root}, which also appears at {@link #KERNEL_MOUNT}: a relative
     * name, {@code /lib/modules/lua/x.lua} and an absolute path inside the root all name a file
     * in it; any other name, and any name that leaves the root once {@code ..} and symbolic
     * links are resolved, is refused with an {@link OutsideRoot} error.
     */
    static Confined confined(Path root) {
        return new Confined(root);
    }

    /** A name that lies outside a confined root. */
    final class OutsideRoot extends AccessDeniedException {
        private static final long serialVersionUID = 1L;

        OutsideRoot(String name, String reason) {
            super(name, null, reason);
        }
    }

    /**
     * The confined view: names are resolved against the root, then checked again after every
     * symbolic link is followed, so a link inside the root to a file or folder outside it
     * leads nowhere.
     */
    final class Confined implements ScriptFiles {
        private final Path root;

        Confined(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        /** The root this view is confined to. */
        public Path root() {
            return root;
        }

        /** The real path of the file {@code name} names; refused when it is outside the root. */
        public Path resolve(String name) throws IOException {
            if (name.indexOf('\0') >= 0) throw new NoSuchFileException(name);
            Path p;
            try {
                if (name.startsWith(KERNEL_MOUNT)) {
                    p = root.resolve(name.substring(KERNEL_MOUNT.length()));
                } else {
                    p = root.resolve(name); // an absolute name stays itself
                }
            } catch (InvalidPathException e) {
                throw new NoSuchFileException(name);
            }
            p = p.normalize();
            if (!p.startsWith(root)) {
                throw new OutsideRoot(name, "outside the script root " + root);
            }
            Path real = p.toRealPath(); // NoSuchFileException when it does not exist
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new OutsideRoot(name, "a symbolic link leads outside the script root " + root);
            }
            return real;
        }

        @Override
        public byte[] read(String name) throws IOException {
            Path p = resolve(name);
            if (Files.isDirectory(p)) throw new IOException(name + ": Is a directory");
            return Files.readAllBytes(p);
        }

        @Override
        public boolean isReadable(String name) {
            try {
                Path p = resolve(name);
                return Files.isRegularFile(p) && Files.isReadable(p);
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "script files under " + root;
        }
    }
}
