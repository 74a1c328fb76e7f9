package dev.lunatik.vm.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.ast.Block;
import dev.lunatik.vm.ast.Chunk;
import dev.lunatik.vm.ast.Expr;
import dev.lunatik.vm.ast.Stat;
import dev.lunatik.vm.value.LuaError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** AST shapes, literal values and line numbers produced by {@link Parser}. */
class ParserAstTest {

    static Block parse(String src) {
        return Parser.parse(src, "=t").block();
    }

    /** The S-expression of the chunk's statements. */
    static String ast(String src) {
        return Sexp.of(parse(src));
    }

    /** The S-expression of expression {@code e} (parsed as "return e"). */
    static String expr(String e) {
        return Sexp.of(returned(e));
    }

    static Expr returned(String e) {
        Stat.Return r = (Stat.Return) parse("return " + e).stats().get(0);
        return r.values().get(0);
    }

    static byte[] str(String literal) {
        return ((Expr.Str) returned(literal)).value().bytes();
    }

    static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) r[i] = (byte) b[i];
        return r;
    }

    static long num(String literal) {
        return ((Expr.Int) returned(literal)).value();
    }

    // ------------------------------------------------------------------ strings

    @Test
    void simpleEscapes() {
        assertThat(str("\"\\a\\b\\f\\n\\r\\t\\v\"")).containsExactly(bytes(7, 8, 12, 10, 13, 9, 11));
        assertThat(str("'\\\\\\\"\\''")).containsExactly(bytes('\\', '"', '\''));
        assertThat(str("\"a\\\nb\"")).containsExactly(bytes('a', '\n', 'b'));
        assertThat(str("\"a\\\r\nb\"")).containsExactly(bytes('a', '\n', 'b'));
        assertThat(str("'\"'")).containsExactly(bytes('"'));
    }

    @Test
    void zEscapeSkipsWhitespaceIncludingNewlines() {
        assertThat(str("\"a\\z  \n\t  b\"")).containsExactly(bytes('a', 'b'));
        assertThat(str("\"a\\zb\"")).containsExactly(bytes('a', 'b'));
    }

    @Test
    void hexDecimalAndUnicodeEscapes() {
        assertThat(str("\"\\x41\\x7a\\xFF\"")).containsExactly(bytes(0x41, 0x7a, 0xff));
        assertThat(str("\"\\65\\066\\0677\\0\\255\"")).containsExactly(bytes(65, 66, 67, '7', 0, 255));
        assertThat(str("\"\\u{41}\\u{E9}\\u{20AC}\"")).containsExactly(bytes(0x41, 0xC3, 0xA9, 0xE2, 0x82, 0xAC));
        assertThat(str("\"\\u{7FFFFFFF}\"")).containsExactly(bytes(253, 191, 191, 191, 191, 191));
        assertThat(str("\"\\u{10FFFF}\"")).containsExactly(bytes(0xF4, 0x8F, 0xBF, 0xBF));
    }

    @Test
    void sourceBytesStayEightBitClean() {
        byte[] src = {'r', 'e', 't', 'u', 'r', 'n', ' ', '"', (byte) 0xE9, (byte) 0x80, 0, '"'};
        Stat.Return r = (Stat.Return) Parser.parse(src, "=t").block().stats().get(0);
        assertThat(((Expr.Str) r.values().get(0)).value().bytes()).containsExactly(bytes(0xE9, 0x80, 0));
    }

    @Test
    void longBrackets() {
        assertThat(str("[[abc]]")).isEqualTo("abc".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(str("[[\nabc]]")).isEqualTo("abc".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(str("[[\r\nab\r\nc]]")).isEqualTo("ab\nc".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(str("[==[a]]b]=]c]==]")).isEqualTo("a]]b]=]c".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(str("[=[\\n]=]")).isEqualTo("\\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(str("[[]]")).isEmpty();
    }

    @Test
    void commentsAndShebang() {
        assertThat(ast("--[[ long\ncomment ]] x = 1 -- line\n--[==[ a ]] b ]==] y = 2 --[ not long\nz = 3"))
                .isEqualTo("[x = 1; y = 2; z = 3]");
        assertThat(ast("#!/usr/bin/lua\nreturn 1")).isEqualTo("[return 1]");
        assertThat(((Stat.Return) parse("#!/bin/lua\n\nreturn 1").stats().get(0)).line()).isEqualTo(3);
        assertThat(ast("--")).isEqualTo("[]");
        assertThatThrownBy(() -> Parser.parse("#!/bin/lua\nreturn 1".getBytes(StandardCharsets.UTF_8), "=t", false))
                .isInstanceOf(LuaError.class).hasMessage("t:1: unexpected symbol near '#'");
    }

    // ------------------------------------------------------------------ numerals

    @Test
    void numerals() {
        assertThat(num("0")).isZero();
        assertThat(num("42")).isEqualTo(42);
        assertThat(num("0x10")).isEqualTo(16);
        assertThat(num("0XfF")).isEqualTo(255);
        assertThat(num("0x1e3")).isEqualTo(0x1e3);
        assertThat(num("007")).isEqualTo(7);
        assertThat(num("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(num("0xffffffffffffffff")).isEqualTo(-1);
        assertThat(num("0x7fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
        assertThat(num("0x10000000000000001")).isEqualTo(1); // wraps modulo 2^64
        assertThat(expr("-9223372036854775807")).isEqualTo("(- 9223372036854775807)");
    }

    @Test
    void numeralFollowedByNameIsTwoTokens() {
        // "10g" is the numeral 10 then the name g: a call statement f 10 g is not valid, but
        // a table of two items separated this way shows the split
        assertThat(ast("x = 10 g()")).isEqualTo("[x = 10; (call g)]");
    }

    @Test
    void dotsAfterNumeralsAreConcat() {
        assertThat(expr("1..2")).isEqualTo("(.. 1 2)");
    }

    // ------------------------------------------------------------------ operators

    @Test
    void precedenceLowToHigh() {
        assertThat(expr("a or b and c")).isEqualTo("(or a (and b c))");
        assertThat(expr("a and b < c")).isEqualTo("(and a (< b c))");
        assertThat(expr("a < b | c")).isEqualTo("(< a (| b c))");
        assertThat(expr("a | b ~ c")).isEqualTo("(| a (~ b c))");
        assertThat(expr("a ~ b & c")).isEqualTo("(~ a (& b c))");
        assertThat(expr("a & b << c")).isEqualTo("(& a (<< b c))");
        assertThat(expr("a << b .. c")).isEqualTo("(<< a (.. b c))");
        assertThat(expr("a .. b + c")).isEqualTo("(.. a (+ b c))");
        assertThat(expr("a + b * c")).isEqualTo("(+ a (* b c))");
        assertThat(expr("a * -b")).isEqualTo("(* a (- b))");
        assertThat(expr("-a * b")).isEqualTo("(* (- a) b)");
        assertThat(expr("not a == b")).isEqualTo("(== (not a) b)");
        assertThat(expr("#t + 1")).isEqualTo("(+ (# t) 1)");
        assertThat(expr("~a & b")).isEqualTo("(& (~ a) b)");
        assertThat(expr("- - a")).isEqualTo("(- (- a))");
    }

    @Test
    void allBinaryOperators() {
        String[] ops = {"or", "and", "<", ">", "<=", ">=", "~=", "==", "|", "~", "&", "<<", ">>", "..", "+",
            "-", "*", "//", "%"};
        for (String op : ops) assertThat(expr("a " + op + " b")).isEqualTo("(" + op + " a b)");
    }

    @Test
    void slashIsFloorDivision() {
        Expr.Binary b = (Expr.Binary) returned("7 / 2");
        assertThat(b.op()).isEqualTo(Expr.BinOp.IDIV);
        assertThat(((Expr.Binary) returned("7 // 2")).op()).isEqualTo(Expr.BinOp.IDIV);
    }

    @Test
    void associativity() {
        assertThat(expr("a - b - c")).isEqualTo("(- (- a b) c)");
        assertThat(expr("a / b % c * d")).isEqualTo("(* (% (// a b) c) d)");
        assertThat(expr("a .. b .. c")).isEqualTo("(.. a (.. b c))");
        assertThat(expr("a or b or c")).isEqualTo("(or (or a b) c)");
        assertThat(expr("a < b == c")).isEqualTo("(== (< a b) c)");
        assertThat(expr("(a + b) * c")).isEqualTo("(* (paren (+ a b)) c)");
    }

    @Test
    void longLeftAssociativeChainsDoNotOverflowTheStack() {
        String src = "return " + "1 + ".repeat(20_000) + "1";
        Expr e = returned(src.substring("return ".length()));
        int depth = 0;
        while (e instanceof Expr.Binary b) {
            depth++;
            e = b.left();
        }
        assertThat(depth).isEqualTo(20_000);
    }

    // ------------------------------------------------------------------ expressions

    @Test
    void primaryAndSuffixedExpressions() {
        assertThat(expr("nil, true")).isEqualTo("nil");
        assertThat(expr("false")).isEqualTo("false");
        assertThat(expr("a.b[c]:m(1, 2).d")).isEqualTo("(index (method (index (index a \"b\") c) m 1 2) \"d\")");
        assertThat(expr("f{1}\"s\"[[t]]()")).isEqualTo("(call (call (call (call f {1}) \"s\") \"t\"))");
        assertThat(expr("o:m{}")).isEqualTo("(method o m {})");
        assertThat(expr("o:m'x'")).isEqualTo("(method o m \"x\")");
        assertThat(expr("(f())")).isEqualTo("(paren (call f))");
        assertThat(expr("function(a, b, ...) return ... end"))
                .isEqualTo("(function (a b ...) [return ...])");
        assertThat(expr("function() end")).isEqualTo("(function () [])");
        assertThat(expr("function(...) end")).isEqualTo("(function (...) [])");
    }

    @Test
    void tableConstructors() {
        assertThat(expr("{}")).isEqualTo("{}");
        assertThat(expr("{1, 2; 3,}")).isEqualTo("{1 2 3}");
        assertThat(expr("{x = 1, [k] = v; 'p', y = {}}")).isEqualTo("{x=1 [k]=v \"p\" y={}}");
        assertThat(expr("{f(), ...}")).isEqualTo("{(call f) ...}");
        assertThat(expr("{(x) , x == 1}")).isEqualTo("{(paren x) (== x 1)}");
    }

    // ------------------------------------------------------------------ statements

    @Test
    void everyStatementKind() {
        assertThat(ast("local a, b <const>, c <close> = 1, 2")).isEqualTo("[local a, b<CONST>, c<CLOSE> = 1, 2]");
        assertThat(ast("local x")).isEqualTo("[local x]");
        assertThat(ast("a, b.c, d[1] = 1, 2, 3")).isEqualTo("[a, (index b \"c\"), (index d 1) = 1, 2, 3]");
        assertThat(ast("f(1) o:m()")).isEqualTo("[(call f 1); (method o m)]");
        assertThat(ast("do local x end")).isEqualTo("[do [local x]]");
        assertThat(ast("while x do break end")).isEqualTo("[while x [break]]");
        assertThat(ast("repeat local y until y")).isEqualTo("[repeat [local y] until y]");
        assertThat(ast("if a then x() elseif b then y() elseif c then else z() end"))
                .isEqualTo("[if a [(call x)] elseif b [(call y)] elseif c [] else [(call z)]]");
        assertThat(ast("if a then end")).isEqualTo("[if a []]");
        assertThat(ast("for i = 1, 10 do end")).isEqualTo("[for i = 1, 10 []]");
        assertThat(ast("for i = 10, 1, -1 do f(i) end")).isEqualTo("[for i = 10, 1, (- 1) [(call f i)]]");
        assertThat(ast("for k, v in pairs(t) do end")).isEqualTo("[for k, v in (call pairs t) []]");
        assertThat(ast("for k in next, t, nil do end")).isEqualTo("[for k in next, t, nil []]");
        assertThat(ast("function f(a) return a end")).isEqualTo("[function f(a) [return a]]");
        assertThat(ast("function a.b.c(x, ...) end")).isEqualTo("[function a.b.c(x ...) []]");
        assertThat(ast("function a.b:m(x) end")).isEqualTo("[function a.b:m(self x) []]");
        assertThat(ast("function o:m() end")).isEqualTo("[function o:m(self) []]");
        assertThat(ast("local function g(...) end")).isEqualTo("[local function g(...) []]");
        assertThat(ast("return")).isEqualTo("[return]");
        assertThat(ast("return;")).isEqualTo("[return]");
        assertThat(ast("return 1, 2;")).isEqualTo("[return 1, 2]");
        assertThat(ast("goto done ::done::")).isEqualTo("[goto done; ::done::]");
        assertThat(ast(";;x = 1;;")).isEqualTo("[x = 1]");
        assertThat(ast("")).isEqualTo("[]");
    }

    @Test
    void statementDetails() {
        Stat.Function f = (Stat.Function) parse("function a.b:m() end").stats().get(0);
        assertThat(f.path()).containsExactly("a", "b");
        assertThat(f.method()).isEqualTo("m");
        assertThat(f.body().params()).containsExactly("self");
        Stat.Function g = (Stat.Function) parse("function a.b() end").stats().get(0);
        assertThat(g.method()).isNull();
        Stat.Local l = (Stat.Local) parse("local a <const>, b").stats().get(0);
        assertThat(l.attribs()).containsExactly(Stat.Attrib.CONST, null);
        assertThat(l.values()).isEmpty();
        Stat.NumericFor nf = (Stat.NumericFor) parse("for i = 1, 2 do end").stats().get(0);
        assertThat(nf.step()).isNull();
        Stat.If i = (Stat.If) parse("if a then end").stats().get(0);
        assertThat(i.elseBlock()).isNull();
        Chunk c = Parser.parse("return", "@x.lua");
        assertThat(c.name()).isEqualTo("@x.lua");
    }

    @Test
    void varargInNestedVarargFunctionIsAllowed() {
        assertThat(ast("function f(...) return function(...) return ... end end"))
                .isEqualTo("[function f(...) [return (function (...) [return ...])]]");
        assertThat(ast("return ...")).isEqualTo("[return ...]");
    }

    // ------------------------------------------------------------------ lines

    @Test
    void lines() {
        Block b = parse("local x = 1\n\nfunction f(a,\n b)\n  return a\n    +\n    b\nend\nf\n(\n1)\nreturn x");
        assertThat(b.stats()).extracting(Stat::line).containsExactly(1, 3, 9, 12);
        Stat.Function f = (Stat.Function) b.stats().get(1);
        assertThat(f.body().line()).isEqualTo(3);
        assertThat(f.body().endLine()).isEqualTo(8);
        assertThat(f.body().block().endLine()).isEqualTo(8);
        Stat.Return r = (Stat.Return) f.body().block().stats().get(0);
        assertThat(r.line()).isEqualTo(5);
        Expr.Binary plus = (Expr.Binary) r.values().get(0);
        assertThat(plus.line()).isEqualTo(6); // the operator's line
        assertThat(plus.left().line()).isEqualTo(5);
        assertThat(plus.right().line()).isEqualTo(7);
        Expr.Call call = (Expr.Call) ((Stat.CallStat) b.stats().get(2)).call();
        assertThat(call.line()).isEqualTo(10); // the line of '('
        assertThat(call.function().line()).isEqualTo(9);
        assertThat(b.endLine()).isEqualTo(12);
    }

    @Test
    void blockEndLines() {
        Stat.If i = (Stat.If) parse("if a then\nx()\nelseif b then\n\nelse\ny()\n\nend").stats().get(0);
        assertThat(i.blocks()).extracting(Block::endLine).containsExactly(3, 5);
        assertThat(i.elseBlock().endLine()).isEqualTo(8);
        Stat.Repeat r = (Stat.Repeat) parse("repeat\n\nuntil x").stats().get(0);
        assertThat(r.block().endLine()).isEqualTo(3);
        Expr.Function fn = (Expr.Function) returned("\nfunction()\nend");
        assertThat(fn.line()).isEqualTo(2);
        assertThat(fn.body().line()).isEqualTo(2);
        assertThat(fn.body().endLine()).isEqualTo(3);
    }

    @Test
    void largeFileParsesQuickly() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("function f").append(i).append("(a, b, ...)\n")
                    .append("  local t = {x = a, [b] = \"s\\n\", 1, 2, 3}\n")
                    .append("  if a < b and t.x ~= nil then return a // b .. 'x' else t:m(a, b) end\n")
                    .append("  for i = 1, #t do t[i] = (t[i] or 0) + i * 2 end\n")
                    .append("end\n");
        }
        String src = sb.toString();
        assertThat(src.lines().count()).isEqualTo(5000);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) { // warm up; the best run is the steady-state cost
            long t0 = System.nanoTime();
            Block b = Parser.parse(src, "=big").block();
            best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
            assertThat(b.stats()).hasSize(1000);
        }
        assertThat(best).as("5,000 lines parse time in ms").isLessThan(1000);
    }
}
