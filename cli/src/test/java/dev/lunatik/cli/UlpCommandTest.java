package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lunatik ulp proxy} end to end: a daemon, a real HTTP server behind the proxy, real HTTP
 * clients in front of it, and {@code examples/ulp/http.lua} deciding which requests get through.
 */
class UlpCommandTest {
    @TempDir
    Path tmp;

    private final Path root = Path.of("..").toAbsolutePath().normalize(); // the repository: examples/...
    private LunatikProcesses procs;
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    private LunatikProcesses.Result lunatik(String... args) throws Exception {
        if (procs == null) procs = new LunatikProcesses(tmp, root);
        return procs.runWithInput(null, args);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            served.incrementAndGet();
            byte[] body = ("hello from " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        if (procs != null) procs.cleanUp();
    }

    private String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts the proxy with {@code args} after the addresses; the port it listens on. */
    private int proxy(String script, String... more) throws Exception {
        String[] args = new String[5 + more.length];
        args[0] = "ulp";
        args[1] = "proxy";
        args[2] = "127.0.0.1:0";
        args[3] = target();
        args[4] = script;
        System.arraycopy(more, 0, args, 5, more.length);
        LunatikProcesses.Result r = lunatik(args);
        assertThat(r.status()).as(r.err()).isZero();
        Matcher m = Pattern.compile("^ulp proxy 127\\.0\\.0\\.1:(\\d+) -> " + Pattern.quote(target()) + " ").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Sends {@code request} on a raw connection; what comes back before the proxy closes it. */
    private static String raw(int port, String request) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            c.setSoTimeout(10_000);
            c.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            c.getOutputStream().flush();
            InputStream in = c.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) > 0) {
                sb.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                if (sb.indexOf("\r\n\r\n") >= 0 && sb.toString().contains("hello from")) {
                    break; // a response: the server keeps the connection alive
                }
            }
            return sb.toString();
        }
    }

    @Test
    void theHttpExampleLetsCleanRequestsThroughAndClosesInjectedOnesWithoutAReply() throws Exception {
        int port = proxy("examples/ulp/http");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/clean"))
                .timeout(Duration.ofSeconds(10)).header("X-Test", "1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello from /clean");
        assertThat(served.get()).isEqualTo(1);

        assertThat(raw(port, "GET /raw HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 200").endsWith("hello from /raw");
        // header injection through a bare line feed
        assertThat(raw(port, "GET /inj HTTP/1.1\r\nHost: a\nX-Injected: evil\r\n\r\n")).isEmpty();
        // spurious fields: a duplicated Host, a space before the colon, a line that is no field
        assertThat(raw(port, "GET /dup HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).isEmpty();
        assertThat(raw(port, "GET /sp HTTP/1.1\r\nHost : a\r\n\r\n")).isEmpty();
        assertThat(raw(port, "GET /junk HTTP/1.1\r\nHost: a\r\nnot a field\r\n\r\n")).isEmpty();
        assertThat(served.get()).isEqualTo(2); // none of them reached the server

        String log = lunatik("dmesg").out();
        assertThat(log).contains("ulp http: bare line feed in the header block: request trashed",
                "ulp http: duplicated Host: request trashed", "ulp http: spurious field name 'Host ': request trashed",
                "ulp http: header line without a colon: request trashed",
                "ulp proxy 127.0.0.1:" + port + ": entry 'entry' trashed ");
        assertThat(lunatik("ulp", "ls").out()).isEqualTo("127.0.0.1:" + port + " -> " + target()
                + " examples/ulp/http (entry 'entry', 6 connections, 4 trashed)\n");

        assertThat(lunatik("ulp", "stop", "127.0.0.1:" + port).status()).isZero();
        assertThat(lunatik("ulp", "ls").out()).isEmpty();
        assertThatThrownBy(() -> raw(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isInstanceOf(IOException.class);
        LunatikProcesses.Result again = lunatik("ulp", "stop", "127.0.0.1:" + port);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("lunatik: ulp stop: no ulp proxy on 127.0.0.1:" + port + "\n");
    }

    @Test
    void aScriptThatDoesNotCompileOrHasNoEntryIsRefusedAtStart() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("scripts"));
        Files.writeString(scripts.resolve("broken.lua"), "function entry(d\n  return true\nend\n");
        Files.writeString(scripts.resolve("counter.lua"), """
                local n = 0
                function count(d, size)
                  n = n + 1
                  print("count: receive " .. n .. " of " .. size .. " bytes")
                  return false
                end
                """);
        procs = new LunatikProcesses(tmp, scripts);
        LunatikProcesses.Result r = lunatik("ulp", "proxy", "127.0.0.1:0", target(), "broken");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("lunatik: ulp proxy: " + scripts.toRealPath().resolve("broken.lua") + ":2: ")
                .contains("expected");
        r = lunatik("ulp", "proxy", "127.0.0.1:0", target(), "counter.lua");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("lunatik: ulp proxy: " + scripts.toRealPath().resolve("counter.lua") + " defines no global function 'entry'\n");
        r = lunatik("ulp", "proxy", "127.0.0.1:0", target(), "missing");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("cannot open");
        r = lunatik("ulp", "proxy", "127.0.0.1:0", target(), "../outside");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("outside the script root");
        r = lunatik("ulp", "proxy", "nowhere", target(), "counter");
        assertThat(r.status()).isEqualTo(2);

        int port = proxy("counter", "--entry", "count");
        // each connection has a state of its own: both count from 1
        assertThat(raw(port, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n")).endsWith("hello from /a");
        assertThat(raw(port, "GET /b HTTP/1.1\r\nHost: a\r\n\r\n")).endsWith("hello from /b");
        String log = lunatik("dmesg").out();
        assertThat(log.split("count: receive 1 of 28 bytes", -1)).hasSize(3);
        assertThat(log).doesNotContain("count: receive 2");
        assertThat(lunatik("unload").status()).isZero(); // unload stops the proxy too
        assertThatThrownBy(() -> raw(port, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isInstanceOf(IOException.class);
    }
}
