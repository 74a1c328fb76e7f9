package dev.lunatik.vm.ast;

import dev.lunatik.vm.value.LuaString;
import java.util.List;

/**
 * Expression nodes of the abstract syntax tree. Every node carries the source line on which it
 * starts (for binary operators: the line of the operator, as Lua reports it).
 */
public sealed interface Expr {
    int line();

    /** {@code nil} */
    record Nil(int line) implements Expr {}

    /** {@code true} */
    record True(int line) implements Expr {}

    /** {@code false} */
    record False(int line) implements Expr {}

    /** {@code ...} */
    record Vararg(int line) implements Expr {}

    /** An integer numeral (the only kind of number in kernel Lua). */
    record Int(int line, long value) implements Expr {}

    /** A string literal, escapes already decoded, as bytes. */
    record Str(int line, LuaString value) implements Expr {}

    /** {@code function (params) body end} */
    record Function(int line, FuncBody body) implements Expr {}

    /** {@code { fields }} */
    record Table(int line, List<TableField> fields) implements Expr {}

    /** A binary operator application, including {@code and}/{@code or}. */
    record Binary(int line, BinOp op, Expr left, Expr right) implements Expr {}

    /** A unary operator application. */
    record Unary(int line, UnOp op, Expr operand) implements Expr {}

    /** A variable reference by name: local, upvalue or global (resolved by the compiler). */
    record Name(int line, String name) implements Expr {}

    /** {@code object[key]}; {@code a.b} is {@code Index(a, Str("b"))}. */
    record Index(int line, Expr object, Expr key) implements Expr {}

    /** {@code fn(args)}; {@code line} is the line of the opening parenthesis/argument. */
    record Call(int line, Expr function, List<Expr> args) implements Expr {}

    /** {@code object:name(args)} */
    record MethodCall(int line, Expr object, String name, List<Expr> args) implements Expr {}

    /** {@code (expr)}: truncates a multi-valued expression to one value. */
    record Paren(int line, Expr inner) implements Expr {}

    /** A field of a table constructor. */
    sealed interface TableField {}

    /** {@code expr} (positional: gets the next array index). */
    record Positional(Expr value) implements TableField {}

    /** {@code name = expr} */
    record Named(String name, Expr value, int line) implements TableField {}

    /** {@code [key] = expr} */
    record Keyed(Expr key, Expr value) implements TableField {}

    /** Binary operators. In kernel Lua {@code /} parses as {@link #IDIV}; there is no power. */
    enum BinOp {
        ADD("+"), SUB("-"), MUL("*"), MOD("%"), IDIV("//"),
        BAND("&"), BOR("|"), BXOR("~"), SHL("<<"), SHR(">>"),
        CONCAT(".."), EQ("=="), NE("~="), LT("<"), LE("<="), GT(">"), GE(">="),
        AND("and"), OR("or");

        public final String symbol;

        BinOp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** Unary operators. */
    enum UnOp {
        NEG("-"), NOT("not"), LEN("#"), BNOT("~");

        public final String symbol;

        UnOp(String symbol) {
            this.symbol = symbol;
        }
    }
}
