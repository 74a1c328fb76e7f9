package dev.lunatik.vm.ast;

import java.util.List;

/** Statement nodes of the abstract syntax tree; each carries the line on which it starts. */
public sealed interface Stat {
    int line();

    /** {@code local a <attr>, b = exprs}; {@code attribs} has one entry per name (null = none). */
    record Local(int line, List<String> names, List<Attrib> attribs, List<Expr> values) implements Stat {}

    /** {@code targets = values}; each target is a {@link Expr.Name} or {@link Expr.Index}. */
    record Assign(int line, List<Expr> targets, List<Expr> values) implements Stat {}

    /** A function or method call used as a statement ({@link Expr.Call} or {@link Expr.MethodCall}). */
    record CallStat(int line, Expr call) implements Stat {}

    /** {@code do block end} */
    record Do(int line, Block block) implements Stat {}

    /** {@code while cond do block end} */
    record While(int line, Expr cond, Block block) implements Stat {}

    /** {@code repeat block until cond}: the condition sees the block's locals. */
    record Repeat(int line, Block block, Expr cond) implements Stat {}

    /**
     * {@code if c1 then b1 elseif c2 then b2 ... else e end}; {@code elseBlock} is null when absent.
     */
    /** {@code thenLines}: line of each condition's {@code then} (null when unknown). */
    record If(int line, List<Expr> conds, List<Block> blocks, Block elseBlock, List<Integer> thenLines) implements Stat {
        public If(int line, List<Expr> conds, List<Block> blocks, Block elseBlock) {
            this(line, conds, blocks, elseBlock, null);
        }
    }

    /** {@code for var = start, limit [, step] do block end}; {@code step} null when absent. */
    record NumericFor(int line, String var, Expr start, Expr limit, Expr step, Block block) implements Stat {}

    /**
     * {@code for n1, n2 in exprs do block end}; {@code exprLine} is the line of the first token
     * after {@code in} (Lua reports the iterator calls there).
     */
    record GenericFor(int line, List<String> names, List<Expr> exprs, Block block, int exprLine) implements Stat {
        public GenericFor(int line, List<String> names, List<Expr> exprs, Block block) {
            this(line, names, exprs, block, line);
        }
    }

    /**
     * {@code function a.b.c:m() end}: {@code path} = ["a","b","c"], {@code method} = "m" or null.
     * The body of a method gets an implicit first parameter {@code self}, already added by the
     * parser to {@link FuncBody#params()}.
     */
    record Function(int line, List<String> path, String method, FuncBody body) implements Stat {}

    /** {@code local function name body} */
    record LocalFunction(int line, String name, FuncBody body) implements Stat {}

    /** {@code return exprs} (always the last statement of a block). */
    record Return(int line, List<Expr> values) implements Stat {}

    /** {@code break} */
    record Break(int line) implements Stat {}

    /** {@code goto label} */
    record Goto(int line, String label) implements Stat {}

    /** {@code ::label::} */
    record Label(int line, String name) implements Stat {}

    /** Local variable attributes. */
    enum Attrib {
        CONST, CLOSE
    }
}
