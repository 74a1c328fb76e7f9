package dev.lunatik.vm.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.vm.value.LuaError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Syntax and lexical error messages, compared with what lua5.4 prints (or, where kernel Lua
 * differs — numerals, '/', '^' — with kernel Lua's behaviour). Chunk name "=t" gives prefix "t:".
 */
class ParserErrorTest {

    static String error(String src) {
        LuaError e = catchThrowableOfType(LuaError.class, () -> Parser.parse(src, "=t"));
        assertThat(e).as("expected a LuaError for %s", src).isNotNull();
        return e.getMessage();
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("return 1 x", "t:1: <eof> expected near 'x'"),
                Arguments.of("x = = 1", "t:1: unexpected symbol near '='"),
                Arguments.of("f(", "t:1: unexpected symbol near <eof>"),
                Arguments.of("if x then", "t:1: 'end' expected near <eof>"),
                Arguments.of("for i=1 do", "t:1: ',' expected near 'do'"),
                Arguments.of("for i do", "t:1: '=' or 'in' expected near 'do'"),
                Arguments.of("local function 1", "t:1: <integer> expected near '1'"),
                Arguments.of("function f()\n\n", "t:3: 'end' expected (to close 'function' at line 1) near <eof>"),
                Arguments.of("x", "t:1: syntax error near <eof>"),
                Arguments.of("x y", "t:1: syntax error near 'y'"),
                Arguments.of("(f)", "t:1: syntax error near <eof>"),
                Arguments.of("x.y", "t:1: syntax error near <eof>"),
                Arguments.of("a.b.c", "t:1: syntax error near <eof>"),
                Arguments.of("x[1]", "t:1: syntax error near <eof>"),
                Arguments.of("x = 1 y = 2 z", "t:1: syntax error near <eof>"),
                Arguments.of("f() = 1", "t:1: syntax error near '='"),
                Arguments.of("a, f() = 1", "t:1: syntax error near '='"),
                Arguments.of("x:y", "t:1: function arguments expected near <eof>"),
                Arguments.of("a.b:c = 1", "t:1: function arguments expected near '='"),
                Arguments.of("x = a:b", "t:1: function arguments expected near <eof>"),
                Arguments.of("x = a:b.c", "t:1: function arguments expected near '.'"),
                Arguments.of("for k, v in pairs(t) : do end", "t:1: <integer> expected near 'do'"),
                Arguments.of("x = f(a)(b).c[d] :", "t:1: <integer> expected near <eof>"),
                Arguments.of("x = @", "t:1: unexpected symbol near '@'"),
                Arguments.of("x = $", "t:1: unexpected symbol near '$'"),
                Arguments.of("x = \u0001", "t:1: unexpected symbol near '<\\1>'"),
                Arguments.of("return 1 'z\u0000g'", "t:1: <eof> expected near ''z'"),
                Arguments.of("return 1 \"abc\\65\"", "t:1: <eof> expected near '\"abcA\"'"),
                Arguments.of("return 1 [[ab]]", "t:1: <eof> expected near '[[ab]]'"),
                Arguments.of("return 1 0x10", "t:1: <eof> expected near '0x10'"),
                Arguments.of("while true", "t:1: 'do' expected near <eof>"),
                Arguments.of("while true do", "t:1: 'end' expected near <eof>"),
                Arguments.of("while x do\n\n", "t:3: 'end' expected (to close 'while' at line 1) near <eof>"),
                Arguments.of("repeat", "t:1: 'until' expected near <eof>"),
                Arguments.of("repeat\n\nend", "t:3: 'until' expected (to close 'repeat' at line 1) near 'end'"),
                Arguments.of("repeat x = 1 until", "t:1: unexpected symbol near <eof>"),
                Arguments.of("local", "t:1: <integer> expected near <eof>"),
                Arguments.of("local 1", "t:1: <integer> expected near '1'"),
                Arguments.of("goto", "t:1: <integer> expected near <eof>"),
                Arguments.of("goto 1", "t:1: <integer> expected near '1'"),
                Arguments.of("::a", "t:1: '::' expected near <eof>"),
                Arguments.of("::1::", "t:1: <integer> expected near '1'"),
                Arguments.of("return return", "t:1: unexpected symbol near 'return'"),
                Arguments.of("return 1,", "t:1: unexpected symbol near <eof>"),
                Arguments.of("return ... ; x", "t:1: <eof> expected near 'x'"),
                Arguments.of("return 1; x=2", "t:1: <eof> expected near 'x'"),
                Arguments.of("x = {1, 2", "t:1: '}' expected near <eof>"),
                Arguments.of("x = {1 2}", "t:1: '}' expected near '2'"),
                Arguments.of("x = {\n1\n2}", "t:3: '}' expected (to close '{' at line 1) near '2'"),
                Arguments.of("x = {x.y = 1}", "t:1: '}' expected near '='"),
                Arguments.of("x = {1,,2}", "t:1: unexpected symbol near ','"),
                Arguments.of("x = {1,", "t:1: unexpected symbol near <eof>"),
                Arguments.of("local t = {[1] 2}", "t:1: '=' expected near '2'"),
                Arguments.of("f(\n1\n2", "t:3: ')' expected (to close '(' at line 1) near '2'"),
                Arguments.of("x = (\n1\n2", "t:3: ')' expected (to close '(' at line 1) near '2'"),
                Arguments.of("x = (1", "t:1: ')' expected near <eof>"),
                Arguments.of("x = a[1", "t:1: ']' expected near <eof>"),
                Arguments.of("x = function(a, 1) end", "t:1: <name> or '...' expected near '1'"),
                Arguments.of("x = function(a, ...,b) end", "t:1: ')' expected near ','"),
                Arguments.of("function f(a b) end", "t:1: ')' expected near 'b'"),
                Arguments.of("function f", "t:1: '(' expected near <eof>"),
                Arguments.of("function a.b:c.d() end", "t:1: '(' expected near '.'"),
                Arguments.of("x = function()\n\nelse", "t:3: 'end' expected (to close 'function' at line 1) near 'else'"),
                Arguments.of("local x <const", "t:1: '>' expected near <eof>"),
                Arguments.of("local x <close> <const>", "t:1: unexpected symbol near '<'"),
                Arguments.of("f(1,)", "t:1: unexpected symbol near ')'"),
                Arguments.of("x = not", "t:1: unexpected symbol near <eof>"),
                Arguments.of("x = 1 +", "t:1: unexpected symbol near <eof>"),
                Arguments.of("x = -", "t:1: unexpected symbol near <eof>"),
                Arguments.of("x = #", "t:1: unexpected symbol near <eof>"),
                Arguments.of("x = a..", "t:1: unexpected symbol near <eof>"),
                // unclosed calls inside call arguments (the left-recursive expression rule once
                // threw a ClassCastException from ANTLR here)
                Arguments.of("print(select(\"#\")", "t:1: ')' expected near <eof>"),
                Arguments.of("print(select(2, print(select(5, \"a\", \"b\")) print(select(\"#\", \"a\")))",
                        "t:1: ')' expected near 'print'"),
                Arguments.of("local co = coroutine.create(function() coroutine.resume(co) do end) print(coroutine.resume(co))",
                        "t:1: unexpected symbol near ')'"),
                Arguments.of("print(\"before\")\nlocal\nok\n=\npcall(function()\nprint(\"inside\");\nerror(\"x\")\n;\nok)\n=\nend)\nprint(\"after\",\nprint(\"never\")",
                        "t:9: syntax error near ')'"),
                Arguments.of("print(load('x { = \"abc', print(load('x = \"abc\\\ny\"', \"=chunk\"))",
                        "t:2: ')' expected (to close '(' at line 1) near <eof>"),
                Arguments.of("f(a, g(b)", "t:1: ')' expected near <eof>"),
                Arguments.of("x = f(1, (2)", "t:1: ')' expected near <eof>"),
                Arguments.of("return t[f(1]", "t:1: ')' expected near ']'"),
                Arguments.of("x =", "t:1: unexpected symbol near <eof>"),
                Arguments.of("if x then elseif y end", "t:1: 'then' expected near 'end'"),
                Arguments.of("if x then else elseif", "t:1: 'end' expected near 'elseif'"),
                Arguments.of("for a,b = 1,2 do end", "t:1: 'in' expected near '='"),
                Arguments.of("for a, 1 in x do end", "t:1: <integer> expected near '1'"),
                Arguments.of("for i = 1, 2, 3, 4 do end", "t:1: 'do' expected near ','"),
                Arguments.of("local function f() end end", "t:1: <eof> expected near 'end'"),
                Arguments.of("do local x = 1 = 2 end", "t:1: unexpected symbol near '='"),
                Arguments.of("local x <foo> = 1", "t:1: unknown attribute 'foo'"),
                Arguments.of("local x <close>, y <close> = 1", "t:1: multiple to-be-closed variables in local list"),
                Arguments.of("function f() return ... end", "t:1: cannot use '...' outside a vararg function near '...'"),
                Arguments.of("function f(a, ...) local function g() return ... end end",
                        "t:1: cannot use '...' outside a vararg function near '...'"),
                // kernel Lua: no '^' operator, no fractional numerals
                Arguments.of("return 2^3", "t:1: <eof> expected near '^'"),
                Arguments.of("local x = 2^3", "t:1: unexpected symbol near '^'"),
                Arguments.of("return 3.14", "t:1: <eof> expected near '.'"),
                Arguments.of("x = 3.14", "t:1: unexpected symbol near '.'"),
                Arguments.of("return .5", "t:1: unexpected symbol near '.'"),
                Arguments.of("local x = .5", "t:1: unexpected symbol near '.'"),
                Arguments.of("return 10g", "t:1: <eof> expected near 'g'"));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void syntaxError(String src, String message) {
        assertThat(error(src)).isEqualTo(message);
    }

    static Stream<Arguments> lexicalErrors() {
        return Stream.of(
                Arguments.of("x = 1e3", "t:1: malformed number near '1e3'"),
                Arguments.of("x = 0x", "t:1: malformed number near '0x'"),
                Arguments.of("x = 1ab", "t:1: malformed number near '1ab'"),
                Arguments.of("x = 9223372036854775808", "t:1: malformed number near '9223372036854775808'"),
                Arguments.of("x = \"abc\\q\"", "t:1: invalid escape sequence near '\"abc\\q'"),
                Arguments.of("x = \"\\300\"", "t:1: decimal escape too large near '\"\\300\"'"),
                Arguments.of("x = \"a\\300b\"", "t:1: decimal escape too large near '\"a\\300b'"),
                Arguments.of("x = \"\\256\"", "t:1: decimal escape too large near '\"\\256\"'"),
                Arguments.of("x = \"\\xg\"", "t:1: hexadecimal digit expected near '\"\\xg'"),
                Arguments.of("x = \"\\x5\"", "t:1: hexadecimal digit expected near '\"\\x5\"'"),
                Arguments.of("x = \"\\xZZ\"", "t:1: hexadecimal digit expected near '\"\\xZ'"),
                Arguments.of("x = \"\\u123\"", "t:1: missing '{' near '\"\\u1'"),
                Arguments.of("x = \"\\u{}\"", "t:1: hexadecimal digit expected near '\"\\u{}'"),
                Arguments.of("x = \"\\u{12\"", "t:1: missing '}' near '\"\\u{12\"'"),
                Arguments.of("x = \"\\u{12g}\"", "t:1: missing '}' near '\"\\u{12g'"),
                Arguments.of("x = \"\\u{110000000}\"", "t:1: UTF-8 value too large near '\"\\u{110000000'"),
                Arguments.of("x = \"\\u{80000000}\"", "t:1: UTF-8 value too large near '\"\\u{80000000'"),
                Arguments.of("x = \"abc", "t:1: unfinished string near <eof>"),
                Arguments.of("x = \"abc\ndef\"", "t:1: unfinished string near '\"abc'"),
                Arguments.of("x = 'abc\\", "t:1: unfinished string near <eof>"),
                Arguments.of("x = [[abc", "t:1: unfinished long string (starting at line 1) near <eof>"),
                Arguments.of("x = [[abc\n\n", "t:3: unfinished long string (starting at line 1) near <eof>"),
                Arguments.of("x = [==[abc]=]", "t:1: unfinished long string (starting at line 1) near <eof>"),
                Arguments.of("--[[abc", "t:1: unfinished long comment (starting at line 1) near <eof>"),
                Arguments.of("x = [=x", "t:1: invalid long string delimiter near '[='"),
                // Lua's messages are C strings: the near text stops at a NUL byte
                Arguments.of("x = \"0=}\u0000F\n9\"", "t:1: unfinished string near '\"0=}'"),
                // a syntax error before the bad token wins; the bad token wins over later ones
                Arguments.of("x = = \"\\q\"", "t:1: unexpected symbol near '='"),
                Arguments.of("f \"\\q\" = = 1", "t:1: invalid escape sequence near '\"\\q'"));
    }

    @ParameterizedTest
    @MethodSource("lexicalErrors")
    void lexicalError(String src, String message) {
        assertThat(error(src)).isEqualTo(message);
    }

    @Test
    void chunkNameGivesShortSource() {
        LuaError e = catchThrowableOfType(LuaError.class, () -> Parser.parse("x = = 1", "@scripts/f.lua"));
        assertThat(e.getMessage()).isEqualTo("scripts/f.lua:1: unexpected symbol near '='");
        e = catchThrowableOfType(LuaError.class, () -> Parser.parse("x = = 1", "x = = 1"));
        assertThat(e.getMessage()).isEqualTo("[string \"x = = 1\"]:1: unexpected symbol near '='");
    }

    @Test
    void errorLineIsLineOfOffendingToken() {
        assertThat(error("x = 1\ny = 2\n\nz = = 3")).isEqualTo("t:4: unexpected symbol near '='");
        assertThat(error("x = 1\r\ny = 2\r\n\r\nz = = 3")).isEqualTo("t:4: unexpected symbol near '='");
        assertThat(error("x = [[a\nb]] + = 1")).isEqualTo("t:2: unexpected symbol near '='");
        // a lone \r and the pair \n\r each count as one line break, as in Lua
        assertThat(error("x = 1\ry = 2\n\rz = = 3")).isEqualTo("t:3: unexpected symbol near '='");
        assertThat(error("x = 1\r\r= 3")).isEqualTo("t:3: unexpected symbol near '='");
    }

    /**
     * The nesting limit counts levels as Lua's recursive parser does (one per statement, per
     * subexpr call and per unary operator), whatever the shape of the expression; the deepest
     * accepted nesting of each shape is pinned here (accepted at n, "C stack overflow" at n + 1).
     */
    @Test
    void nestingLevelsAreCountedAsLuaDoes() {
        assertDeepest(n -> "return " + "x .. ".repeat(n) + "1", 196);
        assertDeepest(n -> "do do do return " + "x .. ".repeat(n) + "1 end end end", 193);
        assertDeepest(n -> "return " + "a .. b + c * - ".repeat(n) + "k", 193);
        assertDeepest(n -> "return " + "- x .. ".repeat(n) + "1", 196);
        assertDeepest(n -> "return " + "not ".repeat(n) + "x", 196);
        assertDeepest(n -> "return " + "(".repeat(n) + "1" + ")".repeat(n), 196);
        assertDeepest(n -> "return " + "{x = 1 + ".repeat(n) + "1" + "}".repeat(n), 98);
        assertDeepest(n -> "return 1 + 2 * 3 .. x .. " + "f(".repeat(n) + "1" + ")".repeat(n), 194);
        // left-associative chains do not nest
        Parser.parse("return " + "x + ".repeat(5000) + "1", "=t");
        Parser.parse("return " + "x * y + ".repeat(2000) + "1", "=t");
    }

    private static void assertDeepest(java.util.function.IntFunction<String> shape, int n) {
        Parser.parse(shape.apply(n), "=t");
        assertThat(error(shape.apply(n + 1))).as("nesting %d of %s", n + 1, shape.apply(1)).contains("C stack overflow");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String parens = "return " + "(".repeat(300) + "1" + ")".repeat(300);
        assertThat(error(parens)).contains("C stack overflow");
        String concat = "return " + "x..".repeat(1000) + "1";
        assertThat(error(concat)).contains("C stack overflow");
        String blocks = "do ".repeat(500) + "end ".repeat(500);
        assertThat(error(blocks)).contains("C stack overflow");
        String unary = "return " + "- ".repeat(5000) + "1";
        assertThat(error(unary)).contains("C stack overflow");
        String tables = "return " + "{".repeat(100_000);
        assertThat(error(tables)).contains("C stack overflow");
        // moderate nesting is fine
        Parser.parse("return " + "(".repeat(150) + "1" + ")".repeat(150), "=t");
        Parser.parse("do ".repeat(150) + "end ".repeat(150), "=t");
    }
}
