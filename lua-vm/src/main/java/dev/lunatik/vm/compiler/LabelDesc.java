package dev.lunatik.vm.compiler;

/**
 * A label or a pending goto (including {@code break}, a goto to the implicit label "break" at the
 * end of the innermost loop).
 */
final class LabelDesc {
    final String name;
    final int line;
    /** For a label: its pc; for a goto: the pc of its JMP. */
    final int pc;
    /** Number of active variables where the label/goto is (lowered as a goto leaves blocks). */
    int nactvar;

    LabelDesc(String name, int line, int pc, int nactvar) {
        this.name = name;
        this.line = line;
        this.pc = pc;
        this.nactvar = nactvar;
    }
}
