package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtimes kept apart: each has its own memory limit, sees only the script root through
 * {@code require}, and a thread of one that ignores {@code thread.shouldstop()} is ended by
 * {@code t:stop()} without hanging the stopper.
 */
@Timeout(60)
class RuntimeIsolationTest {
    @TempDir
    Path tmp;

    Kernel k;

    private Path root() throws Exception {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private void script(String name, String source) throws Exception {
        Path p = root().resolve(name + ".lua");
        Files.createDirectories(p.getParent());
        Files.writeString(p, source);
    }

    @AfterEach
    void nothingLeft() {
        if (k != null) {
            Lunatik.shutdown(k);
            assertThat(k.kernelThreads()).isEmpty();
            assertThat(k.liveObjects()).isEmpty();
        }
    }

    private List<String> logSince(long mark) {
        return k.log().since(mark).stream().map(l -> l.substring(l.indexOf("] ") + 2)).toList();
    }

    @Test
    void oneRuntimesMemoryIsItsOwn() throws Exception {
        k = Lunatik.boot(root()).setRuntimeMemoryLimit(16 << 20);
        script("hog", """
                local t = {}
                local ok, err = pcall(function() for i = 1, 1 << 24 do t[i] = string.rep('x', 1024) .. i end end)
                print('hog', ok, err)
                t = nil
                return function() return collectgarbage('count') end
                """);
        script("calm", """
                local t = {}
                for i = 1, 1000 do t[i] = string.rep('y', 100) .. i end
                print('calm', #t)
                """);
        long mark = k.log().nextSequence();
        KernelRuntime hog = KernelRuntime.create(k, "hog", true);
        KernelRuntime calm = KernelRuntime.create(k, "calm", true);
        List<String> log = logSince(mark);
        assertThat(log.get(0)).matches("hog\tfalse\t.*not enough memory");
        assertThat(log.get(1)).isEqualTo("calm\t1000");
        assertThat(hog.state().memoryLimit()).isEqualTo(16 << 20);
        hog.stop();
        calm.stop();
    }

    @Test
    void stringsReadFromDataCountAgainstTheMemoryLimit() throws Exception {
        k = Lunatik.boot(root()).setRuntimeMemoryLimit(4 << 20);
        script("reader", """
                local data = require('data')
                local d = data.new(1 << 20)
                local keep = {}
                local ok, err = pcall(function() for i = 1, 64 do keep[i] = d:getstring(0) end end)
                print('reader', ok, err, #keep < 64)
                """);
        long mark = k.log().nextSequence();
        KernelRuntime reader = KernelRuntime.create(k, "reader", true);
        assertThat(logSince(mark).get(0)).matches("reader\tfalse\t.*not enough memory\ttrue");
        reader.stop();
    }

    @Test
    void requireAfterAChangedPackagePathStaysInTheRoot() throws Exception {
        k = Lunatik.boot(root());
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.lua"), "return 'secret'");
        script("lib/inside", "return 'inside'");
        script("probe", "local a = require 'lib.inside'\n"
                + "package.path = '" + outside + "/?.lua;/lib/modules/lua/lib/?.lua'\n"
                + "local ok, err = pcall(require, 'secret')\n"
                + "package.loaded['lib.inside'] = nil\n"
                + "print(a, ok, err, require 'inside')\n");
        long mark = k.log().nextSequence();
        KernelRuntime.create(k, "probe", true).stop();
        List<String> log = logSince(mark);
        assertThat(log.get(0)).startsWith("inside\tfalse\tmodule 'secret' not found:");
        assertThat(String.join("\n", log)).contains("no file '" + outside + "/secret.lua'");
        assertThat(log).last().asString().endsWith("\tinside\t/lib/modules/lua/lib/inside.lua");
    }

    @Test
    void aThreadIgnoringShouldStopIsEndedByStop() throws Exception {
        k = Lunatik.boot(root()).setStopGrace(200);
        script("stubborn", "return function() while true do end end");
        script("main", """
                local lunatik = require 'lunatik'
                local thread = require 'thread'
                local rt = lunatik.runtime('stubborn')
                local t = thread.run(rt, 'stubborn')
                linux.schedule(50)
                t:stop()
                print('stopped')
                rt:stop()
                """);
        script("main", "local linux = require 'linux'\n" + Files.readString(root().resolve("main.lua")));
        long mark = k.log().nextSequence();
        KernelRuntime.create(k, "main", true).stop();
        List<String> log = logSince(mark);
        assertThat(log).anyMatch(l -> l.contains("thread 'stubborn'") && l.contains("did not stop within 200 ms"));
        assertThat(log).anyMatch(l -> l.contains("ended by force"));
        assertThat(log).contains("stopped");
    }
}
