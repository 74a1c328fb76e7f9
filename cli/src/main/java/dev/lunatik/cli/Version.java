package dev.lunatik.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version strings shown by {@code lunatik version}, {@code lua -v} and {@code luac -v}. */
public final class Version {
    /** The Lua dialect: Lunatik's kernel Lua (the value of {@code _VERSION}). */
    public static final String LUA = "Lua 5.4-kernel";

    /** The project's name. */
    public static final String PROJECT = "Lunatik on the JVM";

    private Version() {}

    /** The build's version ({@code 0.1.0-SNAPSHOT}), or {@code "dev"} when not built by Maven. */
    public static String project() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    /** The line {@code lua -v} prints, in place of the reference's copyright line. */
    public static String luaLine() {
        return LUA + "  " + PROJECT + " " + project();
    }
}
