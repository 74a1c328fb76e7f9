package dev.lunatik.stdlib;

import static dev.lunatik.stdlib.LibTestSupport.error;
import static dev.lunatik.stdlib.LibTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The utf8 library: the encoder/decoder against Java's, and Lua-level behaviour. */
class Utf8LibTest {
    @Test
    void encoderAndDecoderAgreeWithJavaOnValidCodePoints() {
        int[] samples = {0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0xFFFF, 0x10000, 0x10348, 0x10FFFF};
        for (int cp : samples) {
            byte[] java = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            byte[] ours = new byte[Utf8Lib.encodedLength(cp)];
            Utf8Lib.encode(ours, 0, cp);
            assertThat(ours).isEqualTo(java);
            long d = Utf8Lib.decode(ours, 0, true);
            assertThat(d >>> 3).isEqualTo(cp);
            assertThat(d & 7).isEqualTo(java.length);
        }
    }

    @Test
    void strictRejectsSurrogatesAndLargeValuesButLaxAccepts() {
        for (long cp : new long[] {0xD800, 0xDFFF, 0x110000, 0x7FFFFFFFL}) {
            byte[] b = new byte[Utf8Lib.encodedLength(cp)];
            Utf8Lib.encode(b, 0, cp);
            assertThat(Utf8Lib.decode(b, 0, true)).isEqualTo(-1);
            assertThat(Utf8Lib.decode(b, 0, false) >>> 3).isEqualTo(cp);
        }
        assertThat(Utf8Lib.decode(new byte[] {(byte) 0xC0, (byte) 0x80}, 0, false)).isEqualTo(-1); // overlong
        assertThat(Utf8Lib.decode(new byte[] {(byte) 0xE2, (byte) 0x82}, 0, false)).isEqualTo(-1); // truncated
        assertThat(Utf8Lib.decode(new byte[] {(byte) 0x80}, 0, false)).isEqualTo(-1); // continuation
    }

    @Test
    void luaFunctions() {
        assertThat(run("return utf8.len('h\\u{E9}llo'), utf8.codepoint('\\u{20AC}'), utf8.offset('a\\u{E9}b', 3), #utf8.char(0x7FFFFFFF)"))
                .containsExactly(5L, 0x20ACL, 4L, 6L);
        assertThat(run("return utf8.len('a\\xffb')")).containsExactly(null, 2L);
        assertThat(run("local n = 0 for p, c in utf8.codes('\\u{D800}', true) do n = c end return n")).containsExactly(0xD800L);
    }

    @Test
    void errors() {
        assertThat(error("utf8.codepoint('\\xff')")).isEqualTo("test:1: invalid UTF-8 code");
        assertThat(error("utf8.char(-1)")).isEqualTo("test:1: bad argument #1 to 'char' (value out of range)");
        assertThat(error("utf8.offset('\\u{E9}', 1, 2)")).isEqualTo("test:1: initial position is a continuation byte");
        assertThat(error("utf8.len('abc', 5)")).isEqualTo("test:1: bad argument #2 to 'len' (initial position out of bounds)");
        assertThat(error("for _ in utf8.codes('a\\xff') do end")).isEqualTo("test:1: invalid UTF-8 code");
        assertThat(error("local t = {} for i = 1, 300 do t[i] = 'x' end utf8.codepoint(table.concat(t), 1, -1)")).contains("string slice too long");
    }
}
