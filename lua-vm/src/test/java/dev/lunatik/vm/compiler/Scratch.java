package dev.lunatik.vm.compiler;

import java.nio.file.Files;
import java.nio.file.Path;

/** Manual tool: prints the listing of a file (not a test). */
final class Scratch {
    public static void main(String[] args) throws Exception {
        String src = Files.readString(Path.of(args[0]));
        System.out.print(dev.lunatik.vm.bytecode.Disassembler.list(
                Compiler.compile(dev.lunatik.vm.parser.Parser.parse(src, "@" + Path.of(args[0]).getFileName())), args.length > 1));
    }
}
