package dev.lunatik.vm.parser;

import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.value.ChunkName;
import dev.lunatik.vm.value.LuaError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
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
 * clean; a first line starting with {@code #} is skipped. The parse runs in SLL mode first and
 * falls back to full LL only when that fails.
 */
public final class Parser {
    private Parser() {}

    /** Parses {@code source} (Lua text) as the chunk {@code chunkName} (e.g. {@code "@f.lua"}). */
    public static Chunk parse(String source, String chunkName) {
        return parse(source.getBytes(StandardCharsets.UTF_8), chunkName);
    }

    /** Parses {@code source} bytes as the chunk {@code chunkName} (e.g. {@code "=stdin"}). */
    public static Chunk parse(byte[] source, String chunkName) {
        char[] text = normalize(source);
        ParseSupport.Source src = new ParseSupport.Source(chunkName, ChunkName.shortSource(chunkName), text);
        try {
            LuaLexer lexer = new LuaLexer(CharStreams.fromString(new String(text), chunkName == null ? "?" : chunkName));
            lexer.removeErrorListeners();
            CommonTokenStream tokens = new CommonTokenStream(lexer);
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
                // SLL may fail where full LL succeeds (or words the error differently): retry
                tokens.seek(0);
                parser.reset();
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.support = new ParseSupport(parser, src);
                tree = parser.chunk();
            }
            return new AstBuilder(chunkName, literals).chunk(tree);
        } catch (StackOverflowError e) {
            throw src.error(1, "C stack overflow");
        }
    }

    /**
     * Decodes bytes one char per byte, turns "\r\n", "\n\r" and lone "\r" into "\n" (Lua counts
     * each as one line break; inside literals it yields '\n' too) and blanks a first line that
     * starts with '#'.
     */
    static char[] normalize(byte[] source) {
        char[] out = new char[source.length];
        int n = 0;
        int i = 0;
        if (source.length > 0 && source[0] == '#') {
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
                src.lexError = src.error(e.line, e.getMessage() + " near " + (e.near == null ? "<eof>" : "'" + e.near + "'"));
                break;
            }
        }
        return values;
    }

    private static int lastLine(List<Token> tokens) {
        return tokens.get(tokens.size() - 1).getLine();
    }
}
