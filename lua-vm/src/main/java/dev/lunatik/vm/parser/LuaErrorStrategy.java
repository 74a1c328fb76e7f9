package dev.lunatik.vm.parser;

import static dev.lunatik.vm.parser.LuaParser.*;

import dev.lunatik.vm.value.LuaError;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Stops at the first syntax error (no recovery, no console output) and words it as Lua's parser
 * would, from the offending token, the set of tokens the grammar expected there and the rule
 * being parsed.
 */
final class LuaErrorStrategy extends DefaultErrorStrategy {
    /** Tokens Lua names in "'x' expected", most specific first. */
    private static final int[] PRIORITY = {
        RPAREN, RBRACKET, RBRACE, THEN, DO, IN, GT, DCOLON, LPAREN, ASSIGN, COMMA
    };

    private final ParseSupport.Source source;

    LuaErrorStrategy(ParseSupport.Source source) {
        this.source = source;
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        throw convert(recognizer, e);
    }

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        throw convert(recognizer, e);
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        throw convert(recognizer, new InputMismatchException(recognizer));
    }

    /** Fails as soon as the next token cannot continue the current rule. */
    @Override
    public void sync(Parser recognizer) {
        ATNState s = recognizer.getInterpreter().atn.states.get(recognizer.getState());
        int la = recognizer.getInputStream().LA(1);
        IntervalSet next = recognizer.getATN().nextTokens(s);
        if (next.contains(la) || next.contains(Token.EPSILON)) return;
        throw convert(recognizer, new InputMismatchException(recognizer));
    }

    private LuaError convert(Parser recognizer, RecognitionException e) {
        Token t = e.getOffendingToken();
        if (t == null) t = recognizer.getCurrentToken();
        IntervalSet expected;
        try {
            expected = e.getExpectedTokens();
        } catch (RuntimeException ex) {
            expected = null;
        }
        ParserRuleContext ctx = e.getCtx() instanceof ParserRuleContext c ? c : recognizer.getContext();
        String msg = expected == null ? "unexpected symbol" : message(expected, t, ctx);
        return source.syntaxError(t, msg);
    }

    private String message(IntervalSet exp, Token t, ParserRuleContext ctx) {
        boolean follow = ParseSupport.isBlockFollow(t.getType());
        boolean closer = exp.contains(END) || exp.contains(UNTIL) || exp.contains(Token.EOF)
                || exp.contains(ELSE) || exp.contains(ELSEIF);
        if (exp.contains(NAME) && exp.contains(LPAREN)) {
            // an expression or a statement could start here
            return follow && closer ? closerExpected(exp, t, ctx) : "unexpected symbol";
        }
        if (closer) {
            // a block ended: Lua would try to read another statement unless it saw 'return'
            if (!follow && !lastBlockReturns(ctx)) return "unexpected symbol";
            return closerExpected(exp, t, ctx);
        }
        if (exp.contains(NAME) && exp.contains(VARARG)) return "<name> or '...' expected";
        // kernel Lua's wording: its lexer drops the float token but keeps the token-name table, so
        // a name token prints as "<integer>" ("<name> or '...' expected" above is literal text)
        if (exp.contains(NAME)) return "<integer> expected";
        if (exp.contains(ASSIGN) && exp.contains(IN)) return "'=' or 'in' expected";
        boolean suffixes = exp.contains(LBRACKET) && exp.contains(COLON);
        if (!suffixes && exp.contains(LPAREN) && exp.contains(LBRACE) && exp.contains(STRING)
                && exp.size() == 4) {
            return "function arguments expected";
        }
        for (int tok : PRIORITY) {
            if (suffixes && tok == LPAREN) continue;
            if (exp.contains(tok)) return expected(tok, t, ctx);
        }
        return "unexpected symbol";
    }

    private String closerExpected(IntervalSet exp, Token t, ParserRuleContext ctx) {
        if (exp.contains(UNTIL)) return expected(UNTIL, t, ctx);
        if (exp.contains(END)) return expected(END, t, ctx);
        return "<eof> expected";
    }

    private String expected(int tok, Token t, ParserRuleContext ctx) {
        String what = "'" + VOCABULARY.getLiteralName(tok).replace("'", "") + "'";
        return source.expectedMessage(what, opener(tok, ctx), t);
    }

    /** The token Lua's check_match names for a closing token, or null. */
    private static Token opener(int tok, ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            switch (tok) {
                case END -> {
                    if (c instanceof DoStatContext || c instanceof WhileStatContext
                            || c instanceof ForStatContext || c instanceof IfStatContext) {
                        return c.start;
                    }
                    if (c instanceof FuncBodyContext) return functionToken(c.getParent());
                }
                case UNTIL -> {
                    if (c instanceof RepeatStatContext) return c.start;
                }
                case RPAREN -> {
                    if (c instanceof ArgsContext || c instanceof PrimaryExpContext) return c.start;
                    if (c instanceof FuncBodyContext) return null;
                }
                case RBRACE -> {
                    if (c instanceof TableConstructorContext) return c.start;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private static Token functionToken(ParserRuleContext owner) {
        if (owner instanceof FunctionStatContext f) return f.FUNCTION().getSymbol();
        if (owner instanceof LocalFunctionContext f) return f.FUNCTION().getSymbol();
        if (owner instanceof FunctionDefContext f) return f.FUNCTION().getSymbol();
        return owner.start;
    }

    /** Whether the block that just ended (the last block child of ctx) ends with 'return'. */
    private static boolean lastBlockReturns(ParserRuleContext ctx) {
        if (ctx instanceof BlockContext b) return b.retStat() != null;
        if (ctx.children == null) return false;
        for (int i = ctx.children.size() - 1; i >= 0; i--) {
            ParseTree child = ctx.children.get(i);
            if (child instanceof BlockContext b) return b.retStat() != null;
        }
        return false;
    }
}
