package dev.lunatik.vm.parser;

import static dev.lunatik.vm.parser.LuaLexer.*;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenFactory;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * A hand-written scanner producing exactly the tokens of the lexer rules in {@code Lua.g4} (same
 * types, boundaries, text, lines and columns; skipped rules produce nothing), for the ANTLR
 * parser. The grammar's lexer stays the specification (a test compares the two); this one exists
 * because ANTLR's lexer simulation is slow on a cold JVM, where a Lua script's whole run may be
 * shorter than warming it up. Matching follows ANTLR's rule: the longest match wins, and among
 * equally long matches the rule defined first.
 */
final class LuaTokenSource implements TokenSource {
    private final char[] text;
    private final String sourceName;
    private final Pair<TokenSource, CharStream> pair;
    private int pos;
    private int line = 1;
    /** Index of the first character of the current line. */
    private int lineStart;

    LuaTokenSource(char[] text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
        this.pair = new Pair<>(this, null);
    }

    @Override
    public Token nextToken() {
        char[] s = text;
        int n = s.length;
        while (true) {
            if (pos >= n) {
                CommonToken eof = new CommonToken(pair, Token.EOF, Token.DEFAULT_CHANNEL, pos, pos - 1);
                eof.setLine(line);
                eof.setCharPositionInLine(pos - lineStart);
                eof.setText("<EOF>");
                return eof;
            }
            int start = pos;
            int startLine = line;
            int startCol = pos - lineStart;
            int type = scan(s, n);
            if (type < 0) continue; // skipped (white space, comments)
            CommonToken t = new CommonToken(pair, type, Token.DEFAULT_CHANNEL, start, pos - 1);
            t.setLine(startLine);
            t.setCharPositionInLine(startCol);
            t.setText(new String(s, start, pos - start));
            return t;
        }
    }

    /** Consumes one token's characters from {@code pos}; returns its type, or -1 if skipped. */
    private int scan(char[] s, int n) {
        int p = pos;
        char c = s[p];
        switch (c) {
            case ' ', '\t', '\f', 0x0B, '\n' -> {
                while (p < n && isSpace(s[p])) {
                    if (s[p] == '\n') newline(p);
                    p++;
                }
                pos = p;
                return -1;
            }
            case '-' -> {
                if (p + 1 < n && s[p + 1] == '-') return comment(s, n, p + 2);
                pos = p + 1;
                return MINUS;
            }
            case '[' -> {
                return bracket(s, n, p, LBRACKET, LONGSTRING, UNFINISHED_LONGSTRING, INVALID_LONG_DELIMITER);
            }
            case '"', '\'' -> {
                return shortString(s, n, p, c);
            }
            case '+' -> { pos = p + 1; return PLUS; }
            case '*' -> { pos = p + 1; return STAR; }
            case '%' -> { pos = p + 1; return PERCENT; }
            case '#' -> { pos = p + 1; return HASH; }
            case '&' -> { pos = p + 1; return AMP; }
            case '|' -> { pos = p + 1; return PIPE; }
            case '(' -> { pos = p + 1; return LPAREN; }
            case ')' -> { pos = p + 1; return RPAREN; }
            case '{' -> { pos = p + 1; return LBRACE; }
            case '}' -> { pos = p + 1; return RBRACE; }
            case ']' -> { pos = p + 1; return RBRACKET; }
            case ';' -> { pos = p + 1; return SEMI; }
            case ',' -> { pos = p + 1; return COMMA; }
            case '/' -> { return two(p, n, '/', DSLASH, SLASH); }
            case '~' -> { return two(p, n, '=', NE, TILDE); }
            case '=' -> { return two(p, n, '=', EQ, ASSIGN); }
            case ':' -> { return two(p, n, ':', DCOLON, COLON); }
            case '<' -> {
                if (p + 1 < n && s[p + 1] == '<') { pos = p + 2; return SHL; }
                return two(p, n, '=', LE, LT);
            }
            case '>' -> {
                if (p + 1 < n && s[p + 1] == '>') { pos = p + 2; return SHR; }
                return two(p, n, '=', GE, GT);
            }
            case '.' -> {
                if (p + 1 < n && s[p + 1] == '.') {
                    if (p + 2 < n && s[p + 2] == '.') { pos = p + 3; return VARARG; }
                    pos = p + 2;
                    return CONCAT;
                }
                pos = p + 1;
                return DOT;
            }
            default -> {
                if (isNameStart(c)) return name(s, n, p);
                if (c >= '0' && c <= '9') return number(s, n, p);
                pos = p + 1;
                return ANY;
            }
        }
    }

    private int two(int p, int n, char second, int both, int one) {
        if (p + 1 < n && text[p + 1] == second) {
            pos = p + 2;
            return both;
        }
        pos = p + 1;
        return one;
    }

    private int name(char[] s, int n, int p) {
        int start = p;
        while (p < n && (isNameStart(s[p]) || (s[p] >= '0' && s[p] <= '9'))) p++;
        pos = p;
        return keyword(s, start, p - start);
    }

    /** NUMBER: '0' [xX] HEXDIGIT* | [0-9] HEXDIGIT* (the longer match). */
    private int number(char[] s, int n, int p) {
        if (s[p] == '0' && p + 1 < n && (s[p + 1] == 'x' || s[p + 1] == 'X')) p += 2;
        else p++;
        while (p < n && isHex(s[p])) p++;
        pos = p;
        return NUMBER;
    }

    /** STRING, or UNFINISHED_STRING when a newline or the end comes before the closing quote. */
    private int shortString(char[] s, int n, int p, char delim) {
        p++;
        while (p < n) {
            char c = s[p];
            if (c == delim) {
                pos = p + 1;
                return STRING;
            }
            if (c == '\n') break;
            if (c == '\\') {
                // ESC : '\\' ( 'z' [ \t\n\f\u000B]* | . )
                if (p + 1 >= n) break; // a lone backslash at the end is not part of the token
                p++;
                if (s[p] == 'z') {
                    p++;
                    while (p < n && isSpace(s[p])) {
                        if (s[p] == '\n') newline(p);
                        p++;
                    }
                } else {
                    if (s[p] == '\n') newline(p);
                    p++;
                }
                continue;
            }
            p++;
        }
        pos = p;
        return UNFINISHED_STRING;
    }

    /**
     * At '[' (or at the '[' after "--"): a long bracket '[' '='* '[' ... ']' '='* ']' (closed by
     * the first matching close), else the unfinished opening, else '[' '='+, else '['.
     */
    private int bracket(char[] s, int n, int p, int plain, int closed, int unfinished, int invalid) {
        int q = p + 1;
        while (q < n && s[q] == '=') q++;
        int level = q - p - 1;
        if (q < n && s[q] == '[') {
            int end = findClose(s, n, q + 1, level);
            if (end >= 0) {
                for (int i = q + 1; i < end; i++) if (s[i] == '\n') newline(i);
                pos = end;
                return closed;
            }
            pos = q + 1;
            return unfinished;
        }
        if (level > 0) {
            pos = q;
            return invalid;
        }
        pos = p + 1;
        return plain;
    }

    /** The index just past the first "]=...=]" of this level at or after {@code from}, or -1. */
    private static int findClose(char[] s, int n, int from, int level) {
        for (int i = from; i < n; i++) {
            if (s[i] != ']') continue;
            int j = i + 1;
            while (j < n && j - i - 1 < level && s[j] == '=') j++;
            if (j - i - 1 == level && j < n && s[j] == ']') return j + 1;
        }
        return -1;
    }

    /**
     * After "--": COMMENT (skipped) or UNFINISHED_COMMENT when "[" "="* "[" follows, else
     * LINE_COMMENT (skipped), which runs to the end of the line.
     */
    private int comment(char[] s, int n, int p) {
        if (p < n && s[p] == '[') {
            int q = p + 1;
            while (q < n && s[q] == '=') q++;
            if (q < n && s[q] == '[') {
                int type = bracket(s, n, p, -1, -1, UNFINISHED_COMMENT, -1);
                return type == UNFINISHED_COMMENT ? type : -1;
            }
        }
        while (p < n && s[p] != '\n') p++;
        pos = p;
        return -1;
    }

    private void newline(int at) {
        line++;
        lineStart = at + 1;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == 0x0B;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean is(char[] s, int start, int len, String word) {
        if (len != word.length()) return false;
        for (int i = 0; i < len; i++) if (s[start + i] != word.charAt(i)) return false;
        return true;
    }

    /** The keyword type of a name, or NAME. */
    private static int keyword(char[] s, int start, int len) {
        if (len < 2 || len > 8) return NAME;
        switch (s[start]) {
            case 'a': return is(s, start, len, "and") ? AND : NAME;
            case 'b': return is(s, start, len, "break") ? BREAK : NAME;
            case 'd': return is(s, start, len, "do") ? DO : NAME;
            case 'e':
                if (is(s, start, len, "end")) return END;
                if (is(s, start, len, "else")) return ELSE;
                return is(s, start, len, "elseif") ? ELSEIF : NAME;
            case 'f':
                if (is(s, start, len, "function")) return FUNCTION;
                if (is(s, start, len, "for")) return FOR;
                return is(s, start, len, "false") ? FALSE : NAME;
            case 'g': return is(s, start, len, "goto") ? GOTO : NAME;
            case 'i':
                if (is(s, start, len, "if")) return IF;
                return is(s, start, len, "in") ? IN : NAME;
            case 'l': return is(s, start, len, "local") ? LOCAL : NAME;
            case 'n':
                if (is(s, start, len, "nil")) return NIL;
                return is(s, start, len, "not") ? NOT : NAME;
            case 'o': return is(s, start, len, "or") ? OR : NAME;
            case 'r':
                if (is(s, start, len, "return")) return RETURN;
                return is(s, start, len, "repeat") ? REPEAT : NAME;
            case 't':
                if (is(s, start, len, "then")) return THEN;
                return is(s, start, len, "true") ? TRUE : NAME;
            case 'u': return is(s, start, len, "until") ? UNTIL : NAME;
            case 'w': return is(s, start, len, "while") ? WHILE : NAME;
            default: return NAME;
        }
    }

    @Override
    public int getLine() {
        return line;
    }

    @Override
    public int getCharPositionInLine() {
        return pos - lineStart;
    }

    @Override
    public CharStream getInputStream() {
        return null;
    }

    @Override
    public String getSourceName() {
        return sourceName;
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        throw new UnsupportedOperationException("fixed token factory");
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return CommonTokenFactory.DEFAULT;
    }
}
