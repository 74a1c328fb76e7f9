package dev.lunatik.vm.parser;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.Expr.BinOp;
import dev.lunatik.vm.ast.Expr.UnOp;
import dev.lunatik.vm.ast.FuncBody;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.parser.LuaParser.*;
import dev.lunatik.vm.value.LuaString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a successful parse tree into the AST, one method per grammar rule. All checks have been
 * made while parsing, so building cannot fail. Binary-operator chains are walked iteratively
 * along their left spine, so long chains such as {@code 1+1+...+1} need no deep recursion.
 */
final class AstBuilder {
    private final String chunkName;
    private final Object[] literals;
    private final List<Token> tokens;
    private final ParseSupport.Source source;
    /** For {@link Chunk#near}: the token after each recorded expression (rendered only on an error). */
    private final java.util.IdentityHashMap<Expr, Token> near = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<Expr, Token> nearName = new java.util.IdentityHashMap<>();

    AstBuilder(String chunkName, Object[] literals, List<Token> tokens, ParseSupport.Source source) {
        this.chunkName = chunkName;
        this.literals = literals;
        this.tokens = tokens;
        this.source = source;
    }

    /** Records, for {@code e} ending at {@code stop}, the token after it (after a comma when {@code list}). */
    private void recordNear(Expr e, Token stop, boolean list) {
        int i = stop.getTokenIndex() + 1;
        if (i >= tokens.size()) return;
        Token t = tokens.get(i);
        if (list && t.getType() == LuaParser.COMMA && i + 1 < tokens.size()) t = tokens.get(i + 1);
        (list ? near : nearName).put(e, t);
    }

    private String render(java.util.Map<Expr, Token> map, Expr e) {
        Token t = map.get(e);
        return t == null ? null : source.nearText(t);
    }

    Chunk chunk(ChunkContext c) {
        // the line of the chunk's last token (Lua gives its final return that line), 1 if none
        org.antlr.v4.runtime.Token stop = c.block().getStop();
        boolean empty = stop == null || stop.getTokenIndex() < c.block().getStart().getTokenIndex()
                || stop.getType() == org.antlr.v4.runtime.Token.EOF;
        Block body = block(c.block());
        return new Chunk(chunkName, body, empty ? 1 : stop.getLine(), new Chunk.Near() {
            @Override
            public String after(Expr e) {
                return render(near, e);
            }

            @Override
            public String afterName(Expr.Name n) {
                return render(nearName, n);
            }
        });
    }

    // ------------------------------------------------------------------ statements

    /** A block; its end line is the line of the token that follows it. */
    private Block block(BlockContext c) {
        List<Stat> stats = new ArrayList<>(c.stat().size() + 1);
        for (StatContext s : c.stat()) {
            Stat st = stat(s);
            if (st != null) stats.add(st);
        }
        if (c.retStat() != null) stats.add(retStat(c.retStat()));
        return new Block(stats, lineAfter(c));
    }

    private static int lineAfter(BlockContext c) {
        ParserRuleContext parent = c.getParent();
        int i = parent.children.indexOf(c);
        return ((TerminalNode) parent.children.get(i + 1)).getSymbol().getLine();
    }

    private Stat stat(StatContext c) {
        ParseTree s = c.getChild(0);
        if (s instanceof EmptyStatContext) return null;
        if (s instanceof ExprStatContext x) return exprStat(x);
        if (s instanceof LabelStatContext x) return new Stat.Label(line(x), x.NAME().getText());
        if (s instanceof BreakStatContext x) return new Stat.Break(line(x));
        if (s instanceof GotoStatContext x) return new Stat.Goto(line(x), x.NAME().getText());
        if (s instanceof DoStatContext x) return new Stat.Do(line(x), block(x.block()));
        if (s instanceof WhileStatContext x) return new Stat.While(line(x), exp(x.exp()), block(x.block()));
        if (s instanceof RepeatStatContext x) return new Stat.Repeat(line(x), block(x.block()), exp(x.exp()));
        if (s instanceof IfStatContext x) return ifStat(x);
        if (s instanceof ForStatContext x) return forStat(x);
        if (s instanceof FunctionStatContext x) return functionStat(x);
        if (s instanceof LocalStatContext x) return localStat(x);
        throw new IllegalStateException("unknown statement " + s.getClass());
    }

    private Stat exprStat(ExprStatContext c) {
        List<Expr> targets = new ArrayList<>(c.targets.size());
        for (SuffixedExpContext t : c.targets) targets.add(suffixedExp(t));
        if (c.expList() == null) return new Stat.CallStat(line(c), targets.get(0));
        return new Stat.Assign(line(c), targets, expList(c.expList()));
    }

    private Stat ifStat(IfStatContext c) {
        List<Expr> conds = new ArrayList<>();
        for (ExpContext e : c.exp()) conds.add(exp(e));
        List<Block> blocks = new ArrayList<>();
        for (BlockContext b : c.block()) blocks.add(block(b));
        Block elseBlock = c.ELSE() != null ? blocks.remove(blocks.size() - 1) : null;
        List<Integer> thenLines = new ArrayList<>();
        for (TerminalNode th : c.getTokens(LuaParser.THEN)) thenLines.add(th.getSymbol().getLine());
        return new Stat.If(line(c), conds, blocks, elseBlock, thenLines);
    }

    private Stat forStat(ForStatContext c) {
        String first = c.NAME().getText();
        Block body = block(c.block());
        if (c.numericFor() != null) {
            List<ExpContext> e = c.numericFor().exp();
            return new Stat.NumericFor(line(c), first, exp(e.get(0)), exp(e.get(1)),
                    e.size() > 2 ? exp(e.get(2)) : null, body);
        }
        GenericForContext g = c.genericFor();
        List<String> names = new ArrayList<>();
        names.add(first);
        for (TerminalNode n : g.NAME()) names.add(n.getText());
        return new Stat.GenericFor(line(c), names, expList(g.expList()), body, line(g.expList()));
    }

    private Stat functionStat(FunctionStatContext c) {
        FuncNameContext fn = c.funcName();
        List<String> path = new ArrayList<>();
        for (TerminalNode n : fn.NAME()) path.add(n.getText());
        String method = fn.COLON() != null ? path.remove(path.size() - 1) : null;
        return new Stat.Function(line(c), path, method, funcBody(c.funcBody(), line(c), method != null));
    }

    private Stat localStat(LocalStatContext c) {
        if (c.localFunction() != null) {
            LocalFunctionContext f = c.localFunction();
            return new Stat.LocalFunction(line(c), f.NAME().getText(),
                    funcBody(f.funcBody(), f.FUNCTION().getSymbol().getLine(), false));
        }
        LocalVarsContext v = c.localVars();
        List<String> names = new ArrayList<>();
        List<Stat.Attrib> attribs = new ArrayList<>();
        for (AttNameContext a : v.attName()) {
            names.add(a.NAME(0).getText());
            attribs.add(a.attr == null ? null
                    : a.attr.getText().equals("close") ? Stat.Attrib.CLOSE : Stat.Attrib.CONST);
        }
        List<Expr> values = v.expList() != null ? expList(v.expList()) : List.of();
        return new Stat.Local(line(c), names, attribs, values);
    }

    private Stat retStat(RetStatContext c) {
        return new Stat.Return(line(c), c.expList() != null ? expList(c.expList()) : List.of());
    }

    private FuncBody funcBody(FuncBodyContext c, int line, boolean method) {
        List<String> params = new ArrayList<>();
        if (method) params.add("self");
        boolean vararg = false;
        if (c.parList() != null) {
            for (ParamContext p : c.parList().param()) {
                if (p.VARARG() != null) vararg = true;
                else params.add(p.NAME().getText());
            }
        }
        return new FuncBody(line, c.END().getSymbol().getLine(), params, vararg, block(c.block()));
    }

    // ------------------------------------------------------------------ expressions

    private List<Expr> expList(ExpListContext c) {
        List<Expr> list = new ArrayList<>(c.exp().size());
        for (ExpContext e : c.exp()) {
            Expr x = exp(e);
            recordNear(x, e.getStop(), true);
            list.add(x);
        }
        return list;
    }

    /**
     * Nests the flat operand/operator list by Lua's priorities: an operator takes the expression
     * so far as its left operand unless the pending operator's right priority is lower than its
     * left one (then it binds into that operator's right operand). Iterative, so long chains such
     * as {@code 1+1+...+1} need no deep recursion.
     */
    private Expr exp(ExpContext c) {
        List<OperandContext> operands = c.operand();
        List<Token> ops = c.ops;
        if (ops.isEmpty()) return operand(operands.get(0));
        ArrayDeque<Expr> values = new ArrayDeque<>();
        ArrayDeque<Token> pending = new ArrayDeque<>();
        values.push(operand(operands.get(0)));
        for (int i = 0; i < ops.size(); i++) {
            Token op = ops.get(i);
            int left = ParseSupport.leftPriority(op.getType());
            while (!pending.isEmpty() && left <= ParseSupport.rightPriority(pending.peek().getType())) {
                reduce(values, pending.pop());
            }
            pending.push(op);
            values.push(operand(operands.get(i + 1)));
        }
        while (!pending.isEmpty()) reduce(values, pending.pop());
        return values.pop();
    }

    private static void reduce(ArrayDeque<Expr> values, Token op) {
        Expr right = values.pop();
        Expr left = values.pop();
        values.push(new Expr.Binary(op.getLine(), binOp(op), left, right));
    }

    private Expr operand(OperandContext c) {
        if (c.op != null) return new Expr.Unary(c.op.getLine(), unOp(c.op), operand(c.operand()));
        return atom(c.atom());
    }

    private Expr atom(AtomContext c) {
        int line = line(c);
        if (c.suffixedExp() != null) return suffixedExp(c.suffixedExp());
        if (c.NUMBER() != null) return new Expr.Int(line, (Long) literals[c.NUMBER().getSymbol().getTokenIndex()]);
        if (c.string() != null) return string(c.string());
        if (c.NIL() != null) return new Expr.Nil(line);
        if (c.TRUE() != null) return new Expr.True(line);
        if (c.FALSE() != null) return new Expr.False(line);
        if (c.VARARG() != null) return new Expr.Vararg(line);
        if (c.functionDef() != null) return new Expr.Function(line, funcBody(c.functionDef().funcBody(), line, false));
        return tableConstructor(c.tableConstructor());
    }

    private Expr.Str string(StringContext c) {
        Token t = c.getStart();
        return new Expr.Str(t.getLine(), (LuaString) literals[t.getTokenIndex()]);
    }

    private Expr suffixedExp(SuffixedExpContext c) {
        PrimaryExpContext p = c.primaryExp();
        Expr e;
        if (p.NAME() != null) {
            e = new Expr.Name(line(p), p.NAME().getText());
            recordNear(e, p.NAME().getSymbol(), false); // where Lua resolves the name (a new upvalue, say)
        } else {
            e = new Expr.Paren(line(p), exp(p.exp()));
        }
        for (SuffixContext s : ParseSupport.suffixList(c)) {
            int line = line(s);
            if (s.DOT() != null) {
                e = new Expr.Index(line, e, new Expr.Str(s.NAME().getSymbol().getLine(), LuaString.latin1(s.NAME().getText())));
            } else if (s.LBRACKET() != null) {
                e = new Expr.Index(line, e, exp(s.exp()));
            } else if (s.COLON() != null) {
                near.put(e, s.args().getStart()); // where luaK_self reserves its registers
                e = new Expr.MethodCall(line(s.args()), e, s.NAME().getText(), args(s.args()));
            } else {
                near.put(e, s.getStart()); // where Lua puts the function in a register
                e = new Expr.Call(line, e, args(s.args()));
            }
        }
        return e;
    }

    private List<Expr> args(ArgsContext c) {
        if (c.tableConstructor() != null) return List.of(tableConstructor(c.tableConstructor()));
        if (c.string() != null) return List.of(string(c.string()));
        return c.expList() != null ? expList(c.expList()) : List.of();
    }

    private Expr tableConstructor(TableConstructorContext c) {
        List<Expr.TableField> fields = new ArrayList<>(c.field().size());
        for (FieldContext f : c.field()) fields.add(field(f));
        return new Expr.Table(line(c), fields);
    }

    private Expr.TableField field(FieldContext c) {
        if (c.key != null) return new Expr.Keyed(exp(c.key), exp(c.value));
        if (c.named != null) {
            TerminalNode name = ParseSupport.bareName(c.value);
            return new Expr.Named(name.getText(), exp(c.named), name.getSymbol().getLine());
        }
        return new Expr.Positional(exp(c.value));
    }

    // ------------------------------------------------------------------ helpers

    private static int line(ParserRuleContext c) {
        return c.getStart().getLine();
    }

    private static BinOp binOp(Token op) {
        return switch (op.getType()) {
            case LuaParser.PLUS -> BinOp.ADD;
            case LuaParser.MINUS -> BinOp.SUB;
            case LuaParser.STAR -> BinOp.MUL;
            case LuaParser.SLASH, LuaParser.DSLASH -> BinOp.IDIV;
            case LuaParser.PERCENT -> BinOp.MOD;
            case LuaParser.AMP -> BinOp.BAND;
            case LuaParser.PIPE -> BinOp.BOR;
            case LuaParser.TILDE -> BinOp.BXOR;
            case LuaParser.SHL -> BinOp.SHL;
            case LuaParser.SHR -> BinOp.SHR;
            case LuaParser.CONCAT -> BinOp.CONCAT;
            case LuaParser.EQ -> BinOp.EQ;
            case LuaParser.NE -> BinOp.NE;
            case LuaParser.LT -> BinOp.LT;
            case LuaParser.LE -> BinOp.LE;
            case LuaParser.GT -> BinOp.GT;
            case LuaParser.GE -> BinOp.GE;
            case LuaParser.AND -> BinOp.AND;
            case LuaParser.OR -> BinOp.OR;
            default -> throw new IllegalStateException("binary operator " + op.getText());
        };
    }

    private static UnOp unOp(Token op) {
        return switch (op.getType()) {
            case LuaParser.MINUS -> UnOp.NEG;
            case LuaParser.NOT -> UnOp.NOT;
            case LuaParser.HASH -> UnOp.LEN;
            case LuaParser.TILDE -> UnOp.BNOT;
            default -> throw new IllegalStateException("unary operator " + op.getText());
        };
    }
}
