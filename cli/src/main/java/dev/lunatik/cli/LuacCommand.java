package dev.lunatik.cli;

import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.bytecode.Disassembler;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.compiler.Compiler;
import dev.lunatik.vm.parser.Parser;
import dev.lunatik.vm.value.LuaError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lunatik luac [-l [-l]] [-p] [-v] [--] files...}: compiles each file (or stdin for
 * {@code -}) and prints a {@code luac -l} style listing ({@code -l -l}: with constants, locals and
 * upvalues); {@code -p} only checks the syntax. Writing binary chunks ({@code -o}, the default
 * {@code luac.out}) is not supported yet, nor is {@code -s}. Errors: {@code luac: <message>},
 * exit status 1.
 */
public final class LuacCommand {
    static final String PROGNAME = "luac";

    private static final String USAGE = "usage: %s [options] [filenames]\n"
            + "Available options are:\n"
            + "  -l       list (use -l -l for full listing)\n"
            + "  -o name  output to file 'name' (not supported yet)\n"
            + "  -p       parse only\n"
            + "  -s       strip debug information (not supported yet)\n"
            + "  -v       show version information\n"
            + "  --       stop handling options\n"
            + "  -        stop handling options and process stdin\n";

    private final Stdio io;

    /** A command bound to {@code io}. */
    public LuacCommand(Stdio io) {
        this.io = io;
    }

    /** Runs with {@code args} (what follows {@code luac}); returns the exit status. */
    public int run(String[] args) {
        return io.guarded(PROGNAME, () -> doRun(args));
    }

    private int doRun(String[] args) {
        int listing = 0;
        boolean dumping = true;
        int version = 0;
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("-")) break; // a file, or stdin
            if (a.equals("--")) {
                i++;
                if (version > 0) version++;
                break;
            }
            switch (a) {
                case "-l" -> listing++;
                case "-p" -> dumping = false;
                case "-v" -> version++;
                case "-o", "-s" -> {
                    return fail("option '" + a + "' is not supported yet (no binary chunks)");
                }
                default -> {
                    return usage("unrecognized option '" + a + "'");
                }
            }
        }
        if (version > 0) {
            io.out().print(Version.luaLine() + "\n");
            if (version == args.length) return 0;
        }
        List<String> files = new ArrayList<>();
        for (; i < args.length; i++) files.add(args[i]);
        if (files.isEmpty()) return usage("no input files given");

        List<Proto> protos = new ArrayList<>();
        for (String f : files) {
            Proto p = compile(f);
            if (p == null) return 1;
            protos.add(p);
        }
        if (dumping && listing == 0) {
            return fail("writing binary chunks (luac.out) is not supported yet; use -p to check syntax or -l to list");
        }
        for (Proto p : protos) {
            if (listing > 0) LuaCommand.write(io.out(), ErrorReport.latin1(Disassembler.list(p, listing > 1)));
        }
        return 0;
    }

    /** Parses and compiles one file ({@code -}: stdin); null after reporting an error. */
    private Proto compile(String file) {
        byte[] source;
        String chunkName;
        if (file.equals("-")) {
            chunkName = "=stdin";
            try {
                source = io.in().readAllBytes();
            } catch (IOException e) {
                fail("cannot read stdin: " + e.getMessage());
                return null;
            }
        } else {
            chunkName = "@" + file;
            try {
                source = Files.readAllBytes(Path.of(file));
            } catch (NoSuchFileException e) {
                fail("cannot open " + file + ": No such file or directory");
                return null;
            } catch (AccessDeniedException e) {
                fail("cannot open " + file + ": Permission denied");
                return null;
            } catch (IOException | RuntimeException e) {
                fail(Files.isDirectory(Path.of(file)) ? "cannot read " + file + ": Is a directory"
                        : "cannot open " + file + ": " + e.getMessage());
                return null;
            }
        }
        source = dev.lunatik.vm.interp.Loader.fileText(source);
        if (dev.lunatik.vm.interp.Loader.isBinary(source)) {
            fail(SourceText.binaryNotSupported(file.equals("-") ? "stdin" : file));
            return null;
        }
        try {
            Chunk chunk = Parser.parse(source, chunkName);
            return Compiler.compile(chunk);
        } catch (LuaError e) {
            failLatin1(ErrorReport.load(e));
            return null;
        }
    }

    private int usage(String message) {
        io.flushOut();
        LuaCommand.write(io.err(), ErrorReport.latin1(PROGNAME + ": " + message + "\n" + String.format(USAGE, PROGNAME)));
        return 1;
    }

    private int fail(String message) {
        return failLatin1(ErrorReport.latin1(message));
    }

    private int failLatin1(String message) {
        io.flushOut();
        LuaCommand.write(io.err(), PROGNAME + ": " + message + "\n");
        io.err().flush();
        return 1;
    }
}
