package dev.lunatik.vm.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.value.LuaError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares our result for ~650 randomly mutated small programs (tokens deleted, inserted,
 * swapped, or the text cut short) with what {@code lua5.4} said for each, recorded in
 * {@code lua54-syntax-golden.tsv}: one case per line, the source (escaped: {@code \n},
 * {@code \\}, {@code \xHH}), a tab, then {@code OK} or lua5.4's {@code load(src, "=t")} message.
 * Cases where lua5.4 reported a code-generation error (goto/labels, const assignment, break
 * outside a loop — the compiler's job, not the parser's) were left out; the programs use no
 * floats or '^', so kernel Lua agrees with lua5.4 on all of them.
 */
class GoldenSyntaxTest {

    @Test
    void agreesWithLua54OnMutatedPrograms() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GoldenSyntaxTest.class.getResourceAsStream("lua54-syntax-golden.tsv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.lastIndexOf('\t');
                String src = unescape(line.substring(0, tab));
                String expected = line.substring(tab + 1);
                String actual;
                try {
                    Parser.parse(src.getBytes(StandardCharsets.ISO_8859_1), "=t", false); // as load()
                    actual = "OK";
                } catch (LuaError e) {
                    actual = e.getMessage();
                }
                n++;
                if (!actual.equals(expected)) mismatches.add(line + "  => got: " + actual);
            }
        }
        assertThat(n).isGreaterThan(600);
        assertThat(mismatches).isEmpty();
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char d = s.charAt(++i);
            if (d == 'n') sb.append('\n');
            else if (d == '\\') sb.append('\\');
            else {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            }
        }
        return sb.toString();
    }
}
