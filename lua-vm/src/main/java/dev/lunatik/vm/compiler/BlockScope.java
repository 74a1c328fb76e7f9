package dev.lunatik.vm.compiler;

/**
 * One lexical block being compiled (a {@code do}, a loop body, a function body...): what must be
 * undone when it ends (its locals, labels and the pending gotos created in it) and whether leaving
 * it needs to close upvalues or to-be-closed variables.
 */
final class BlockScope {
    final BlockScope previous;
    /** Number of active variables (entries, including compile-time constants) at block entry. */
    final int nactvar;
    /** Index of the first label of this block in the function's label list. */
    final int firstLabel;
    /** Index of the first pending goto of this block in the function's goto list. */
    final int firstGoto;
    /** Whether this is a loop (the target of {@code break}). */
    final boolean isLoop;
    /** Whether some variable of this block is captured by a closure or is to-be-closed. */
    boolean upval;
    /** Whether this block or an enclosing one (same function) has a to-be-closed variable. */
    boolean insideTbc;

    BlockScope(BlockScope previous, int nactvar, int firstLabel, int firstGoto, boolean isLoop) {
        this.previous = previous;
        this.nactvar = nactvar;
        this.firstLabel = firstLabel;
        this.firstGoto = firstGoto;
        this.isLoop = isLoop;
        this.insideTbc = previous != null && previous.insideTbc;
    }
}
