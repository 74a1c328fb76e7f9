package dev.lunatik.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * HotSpot refuses to JIT-compile a method whose bytecode exceeds 8,000 bytes
 * ({@code -XX:-DontCompileHugeMethods} is off by default), which would leave the dispatch loop
 * interpreted. This test reads {@code Interpreter.class} and fails when {@code execute} grows past
 * that limit.
 */
class DispatchSizeTest {
    static final int HUGE_METHOD_LIMIT = 8000;

    @Test
    void dispatchLoopStaysCompilable() throws IOException {
        int size = codeLength(Interpreter.class, "execute");
        assertThat(size).as("bytecode size of Interpreter.execute").isPositive().isLessThan(HUGE_METHOD_LIMIT);
    }

    /** Code length of the (first) method named {@code name}, from the class file. */
    static int codeLength(Class<?> c, String name) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            DataInputStream d = new DataInputStream(in);
            d.readInt();
            d.readUnsignedShort();
            d.readUnsignedShort();
            int n = d.readUnsignedShort();
            String[] utf8 = new String[n];
            for (int i = 1; i < n; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = d.readUTF();
                    case 3, 4 -> d.readInt();
                    case 5, 6 -> {
                        d.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> d.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> d.readInt();
                    case 15 -> {
                        d.readUnsignedByte();
                        d.readUnsignedShort();
                    }
                    default -> throw new IOException("bad constant tag " + tag);
                }
            }
            d.readUnsignedShort();
            d.readUnsignedShort();
            d.readUnsignedShort();
            int ifaces = d.readUnsignedShort();
            for (int i = 0; i < ifaces; i++) d.readUnsignedShort();
            int fields = d.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                d.readUnsignedShort();
                d.readUnsignedShort();
                d.readUnsignedShort();
                skipAttributes(d);
            }
            int methods = d.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                d.readUnsignedShort();
                String mname = utf8[d.readUnsignedShort()];
                d.readUnsignedShort();
                int attrs = d.readUnsignedShort();
                for (int k = 0; k < attrs; k++) {
                    String an = utf8[d.readUnsignedShort()];
                    int len = d.readInt();
                    if (an.equals("Code") && mname.equals(name)) {
                        d.readUnsignedShort();
                        d.readUnsignedShort();
                        return d.readInt();
                    }
                    d.skipBytes(len);
                }
            }
            return -1;
        }
    }

    private static void skipAttributes(DataInputStream d) throws IOException {
        int attrs = d.readUnsignedShort();
        for (int k = 0; k < attrs; k++) {
            d.readUnsignedShort();
            d.skipBytes(d.readInt());
        }
    }
}
