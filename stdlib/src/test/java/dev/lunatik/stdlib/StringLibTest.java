package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import org.junit.jupiter.api.Test;

/** The string library through a kernel state: matcher, format and pack edge cases. */
class StringLibTest {
    private final LuaState L = StandardLibraries.kernel().build();

    private Object one(String code) {
        Object[] r = L.execute("return " + code, "=t");
        return r.length == 0 ? null : r[0];
    }

    private String str(String code) {
        Object v = one(code);
        return v == null ? null : ((LuaString) v).toString();
    }

    private String error(String code) {
        Object[] r = L.execute("local ok, e = pcall(function() return " + code + " end) return ok, e", "=t");
        assertThat(r[0]).as("expected an error from " + code).isEqualTo(false);
        String m = r[1].toString();
        assertThat(m).startsWith("t:1: ");
        return m.substring(5);
    }

    @Test
    void stringFunctionsCalledFromSmallFunctionsRaiseAsFromTheInterpreter() {
        // once compiled (the suite also runs with LUNATIK_JIT=always) such functions run without
        // frames and call these leaf functions so; an error is raised again from the frames
        Object[] r = L.execute("""
                local function sub(s, x) return s:sub(x) end
                local function rep(s, n) return s:rep(n) end
                local function find(s, p) return (s:find(p)) end
                local function lower(s) local r = string.lower(s) return r end
                local out = {}
                for i = 1, 30 do out[1] = sub('abc', 2) .. rep('x', 2) .. find('abc', 'c') .. lower('AB') end
                local ok, e = pcall(sub, 'abc', {})
                out[2] = e
                ok, e = pcall(find, 'abc', '[')
                out[3] = e
                ok, e = pcall(lower, nil)
                out[4] = e
                ok, e = pcall(rep, 'x', 1 << 40)
                out[5] = e
                return table.concat(out, '|')""", "=t");
        assertThat(r[0].toString()).isEqualTo("bcxx3ab|t:1: bad argument #1 to 'sub' (number expected, got table)"
                + "|t:3: malformed pattern (missing ']')|t:4: bad argument #1 to 'lower' (string expected, got nil)"
                + "|t:2: resulting string too large");
    }

    @Test
    void matcherBasics() {
        assertThat(str("string.match('key = value', '(%w+)%s*=%s*(%w+)')")).isEqualTo("key");
        assertThat(one("string.find('abc', '()b()')")).isEqualTo(2L);
        assertThat(str("string.match('  x  ', '^%s*(.-)%s*$')")).isEqualTo("x");
        assertThat(str("string.match('f(a(b)c)d', '%b()')")).isEqualTo("(a(b)c)");
        assertThat(str("string.match('THE (quick) fox', '%f[%a]%a+', 5)")).isEqualTo("quick");
        assertThat(str("string.match('say \"hi\"', '([\"])(.-)%1')")).isEqualTo("\"");
        assertThat(one("string.match('ab', '()%1')")).isNull();
        assertThat(str("string.match('\\0\\1', '%z')")).isEqualTo("\0");
    }

    @Test
    void patternsOfSingleBytesFindWhatTheMatcherFinds() {
        // the same pattern behind an empty position capture takes the matcher, the oracle
        Object[] r = L.execute("""
                local subjects = {"\6github\3com\0", "gitlab.com", "a.b%c", "", "aaa", "x\0y.z", "%%.."}
                local patterns = {"github.com", "gitlab.com", "a%.b", "%%", "%.", ".", "..", "a.a",
                                  "^a", "^.b", "^", "x.y", "z", "%%%.", "\0", "^%%"}
                local n = 0
                for _, s in ipairs(subjects) do
                  for _, p in ipairs(patterns) do
                    for init = -3, #s + 2 do
                      local a, b = string.find(s, p, init)
                      local cp = p:sub(1, 1) == "^" and "^()" .. p:sub(2) or "()" .. p
                      local c, d = string.find(s, cp, init)
                      if a ~= c or b ~= d then
                        error(string.format("%q %q %d: %s %s vs %s %s", s, p, init, a, b, c, d))
                      end
                      n = n + 1
                    end
                  end
                end
                return n""", "=t");
        assertThat((Long) r[0]).isGreaterThan(500L);
        assertThat(one("string.find('\6github\3com', 'github.com')")).isEqualTo(2L);
        assertThat(one("string.find('a-b', 'a-b')")).as("'-' is a quantifier, not a byte").isEqualTo(3L);
        assertThat(one("string.find('ab', 'b$')")).isEqualTo(2L);
        assertThat(error("string.find('a', 'a%')")).isEqualTo("malformed pattern (ends with '%')");
    }

    @Test
    void aPatternAnalysedOnceServesEveryFunctionAndFlag() {
        // the analysis is kept in the pattern string: each use below must still follow its own rules
        Object[] r = L.execute("""
                local p, q, a = "a.c", "abc", "^ab"
                local out = {}
                for _ = 1, 3 do
                  out[#out + 1] = table.concat({
                    tostring(string.find("xabc", p)), tostring(string.find("xa.c", p, 1, true)),
                    tostring(string.find("xabc", p, 1, true)), string.match("abc", p),
                    tostring(string.find("xxabc", q)), string.match("xxabc", q), (string.gsub("abcabc", q, "-")),
                    tostring(string.find("abab", a, 3)), tostring(string.find("xab", a)), tostring(string.find("^ab", a, 1, true))
                  }, " ")
                end
                return out[1], out[3]""", "=t");
        assertThat(r[0]).hasToString("2 2 nil abc 3 abc -- 3 nil 1");
        assertThat(r[1]).hasToString(r[0].toString());
    }

    @Test
    void setsTakeFirstBracketLiterallyAndHandleRanges() {
        assertThat(str("(string.gsub('a]b-c', '[]-]', '.'))")).isEqualTo("a.b.c");
        assertThat(str("(string.gsub('abcxyz', '[^a-c]', ''))")).isEqualTo("abc");
        assertThat(str("(string.gsub('a1B2', '[%d%u]', '#'))")).isEqualTo("a###");
    }

    @Test
    void highBytesBelongToNoClass() {
        assertThat(one("string.find('\\xE9', '%a')")).isNull();
        assertThat(one("string.find('\\xE9', '%A')")).isEqualTo(1L);
        assertThat(str("string.upper('\\xE9a')")).isEqualTo("\u00e9A");
    }

    @Test
    void deepBacktrackingIsBoundedNotAStackOverflow() {
        assertThat(error("string.match(string.rep('a', 1000), string.rep('a?', 300))")).endsWith("pattern too complex");
        assertThat(one("#string.match(string.rep('a', 100000), '.-$')")).isEqualTo(100000L);
        assertThat(one("#string.match(string.rep('a', 100000), 'a*a*a*$')")).isEqualTo(100000L);
    }

    @Test
    void patternErrorsAreWordedAsLua() {
        assertThat(error("string.find('a', '%')")).isEqualTo("malformed pattern (ends with '%')");
        assertThat(error("string.find('a', '[a')")).isEqualTo("malformed pattern (missing ']')");
        assertThat(error("string.find('a', '%f')")).isEqualTo("missing '[' after '%f' in pattern");
        assertThat(error("string.find('a', '%b')")).isEqualTo("malformed pattern (missing arguments to '%b')");
        assertThat(error("string.match('a', ')')")).isEqualTo("invalid pattern capture");
        assertThat(error("string.find('a', '(a%1)')")).isEqualTo("invalid capture index %1");
        assertThat(error("string.gsub('a', '(a', '%1')")).isEqualTo("unfinished capture");
        assertThat(error("string.gsub('a', 'a', '%2')")).isEqualTo("invalid capture index %2");
        assertThat(error("string.gsub('a', 'a', '%x')")).isEqualTo("invalid use of '%' in replacement string");
        assertThat(error("string.gsub('a', 'a', {a = {}})")).isEqualTo("invalid replacement value (a table)");
        assertThat(error("string.match('x', string.rep('()', 33))")).isEqualTo("too many captures");
    }

    @Test
    void gsubForms() {
        assertThat(str("(string.gsub('hello world', '(%w+)', '<%1>'))")).isEqualTo("<hello> <world>");
        assertThat(str("(string.gsub('abc', '', '-'))")).isEqualTo("-a-b-c-");
        assertThat(str("(string.gsub('abc', '%w', {a = 1, b = false}))")).isEqualTo("1bc");
        assertThat(str("(string.gsub('abc', '%w', string.upper, 2))")).isEqualTo("ABc");
        assertThat(one("select(2, string.gsub('aaa', 'a', 'b', -1))")).isEqualTo(0L);
        assertThat(str("(string.gsub('abc', '()', '%1'))")).isEqualTo("1a2b3c4");
        // an unchanged subject is returned as is
        assertThat(one("(function() local s = string.rep('a', 50); return rawequal(s, (string.gsub(s, 'b', 'c'))) end)()")).isEqualTo(true);
    }

    @Test
    void gsubIsReentrantThroughItsReplacementFunction() {
        assertThat(str("(string.gsub('ab', '%w', function(c) return (string.gsub(c, '%w', '%0%0')) end))")).isEqualTo("aabb");
    }

    @Test
    void formatIntegers() {
        assertThat(str("string.format('%d|%5d|%-5d|%05d|%+d|% d|%.3d|%.0d', 42, 42, 42, -42, 42, 42, 7, 0)"))
                .isEqualTo("42|   42|42   |-0042|+42| 42|007|");
        assertThat(str("string.format('%x|%X|%o|%u|%#x|%#o', -1, 255, 8, -1, 255, 0)"))
                .isEqualTo("ffffffffffffffff|FF|10|18446744073709551615|0xff|0");
        assertThat(str("string.format('%d', -9223372036854775807 - 1)")).isEqualTo("-9223372036854775808");
        assertThat(str("string.format('%d', '12')")).isEqualTo("12");
        assertThat(error("string.format('%d', '1.5')")).isEqualTo("bad argument #2 to 'format' (number expected, got string)");
    }

    @Test
    void formatRejectsFloatConversionsAndBadSpecs() {
        assertThat(error("string.format('%f', 1)")).isEqualTo("invalid conversion '%f' to 'format'");
        assertThat(error("string.format('%5.2g', 1)")).isEqualTo("invalid conversion '%5.2g' to 'format'");
        assertThat(error("string.format('%p', {})")).isEqualTo("invalid conversion '%p' to 'format'");
        assertThat(error("string.format('%100d', 1)")).isEqualTo("invalid conversion specification: '%100d'");
        assertThat(error("string.format('%#d', 1)")).isEqualTo("invalid conversion specification: '%#d'");
        assertThat(error("string.format('%' .. string.rep('0', 30) .. 'd', 1)")).isEqualTo("invalid format (too long)");
        assertThat(error("string.format('%10q', 1)")).isEqualTo("specifier '%q' cannot have modifiers");
        assertThat(error("string.format('%d')")).isEqualTo("bad argument #2 to 'format' (no value)");
    }

    @Test
    void formatQuoted() {
        assertThat(str("string.format('%q', 'a\\n\\0\\0011\"\\\\')")).isEqualTo("\"a\\\n\\0\\0011\\\"\\\\\"");
        assertThat(str("string.format('%q', -9223372036854775807 - 1)")).isEqualTo("0x8000000000000000");
        assertThat(str("string.format('%q %q', nil, true)")).isEqualTo("nil true");
        assertThat(error("string.format('%q', {})")).isEqualTo("bad argument #2 to 'format' (value has no literal form)");
    }

    @Test
    void formatStringsUseTostring() {
        assertThat(str("string.format('%s|%5.1s|', setmetatable({}, {__tostring = function() return 'OBJ' end}), 'abc')"))
                .isEqualTo("OBJ|    a|");
        assertThat(error("string.format('%5s', 'a\\0')")).isEqualTo("bad argument #2 to 'format' (string contains zeros)");
    }

    @Test
    void packRoundTripsAndLimits() {
        assertThat(one("string.unpack('n', string.pack('n', 42))")).isEqualTo(42L);
        assertThat(one("string.unpack('<i16', string.pack('<i16', -3))")).isEqualTo(-3L);
        assertThat(one("string.unpack('>I3', string.pack('>I3', 0x123456))")).isEqualTo(0x123456L);
        assertThat(one("string.packsize('!8 i1 i8')")).isEqualTo(16L);
        assertThat(str("string.unpack('z', 'ab\\0cd')")).isEqualTo("ab");
        assertThat(error("string.pack('d', 1)")).isEqualTo("invalid format option 'd'");
        assertThat(error("string.pack('i17', 1)")).isEqualTo("integral size (17) out of limits [1,16]");
        assertThat(error("string.pack('i1', 200)")).isEqualTo("bad argument #2 to 'pack' (integer overflow)");
        assertThat(error("string.unpack('i4', 'abc')")).isEqualTo("bad argument #2 to 'unpack' (data string too short)");
        assertThat(error("string.unpack('z', 'abc')")).isEqualTo("bad argument #2 to 'unpack' (unfinished string for format 'z')");
        assertThat(error("string.unpack('<i9', string.rep('\\0', 8) .. '\\1')")).isEqualTo("9-byte integer does not fit into Lua Integer");
        assertThat(error("string.packsize('s')")).isEqualTo("bad argument #1 to 'packsize' (variable-length format)");
        assertThat(error("string.packsize('c1000000000c1000000000c1000000000')")).isEqualTo("bad argument #1 to 'packsize' (format result too large)");
    }

    @Test
    void basicFunctions() {
        assertThat(str("('x'):rep(3, ',')")).isEqualTo("x,x,x");
        assertThat(error("string.rep('x', 1 << 40)")).isEqualTo("resulting string too large");
        assertThat(error("string.char(256)")).isEqualTo("bad argument #1 to 'char' (value out of range)");
        assertThat(str("string.sub('hello', -3, -2)")).isEqualTo("ll");
        assertThat(one("select('#', string.byte('abc', 1, -1))")).isEqualTo(3L);
        assertThat(error("string.byte(string.rep('x', 1000), 1, -1)")).isEqualTo("stack overflow (string slice too long)");
        assertThat(one("'10' + 1")).isEqualTo(11L);
        assertThat(one("-'3'")).isEqualTo(-3L);
        assertThatThrownBy(() -> L.execute("return '1.5' + 1", "=t")).isInstanceOf(LuaError.class)
                .hasMessageContaining("attempt to add a 'string' with a 'number'");
    }
}
