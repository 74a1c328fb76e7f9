package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.CharDevices;
import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.vm.value.LuaError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Character devices written in Lua, driven from the kernel's side as a process would. */
class DeviceLibTest {
    @TempDir
    Path root;

    Kernel k;

    @AfterEach
    void nothingLeft() {
        Lunatik.shutdown(k);
        assertThat(k.devices().list()).isEmpty();
        assertThat(k.liveObjects()).isEmpty();
    }

    private KernelRuntime runtime(String name, String source) throws Exception {
        if (k == null) {
            k = Lunatik.boot(root);
        }
        Files.writeString(root.resolve(name + ".lua"), source);
        return KernelRuntime.create(k, name, true);
    }

    @Test
    void thePasswdExampleGivesOnePrintableCharacterPerRead() throws Exception {
        k = Lunatik.boot(Path.of("..").toAbsolutePath().normalize()); // the repository: examples/passwd.lua
        KernelRuntime rt = KernelRuntime.create(k, "examples/passwd", true);
        CharDevices.Device dev = k.devices().get("passwd");
        assertThat(dev.mode()).isEqualTo(0444);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CharDevices.OpenFile f = k.devices().open("passwd")) {
            while (out.size() < 16) {
                byte[] b = f.read(16 - out.size()); // like head -c 16: reads until it has 16 bytes
                assertThat(b).hasSize(1);
                out.write(b, 0, b.length);
            }
        }
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).hasSize(16).matches("[ -~]{16}");
        rt.stop();
        assertThat(k.devices().get("passwd")).isNull();
    }

    @Test
    void readsAndWritesFollowTheDriversOffsets() throws Exception {
        KernelRuntime rt = runtime("store", """
                local device = require "device"
                local content = ""
                local driver = {name = "store"}
                function driver:open() print("open") end
                function driver:release() print("release") end
                function driver:read(len, off)
                  return string.sub(content, off + 1, off + len)          -- default offset: off + #s
                end
                function driver:write(buf, off)
                  if buf == "reset\\n" then content = "" return #buf, 0 end
                  content = string.sub(content, 1, off) .. buf
                  return #buf + 100                                          -- more than written: cut to #buf
                end
                dev = device.new(driver)
                """);
        try (CharDevices.OpenFile f = k.devices().open("store")) {
            assertThat(f.write("hello world".getBytes(StandardCharsets.UTF_8))).isEqualTo(11);
            assertThat(f.offset()).isEqualTo(11);
        }
        try (CharDevices.OpenFile f = k.devices().open("store")) {
            assertThat(new String(f.read(5), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(new String(f.read(100), StandardCharsets.UTF_8)).isEqualTo(" world");
            assertThat(f.read(100)).isEmpty(); // end of file
        }
        assertThat(String.join("\n", k.log().snapshot())).contains("] open", "] release");
        rt.stop();
    }

    @Test
    void missingCallbacksAnswerEnxioAndErrorsEcanceled() throws Exception {
        KernelRuntime rt = runtime("partial", """
                local device = require "device"
                local d = {name = "partial", open = function() end, release = function() end}
                function d:read() error("no data today") end
                device.new(d)
                device.new({name = "noopen"})
                print(pcall(device.new, {name = "partial"}))
                print(pcall(device.new, {}))
                print(pcall(device.new, {name = "x", mode = "rw"}))
                print(pcall(device.new))
                """);
        assertThat(String.join("\n", k.log().snapshot()))
                .contains("false\tfailed to create a new device (-17)")
                .contains("false\tbad field 'name' (string expected, got nil)")
                .contains("false\tbad field 'mode' (number expected, got string)")
                .contains("false\tbad argument #1 to 'device.new' (table expected, got no value)");
        assertThat(catchThrowableOfType(() -> k.devices().open("noopen"), CharDevices.DeviceException.class).errno()).isEqualTo(6);
        assertThat(String.join("\n", k.log().snapshot())).contains("open: operation isn't defined for /dev/noopen");
        try (CharDevices.OpenFile f = k.devices().open("partial")) {
            assertThat(catchThrowableOfType(() -> f.read(1), CharDevices.DeviceException.class).errno()).isEqualTo(125);
            assertThat(String.join("\n", k.log().snapshot())).contains("partial.lua:3: no data today");
            assertThat(catchThrowableOfType(() -> f.write(new byte[] {1}), CharDevices.DeviceException.class).errno()).isEqualTo(6);
        }
        assertThat(catchThrowableOfType(() -> k.devices().open("nothing"), CharDevices.DeviceException.class).errno()).isEqualTo(2);
        rt.stop();
        assertThat(k.devices().list()).isEmpty();
    }

    @Test
    void stopRemovesTheDeviceAndAStoppedRuntimeAnswersEnxio() throws Exception {
        KernelRuntime rt = runtime("short", """
                local device = require "device"
                local d = device.new({name = "short", open = function() end, release = function() end,
                  read = function() return "x" end})
                function remove() d:stop(); d:stop() end
                """);
        CharDevices.OpenFile f = k.devices().open("short");
        assertThat(f.read(1)).containsExactly('x');
        rt.run(L -> {
            L.call(L.getGlobal("remove"));
            return 0;
        });
        assertThat(k.devices().get("short")).isNull();
        rt.stop();
        assertThat(catchThrowableOfType(() -> f.read(1), CharDevices.DeviceException.class).errno()).isEqualTo(6);
    }

    @Test
    void aDeviceIsRefusedInANonSleepableRuntime() throws Exception {
        k = Lunatik.boot(root);
        Files.writeString(root.resolve("fast.lua"), "require 'device'");
        LuaError e = catchThrowableOfType(() -> KernelRuntime.create(k, "fast", false), LuaError.class);
        assertThat(e.getMessage()).contains("cannot use 'device' class on non-sleepable runtime");
    }
}
