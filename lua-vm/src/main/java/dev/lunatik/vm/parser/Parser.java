package dev.lunatik.vm.parser;

import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.value.LuaError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * The kernel-Lua 5.4 front end: source bytes in, {@link Chunk} out. Syntax and lexical errors are
 * thrown as {@link LuaError} whose value is Lua's message, e.g.
 * {@code f.lua:3: 'end' expected (to close 'function' at line 1) near <eof>}.
 *
 * <p>Source bytes are read as ISO-8859-1 (one char per byte) so string literals stay 8-bit
 * clean. The two-argument forms skip a first line starting with {@code #} (a shebang), as Lua's
 * {@code loadfile} and the standalone interpreter do; Lua's {@code load} does not skip it, so
 * an implementation of {@code load} should call {@link #parse(byte[], String, boolean)} with
 * {@code false}.
 *
 * <p>Start-up cost matters (a script's whole run is often shorter than warming up a parser), so
 * the tokens come from the hand-written {@link LuaTokenSource} rather than ANTLR's lexer
 * simulation, and the grammar's parser rules are LL(1), so ANTLR's generated code decides every
 * alternative by the next token and never runs adaptive prediction (the SLL-then-LL fallback
 * below is kept for safety; it costs nothing when no decision needs prediction).
 */
public final class Parser {
    private Parser() {}

    /**
     * Parses {@code source} (Lua text, encoded as UTF-8) as the chunk {@code chunkName} (e.g.
     * {@code "@f.lua"}), skipping a first line that starts with {@code #}.
     */
    public static Chunk parse(String source, String chunkName) {
        return parse(source.getBytes(StandardCharsets.UTF_8), chunkName, true);
    }

    /**
     * Parses {@code source} bytes as the chunk {@code chunkName} (e.g. {@code "=stdin"}),
     * skipping a first line that starts with {@code #}.
     */
    public static Chunk parse(byte[] source, String chunkName) {
        return parse(source, chunkName, true);
    }

    /**
     * Parses {@code source} bytes as the chunk {@code chunkName}; {@code skipShebang} says whether
     * a first line starting with {@code #} is ignored ({@code loadfile}) or parsed ({@code load}).
     */
    public static Chunk parse(byte[] source, String chunkName, boolean skipShebang) {
        char[] text = normalize(source, skipShebang);
        ParseSupport.Source src = new ParseSupport.Source(chunkName, text);
        try {
            CommonTokenStream tokens = new CommonTokenStream(new LuaTokenSource(text, chunkName == null ? "?" : chunkName));
            tokens.fill();
            Object[] literals = scanLiterals(tokens.getTokens(), src);

            LuaParser parser = new LuaParser(tokens);
            parser.removeErrorListeners();
            parser.setErrorHandler(new LuaErrorStrategy(src));
            parser.setBuildParseTree(true);
            LuaParser.ChunkContext tree;
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.support = new ParseSupport(parser, src);
            try {
                tree = parser.chunk();
            } catch (LuaError sllFailure) {
                // SLL may reject input that full LL accepts: retry. If LL fails as well, keep the
                // SLL error: SLL prediction falls back to leaving a loop, as Lua's parser does,
                // where LL reports "no viable alternative" at the loop, which words worse.
                tokens.seek(0);
                parser.reset();
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.support = new ParseSupport(parser, src);
                try {
                    tree = parser.chunk();
                } catch (LuaError llFailure) {
                    throw sllFailure;
                }
            }
            return new AstBuilder(chunkName, literals, tokens.getTokens(), src).chunk(tree);
        } catch (StackOverflowError e) {
            throw new LuaError("C stack overflow");
        }
    }

    /**
     * Decodes bytes one char per byte, turns "\r\n", "\n\r" and lone "\r" into "\n" (Lua counts
     * each as one line break; inside literals it yields '\n' too) and blanks a first line that
     * starts with '#' if asked to.
     */
    static char[] normalize(byte[] source, boolean skipShebang) {
        char[] out = new char[source.length];
        int n = 0;
        int i = 0;
        if (skipShebang && source.length > 0 && source[0] == '#') {
            while (i < source.length && source[i] != '\n' && source[i] != '\r') i++;
        }
        while (i < source.length) {
            char c = (char) (source[i++] & 0xFF);
            if (c == '\r' || c == '\n') {
                if (i < source.length && (source[i] == '\r' || source[i] == '\n') && source[i] != c) i++;
                c = '\n';
            }
            out[n++] = c;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Decodes every numeral and string token (value per token index). At the first lexical error
     * the token becomes {@code LEX_ERROR} (which no rule accepts), and the error is kept: it is
     * raised only if the parser gets that far, as in Lua, where the scanner runs one token ahead
     * of the parser.
     */
    private static Object[] scanLiterals(List<Token> tokens, ParseSupport.Source src) {
        Object[] values = new Object[tokens.size()];
        for (Token t : tokens) {
            int i = t.getTokenIndex();
            try {
                switch (t.getType()) {
                    case LuaParser.NUMBER -> values[i] = Literals.number(t.getText(), t.getLine());
                    case LuaParser.STRING, LuaParser.UNFINISHED_STRING ->
                            values[i] = Literals.shortString(src.text, t.getStartIndex(), t.getLine()).value();
                    case LuaParser.LONGSTRING -> values[i] = Literals.longString(t.getText()).value();
                    case LuaParser.UNFINISHED_LONGSTRING -> throw new Literals.LexException(
                            "unfinished long string (starting at line " + t.getLine() + ")", lastLine(tokens), null);
                    case LuaParser.UNFINISHED_COMMENT -> throw new Literals.LexException(
                            "unfinished long comment (starting at line " + t.getLine() + ")", lastLine(tokens), null);
                    case LuaParser.INVALID_LONG_DELIMITER -> throw new Literals.LexException(
                            "invalid long string delimiter", t.getLine(), t.getText());
                    default -> { }
                }
            } catch (Literals.LexException e) {
                ((CommonToken) t).setType(LuaParser.LEX_ERROR);
                src.lexErrorIndex = i;
                src.lexError = src.error(e.line, e.getMessage() + " near " + (e.near == null ? "<eof>" : "'" + cString(e.near) + "'"));
                break;
            }
        }
        return values;
    }

    /** The text up to the first NUL, as Lua's C-string formatting shows it. */
    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private static int lastLine(List<Token> tokens) {
        return tokens.get(tokens.size() - 1).getLine();
    }
}
