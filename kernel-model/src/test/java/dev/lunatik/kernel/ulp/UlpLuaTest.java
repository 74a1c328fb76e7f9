package dev.lunatik.kernel.ulp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.libs.Lunatik;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ULP Lua on sockets a Java program owns ({@link UlpLua}, {@link UlpSocket}) and as a proxy ({@link UlpProxy}). */
class UlpLuaTest {
    @TempDir
    Path root;

    private Kernel kernel;
    private UlpLua ulp;
    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel accepted;

    private static final String SCRIPT = """
            function entry(d, size, nonblock)
              last = tostring(d) .. "/" .. size .. "/" .. tostring(nonblock)
              if tostring(d):sub(1, 4) == "JUNK" then return true end
              if d:getbyte(0) == 0x21 then d:setbyte(0, 0x3F) end   -- "!" becomes "?"
              return false
            end
            """;

    @BeforeEach
    void setUp() throws IOException {
        kernel = Lunatik.boot(root);
        ulp = new UlpLua(kernel);
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
    }

    @AfterEach
    void tearDown() throws IOException {
        client.close();
        accepted.close();
        server.close();
        Lunatik.shutdown(kernel);
    }

    private void send(String s) throws IOException {
        client.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String text(ByteBuffer b, int n) {
        return new String(b.array(), b.arrayOffset(), n, StandardCharsets.US_ASCII);
    }

    @Test
    void readsOfASocketChannelRunTheEntryAndTrashedDataReadsAsTheEndOfTheStream() throws IOException {
        try (UlpSocket s = ulp.attach(accepted)) {
            s.loadScript(SCRIPT);
            s.setEntry("entry");
            send("hello");
            ByteBuffer b = ByteBuffer.allocate(64);
            assertThat(s.read(b)).isEqualTo(5);
            assertThat(text(b, 5)).isEqualTo("hello");
            assertThat(s.context().state().getGlobal("last").toString()).isEqualTo("hello/5/false");
            send("JUNK data");
            assertThat(s.read(b)).isEqualTo(-1);
            assertThat(s.trashed()).isTrue();
            assertThat(b.position()).isEqualTo(5); // the trashed bytes are taken back
            send("!x");
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            assertThat(s.read(direct)).isEqualTo(2);
            assertThat(s.trashed()).isFalse();
            assertThat(direct.get(0)).isEqualTo((byte) '?'); // rewritten by the entry, through a copy for a direct buffer
            accepted.configureBlocking(false);
            assertThat(s.read(ByteBuffer.allocate(8))).isZero(); // nothing there: the entry is not called
            send("nb");
            ByteBuffer nb = ByteBuffer.allocate(8);
            while (s.read(nb) == 0) {
                Thread.onSpinWait();
            }
            assertThat(s.context().state().getGlobal("last").toString()).isEqualTo("nb/2/true");
            client.close();
            int r;
            while ((r = s.read(ByteBuffer.allocate(8))) == 0) {
                Thread.onSpinWait();
            }
            assertThat(r).isEqualTo(-1);
            assertThat(s.trashed()).isFalse(); // the real end of the stream
        }
        assertThat(accepted.isOpen()).isFalse();
    }

    @Test
    void aPlainSocketWorksThroughItsInputStream() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                Socket a = ss.accept()) {
            UlpSocket s = ulp.attach(a);
            s.loadScript(SCRIPT);
            s.setEntry("entry");
            InputStream in = s.inputStream();
            c.getOutputStream().write("!bang".getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[16];
            int n = in.read(b);
            assertThat(new String(b, 0, n, StandardCharsets.US_ASCII)).isEqualTo("?bang");
            c.getOutputStream().write("JUNK".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.read(b)).isEqualTo(-1);
            s.close();
            assertThat(a.isClosed()).isTrue();
            assertThat(s.context().isClosed()).isTrue();
        }
    }

    @Test
    void refusedScriptsAndNamesSayWhy() throws IOException {
        try (UlpSocket s = ulp.attach(accepted)) {
            assertThatThrownBy(() -> s.loadScript("function (")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("EINVAL: [string \"lua\"]:1:");
            assertThatThrownBy(() -> s.loadScript("x".repeat(8193))).hasMessageContaining("at most 8192");
            assertThatThrownBy(() -> s.setEntry("e".repeat(64))).hasMessageContaining("at most 63");
            s.setEntry("nothere");
            send("abc");
            ByteBuffer b = ByteBuffer.allocate(8);
            assertThat(s.read(b)).isEqualTo(3);
            List<String> log = kernel.log().snapshot();
            assertThat(log).anyMatch(l -> l.endsWith("ulp_lua: entry 'nothere' is not a function (nil) (data delivered unchanged)"));
        }
    }

    /** An echo server on loopback: what a connection sends comes back. */
    private static Thread echo(ServerSocket ss) {
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket c = ss.accept();
                    Thread w = new Thread(() -> {
                        try (c) {
                            c.getInputStream().transferTo(c.getOutputStream());
                        } catch (IOException e) {
                            // next
                        }
                    });
                    w.setDaemon(true);
                    w.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void theProxyForwardsWhatTheEntryKeepsAndClosesOnTrash() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            echo(target);
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try (UlpProxy p = new UlpProxy(kernel, any, (InetSocketAddress) target.getLocalSocketAddress(),
                    SCRIPT.getBytes(StandardCharsets.US_ASCII), "=proxy-test", "entry")) {
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), p.listen().getPort())) {
                    c.setSoTimeout(5000);
                    c.getOutputStream().write("!hi".getBytes(StandardCharsets.US_ASCII));
                    byte[] b = c.getInputStream().readNBytes(3);
                    assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("?hi");
                    c.getOutputStream().write("JUNK".getBytes(StandardCharsets.US_ASCII));
                    assertThat(c.getInputStream().read()).isEqualTo(-1); // closed, no reply
                }
                // each connection has a state of its own: a second one starts fresh
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), p.listen().getPort())) {
                    c.setSoTimeout(5000);
                    c.getOutputStream().write("again".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(c.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("again");
                }
                assertThat(p.connections()).isEqualTo(2);
                assertThat(p.trashed()).isEqualTo(1);
                assertThat(kernel.log().snapshot()).anyMatch(l -> l.contains("entry 'entry' trashed 4 bytes from 127.0.0.1:"));
            }
        }
    }

    @Test
    void theProxyRefusesAScriptThatDoesNotCompileFailsOrLacksTheEntry() {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        assertThatThrownBy(() -> new UlpProxy(kernel, any, any, "function entry(".getBytes(StandardCharsets.US_ASCII), "@x.lua", "entry"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("x.lua:1:");
        assertThatThrownBy(() -> new UlpProxy(kernel, any, any, "error('no')".getBytes(StandardCharsets.US_ASCII), "@x.lua", "entry"))
                .hasMessageStartingWith("x.lua:1: no");
        assertThatThrownBy(() -> new UlpProxy(kernel, any, any, "function other() end".getBytes(StandardCharsets.US_ASCII), "@x.lua", "entry"))
                .hasMessage("x.lua defines no global function 'entry'");
    }
}
