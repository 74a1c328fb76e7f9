package dev.lunatik.vm.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written {@link LuaTokenSource} must produce exactly the tokens of the grammar's lexer
 * rules (the generated {@code LuaLexer}): type, start/stop index, line, column and text.
 */
class LuaTokenSourceTest {

    /** Both token lists, one token per line, for a readable diff. */
    private static String[] both(String src) {
        char[] text = src.toCharArray();
        LuaLexer lexer = new LuaLexer(CharStreams.fromString(src, "t"));
        lexer.removeErrorListeners();
        return new String[] {dump(lexer), dump(new LuaTokenSource(text, "t"))};
    }

    private static String dump(TokenSource ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            Token t = ts.nextToken();
            sb.append(t.getType()).append(' ').append(t.getStartIndex()).append(':').append(t.getStopIndex())
                    .append(" @").append(t.getLine()).append(':').append(t.getCharPositionInLine())
                    .append(" [").append(t.getText()).append("]\n");
            if (t.getType() == Token.EOF) return sb.toString();
        }
        throw new AssertionError("no EOF");
    }

    private static void assertSame(String src) {
        String[] r = both(src);
        assertThat(r[1]).as("tokens of %s", src).isEqualTo(r[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "\n\n  \n", "local x = 1 -- c\nreturn x",
        "and break do else elseif end false for function goto if in local nil not or repeat return then true until while",
        "andy _end End for1 _ __ x9",
        "+ - * / // % # & ~ | << >> == ~= <= >= < > = ( ) { } [ ] :: ; : , . .. ... ....",
        "a.b:c(d)[e]", "x=1//2~3~=4<<<=>>>=", "1 12 0x 0X1f 0xg 1x 12abc 0x12ffz 09 1e5 3..4 3.4",
        "'a' \"b\" 'a\\'b' \"a\\\"b\" 'x\\\ny' 'x\\z   \n  y' 'unfinished\nnext' \"eof",
        "'a\\", "'a\\\\'", "\"\\z", "'\\\n", "'\"' \"'\"",
        "[[a]] [[\nb\n]] [=[ ]] ]=] [==[a]=]]==] [[ unfinished", "[=[ ] ]=", "[= x", "[==", "[ [=",
        "[=x", "[[]]", "[[]", "a[b[c]]",
        "--[[ long\ncomment ]] x --[==[ a ]] ]==] y", "--[[ unfinished\n\n", "--[==[ x", "--[", "--[=",
        "--[==x y\nz", "--[ [\nq", "--", "--\n--x\n", "---[[ x\ny", "- -x", "a--[=]\nb",
        "\0 @ $ ! ` ? \\ \u00e9 \u00ff \u0080 \u0001", "x\f\u000By\tz", "#!shebang\nx",
        "f{...}", "goto continue ::continue::", "local x <const> = 5",
    })
    void matchesGrammarLexer(String src) {
        assertSame(src);
    }

    @Test
    void matchesGrammarLexerOnRandomText() {
        String alphabet = "[[[]]]===--\"\"''\\\\zz\n\n  \tax0x1fF9.:;<>~/-+#()";
        Random rnd = new Random(20261122L);
        for (int i = 0; i < 20_000; i++) {
            int len = rnd.nextInt(24);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append(rnd.nextInt(20) == 0 ? (char) rnd.nextInt(256) : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            assertSame(sb.toString());
        }
    }

    @Test
    void matchesGrammarLexerOnGoldenPrograms() throws IOException {
        List<String> sources = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                LuaTokenSourceTest.class.getResourceAsStream("lua54-syntax-golden.tsv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                sources.add(line.substring(0, line.lastIndexOf('\t')).replace("\\n", "\n"));
            }
        }
        assertThat(sources).hasSizeGreaterThan(600);
        for (String src : sources) assertSame(src);
    }
}
