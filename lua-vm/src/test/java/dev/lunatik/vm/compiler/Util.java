package dev.lunatik.vm.compiler;

import dev.lunatik.vm.bytecode.Disassembler;
import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.parser.Parser;

/** Helpers for the compiler tests. */
final class Util {
    private Util() {}

    static Proto compile(String src) {
        return Compiler.compile(Parser.parse(src, "@test.lua"));
    }

    static String listing(String src) {
        return Disassembler.list(compile(src), false);
    }
}
