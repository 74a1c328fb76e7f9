package dev.lunatik.vm.value;

/** Turns a chunk name into the short source shown in messages, as Lua's {@code luaO_chunkid}. */
public final class ChunkName {
    private static final int IDSIZE = 60;

    private ChunkName() {}

    /**
     * {@code "=name"} gives {@code name}; {@code "@file"} gives {@code file} (truncated from the
     * left with "..." when too long); anything else is source text and gives
     * {@code [string "first line..."]}.
     */
    public static String shortSource(String chunkName) {
        if (chunkName == null) return "?";
        if (chunkName.startsWith("=")) {
            String s = chunkName.substring(1);
            return s.length() <= IDSIZE - 1 ? s : s.substring(0, IDSIZE - 1);
        }
        if (chunkName.startsWith("@")) {
            String s = chunkName.substring(1);
            if (s.length() <= IDSIZE - 1) return s;
            return "..." + s.substring(s.length() - (IDSIZE - 1 - 3));
        }
        int nl = chunkName.indexOf('\n');
        int max = IDSIZE - "[string \"...\"]".length() - 1;
        String first = nl >= 0 ? chunkName.substring(0, nl) : chunkName;
        if (nl < 0 && first.length() <= max) return "[string \"" + first + "\"]";
        if (first.length() > max) first = first.substring(0, max);
        return "[string \"" + first + "...\"]";
    }
}
