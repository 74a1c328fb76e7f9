package dev.lunatik.vm.parser;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.FuncBody;
import dev.lunatik.vm.ast.Stat;
import java.util.List;
import java.util.stream.Collectors;

/** Renders AST nodes as compact S-expressions so tests can check tree shapes at a glance. */
final class Sexp {
    private Sexp() {}

    static String of(Expr e) {
        if (e instanceof Expr.Nil n) return "nil";
        if (e instanceof Expr.True t) return "true";
        if (e instanceof Expr.False f) return "false";
        if (e instanceof Expr.Vararg v) return "...";
        if (e instanceof Expr.Int i) return Long.toString(i.value());
        if (e instanceof Expr.Str s) return "\"" + s.value().toString() + "\"";
        if (e instanceof Expr.Function f) return "(function " + of(f.body()) + ")";
        if (e instanceof Expr.Table t) return "{" + t.fields().stream().map(Sexp::of).collect(Collectors.joining(" ")) + "}";
        if (e instanceof Expr.Binary b) return "(" + b.op().symbol + " " + of(b.left()) + " " + of(b.right()) + ")";
        if (e instanceof Expr.Unary u) return "(" + u.op().symbol + " " + of(u.operand()) + ")";
        if (e instanceof Expr.Name n) return n.name();
        if (e instanceof Expr.Index x) return "(index " + of(x.object()) + " " + of(x.key()) + ")";
        if (e instanceof Expr.Call c) return "(call " + of(c.function()) + args(c.args()) + ")";
        if (e instanceof Expr.MethodCall m) return "(method " + of(m.object()) + " " + m.name() + args(m.args()) + ")";
        if (e instanceof Expr.Paren p) return "(paren " + of(p.inner()) + ")";
        throw new IllegalArgumentException(String.valueOf(e));
    }

    private static String args(List<Expr> args) {
        return args.stream().map(a -> " " + of(a)).collect(Collectors.joining());
    }

    static String of(Expr.TableField f) {
        if (f instanceof Expr.Positional p) return of(p.value());
        if (f instanceof Expr.Named n) return n.name() + "=" + of(n.value());
        if (f instanceof Expr.Keyed k) return "[" + of(k.key()) + "]=" + of(k.value());
        throw new IllegalArgumentException(String.valueOf(f));
    }

    static String of(FuncBody b) {
        return "(" + String.join(" ", b.params()) + (b.isVararg() ? (b.params().isEmpty() ? "..." : " ...") : "")
                + ") " + of(b.block());
    }

    static String of(Block b) {
        return "[" + b.stats().stream().map(Sexp::of).collect(Collectors.joining("; ")) + "]";
    }

    static String list(List<Expr> es) {
        return es.stream().map(Sexp::of).collect(Collectors.joining(", "));
    }

    static String of(Stat s) {
        if (s instanceof Stat.Local l) {
                StringBuilder sb = new StringBuilder("local");
                for (int i = 0; i < l.names().size(); i++) {
                    sb.append(i == 0 ? " " : ", ").append(l.names().get(i));
                    if (l.attribs().get(i) != null) sb.append('<').append(l.attribs().get(i)).append('>');
                }
                if (!l.values().isEmpty()) sb.append(" = ").append(list(l.values()));
                return sb.toString();
                    }
        if (s instanceof Stat.Assign a) return list(a.targets()) + " = " + list(a.values());
        if (s instanceof Stat.CallStat c) return of(c.call());
        if (s instanceof Stat.Do d) return "do " + of(d.block());
        if (s instanceof Stat.While w) return "while " + of(w.cond()) + " " + of(w.block());
        if (s instanceof Stat.Repeat r) return "repeat " + of(r.block()) + " until " + of(r.cond());
        if (s instanceof Stat.If i) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < i.conds().size(); k++) {
                    sb.append(k == 0 ? "if " : " elseif ").append(of(i.conds().get(k))).append(' ')
                            .append(of(i.blocks().get(k)));
                }
                if (i.elseBlock() != null) sb.append(" else ").append(of(i.elseBlock()));
                return sb.toString();
                    }
        if (s instanceof Stat.NumericFor f) return "for " + f.var() + " = " + of(f.start()) + ", " + of(f.limit())
                    + (f.step() != null ? ", " + of(f.step()) : "") + " " + of(f.block());
        if (s instanceof Stat.GenericFor f) return "for " + String.join(", ", f.names()) + " in " + list(f.exprs()) + " "
                    + of(f.block());
        if (s instanceof Stat.Function f) return "function " + String.join(".", f.path())
                    + (f.method() != null ? ":" + f.method() : "") + of(f.body());
        if (s instanceof Stat.LocalFunction f) return "local function " + f.name() + of(f.body());
        if (s instanceof Stat.Return r) return "return" + (r.values().isEmpty() ? "" : " " + list(r.values()));
        if (s instanceof Stat.Break b) return "break";
        if (s instanceof Stat.Goto g) return "goto " + g.label();
        if (s instanceof Stat.Label l) return "::" + l.name() + "::";
        throw new IllegalArgumentException(String.valueOf(s));
    }
}
