package dev.lunatik.vm.compiler;

import dev.lunatik.vm.api.LuaState;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manual tool: runs a Lua file with the VM (not a test). */
final class RunScratch {
    public static void main(String[] args) throws Exception {
        LuaState L = LuaState.builder().build();
        try {
            L.execute(Files.readString(Path.of(args[0])), "@" + Path.of(args[0]).getFileName());
        } catch (dev.lunatik.vm.value.LuaError e) {
            System.out.println("ERROR: " + e.getMessage());
        }
    }
}
