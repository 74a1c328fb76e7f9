package dev.lunatik.stdlib.script;

import dev.lunatik.vm.value.LuaError;
import dev.lunatik.vm.value.LuaString;
import dev.lunatik.vm.value.LuaTable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.script.Bindings;

/**
 * An engine's {@code ENGINE_SCOPE}: a live view of the Lua globals table ({@code _G}, raw
 * access), so that what Java puts is a global for the next script and what a script assigns is
 * there to get. Keys are the string keys of {@code _G}; values are converted by
 * {@link JavaValues}. A global set to {@code null} is nil, that is, absent.
 */
final class GlobalsBindings extends AbstractMap<String, Object> implements Bindings {
    private final LuaTable globals;

    /** The view of {@code globals}. */
    GlobalsBindings(LuaTable globals) {
        this.globals = globals;
    }

    @Override
    public Object get(Object key) {
        return JavaValues.toJava(globals.rawget(luaKey(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        return globals.rawget(luaKey(key)) != null;
    }

    @Override
    public Object put(String name, Object value) {
        LuaString k = luaKey(name);
        Object v = JavaValues.toLua(value);
        Object old = globals.rawget(k);
        globals.rawset(k, v);
        return JavaValues.toJava(old);
    }

    @Override
    public Object remove(Object key) {
        LuaString k = luaKey(key);
        Object old = globals.rawget(k);
        if (old != null) globals.rawset(k, null);
        return JavaValues.toJava(old);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Globals();
            }

            @Override
            public int size() {
                int n = 0;
                for (Object[] kv = nextStringKey(null); kv != null; kv = nextStringKey(kv[0])) n++;
                return n;
            }
        };
    }

    /** The {@code [key, value]} pair of {@code _G} after {@code key} whose key is a string, or null. */
    private Object[] nextStringKey(Object key) {
        try {
            Object[] kv = globals.next(key);
            while (kv != null && !(kv[0] instanceof LuaString)) kv = globals.next(kv[0]);
            return kv;
        } catch (LuaError e) { // "invalid key to 'next'": the table was rebuilt under the iteration
            throw new ConcurrentModificationException("the Lua globals changed during the iteration");
        }
    }

    /** Checks a key as {@link Bindings} requires: a non-empty {@link String}. */
    private static LuaString luaKey(Object key) {
        if (key == null) throw new NullPointerException("key is null");
        if (!(key instanceof String s)) throw new ClassCastException("key is not a String: " + key.getClass().getName());
        if (s.isEmpty()) throw new IllegalArgumentException("key is empty");
        return LuaString.valueOf(s);
    }

    /** Iteration over the string-keyed globals; {@code remove} assigns nil, which Lua's {@code next} allows. */
    private final class Globals implements Iterator<Entry<String, Object>> {
        private Object[] upcoming = nextStringKey(null);
        private LuaString last;

        @Override
        public boolean hasNext() {
            return upcoming != null;
        }

        @Override
        public Entry<String, Object> next() {
            if (upcoming == null) throw new NoSuchElementException();
            Object[] kv = upcoming;
            last = (LuaString) kv[0];
            upcoming = nextStringKey(last);
            String name = last.toUtf8();
            return new SimpleEntry<>(name, JavaValues.toJava(kv[1])) {
                private static final long serialVersionUID = 1L;

                @Override
                public Object setValue(Object value) {
                    GlobalsBindings.this.put(name, value);
                    return super.setValue(value);
                }
            };
        }

        @Override
        public void remove() {
            if (last == null) throw new IllegalStateException();
            globals.rawset(last, null);
            last = null;
        }
    }
}
