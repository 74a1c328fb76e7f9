package dev.lunatik.vm.ast;

/**
 * A parsed chunk: the body of the main function, which is always vararg and has one upvalue,
 * {@code _ENV}. {@code name} is the chunk name as given to {@code load} (e.g. {@code "@f.lua"}).
 *
 * <p>{@code near} maps some expressions (by identity) to the token Lua's parser would be looking
 * at when it puts their value in a new register or resolves them, as a message shows it
 * ({@code "'x'"}, {@code "<eof>"}): the token after an element of an expression list (after its
 * comma), after a called function (its arguments' first token) and after a name. A compile-time
 * limit error raised there ends with {@code near} that token, as Lua's does.
 */
public record Chunk(String name, Block block, int lastLine, Near near) {
    /** Tokens as a message shows them; null when unknown. Rendered only when asked. */
    public interface Near {
        /** The token after {@code e} where it goes into a register (after a list's comma). */
        String after(Expr e);

        /** The token right after the name {@code n}, where Lua resolves it. */
        String afterName(Expr.Name n);

        /** Knows no tokens. */
        Near NONE = new Near() {
            @Override
            public String after(Expr e) {
                return null;
            }

            @Override
            public String afterName(Expr.Name n) {
                return null;
            }
        };
    }

    /** A chunk whose last token is on its block's end line. */
    public Chunk(String name, Block block) {
        this(name, block, block.endLine(), Near.NONE);
    }

    /** A chunk with no token positions for limit errors. */
    public Chunk(String name, Block block, int lastLine) {
        this(name, block, lastLine, Near.NONE);
    }
}
