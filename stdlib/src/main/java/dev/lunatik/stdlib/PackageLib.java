package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaLibrary;
import dev.lunatik.vm.api.LuaState;
import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.api.JavaFunction;
import dev.lunatik.vm.value.Lua;
import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaFunction;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code package} library and the global {@code require}, as kernel Lua has them
 * (semantics section 1.11): no {@code cpath}, three searchers, {@code LUA_PATH} never read.
 *
 * <ul>
 *   <li>{@code package.loaded} is the state's registry table {@link LuaState#loaded()};
 *       {@code package.preload} is registry {@code _PRELOAD} (the preload searcher reads the
 *       registry, as Lua 5.4 does, so replacing {@code package.preload} has no effect).
 *   <li>{@code package.path} is {@code <root>/?.lua;<root>/?/init.lua}, {@code <root>} being
 *       {@link LuaState#scriptRoot()} (default {@code .}; a kernel runtime passes its script root,
 *       the stand-in for {@code /lib/modules/lua}).
 *   <li>{@code package.searchers}: preload, Lua files on {@code package.path}, and Java modules
 *       provided to the state with {@link LuaState#provideModule} (the counterpart of the
 *       kernel's symbol-table lookup of {@code luaopen_<name>}): found by the name exactly as
 *       given, dots included, loader data {@code ":java:"}; a provided module is opened at most
 *       once per state, so requiring it again after clearing {@code package.loaded[name]} gives
 *       the same value.
 *   <li>{@code package.loadlib} exists but always fails the way Lua does when built without
 *       dynamic libraries: {@code nil, "dynamic libraries not enabled; check your Lua
 *       installation", "absent"}. Java code can only reach a state through
 *       {@code provideModule}.
 *   <li>A module that requires itself, directly or through a cycle, raises
 *       {@code "loop or previous error loading module 'x'"} (Lua 5.1's message) instead of
 *       recursing until "C stack overflow" as Lua 5.4 does, or forever as kernel Lua does
 *       (lunatik issue #123). The modules being loaded are tracked outside {@code package.loaded}
 *       and forgotten when their loader returns or fails, so a failed load can be retried.
 * </ul>
 */
public final class PackageLib {
    private PackageLib() {}

    /** Registry key of the preload table ({@code package.preload}). */
    public static final String PRELOAD = "_PRELOAD";

    /** What {@code package.config} holds: directory separator, path separator, mark, exe-dir mark, ignore mark. */
    public static final String CONFIG = "/\n;\n?\n!\n-\n";

    /** Message of {@code package.loadlib}, as Lua's when dynamic libraries are not enabled. */
    static final String NO_DLL = "dynamic libraries not enabled; check your Lua installation";

    /** The library, for {@link LuaState#openLibrary} or {@link LuaState#provideModule}. */
    public static final LuaLibrary LIBRARY = new LuaLibrary() {
        @Override
        public String name() {
            return "package";
        }

        @Override
        public Object open(LuaState state) {
            return new Package(state).open();
        }
    };

    /** {@code <root>/?.lua;<root>/?/init.lua} for a script root. */
    public static String defaultPath(Path root) {
        String r = root.toString();
        if (r.isEmpty()) r = ".";
        if (!r.endsWith(root.getFileSystem().getSeparator())) r += "/";
        return r + "?.lua;" + r + "?/init.lua";
    }

    /** One state's package library: the package table and the modules being loaded. */
    private static final class Package {
        private static final LuaString SEARCHERS = LuaString.valueOf("searchers");
        private static final LuaString PATH = LuaString.valueOf("path");
        private static final LuaString PRELOAD_DATA = LuaString.valueOf(":preload:");
        private static final LuaString JAVA_DATA = LuaString.valueOf(":java:");
        private static final LuaString LOADED_KEY = LuaString.valueOf(LuaState.LOADED);
        private static final LuaString PRELOAD_KEY = LuaString.valueOf(PRELOAD);

        final LuaState state;
        final LuaTable pkg = new LuaTable();
        /** Modules whose loader is running (for cycle detection). */
        final Set<LuaString> loading = new HashSet<>();
        /** Values of the Java modules already opened in this state. */
        final Map<String, Object> javaOpened = new HashMap<>();
        /** The base library's {@code load} when the package library was opened (for binary module files). */
        Object baseLoad;

        Package(LuaState state) {
            this.state = state;
        }

        /**
         * A library function that reports the Lua values this package state holds in Java fields
         * ({@code package} itself, the original {@code load}, the Java modules opened) to the
         * collector, so none of them counts as garbage while {@code require} can still use it.
         */
        private JavaFunction traced(String name, JavaFunction.Body body) {
            return new JavaFunction(name) {
                @Override
                public int invoke(LuaStack t, int base, int nargs) {
                    return body.invoke(t, base, nargs);
                }

                @Override
                public void traceLuaValues(java.util.function.Consumer<Object> sink) {
                    sink.accept(pkg);
                    sink.accept(baseLoad);
                    for (Object v : javaOpened.values()) sink.accept(v);
                }

                @Override
                public boolean isClosure() {
                    return true;
                }
            };
        }

        LuaTable open() {
            LuaTable registry = state.registry();
            baseLoad = state.globals().rawget("load");
            LuaTable preload = registry.rawget(PRELOAD) instanceof LuaTable p ? p : new LuaTable();
            registry.rawset(PRELOAD, preload);
            LuaTable searchers = new LuaTable(3, 0);
            searchers.rawset(1L, traced("searcher_preload", this::searchPreload));
            searchers.rawset(2L, traced("searcher_Lua", this::searchLua));
            searchers.rawset(3L, traced("searcher_Java", this::searchJava));
            pkg.rawset("loaded", state.loaded());
            pkg.rawset("preload", preload);
            pkg.rawset("searchers", searchers);
            pkg.rawset("path", LuaString.valueOf(defaultPath(state.scriptRoot())));
            pkg.rawset("config", LuaString.valueOf(CONFIG));
            JavaFunction.register(pkg, "searchpath", Package::searchpath);
            JavaFunction.register(pkg, "loadlib", (t, base, n) -> {
                t.checkString(base, n, 1);
                t.checkString(base, n, 2);
                t.set(base, null);
                t.set(base + 1, LuaString.valueOf(NO_DLL));
                t.set(base + 2, LuaString.valueOf("absent"));
                return 3;
            });
            state.globals().rawset("require", traced("require", this::require));
            return pkg;
        }

        private LuaTable loadedTable(LuaStack t) {
            if (state.registry().rawget(LOADED_KEY) instanceof LuaTable l) return l;
            throw t.error("'package.loaded' is missing from the registry");
        }

        /** {@code require(name)}: the module value and its loader data (only the value when already loaded). */
        int require(LuaStack t, int base, int n) {
            LuaString name = t.checkString(base, n, 1);
            LuaTable loaded = loadedTable(t);
            Object have = t.index(loaded, name);
            if (Lua.isTruthy(have)) {
                t.set(base, have);
                return 1;
            }
            if (loading.contains(name)) {
                throw HostIo.error(t, "loop or previous error loading module '" + name + "'");
            }
            Object[] found = findLoader(t, name);
            Object data = found.length > 1 ? found[1] : null;
            Object value;
            loading.add(name);
            try {
                value = t.call1(found[0], name, data);
            } finally {
                loading.remove(name);
            }
            if (value != null) t.setIndex(loaded, name, value);
            value = t.index(loaded, name);
            if (value == null) {
                value = Boolean.TRUE;
                t.setIndex(loaded, name, value);
            }
            t.set(base, value);
            t.set(base + 1, data);
            return 2;
        }

        /** Asks each searcher in turn; returns the first loader and its data, or raises "module 'x' not found". */
        private Object[] findLoader(LuaStack t, LuaString name) {
            if (!(t.index(pkg, SEARCHERS) instanceof LuaTable searchers)) {
                throw HostIo.error(t, "'package.searchers' must be a table");
            }
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            for (long i = 1; ; i++) {
                Object searcher = searchers.rawget(i);
                if (searcher == null) {
                    throw HostIo.error(t, LuaString.latin1("module '" + name + "' not found:")
                            .concat(LuaString.wrap(msg.toByteArray())));
                }
                Object[] r = t.call(searcher, name);
                Object first = r.length > 0 ? r[0] : null;
                if (first instanceof LuaFunction) return r;
                if (first instanceof LuaString s) {
                    msg.write('\n');
                    msg.write('\t');
                    msg.write(s.bytes(), 0, s.length());
                } else if (first instanceof Long l) {
                    msg.writeBytes(("\n\t" + l).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
        }

        /** Searcher 1: {@code package.preload[name]}. */
        int searchPreload(LuaStack t, int base, int n) {
            LuaString name = t.checkString(base, n, 1);
            if (!(state.registry().rawget(PRELOAD_KEY) instanceof LuaTable preload)) {
                throw HostIo.error(t, "'package.preload' must be a table");
            }
            Object loader = t.index(preload, name);
            if (loader == null) {
                t.set(base, LuaString.latin1("no field package.preload['" + name + "']"));
                return 1;
            }
            t.set(base, loader);
            t.set(base + 1, PRELOAD_DATA);
            return 2;
        }

        /** Searcher 2: a Lua file on {@code package.path}, compiled but not run. */
        int searchLua(LuaStack t, int base, int n) {
            LuaString name = t.checkString(base, n, 1);
            Object p = t.index(pkg, PATH);
            LuaString path;
            if (p instanceof LuaString s) path = s;
            else if (p instanceof Long l) path = Lua.toLuaString(l);
            else throw HostIo.error(t, "'package.path' must be a string");
            Object found = search(state.scriptFiles(), name, path, LuaString.valueOf("."), LuaString.valueOf("/"));
            if (found instanceof String notFound) {
                t.set(base, LuaString.latin1(notFound));
                return 1;
            }
            LuaString file = (LuaString) found;
            LuaFunction loader;
            try {
                loader = loadFile(t, file);
            } catch (LuaError e) {
                Object why = e.value();
                LuaString reason = why instanceof LuaString s ? s : LuaString.valueOf(e.getMessage());
                throw new LuaError(LuaString.latin1("error loading module '" + name + "' from file '" + file + "':\n\t")
                        .concat(reason));
            }
            t.set(base, loader);
            t.set(base + 1, file);
            return 2;
        }

        /** Reads and compiles a module file as {@code luaL_loadfilex} does (chunk name {@code @file}). */
        private LuaFunction loadFile(LuaStack t, LuaString file) {
            byte[] bytes;
            try {
                bytes = state.scriptFiles().read(file.toUtf8());
            } catch (dev.lunatik.vm.api.ScriptFiles.OutsideRoot e) {
                throw new LuaError(LuaString.latin1("cannot open " + file + ": " + e.getReason()));
            } catch (IOException e) {
                String what = e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.AccessDeniedException
                        ? "open" : "read";
                throw new LuaError(LuaString.latin1("cannot " + what + " " + file + ": " + HostIo.strerror(e)));
            }
            byte[] source = LuaState.fileText(bytes);
            if (LuaState.isBinaryChunk(source)) {
                // binary chunks go through the base library's load, which knows their format
                if (baseLoad == null) throw new LuaError(LuaString.latin1("cannot load binary chunk " + file));
                Object[] r = t.call(baseLoad, LuaString.wrap(source), LuaString.latin1("@").concat(file),
                        LuaString.valueOf("b"));
                if (r.length > 0 && r[0] instanceof LuaFunction f) return f;
                throw new LuaError(r.length > 1 ? r[1] : LuaString.valueOf("cannot load " + file));
            }
            return state.load(source, "@" + file);
        }

        /** Searcher 3: a Java module provided to the state, by its exact name. */
        int searchJava(LuaStack t, int base, int n) {
            LuaString name = t.checkString(base, n, 1);
            String key = name.toUtf8();
            LuaLibrary lib = state.providedModule(key);
            if (lib == null) {
                t.set(base, LuaString.latin1("no module '" + name + "' in the Java module table"));
                return 1;
            }
            t.set(base, traced("luaopen_" + key, (th, b, nargs) -> {
                Object v = javaOpened.get(key);
                if (v == null) {
                    v = lib.open(state);
                    if (v == null) v = Boolean.TRUE;
                    javaOpened.put(key, v);
                }
                th.set(b, v);
                return 1;
            }));
            t.set(base + 1, JAVA_DATA);
            return 2;
        }

        /** {@code package.searchpath(name, path [, sep [, rep]])}. */
        static int searchpath(LuaStack t, int base, int n) {
            LuaString name = t.checkString(base, n, 1);
            LuaString path = t.checkString(base, n, 2);
            LuaString sep = t.optString(base, n, 3, LuaString.valueOf("."));
            LuaString rep = t.optString(base, n, 4, LuaString.valueOf("/"));
            Object r = search(t.state().scriptFiles(), name, path, sep, rep);
            if (r instanceof LuaString file) {
                t.set(base, file);
                return 1;
            }
            t.set(base, null);
            t.set(base + 1, LuaString.latin1((String) r));
            return 2;
        }
    }

    /**
     * Lua's {@code searchpath}: the first readable file among the templates of {@code path} (';'
     * separated, '?' replaced by {@code name} with {@code sep} replaced by {@code rep}), as a
     * {@link LuaString}; or, when there is none, the Latin-1 text
     * {@code no file 'a'\n\tno file 'b'...} as a {@link String}.
     */
    static Object search(dev.lunatik.vm.api.ScriptFiles files, LuaString name, LuaString path, LuaString sep, LuaString rep) {
        String nm = name.toString();
        if (sep.length() > 0 && nm.indexOf((char) sep.byteAt(0)) >= 0) nm = nm.replace(sep.toString(), rep.toString());
        String templates = path.toString().replace("?", nm);
        for (String file : templates.split(";", -1)) {
            if (file.isEmpty()) continue;
            LuaString f = LuaString.latin1(file);
            if (files.isReadable(f.toUtf8())) return f;
        }
        return "no file '" + templates.replace(";", "'\n\tno file '") + "'";
    }

}
