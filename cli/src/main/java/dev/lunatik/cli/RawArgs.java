package dev.lunatik.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program's arguments as bytes, exactly as they were passed to the process. The JVM decodes
 * {@code argv} into {@code String}s with the locale's charset, which loses bytes that are not
 * valid in it (a {@code $'\xff'} becomes U+FFFD, and everything non-ASCII becomes {@code ?} in
 * the C locale); Lua strings are bytes, so commands that carry data ({@code dev write},
 * {@code eval}) take it from here. On Linux the bytes come from {@code /proc/self/cmdline}, whose
 * last entries are the program's arguments; elsewhere, or when that file does not match the
 * arguments, each argument is its UTF-8 encoding.
 */
final class RawArgs {
    private RawArgs() {}

    /** The bytes of {@code args}, one array per argument. */
    static byte[][] of(String[] args) {
        byte[][] utf8 = utf8(args);
        List<byte[]> all;
        try {
            all = split(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException e) {
            return utf8;
        }
        if (all.size() < args.length) {
            return utf8;
        }
        byte[][] raw = all.subList(all.size() - args.length, all.size()).toArray(new byte[0][]);
        for (int i = 0; i < args.length; i++) {
            // where the argument is plain ASCII both views must agree, or the mapping is off
            if (ascii(raw[i]) && !new String(raw[i], StandardCharsets.US_ASCII).equals(args[i])) {
                return utf8;
            }
        }
        return raw;
    }

    /** Each argument's UTF-8 encoding (what tests and in-process callers pass). */
    static byte[][] utf8(String[] args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return b;
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                out.add(java.util.Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            out.add(java.util.Arrays.copyOfRange(cmdline, start, cmdline.length));
        }
        return out;
    }
}
