package dev.lunatik.vm.compiler;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.Expr.BinOp;
import dev.lunatik.vm.ast.Expr.UnOp;
import dev.lunatik.vm.ast.FuncBody;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.value.LuaString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small recursive-descent parser of kernel Lua used only by the compiler tests, so that they do
 * not depend on the real (ANTLR) parser. It builds the same AST; error handling is minimal.
 */
final class MiniParser {
    private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end",
            "false", "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
            "return", "then", "true", "until", "while");

    private record Tok(String kind, String text, long ival, byte[] sval, int line) {}

    private final List<Tok> toks = new ArrayList<>();
    private int p;

    static Chunk parse(String src, String name) {
        MiniParser mp = new MiniParser();
        mp.lex(src);
        Block b = mp.block();
        mp.expect("<eof>");
        return new Chunk(name, b);
    }

    // ------------------------------------------------------------------ lexer

    private void lex(String s) {
        int i = 0;
        int line = 1;
        int n = s.length();
        while (true) {
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (s.startsWith("--", i)) {
                    i += 2;
                    int lvl = longBracket(s, i);
                    if (lvl >= 0) {
                        String close = "]" + "=".repeat(lvl) + "]";
                        int e = s.indexOf(close, i);
                        for (int k = i; k < e; k++) if (s.charAt(k) == '\n') line++;
                        i = e + close.length();
                    } else {
                        while (i < n && s.charAt(i) != '\n') i++;
                    }
                } else {
                    break;
                }
            }
            if (i >= n) {
                toks.add(new Tok("<eof>", "<eof>", 0, null, line));
                return;
            }
            char c = s.charAt(i);
            if (Character.isLetter(c) || c == '_') {
                int st = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                String w = s.substring(st, i);
                toks.add(new Tok(KEYWORDS.contains(w) ? w : "<name>", w, 0, null, line));
            } else if (Character.isDigit(c)) {
                int st = i;
                long v;
                if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
                    i += 2;
                    v = 0;
                    while (i < n && Character.digit(s.charAt(i), 16) >= 0) v = v * 16 + Character.digit(s.charAt(i++), 16);
                } else {
                    while (i < n && Character.isDigit(s.charAt(i))) i++;
                    v = Long.parseUnsignedLong(s.substring(st, i));
                }
                toks.add(new Tok("<int>", s.substring(st, i), v, null, line));
            } else if (c == '"' || c == '\'') {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                i++;
                while (s.charAt(i) != c) {
                    char d = s.charAt(i++);
                    if (d == '\\') {
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'n' -> out.write('\n');
                            case 't' -> out.write('\t');
                            case 'a' -> out.write(7);
                            case '\\' -> out.write('\\');
                            case '"' -> out.write('"');
                            case '\'' -> out.write('\'');
                            default -> {
                                if (Character.isDigit(e)) {
                                    int v = e - '0';
                                    for (int k = 0; k < 2 && Character.isDigit(s.charAt(i)); k++) v = v * 10 + s.charAt(i++) - '0';
                                    out.write(v);
                                } else {
                                    out.write(e);
                                }
                            }
                        }
                    } else {
                        byte[] bs = String.valueOf(d).getBytes(StandardCharsets.UTF_8);
                        out.write(bs, 0, bs.length);
                    }
                }
                i++;
                toks.add(new Tok("<string>", null, 0, out.toByteArray(), line));
            } else if (c == '[' && longBracket(s, i) >= 0) {
                int lvl = longBracket(s, i);
                i += lvl + 2;
                if (i < n && s.charAt(i) == '\n') {
                    i++;
                    line++;
                }
                String close = "]" + "=".repeat(lvl) + "]";
                int e = s.indexOf(close, i);
                String body = s.substring(i, e);
                int startLine = line;
                for (int k = 0; k < body.length(); k++) if (body.charAt(k) == '\n') line++;
                toks.add(new Tok("<string>", null, 0, body.getBytes(StandardCharsets.UTF_8), startLine));
                i = e + close.length();
            } else {
                String[] ops = {"...", "..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::", "+", "-", "*", "/", "%",
                    "^", "#", "&", "~", "|", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":", ",", "."};
                String found = null;
                for (String o : ops) {
                    if (s.startsWith(o, i)) {
                        found = o;
                        break;
                    }
                }
                if (found == null) throw new IllegalArgumentException("bad char " + c + " at line " + line);
                i += found.length();
                toks.add(new Tok(found, found, 0, null, line));
            }
        }
    }

    private static int longBracket(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '[') return -1;
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == '=') j++;
        return j < s.length() && s.charAt(j) == '[' ? j - i - 1 : -1;
    }

    // ------------------------------------------------------------------ parser

    private Tok peek() {
        return toks.get(p);
    }

    private boolean check(String k) {
        return peek().kind().equals(k);
    }

    private boolean accept(String k) {
        if (check(k)) {
            p++;
            return true;
        }
        return false;
    }

    private Tok expect(String k) {
        if (!check(k)) throw new IllegalArgumentException("line " + peek().line() + ": expected " + k + " got " + peek().kind());
        return toks.get(p++);
    }

    private boolean blockFollow() {
        String k = peek().kind();
        return k.equals("<eof>") || k.equals("end") || k.equals("else") || k.equals("elseif") || k.equals("until");
    }

    private Block block() {
        List<Stat> stats = new ArrayList<>();
        while (!blockFollow()) {
            if (check("return")) {
                Tok t = toks.get(p++);
                List<Expr> vals = new ArrayList<>();
                if (!blockFollow() && !check(";")) vals = exprList();
                accept(";");
                stats.add(new Stat.Return(t.line(), vals));
                break;
            }
            Stat s = statement();
            if (s != null) stats.add(s);
        }
        return new Block(stats, peek().line());
    }

    private Stat statement() {
        Tok t = peek();
        int line = t.line();
        switch (t.kind()) {
            case ";" -> {
                p++;
                return null;
            }
            case "if" -> {
                p++;
                List<Expr> conds = new ArrayList<>();
                List<Block> blocks = new ArrayList<>();
                conds.add(expr());
                expect("then");
                blocks.add(block());
                Block els = null;
                while (true) {
                    if (accept("elseif")) {
                        conds.add(expr());
                        expect("then");
                        blocks.add(block());
                    } else if (accept("else")) {
                        els = block();
                        expect("end");
                        break;
                    } else {
                        expect("end");
                        break;
                    }
                }
                return new Stat.If(line, conds, blocks, els);
            }
            case "while" -> {
                p++;
                Expr c = expr();
                expect("do");
                Block b = block();
                expect("end");
                return new Stat.While(line, c, b);
            }
            case "do" -> {
                p++;
                Block b = block();
                expect("end");
                return new Stat.Do(line, b);
            }
            case "for" -> {
                p++;
                String n1 = expect("<name>").text();
                if (accept("=")) {
                    Expr a = expr();
                    expect(",");
                    Expr b = expr();
                    Expr c = accept(",") ? expr() : null;
                    expect("do");
                    Block body = block();
                    expect("end");
                    return new Stat.NumericFor(line, n1, a, b, c, body);
                }
                List<String> names = new ArrayList<>(List.of(n1));
                while (accept(",")) names.add(expect("<name>").text());
                expect("in");
                List<Expr> es = exprList();
                expect("do");
                Block body = block();
                expect("end");
                return new Stat.GenericFor(line, names, es, body);
            }
            case "repeat" -> {
                p++;
                Block b = block();
                expect("until");
                return new Stat.Repeat(line, b, expr());
            }
            case "function" -> {
                p++;
                List<String> path = new ArrayList<>(List.of(expect("<name>").text()));
                String method = null;
                while (accept(".")) path.add(expect("<name>").text());
                if (accept(":")) method = expect("<name>").text();
                return new Stat.Function(line, path, method, funcBody(line, method != null));
            }
            case "local" -> {
                p++;
                if (accept("function")) {
                    String n = expect("<name>").text();
                    return new Stat.LocalFunction(line, n, funcBody(line, false));
                }
                List<String> names = new ArrayList<>();
                List<Stat.Attrib> attribs = new ArrayList<>();
                do {
                    names.add(expect("<name>").text());
                    if (accept("<")) {
                        String a = expect("<name>").text();
                        expect(">");
                        attribs.add(a.equals("const") ? Stat.Attrib.CONST : Stat.Attrib.CLOSE);
                    } else {
                        attribs.add(null);
                    }
                } while (accept(","));
                List<Expr> vals = accept("=") ? exprList() : List.of();
                return new Stat.Local(line, names, attribs, vals);
            }
            case "::" -> {
                p++;
                String n = expect("<name>").text();
                expect("::");
                return new Stat.Label(line, n);
            }
            case "break" -> {
                p++;
                return new Stat.Break(line);
            }
            case "goto" -> {
                p++;
                return new Stat.Goto(line, expect("<name>").text());
            }
            default -> {
                Expr e = suffixedExp();
                if (check("=") || check(",")) {
                    List<Expr> targets = new ArrayList<>(List.of(e));
                    while (accept(",")) targets.add(suffixedExp());
                    expect("=");
                    return new Stat.Assign(line, targets, exprList());
                }
                return new Stat.CallStat(line, e);
            }
        }
    }

    private FuncBody funcBody(int line, boolean method) {
        expect("(");
        List<String> params = new ArrayList<>();
        if (method) params.add("self");
        boolean vararg = false;
        if (!check(")")) {
            do {
                if (accept("...")) {
                    vararg = true;
                    break;
                }
                params.add(expect("<name>").text());
            } while (accept(","));
        }
        expect(")");
        Block b = block();
        int end = expect("end").line();
        return new FuncBody(line, end, params, vararg, b);
    }

    private List<Expr> exprList() {
        List<Expr> l = new ArrayList<>(List.of(expr()));
        while (accept(",")) l.add(expr());
        return l;
    }

    private Expr primaryExp() {
        Tok t = peek();
        if (accept("(")) {
            Expr e = expr();
            expect(")");
            return new Expr.Paren(t.line(), e);
        }
        return new Expr.Name(t.line(), expect("<name>").text());
    }

    private Expr suffixedExp() {
        Expr e = primaryExp();
        while (true) {
            Tok t = peek();
            switch (t.kind()) {
                case "." -> {
                    p++;
                    Tok n = expect("<name>");
                    e = new Expr.Index(t.line(), e, new Expr.Str(n.line(), LuaString.valueOf(n.text())));
                }
                case "[" -> {
                    p++;
                    Expr k = expr();
                    expect("]");
                    e = new Expr.Index(t.line(), e, k);
                }
                case ":" -> {
                    p++;
                    String n = expect("<name>").text();
                    int line = peek().line();
                    e = new Expr.MethodCall(line, e, n, callArgs());
                }
                case "(", "<string>", "{" -> e = new Expr.Call(t.line(), e, callArgs());
                default -> {
                    return e;
                }
            }
        }
    }

    private List<Expr> callArgs() {
        Tok t = peek();
        if (check("<string>")) {
            p++;
            return List.of(new Expr.Str(t.line(), LuaString.wrap(t.sval())));
        }
        if (check("{")) return List.of(table());
        expect("(");
        List<Expr> args = check(")") ? List.of() : exprList();
        expect(")");
        return args;
    }

    private Expr table() {
        int line = expect("{").line();
        List<Expr.TableField> fields = new ArrayList<>();
        while (!check("}")) {
            if (check("[")) {
                p++;
                Expr k = expr();
                expect("]");
                expect("=");
                fields.add(new Expr.Keyed(k, expr()));
            } else if (check("<name>") && toks.get(p + 1).kind().equals("=")) {
                Tok n = toks.get(p);
                p += 2;
                fields.add(new Expr.Named(n.text(), expr(), n.line()));
            } else {
                fields.add(new Expr.Positional(expr()));
            }
            if (!accept(",") && !accept(";")) break;
        }
        expect("}");
        return new Expr.Table(line, fields);
    }

    private Expr simpleExp() {
        Tok t = peek();
        switch (t.kind()) {
            case "<int>" -> {
                p++;
                return new Expr.Int(t.line(), t.ival());
            }
            case "<string>" -> {
                p++;
                return new Expr.Str(t.line(), LuaString.wrap(t.sval()));
            }
            case "nil" -> {
                p++;
                return new Expr.Nil(t.line());
            }
            case "true" -> {
                p++;
                return new Expr.True(t.line());
            }
            case "false" -> {
                p++;
                return new Expr.False(t.line());
            }
            case "..." -> {
                p++;
                return new Expr.Vararg(t.line());
            }
            case "{" -> {
                return table();
            }
            case "function" -> {
                p++;
                return new Expr.Function(t.line(), funcBody(t.line(), false));
            }
            default -> {
                return suffixedExp();
            }
        }
    }

    private static BinOp binop(String k) {
        return switch (k) {
            case "+" -> BinOp.ADD;
            case "-" -> BinOp.SUB;
            case "*" -> BinOp.MUL;
            case "%" -> BinOp.MOD;
            case "/", "//" -> BinOp.IDIV;
            case "&" -> BinOp.BAND;
            case "|" -> BinOp.BOR;
            case "~" -> BinOp.BXOR;
            case "<<" -> BinOp.SHL;
            case ">>" -> BinOp.SHR;
            case ".." -> BinOp.CONCAT;
            case "==" -> BinOp.EQ;
            case "~=" -> BinOp.NE;
            case "<" -> BinOp.LT;
            case "<=" -> BinOp.LE;
            case ">" -> BinOp.GT;
            case ">=" -> BinOp.GE;
            case "and" -> BinOp.AND;
            case "or" -> BinOp.OR;
            default -> null;
        };
    }

    // left, right priorities as in Lua 5.4
    private static int[] prio(BinOp op) {
        return switch (op) {
            case ADD, SUB -> new int[] {10, 10};
            case MUL, MOD, IDIV -> new int[] {11, 11};
            case BAND -> new int[] {6, 6};
            case BOR -> new int[] {4, 4};
            case BXOR -> new int[] {5, 5};
            case SHL, SHR -> new int[] {7, 7};
            case CONCAT -> new int[] {9, 8};
            case EQ, NE, LT, LE, GT, GE -> new int[] {3, 3};
            case AND -> new int[] {2, 2};
            case OR -> new int[] {1, 1};
        };
    }

    private static final int UNARY_PRIORITY = 12;

    private Expr expr() {
        return subexpr(0);
    }

    private Expr subexpr(int limit) {
        Expr e;
        Tok t = peek();
        UnOp u = switch (t.kind()) {
            case "not" -> UnOp.NOT;
            case "-" -> UnOp.NEG;
            case "#" -> UnOp.LEN;
            case "~" -> UnOp.BNOT;
            default -> null;
        };
        if (u != null) {
            p++;
            e = new Expr.Unary(t.line(), u, subexpr(UNARY_PRIORITY));
        } else {
            e = simpleExp();
        }
        BinOp op = binop(peek().kind());
        while (op != null && prio(op)[0] > limit) {
            Tok ot = toks.get(p++);
            Expr r = subexpr(prio(op)[1]);
            e = new Expr.Binary(ot.line(), op, e, r);
            op = binop(peek().kind());
        }
        return e;
    }
}
