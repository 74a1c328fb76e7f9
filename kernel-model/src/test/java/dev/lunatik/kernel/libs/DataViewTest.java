package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import org.junit.jupiter.api.Test;

/** Data objects as zero-copy views over Java buffers: the shape packet hooks use. */
class DataViewTest {
    @Test
    void aViewSeesAndChangesTheJavaBufferInPlace() {
        try (LuaState L = Lunatik.kernelState().build()) {
            DataLib.View v = DataLib.newView(L, false);
            L.setGlobal("pkt", v.handle());
            byte[] packet = {1, 2, 3, 4, 5, 6};
            v.buffer().reset(packet, 2, 3); // bytes 3, 4, 5
            Object[] r = L.execute("pkt:setbyte(0, 0x7f) return #pkt, pkt:getbyte(1), pkt:getuint16(1), tostring(pkt)", "=t");
            assertThat(r[0]).isEqualTo(3L);
            assertThat(r[1]).isEqualTo(4L);
            assertThat(r[2]).isEqualTo(0x0504L);
            assertThat(r[3].toString()).isEqualTo("\u007f\u0004\u0005");
            assertThat(packet).containsExactly(1, 2, 0x7f, 4, 5, 6); // written through, no copy
            packet[3] = 9;
            assertThat(L.execute("return pkt:getbyte(1)", "=t")[0]).isEqualTo(9L);
            assertThat(catchThrowableOfType(() -> L.execute("return pkt:getbyte(3)", "=t"), LuaError.class).getMessage())
                    .isEqualTo("t:1: bad argument #1 to 'getbyte' (out of bounds)"); // a method call: self is not counted
            v.buffer().clear(); // after the callback: nothing is reachable any more
            assertThat(L.execute("return #pkt", "=t")[0]).isEqualTo(0L);
            assertThat(catchThrowableOfType(() -> L.execute("return pkt:getbyte(0)", "=t"), LuaError.class).getMessage())
                    .contains("out of bounds");
        }
    }

    @Test
    void aReadOnlyViewRefusesEveryWrite() {
        try (LuaState L = Lunatik.kernelState().build()) {
            DataLib.View v = DataLib.newView(L, true);
            L.setGlobal("pkt", v.handle());
            v.buffer().reset(new byte[8], 0, 8);
            for (String set : new String[] {"setint8", "setuint8", "setbyte", "setint16", "setuint16", "setint32", "setuint32", "setint64", "setnumber"}) {
                LuaError e = catchThrowableOfType(() -> L.execute("pkt:" + set + "(0, 1)", "=t"), LuaError.class);
                assertThat(e.getMessage()).isEqualTo("t:1: calling '" + set + "' on bad self (read only)");
            }
            assertThat(catchThrowableOfType(() -> L.execute("pkt:setstring(0, 'x')", "=t"), LuaError.class).getMessage())
                    .isEqualTo("t:1: calling 'setstring' on bad self (read only)");
            assertThat(L.execute("return pkt:getnumber(0)", "=t")[0]).isEqualTo(0L);
        }
    }

    @Test
    void aCollectedHandleDropsItsReference() {
        try (LuaState L = Lunatik.kernelState().build()) {
            L.execute("local data = require 'data' for i = 1, 20 do data.new(4) end keep = data.new(4)", "=t");
            L.collectGarbage();
            assertThat(Lunatik.kernel(L).liveObjects()).hasSize(1);
            L.execute("keep = nil", "=t");
            L.collectGarbage();
            assertThat(Lunatik.kernel(L).liveObjects()).isEmpty();
        }
    }
}
