package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Luadata's host side ({@code ldata_newref}/{@code ldata_unref}): Java memory handed to a script
 * and taken back, and segments of views that are re-pointed or revoked.
 */
class LuadataHostTest {
    @Test
    void aReferenceSharesTheHostsBytesUntilUnref() {
        try (LuaState L = Lunatik.kernelState().build()) {
            byte[] mem = {0, 0, 0x12, 0x34, 0x56, 0};
            DataLib.Ref ref = DataLib.newRef(L, mem, 2, 3, false);
            L.setGlobal("d", ref.handle());
            Object[] r = L.execute("d:layout{w = {0, 16}, b = {16, 8}} kept = d:segment(1) d.b = 0x99 return d.w, #d, #kept", "=t");
            assertThat(r).containsExactly(0x1234L, 3L, 2L);
            assertThat(mem[4]).isEqualTo((byte) 0x99); // written in place
            ref.unref();
            r = L.execute("return d.w, d.b, #d, #kept, tostring(kept), kept:segment()", "=t");
            assertThat(r).containsExactly(null, null, 0L, 0L, dev.lunatik.vm.value.LuaString.valueOf(""), null);
            L.execute("d.b = 1", "=t"); // nothing to write to any more
            assertThat(mem).containsExactly(0, 0, 0x12, 0x34, 0x99, 0);
            assertThat(catchThrowableOfType(() -> L.execute("return kept:getbyte(0)", "=t"), LuaError.class).getMessage())
                    .contains("out of bounds");
            ref.unref(); // a second unref does nothing
        }
    }

    @Test
    void anUnreferencedObjectCanBeCollected() {
        try (LuaState L = Lunatik.kernelState().build()) {
            DataLib.Ref ref = DataLib.newRef(L, new byte[4], 0, 4, false);
            L.collectGarbage();
            assertThat(Lunatik.kernel(L).liveObjects()).hasSize(1); // pinned while referenced
            ref.unref();
            L.collectGarbage();
            assertThat(Lunatik.kernel(L).liveObjects()).isEmpty();
        }
    }

    @Test
    void byteBuffersAreSharedOrCopiedBack() {
        try (LuaState L = Lunatik.kernelState().build()) {
            ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 1, 2, 3}).position(1);
            DataLib.Ref h = DataLib.newRef(L, heap);
            L.setGlobal("h", h.handle());
            L.execute("h:setbyte(0, 7)", "=t");
            assertThat(heap.get(1)).isEqualTo((byte) 7); // shared at once
            h.unref();

            ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
            DataLib.Ref d = DataLib.newRef(L, direct);
            L.setGlobal("d", d.handle());
            L.execute("d:setbyte(2, 0x42)", "=t");
            d.unref();
            assertThat(direct.get(2)).isEqualTo((byte) 0x42); // copied back at unref
            assertThat(direct.position()).isZero();
            assertThat(direct.limit()).isEqualTo(3);

            ByteBuffer ro = ByteBuffer.wrap(new byte[] {5}).asReadOnlyBuffer();
            DataLib.Ref r = DataLib.newRef(L, ro);
            L.setGlobal("r", r.handle());
            assertThat(L.execute("return r:getbyte(0)", "=t")[0]).isEqualTo(5L);
            assertThat(catchThrowableOfType(() -> L.execute("r:layout{b = {0, 8}} r.b = 1", "=t"), LuaError.class).getMessage())
                    .contains("read only");
            r.unref();
        }
    }

    @Test
    void segmentsOfARepointedViewAreEmptyNotForeign() {
        try (LuaState L = Lunatik.kernelState().build()) {
            DataLib.View v = DataLib.newView(L, false);
            L.setGlobal("pkt", v.handle());
            v.buffer().reset(new byte[] {1, 2, 3, 4}, 0, 4);
            L.execute("old = pkt:segment(1, 2) oldest = old:segment(1)", "=t");
            assertThat(L.execute("return #old, old:getbyte(0), #oldest", "=t")).containsExactly(2L, 2L, 1L);
            v.buffer().reset(new byte[] {9, 9, 9, 9}, 0, 4); // the next packet
            assertThat(L.execute("return #old, #oldest, tostring(old), #pkt:segment(1, 2)", "=t"))
                    .containsExactly(0L, 0L, dev.lunatik.vm.value.LuaString.valueOf(""), 2L);
        }
    }

    @Test
    void droppingALayoutMakesTheHandleReadAsNew() {
        try (LuaState L = Lunatik.kernelState().build()) {
            DataLib.View v = DataLib.newView(L, false);
            L.setGlobal("pkt", v.handle());
            v.buffer().reset(new byte[] {7}, 0, 1);
            assertThat(L.execute("pkt:layout{b = {0, 8}} return pkt.b", "=t")[0]).isEqualTo(7L);
            DataLib.dropLayout(L, v.handle());
            assertThat(L.execute("return pkt.b, pkt:getbyte(0)", "=t")).containsExactly(null, 7L);
        }
    }
}
