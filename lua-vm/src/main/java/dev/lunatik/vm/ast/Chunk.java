package dev.lunatik.vm.ast;

/**
 * A parsed chunk: the body of the main function, which is always vararg and has one upvalue,
 * {@code _ENV}. {@code name} is the chunk name as given to {@code load} (e.g. {@code "@f.lua"}).
 */
public record Chunk(String name, Block block, int lastLine) {
    /** A chunk whose last token is on its block's end line. */
    public Chunk(String name, Block block) {
        this(name, block, block.endLine());
    }
}
