package dev.lunatik.kernel.libs;

import static dev.lunatik.kernel.libs.LibTestSupport.error;
import static dev.lunatik.kernel.libs.LibTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kernel-independent parts of the {@code linux} library. */
class LinuxLibTest {
    @Test
    void isAModuleNotAGlobal() {
        assertThat(run("return linux, type(require 'linux'), package.loaded.linux == require 'linux'"))
                .containsExactly(null, dev.lunatik.vm.value.LuaString.valueOf("table"), true);
    }

    @Test
    void byteOrder() {
        // expected values: Python struct.unpack('>H', struct.pack('<H', v & 0xffff)) etc.
        assertThat(run("local l = require 'linux' return l.hton16(0x1234), l.ntoh16(-1), l.be16toh(0x123456)"))
                .containsExactly(0x3412L, 0xFFFFL, 0x5634L);
        assertThat(run("local l = require 'linux' return l.htobe32(0x12345678), l.ntoh32(-2), l.le32toh(-1)"))
                .containsExactly(0x78563412L, 4278190079L, 4294967295L);
        assertThat(run("local l = require 'linux' return l.hton64(0x0102030405060708), l.be64toh(255), l.htole64(-5), l.htole16(0x12345)"))
                .containsExactly(578437695752307201L, -72057594037927936L, -5L, 0x2345L);
    }

    @Test
    void random() {
        Object[] r = run("local l = require 'linux' local lo, hi = 100, 0 for i = 1, 2000 do local x = l.random(3, 7) "
                + "if x < lo then lo = x end if x > hi then hi = x end end return lo, hi, l.random(1, 1), type(l.random()), l.random(-2, -2)");
        assertThat(r).containsExactly(3L, 7L, 1L, dev.lunatik.vm.value.LuaString.valueOf("number"), -2L);
        assertThat(run("local l = require 'linux' for i = 1, 500 do local x = l.random(4) assert(x >= 1 and x <= 4) end return true"))
                .containsExactly(true);
    }

    @Test
    void randomErrors() {
        assertThat(error("require 'linux'.random(3, 2)")).isEqualTo("test:1: bad argument #2 to 'random' (interval is empty)");
        assertThat(error("require 'linux'.random(0)")).isEqualTo("test:1: bad argument #1 to 'random' (interval is empty)");
        assertThat(error("require 'linux'.random(1, 2, 3)")).isEqualTo("test:1: wrong number of arguments");
        assertThat(error("require 'linux'.random(math.mininteger, math.maxinteger)"))
                .isEqualTo("test:1: bad argument #1 to 'random' (interval too large)");
        assertThat(error("require 'linux'.hton16('x')")).isEqualTo("test:1: bad argument #1 to 'hton16' (number expected, got string)");
    }

    @Test
    void timeAndConstants() {
        long before = System.currentTimeMillis() * 1_000_000L;
        Object[] r = run("local l = require 'linux' return l.time(), l.difftime(1, 3), l.errno.NOENT, l.errno.HWPOISON, "
                + "l.signal.KILL, l.signal.SYS, l.stat.IALLUGO, l.task.KILLABLE");
        assertThat((Long) r[0]).isBetween(before - 1_000_000_000L, before + 60_000_000_000L);
        assertThat(r).containsSequence(-2L, 2L, 133L, 9L, 31L, 4095L, 0x102L);
    }
}
