package dev.lunatik.kernel.libs;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.value.LuaError;
import java.io.IOException;
import java.io.InputStream;

/**
 * A Lunatik module written in Lua and shipped inside the jar ({@code mailbox},
 * {@code lunatik.runner}), the counterpart of the Lua files Lunatik installs under
 * {@code /lib/modules/lua}: {@code require(name)} runs the resource and takes what it returns.
 *
 * @param name the module name
 * @param resource the resource path, relative to this class
 */
public record LuaModule(String name, String resource) implements LuaLibrary {
    /** {@code require "mailbox"}. */
    public static final LuaModule MAILBOX = new LuaModule("mailbox", "mailbox.lua");
    /** {@code require "lunatik.runner"}. */
    public static final LuaModule RUNNER = new LuaModule("lunatik.runner", "runner.lua");
    /** {@code require "socket.inet"}. */
    public static final LuaModule INET = new LuaModule("socket.inet", "inet.lua");
    /** {@code require "net"}. */
    public static final LuaModule NET = new LuaModule("net", "net.lua");

    @Override
    public Object open(LuaState state) {
        byte[] source;
        try (InputStream in = LuaModule.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LuaError("module '" + name + "' not found in the jar");
            }
            source = in.readAllBytes();
        } catch (IOException e) {
            throw new LuaError("cannot read module '" + name + "': " + e.getMessage());
        }
        Object[] r = state.call(state.load(source, "@" + name.replace('.', '/') + ".lua"), name);
        return r.length > 0 ? r[0] : null;
    }
}
