package dev.lunatik.vm.parser;

import dev.lunatik.vm.parser.LuaParser.AttNameContext;
import dev.lunatik.vm.parser.LuaParser.ExpContext;
import dev.lunatik.vm.parser.LuaParser.FuncBodyContext;
import dev.lunatik.vm.parser.LuaParser.LocalVarsContext;
import dev.lunatik.vm.parser.LuaParser.ParamContext;
import dev.lunatik.vm.parser.LuaParser.SuffixContext;
import dev.lunatik.vm.parser.LuaParser.SuffixedExpContext;
import dev.lunatik.vm.parser.LuaParser.TableConstructorContext;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The checks Lua's parser makes while it parses (called from grammar actions, in source order),
 * and the construction of Lua-worded syntax errors. One instance per parse attempt.
 */
final class ParseSupport {
    /** Maximum nesting of statements plus expressions (Lua's LUAI_MAXCCALLS is 200 C levels). */
    static final int MAX_LEVELS = 197;

    private final LuaParser parser;
    private final Source source;
    private final ArrayDeque<Boolean> varargStack = new ArrayDeque<>();
    private final IntStack limits = new IntStack();
    private int level;

    /** Lua's MAXVARS: local variables a function may declare at once. */
    static final int MAX_VARS = 200;
    /** Local variables declared and not yet out of scope, in every function being parsed (Lua's actvar.n). */
    private int actvar;
    /** For each function being parsed, {@link #actvar} at its start (Lua's firstlocal). */
    private final IntStack funcFirst = new IntStack();
    /** For each function being parsed, the line of its 'function' keyword (0: the main function). */
    private final IntStack funcLine = new IntStack();
    /** For each block being parsed, {@link #actvar} at its start. */
    private final IntStack blockStart = new IntStack();

    ParseSupport(LuaParser parser, Source source) {
        this.parser = parser;
        this.source = source;
        varargStack.push(Boolean.TRUE); // the main chunk is vararg
        funcFirst.push(0);
        funcLine.push(0);
    }

    // ------------------------------------------------------------------ actions

    void enterLevel() {
        // Lua raises this from luaE_checkcstack while the running function is C (load), so the
        // message has no position and no "near" part
        if (++level > MAX_LEVELS) throw new LuaError("C stack overflow");
    }

    void leaveLevel() {
        level--;
    }

    /**
     * Start of an expression: Lua's subexpr(0) enters a level. {@link #limits} holds, for each
     * subexpr call Lua would have active in this expression, the priority limit of its operand
     * (0 for the outermost).
     */
    void enterExp() {
        enterLevel();
        limits.push(0);
    }

    /** End of an expression: every subexpr call Lua made for it returns. */
    void leaveExp() {
        while (limits.pop() != 0) leaveLevel();
        leaveLevel();
    }

    /**
     * After a binary operator: the subexpr calls whose limit is not below the operator's left
     * priority have returned, and a new one (limit: the right priority) parses the right operand.
     */
    void afterBinaryOp(int op) {
        int left = leftPriority(op);
        while (limits.peek() >= left) {
            limits.pop();
            leaveLevel();
        }
        enterLevel();
        limits.push(rightPriority(op));
    }

    /** Lua's left priority of a binary operator (higher binds tighter). */
    static int leftPriority(int op) {
        return switch (op) {
            case LuaParser.OR -> 1;
            case LuaParser.AND -> 2;
            case LuaParser.LT, LuaParser.GT, LuaParser.LE, LuaParser.GE, LuaParser.NE, LuaParser.EQ -> 3;
            case LuaParser.PIPE -> 4;
            case LuaParser.TILDE -> 5;
            case LuaParser.AMP -> 6;
            case LuaParser.SHL, LuaParser.SHR -> 7;
            case LuaParser.CONCAT -> 9;
            case LuaParser.PLUS, LuaParser.MINUS -> 10;
            case LuaParser.STAR, LuaParser.SLASH, LuaParser.DSLASH, LuaParser.PERCENT -> 11;
            default -> throw new IllegalArgumentException("not a binary operator: " + op);
        };
    }

    /** Lua's right priority of a binary operator: lower than the left one for '..' only. */
    static int rightPriority(int op) {
        return op == LuaParser.CONCAT ? 8 : leftPriority(op);
    }

    /**
     * After a primary expression: parses its suffixes, greedily as Lua does, while the next
     * token can start one (no statement or expression can continue with these tokens); the
     * suffixes become children of the current suffixedExp context as if the grammar had looped.
     */
    void suffixes() {
        while (isSuffixStart(parser.getInputStream().LA(1))) parser.suffix();
    }

    private static boolean isSuffixStart(int t) {
        return t == LuaParser.DOT || t == LuaParser.LBRACKET || t == LuaParser.COLON || t == LuaParser.LPAREN
                || t == LuaParser.LBRACE || t == LuaParser.STRING || t == LuaParser.LONGSTRING;
    }

    /** After the first expression of an expression statement: a call, or a target of '='/','. */
    void afterFirstTarget(SuffixedExpContext e) {
        int la = parser.getInputStream().LA(1);
        boolean ok = la == LuaParser.COMMA || la == LuaParser.ASSIGN ? isVar(e) : isCall(e);
        if (!ok) throw source.syntaxError(parser.getCurrentToken(), "syntax error");
    }

    /**
     * After a further assignment target: it must be a variable. Lua parses each further target
     * one recursion level deeper (restassign), so it counts as a nesting level until the end of
     * the statement ({@link #leaveLevels}).
     */
    void afterTarget(SuffixedExpContext e) {
        if (!isVar(e)) throw source.syntaxError(parser.getCurrentToken(), "syntax error");
        enterLevel();
    }

    /** Leaves {@code n} levels at once (the further targets of an assignment). */
    void leaveLevels(int n) {
        level -= n;
    }

    void checkAttribute(Token attr) {
        String a = attr.getText();
        if (!a.equals("const") && !a.equals("close")) {
            throw source.semanticError(parser.getCurrentToken(), "unknown attribute '" + a + "'");
        }
        if (a.equals("close") && parser.getContext().getParent() instanceof LocalVarsContext lv) {
            int closes = 0;
            for (AttNameContext an : lv.attName()) {
                if (an.attr != null && an.attr.getText().equals("close")) closes++;
            }
            if (closes > 1) {
                throw source.semanticError(parser.getCurrentToken(), "multiple to-be-closed variables in local list");
            }
        }
    }

    /** After 'return': values follow unless the block ends (Lua's retstat). */
    void afterReturn() {
        int la = parser.getInputStream().LA(1);
        if (!isBlockFollow(la) && la != LuaParser.SEMI && !startsExp(la)) {
            throw source.syntaxError(parser.getCurrentToken(), "unexpected symbol");
        }
    }

    /** After ',' or ';' in a table constructor: '}' or another field. */
    void afterFieldSep() {
        int la = parser.getInputStream().LA(1);
        if (la != LuaParser.RBRACE && la != LuaParser.LBRACKET && !startsExp(la)) {
            throw source.syntaxError(parser.getCurrentToken(), "unexpected symbol");
        }
    }

    /** After a positional field value: '=' may only follow a plain name. */
    void afterListField(ExpContext value) {
        if (parser.getInputStream().LA(1) == LuaParser.ASSIGN && bareName(value) == null) {
            ParserRuleContext table = parser.getContext().getParent();
            Token open = table instanceof TableConstructorContext t ? t.start : null;
            throw source.syntaxError(parser.getCurrentToken(),
                    source.expectedMessage("'}'", open, parser.getCurrentToken()));
        }
    }

    void checkVararg() {
        if (!varargStack.peek()) {
            throw source.syntaxError(parser.getTokenStream().LT(-1), "cannot use '...' outside a vararg function");
        }
    }

    void afterVarargParam() {
        if (parser.getInputStream().LA(1) == LuaParser.COMMA) {
            throw source.syntaxError(parser.getCurrentToken(), "')' expected");
        }
    }

    // ---- local variables: Lua's parser counts them as it declares them, so a function with too
    // many fails there ("too many local variables"), before any later syntax error

    /**
     * Declares {@code n} local variables (their names just read: the current token is the one
     * after), as Lua's new_localvar does, failing at the first one over {@link #MAX_VARS}.
     */
    void declareLocals(int n) {
        for (int i = 0; i < n; i++) {
            if (actvar + 1 - funcFirst.peek() > MAX_VARS) {
                int line = funcLine.peek();
                String where = line == 0 ? "main function" : "function at line " + line;
                throw source.syntaxError(parser.getCurrentToken(),
                        "too many local variables (limit is " + MAX_VARS + ") in " + where);
            }
            actvar++;
        }
    }

    /** After 'for NAME': the loop's hidden state and its first variable (3 + 1 numeric, 4 + 1 generic). */
    void forVariables() {
        declareLocals(parser.getInputStream().LA(1) == LuaParser.ASSIGN ? 4 : 5);
    }

    void enterBlock() {
        blockStart.push(actvar);
    }

    void leaveBlock() {
        actvar = blockStart.pop();
    }

    /** After a function body's '(': a new function, whose first local is 'self' for a method. */
    void openFunction(FuncBodyContext body) {
        funcFirst.push(actvar);
        ParserRuleContext parent = body.getParent();
        funcLine.push(parent == null ? 0 : parent.getStart().getLine());
        if (parent instanceof LuaParser.FunctionStatContext fs && fs.funcName().COLON() != null) {
            declareLocals(1); // self
        }
    }

    void enterFunction(FuncBodyContext body) {
        boolean vararg = false;
        if (body.parList() != null) {
            for (ParamContext p : body.parList().param()) vararg |= p.VARARG() != null;
        }
        varargStack.push(vararg);
    }

    void leaveFunction() {
        varargStack.pop();
        actvar = funcFirst.pop();
        funcLine.pop();
    }

    // ------------------------------------------------------------------ helpers

    static boolean isBlockFollow(int t) {
        return t == Token.EOF || t == LuaParser.END || t == LuaParser.ELSE || t == LuaParser.ELSEIF
                || t == LuaParser.UNTIL;
    }

    static boolean startsExp(int t) {
        return switch (t) {
            case LuaParser.NIL, LuaParser.FALSE, LuaParser.TRUE, LuaParser.NUMBER, LuaParser.STRING,
                    LuaParser.LONGSTRING, LuaParser.VARARG, LuaParser.FUNCTION, LuaParser.NAME,
                    LuaParser.LPAREN, LuaParser.LBRACE, LuaParser.NOT, LuaParser.HASH, LuaParser.MINUS,
                    LuaParser.TILDE -> true;
            default -> false;
        };
    }

    /** The suffixes of a suffixed expression (added by {@link #suffixes()}). */
    static java.util.List<SuffixContext> suffixList(SuffixedExpContext e) {
        return e.getRuleContexts(SuffixContext.class);
    }

    /** The last suffix of a suffixed expression, or null if it has none. */
    private static SuffixContext lastSuffix(SuffixedExpContext e) {
        return e.getChildCount() > 1 && e.getChild(e.getChildCount() - 1) instanceof SuffixContext s ? s : null;
    }

    /** Whether a suffixed expression ends in a call. */
    static boolean isCall(SuffixedExpContext e) {
        SuffixContext last = lastSuffix(e);
        return last != null && last.args() != null;
    }

    /** Whether a suffixed expression is assignable: a name or an indexing. */
    static boolean isVar(SuffixedExpContext e) {
        SuffixContext last = lastSuffix(e);
        if (last == null) return e.primaryExp().NAME() != null;
        return last.args() == null;
    }

    /** The name token if {@code e} is just a name, else null. */
    static TerminalNode bareName(ExpContext e) {
        if (!e.ops.isEmpty() || e.operand(0).atom() == null) return null;
        SuffixedExpContext s = e.operand(0).atom().suffixedExp();
        if (s == null || lastSuffix(s) != null) return null;
        return s.primaryExp().NAME();
    }

    /** A growable stack of ints. */
    private static final class IntStack {
        private int[] items = new int[16];
        private int size;

        void push(int v) {
            if (size == items.length) items = java.util.Arrays.copyOf(items, size * 2);
            items[size++] = v;
        }

        int pop() {
            return items[--size];
        }

        int peek() {
            return items[size - 1];
        }
    }

    /** The source being parsed: name, text, and the first lexical error (if any). */
    static final class Source {
        final String chunkName;
        final char[] text;
        /** Index of the first token with a lexical error, or Integer.MAX_VALUE. */
        int lexErrorIndex = Integer.MAX_VALUE;
        LuaError lexError;

        Source(String chunkName, char[] text) {
            this.chunkName = chunkName;
            this.text = text;
        }

        /** The line on which a token ends (Lua reports the line it has scanned up to). */
        int endLine(Token t) {
            int line = t.getLine();
            int type = t.getType();
            if (type == LuaParser.STRING || type == LuaParser.LONGSTRING) {
                for (int i = t.getStartIndex(); i <= t.getStopIndex(); i++) if (text[i] == '\n') line++;
            }
            return line;
        }

        /** "'x' expected", plus "(to close 'y' at line N)" when the opener is on another line. */
        String expectedMessage(String what, Token opener, Token near) {
            String msg = what + " expected";
            if (opener != null && opener.getLine() != endLine(near)) {
                msg += " (to close '" + opener.getText() + "' at line " + opener.getLine() + ")";
            }
            return msg;
        }

        /** What Lua shows after "near" for a token, quoted (Lua's C string stops at a NUL byte). */
        String nearText(Token t) {
            String s = rawNearText(t);
            int nul = s.indexOf('\0');
            return nul < 0 ? s : s.substring(0, nul) + "'";
        }

        private String rawNearText(Token t) {
            switch (t.getType()) {
                case Token.EOF:
                    return "<eof>";
                case LuaParser.STRING:
                    try {
                        return "'" + Literals.shortString(text, t.getStartIndex(), t.getLine()).bufferText() + "'";
                    } catch (Literals.LexException e) {
                        return "'" + t.getText() + "'";
                    }
                case LuaParser.LONGSTRING:
                    return "'" + Literals.longString(t.getText()).bufferText() + "'";
                case LuaParser.ANY: {
                    char c = t.getText().charAt(0);
                    return c >= 0x20 && c < 0x7F ? "'" + c + "'" : "'<\\" + (int) c + ">'";
                }
                default:
                    return "'" + t.getText() + "'";
            }
        }

        /** A syntax error "src:line: msg near 'tok'", unless a lexical error comes first. */
        LuaError syntaxError(Token near, String msg) {
            if (near.getTokenIndex() >= lexErrorIndex) return lexError;
            return error(endLine(near), msg + " near " + nearText(near));
        }

        /** An error without "near" (Lua's semerror), unless a lexical error comes first. */
        LuaError semanticError(Token current, String msg) {
            if (current.getTokenIndex() >= lexErrorIndex) return lexError;
            return error(endLine(current), msg);
        }

        LuaError error(int line, String msg) {
            // the prefix may hold any Java text; the rest holds source bytes (one char per byte)
            // the short source is made only here: a parse without errors needs none
            byte[] prefix = (ChunkName.shortSource(chunkName) + ":" + line + ": ").getBytes(StandardCharsets.UTF_8);
            return new LuaError(LuaString.wrap(prefix).concat(LuaString.latin1(msg)));
        }
    }

}
