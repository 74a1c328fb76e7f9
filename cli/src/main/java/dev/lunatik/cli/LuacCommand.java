package dev.lunatik.cli;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.bytecode.BinaryChunk;
import dev.lunatik.vm.bytecode.Disassembler;
import dev.lunatik.vm.bytecode.Instruction;
import dev.lunatik.vm.bytecode.OpCode;
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
 * {@code lunatik luac [-l [-l]] [-o name] [-p] [-s] [-v] [--] files...}: compiles each file (or
 * stdin for {@code -}; a file may also be a binary chunk), prints a {@code luac -l} style listing
 * when asked ({@code -l -l}: with constants, locals and upvalues), and unless {@code -p} (parse
 * only) writes the binary chunk to {@code name} (default {@code luac.out}; {@code -o -} is
 * stdout), stripped of debug information with {@code -s}. Several files are combined into one
 * main function that runs each in order, as luac does. Errors: {@code luac: <message>}, exit
 * status 1.
 */
public final class LuacCommand {
    static final String PROGNAME = "luac";
    /** The default output file. */
    static final String OUTPUT = "luac.out";

    private static final String USAGE = "usage: %s [options] [filenames]\n"
            + "Available options are:\n"
            + "  -l       list (use -l -l for full listing)\n"
            + "  -o name  output to file 'name' (default is \"%s\")\n"
            + "  -p       parse only\n"
            + "  -s       strip debug information\n"
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
        boolean strip = false;
        String output = OUTPUT;
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
                case "-s" -> strip = true;
                case "-o" -> {
                    output = i + 1 < args.length ? args[++i] : null;
                    if (output == null || output.isEmpty() || (output.startsWith("-") && output.length() > 1)) {
                        return usage("'-o' needs argument");
                    }
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
        Proto main = protos.size() == 1 ? protos.get(0) : combine(protos);
        if (listing > 0) LuaCommand.write(io.out(), ErrorReport.latin1(Disassembler.list(main, listing > 1)));
        if (dumping) {
            byte[] chunk = BinaryChunk.dump(main, strip);
            if (output.equals("-")) {
                io.out().write(chunk, 0, chunk.length);
                io.out().flush();
            } else {
                try {
                    Files.write(Path.of(output), chunk);
                } catch (IOException | RuntimeException e) {
                    return fail("cannot open " + output + ": " + (e instanceof AccessDeniedException ? "Permission denied"
                            : e instanceof NoSuchFileException ? "No such file or directory" : String.valueOf(e.getMessage())));
                }
            }
        }
        return 0;
    }

    /**
     * One main function that runs the main functions of {@code mains} in order, as luac combines
     * several files: {@code CLOSURE 0 i; CALL 0 1 1} for each, then {@code RETURN 0 1}; each
     * nested main takes its {@code _ENV} from the combined main's first upvalue.
     */
    static Proto combine(List<Proto> mains) {
        int n = mains.size();
        int[] code = new int[2 * n + 1];
        Proto[] nested = new Proto[n];
        for (int k = 0; k < n; k++) {
            Proto p = mains.get(k);
            Proto.UpvalDesc[] ups = p.upvalues.clone();
            if (ups.length > 0) ups[0] = new Proto.UpvalDesc(ups[0].name(), false, 0);
            nested[k] = new Proto(p.source, p.lineDefined, p.lastLineDefined, p.numParams, p.isVararg, p.maxStackSize,
                    p.code, p.constants, p.protos, ups, p.lineInfo, p.locVars);
            code[2 * k] = Instruction.abx(OpCode.CLOSURE, 0, k);
            code[2 * k + 1] = Instruction.abc(OpCode.CALL, 0, 1, 1);
        }
        code[2 * n] = Instruction.abc(OpCode.RETURN, 0, 1, 0);
        return new Proto("=(" + PROGNAME + ")", 0, 0, 0, true, 2, code, new Object[0], nested,
                new Proto.UpvalDesc[] {new Proto.UpvalDesc("_ENV", true, 0)}, new int[code.length], new Proto.LocVar[0]);
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
        source = LuaState.fileText(source);
        try {
            if (BinaryChunk.isBinary(source)) return BinaryChunk.undump(source, chunkName);
            Chunk chunk = Parser.parse(source, chunkName);
            return Compiler.compile(chunk);
        } catch (LuaError e) {
            failLatin1(ErrorReport.load(e));
            return null;
        }
    }

    private int usage(String message) {
        io.flushOut();
        LuaCommand.write(io.err(), ErrorReport.latin1(PROGNAME + ": " + message + "\n" + String.format(USAGE, PROGNAME, OUTPUT)));
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
