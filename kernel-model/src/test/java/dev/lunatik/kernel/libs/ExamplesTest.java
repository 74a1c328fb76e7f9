package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket examples in {@code examples/}, spawned as the README documents
 * ({@code lunatik spawn examples/...}: {@code lunatik.runner.spawn}) and driven over real TCP
 * from a plain Java socket client.
 */
@Timeout(60)
class ExamplesTest {
    @TempDir
    Path tmp;

    private Kernel kernelWithSpawner() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Kernel k = Lunatik.boot(repo);
        return k;
    }

    private static void runner(Kernel k, String call) {
        // a throwaway runtime that calls lunatik.runner, as the lunatik command's driver does
        try {
            Path script = Files.createTempFile(k.scriptRoot(), ".runner", ".lua");
            Files.writeString(script, "require('lunatik.runner')." + call);
            String name = script.getFileName().toString().replace(".lua", "");
            try {
                KernelRuntime.create(k, name, true).stop();
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.net.ConnectException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void echodEchoesOverTcp() throws Exception {
        Kernel k = kernelWithSpawner();
        runner(k, "spawn('examples/echod/daemon')");
        try (Socket s = connect(1337)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write("hello kernel!\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("hello kernel!");
            out.write("again\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("again");
        }
        runner(k, "stop('examples/echod/daemon')");
        Lunatik.shutdown(k);
        String log = String.join("\n", k.log().snapshot());
        assertThat(log).contains("echod [daemon]: started", "echod [worker #1]: started", "echod [daemon]: stopped");
        assertThat(k.kernelThreads()).isEmpty();
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void aThreadBlockedInReceiveIsWokenByStop() throws Exception {
        Path root = tmp;
        Files.writeString(root.resolve("blocked.lua"), """
                local inet = require "socket.inet"
                local server = inet.tcp()
                server:bind(inet.localhost, 0)
                server:listen()
                local ip, port = server:getsockname()
                local client = inet.tcp()
                client:connect(ip, port)
                local session = server:accept()
                return function()
                  print("receiving")
                  local ok, err = pcall(session.receive, session, 100)   -- blocks: the client never writes
                  print("woken", ok, err)
                  client:close(); session:close(); server:close()
                end
                """);
        Kernel k = Lunatik.boot(root);
        Files.writeString(root.resolve("spawner.lua"), "require('lunatik.runner').spawn('blocked')");
        KernelRuntime.create(k, "spawner", true).stop();
        long deadline = System.currentTimeMillis() + 10_000;
        while (k.log().snapshot().stream().noneMatch(l -> l.endsWith("] receiving")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        Lunatik.shutdown(k); // unload: stops the thread blocked in receive, then the runtimes
        assertThat(k.log().snapshot()).anyMatch(l -> l.endsWith("] woken\tfalse\t4")); // EINTR
        assertThat(k.kernelThreads()).isEmpty();
        assertThat(k.liveObjects()).isEmpty();
    }

    @Test
    void sharedStoresAndFetchesKeys() throws Exception {
        Kernel k = kernelWithSpawner();
        runner(k, "spawn('examples/shared')");
        try (Socket s = connect(90)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.write("foo=bar\nfoo\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("bar");
            out.write("foo=\nfoo\nnum=42\nnum\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEmpty();
            assertThat(in.readLine()).isEqualTo("42");
        }
        try (Socket s = connect(90)) { // the next session sees the same store
            s.setSoTimeout(10_000);
            s.getOutputStream().write("num\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("42");
        }
        runner(k, "stop('examples/shared')");
        Lunatik.shutdown(k);
        assertThat(String.join("\n", k.log().snapshot())).contains("starting shared...", "stopping shared...");
        assertThat(k.kernelThreads()).isEmpty();
        assertThat(k.liveObjects()).isEmpty();
    }
}
