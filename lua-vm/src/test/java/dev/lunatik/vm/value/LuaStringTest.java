package dev.lunatik.vm.value;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.vm.bytecode.Proto;
import dev.lunatik.vm.compiler.Compiler;
import dev.lunatik.vm.parser.Parser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LuaStringTest {
    private static LuaString fresh(String s) {
        return LuaString.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void internReturnsOneInstancePerShortContent() {
        LuaString a = LuaString.intern(fresh("getuint16"));
        LuaString b = LuaString.intern(fresh("getuint16"));
        assertThat(b).isSameAs(a);
        assertThat(LuaString.intern("getuint16")).isSameAs(a);
    }

    @Test
    void longStringsAreNotPooled() {
        String text = "x".repeat(LuaString.MAX_SHORT + 1);
        LuaString a = fresh(text);
        assertThat(LuaString.intern(a)).isSameAs(a);
        assertThat(LuaString.intern(fresh(text))).isNotSameAs(a).isEqualTo(a);
    }

    @Test
    void equalityAndHashDoNotDependOnIdentity() {
        LuaString pooled = LuaString.intern("hook");
        LuaString other = fresh("hook");
        assertThat(other).isEqualTo(pooled).hasSameHashCodeAs(pooled);
        assertThat(fresh("hooK")).isNotEqualTo(pooled);
        // a string whose content hash is 0 still hashes consistently and compares by content
        LuaString empty = LuaString.wrap(new byte[0]);
        assertThat(empty.hashCode()).isEqualTo(LuaString.EMPTY.hashCode());
        LuaString zero = LuaString.wrap(new byte[] {0});
        assertThat(zero.hashCode()).isEqualTo(LuaString.wrap(new byte[] {0}).hashCode());
    }

    @Test
    void constantsOfSeparateChunksAreTheLibrarysKeys() {
        LuaTable lib = new LuaTable();
        lib.rawset("ntoh16", 1L); // a name registered by Java
        Object key = lib.next(null)[0];
        Proto p = Compiler.compile(Parser.parse("return lib.ntoh16", "=a"));
        Proto q = Compiler.compile(Parser.parse("local t = {} t.ntoh16 = 1 return t", "=b"));
        assertThat(constant(p, "ntoh16")).isSameAs(key);
        assertThat(constant(q, "ntoh16")).isSameAs(key);
    }

    private static Object constant(Proto p, String s) {
        for (Object k : p.kRef) {
            if (k instanceof LuaString ls && ls.toString().equals(s)) return k;
        }
        throw new AssertionError("no constant " + s);
    }
}
