package dev.lunatik.vm.value;

import java.util.Arrays;

/**
 * A Lua table: an array part for keys {@code 1..n} and an open-addressing hash part, both
 * storing integers unboxed.
 *
 * <p>Representation (see {@code package-info}): every slot is a pair ({@code Object} reference,
 * {@code long} payload); the reference {@link Lua#INT} means "the payload is an integer". The
 * array part's {@code long[]} half is allocated only when an integer is first stored there, so a
 * big table of strings or booleans pays nothing for it. A {@code null} reference is nil.
 *
 * <p>The hash part uses linear probing. Removing a key (assigning nil) leaves the key in its slot
 * with a nil value (a dead key), exactly like Lua, so {@link #next} keeps working while fields
 * are cleared during a traversal; dead keys disappear at the next rehash.
 */
public final class LuaTable {
    private static final Object[] NO_REFS = new Object[0];

    // array part: keys 1..arr.length live at index key-1
    private Object[] arr = NO_REFS;
    /** The border {@link #length} found last: a hint only, validated before use (Lua 5.4 keeps one too). */
    private int lenHint;
    private long[] arrNum; // null until an integer is stored in the array part

    // hash part: capacity is a power of two (or 0); slot s is a pair of entries in each array
    /**
     * Slot {@code s}: at {@code 2s} the key's reference (null: an empty slot; {@link Lua#INT}: an
     * integer key), at {@code 2s + 1} the value's. Two arrays for the whole hash part, not one per
     * field, so that a small object's table is three allocations, and a slot's key and value share
     * a cache line.
     */
    private Object[] hnode = NO_REFS;
    /**
     * Slot {@code s}: at {@code 2s} an integer key, or any other key's mixed hash
     * ({@link #hashOf}, which a probe compares before calling {@code equals}); at {@code 2s + 1}
     * an integer value.
     */
    private long[] hnum;
    private int hused; // slots with a key (live or dead)
    /**
     * A one-word filter of the hash part's keys: bit {@link #keyBit} of every key inserted since
     * the hash part was last built, so that most lookups of an absent key (a method looked up in
     * an instance before its class, a global that is not there) end without probing. Dead keys
     * keep their bit until the next rehash; a set bit only means "probe".
     */
    private long keyBits;

    private LuaTable metatable;
    /** Bit i set: metamethod i of {@link MetaEvent} is known to be absent from this table. */
    public int metaAbsent;
    /** This table's own {@code __index} field, cached for its use as a metatable. */
    private Object indexField;
    private boolean indexFieldValid;

    public LuaTable() {}

    /** A table pre-sized for {@code narray} array items and {@code nhash} other keys. */
    public LuaTable(int narray, int nhash) {
        if (narray > 0) arr = new Object[narray];
        if (nhash > 0) allocHash(capacityFor(nhash));
    }

    // ------------------------------------------------------------------ metatable

    public LuaTable getMetatable() {
        return metatable;
    }

    /**
     * Sets the metatable without registering a {@code __gc} finalizer (a table knows no state):
     * host code giving a table a metatable with {@code __gc} uses {@code LuaState.setMetatable}.
     */
    public void setMetatable(LuaTable mt) {
        this.metatable = mt;
    }

    /**
     * The raw {@code __index} field of this table (it is used as a metatable), cached until a
     * string key of this table is written.
     */
    public Object indexField() {
        if (!indexFieldValid) {
            indexField = rawget(MetaEvent.INDEX.key);
            indexFieldValid = true;
        }
        return indexField;
    }

    // ------------------------------------------------------------------ array part (fast paths)

    /** Size of the array part (keys 1..n stored positionally). */
    public int arraySize() {
        return arr.length;
    }

    /** Reference half of array slot {@code i} (0-based); {@link Lua#INT} means integer. */
    public Object arrayRef(int i) {
        return arr[i];
    }

    /** Integer half of array slot {@code i} (valid only when {@link #arrayRef} is INT). */
    public long arrayNum(int i) {
        return arrNum[i];
    }

    // ------------------------------------------------------------------ reads

    /** Raw read; returns the boxed value ({@link Long} for integers) or null. */
    public Object rawget(Object key) {
        if (key instanceof Long l) return rawget(l.longValue());
        if (key == null) return null;
        int s = findSlot(key, 0);
        return s < 0 ? null : boxedVal(s);
    }

    /** Raw read of an integer key, boxed. */
    public Object rawget(long key) {
        long i = key - 1;
        if (i >= 0 && i < arr.length) {
            Object r = arr[(int) i];
            return r == Lua.INT ? Long.valueOf(arrNum[(int) i]) : r;
        }
        int s = findSlot(Lua.INT, key);
        return s < 0 ? null : boxedVal(s);
    }

    /** Raw read of a string key. */
    public Object rawget(String key) {
        return rawget(LuaString.intern(key));
    }

    /**
     * Slot lookup for the interpreter: finds {@code key} (ref/num pair) and returns a slot handle:
     * {@code >= 0} array index, {@code < -1} hash slot {@code -(h+2)}, {@code -1} absent.
     */
    public int find(Object kref, long knum) {
        if (kref == Lua.INT) {
            long i = knum - 1;
            if (i >= 0 && i < arr.length) return arr[(int) i] == null ? -1 : (int) i;
        } else if (kref == null) {
            return -1;
        }
        int s = findSlot(kref, knum);
        if (s < 0 || hnode[2 * s + 1] == null) return -1;
        return -(s + 2);
    }

    /** Overwrites the value at a handle from {@link #find} (the key stays). */
    public void setAt(int handle, Object vref, long vnum) {
        if (handle >= 0) {
            setArray(handle, vref, vnum);
        } else {
            indexFieldValid = false;
            int v = 2 * (-handle - 2) + 1;
            hnode[v] = vref;
            if (vref == Lua.INT) hnum[v] = vnum;
        }
    }

    /** Grows the array part to at least {@code n} slots (for table constructors). */
    public void ensureArray(int n) {
        if (n <= arr.length) return;
        AllocationSink.charge(16L * (n - arr.length));
        int old = arr.length;
        growArrayTo(n);
        if (hused > 0) migrateToArray(old, n);
    }

    /** Reference half of the value at a handle from {@link #find}. */
    public Object refAt(int handle) {
        return handle >= 0 ? arr[handle] : hnode[2 * (-handle - 2) + 1];
    }

    /** Integer half of the value at a handle from {@link #find}. */
    public long numAt(int handle) {
        return handle >= 0 ? arrNum[handle] : hnum[2 * (-handle - 2) + 1];
    }

    private Object boxedVal(int s) {
        Object r = hnode[2 * s + 1];
        return r == Lua.INT ? Long.valueOf(hnum[2 * s + 1]) : r;
    }

    private static int hashOf(Object kref, long knum) {
        int h;
        if (kref == Lua.INT) {
            h = (int) (knum ^ (knum >>> 32));
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }
        // strings first, bound statically: a call through Object would be as polymorphic as the
        // keys of every table in the program (C2 shares one profile per bytecode)
        h = kref instanceof LuaString s ? s.hashCode() : kref.hashCode();
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The bit of {@link #keyBits} for a key of hash {@code h} ({@link #hashOf}): its top six bits, not the slot's low ones. */
    private static long keyBit(int h) {
        return 1L << (h >>> 26);
    }

    /** Raw equality of two keys of the same hash that are not the same object (strings statically bound). */
    private static boolean sameKey(Object k, Object kref) {
        return kref instanceof LuaString s ? s.equals(k) : k.equals(kref);
    }

    private int findSlot(Object kref, long knum) {
        Object[] node = hnode;
        int h = hashOf(kref, knum);
        if ((keyBits & keyBit(h)) == 0) return -1; // also the empty hash part: no bits
        int mask = (node.length >> 1) - 1;
        int s = h & mask;
        long[] nums = hnum;
        if (kref == Lua.INT) {
            while (true) {
                Object k = node[2 * s];
                if (k == null) return -1;
                if (k == Lua.INT && nums[2 * s] == knum) return s;
                s = (s + 1) & mask;
            }
        }
        while (true) {
            Object k = node[2 * s];
            if (k == null) return -1;
            if (k == kref || (k != Lua.INT && nums[2 * s] == h && sameKey(k, kref))) return s;
            s = (s + 1) & mask;
        }
    }

    // ------------------------------------------------------------------ writes

    /** Raw write; a nil value removes the key. A nil key raises "table index is nil". */
    public void rawset(Object key, Object value) {
        if (key instanceof Long l) {
            rawset(l.longValue(), value);
            return;
        }
        if (key == null) throw new LuaError("table index is nil");
        if (value instanceof Long l) put(key, 0, Lua.INT, l);
        else put(key, 0, value, 0);
    }

    /** Raw write of an integer key. */
    public void rawset(long key, Object value) {
        if (value instanceof Long l) put(Lua.INT, key, Lua.INT, l);
        else put(Lua.INT, key, value, 0);
    }

    /** Raw write of a string key given as a Java string (UTF-8). */
    public void rawset(String key, Object value) {
        rawset(LuaString.intern(key), value);
    }

    /**
     * Raw write of an unboxed pair: key ({@code kref}, {@code knum}), value ({@code vref},
     * {@code vnum}); {@code vref == null} removes. The key must not be nil.
     */
    public void put(Object kref, long knum, Object vref, long vnum) {
        if (putInPlace(kref, knum, vref, vnum)) return;
        // what is left allocates: an integer's number half, a longer array, a new hash key
        if (kref == Lua.INT) {
            long i = knum - 1;
            if (i >= 0 && i < arr.length) {
                setArray((int) i, vref, vnum);
                return;
            }
            if (i == arr.length) { // (not in the hash part either: putInPlace looked)
                growArray();
                setArray((int) i, vref, vnum);
                return;
            }
        }
        if (kref instanceof LuaString) {
            metaAbsent = 0;
            indexFieldValid = false;
        }
        if ((hused + 1) * 4 > hashCapacity() * 3) {
            rehash(kref, knum);
            // the key may now belong to the array part, or extend it
            if (kref == Lua.INT) {
                long i = knum - 1;
                if (i >= 0 && i < arr.length) {
                    setArray((int) i, vref, vnum);
                    return;
                }
                if (i == arr.length && arr.length > 0) {
                    growArray();
                    setArray((int) i, vref, vnum);
                    return;
                }
            }
        }
        insertNew(kref, knum, vref, vnum);
    }

    private void setArray(int i, Object vref, long vnum) {
        arr[i] = vref;
        if (vref == Lua.INT) {
            if (arrNum == null) arrNum = new long[arr.length];
            arrNum[i] = vnum;
        }
    }

    /**
     * {@link #put} when it needs no allocation (put's first step): an array slot, a key the hash
     * part holds (with a value or dead), or a nil value for a key it does not hold (nothing to
     * remove). False, having done nothing, when the store would allocate (or the key is nil).
     */
    public boolean putInPlace(Object kref, long knum, Object vref, long vnum) {
        if (kref == Lua.INT) {
            long i = knum - 1;
            if (i >= 0 && i < arr.length) {
                if (vref == Lua.INT && arrNum == null) return false;
                setArray((int) i, vref, vnum);
                return true;
            }
        } else if (kref == null) {
            return false;
        }
        int s = findSlot(kref, knum);
        if (s < 0) return vref == null;
        if (kref instanceof LuaString) {
            metaAbsent = 0;
            indexFieldValid = false;
        }
        hnode[2 * s + 1] = vref;
        if (vref == Lua.INT) hnum[2 * s + 1] = vnum;
        return true;
    }

    private void insertNew(Object kref, long knum, Object vref, long vnum) {
        Object[] node = hnode;
        int mask = (node.length >> 1) - 1;
        int h = hashOf(kref, knum);
        keyBits |= keyBit(h);
        int s = h & mask;
        while (node[2 * s] != null) s = (s + 1) & mask;
        node[2 * s] = kref;
        node[2 * s + 1] = vref;
        long[] nums = hnum;
        nums[2 * s] = kref == Lua.INT ? knum : h;
        nums[2 * s + 1] = vnum;
        hused++;
    }

    /** Doubles the array part and moves the integer keys that now fit out of the hash part. */
    private void growArray() {
        int old = arr.length;
        int n = Math.max(4, old * 2);
        AllocationSink.charge(16L * (n - old));
        growArrayTo(n);
        if (hused > 0) migrateToArray(old, n);
    }

    /*
     * Growth allocates every new array before it assigns any field, so that a Java
     * OutOfMemoryError (which the interpreter turns into "not enough memory") leaves the table
     * as it was.
     */
    private void growArrayTo(int n) {
        Object[] na = Arrays.copyOf(arr, n);
        long[] nn = arrNum != null ? Arrays.copyOf(arrNum, n) : null;
        arr = na;
        arrNum = nn;
    }

    private void migrateToArray(int from, int to) {
        Object[] node = hnode;
        long[] nums = hnum;
        boolean moved = false;
        for (int s = 0; s < node.length >> 1; s++) {
            if (node[2 * s] == Lua.INT) {
                long k = nums[2 * s];
                if (k > from && k <= to && node[2 * s + 1] != null) {
                    setArray((int) (k - 1), node[2 * s + 1], nums[2 * s + 1]);
                    node[2 * s + 1] = null; // becomes a dead key; cleaned at rehash
                    moved = true;
                }
            }
        }
        if (moved) rehash(null, 0);
    }

    /**
     * The hash capacity for {@code n} keys at most three quarters full. A constructor asks for
     * exactly its fields (Lua sizes it exactly too): {@code {x = 1, y = 2, z = 3}} gets 4 slots,
     * and the next key rehashes, doubling. A rehash asks for one key more than it counted, as it
     * runs before the key that caused it is inserted.
     */
    private static int capacityFor(int n) {
        int cap = 4;
        while (cap * 3 < n * 4) cap <<= 1;
        return cap;
    }

    private void allocHash(int cap) {
        Object[] node = new Object[2 * cap];
        long[] nums = new long[2 * cap];
        hnode = node;
        hnum = nums;
        hused = 0;
        keyBits = 0;
    }

    /**
     * Rebuilds the hash part, dropping dead keys and choosing a new array size the way Lua does:
     * the largest power of two n such that more than n/2 of the keys 1..n are present. The key
     * about to be inserted ({@code extraRef}, may be null) is counted.
     */
    private void rehash(Object extraRef, long extraNum) {
        // charged before anything changes: a memory-limit error leaves the table intact
        AllocationSink.charge(20L * Math.max(4, hashCapacity()));
        // count integer keys by power-of-two slices: nums[b] = keys in (2^(b-1), 2^b]
        int[] nums = new int[64];
        int totalInt = 0;
        int live = 0;
        for (int i = 0; i < arr.length; i++) {
            if (arr[i] != null) {
                nums[ceilLog2(i + 1)]++;
                totalInt++;
            }
        }
        Object[] node = hnode;
        for (int s = 0; s < node.length >> 1; s++) {
            if (node[2 * s] != null && node[2 * s + 1] != null) {
                live++;
                if (node[2 * s] == Lua.INT) totalInt += countInt(nums, hnum[2 * s]);
            }
        }
        if (extraRef != null) {
            live++;
            if (extraRef == Lua.INT) totalInt += countInt(nums, extraNum);
        }
        // compute optimal array size
        int a = 0;
        int na = 0;
        int optimal = 0;
        for (int b = 0, twotoi = 1; b < 31 && twotoi > 0 && totalInt > twotoi / 2; b++, twotoi <<= 1) {
            a += nums[b];
            if (a > twotoi / 2) {
                optimal = twotoi;
                na = a;
            }
        }
        int newArr = Math.max(optimal, arr.length);
        Object[] oldNode = hnode;
        long[] oldNum = hnum;
        int hcap = capacityFor(Math.max(live - na, 1) + 1);
        // allocate first (see growArrayTo): an OutOfMemoryError here leaves the table intact
        Object[] newArrRefs = newArr > arr.length ? Arrays.copyOf(arr, newArr) : arr;
        long[] newArrNum = newArr > arr.length && arrNum != null ? Arrays.copyOf(arrNum, newArr) : arrNum;
        Object[] nn = new Object[2 * hcap];
        long[] nnum = new long[2 * hcap];
        arr = newArrRefs;
        arrNum = newArrNum;
        hnode = nn;
        hnum = nnum;
        hused = 0;
        keyBits = 0;
        for (int s = 0; s < oldNode.length >> 1; s++) {
            Object k = oldNode[2 * s];
            Object v = oldNode[2 * s + 1];
            if (k == null || v == null) continue;
            if (k == Lua.INT) {
                long key = oldNum[2 * s];
                if (key >= 1 && key <= arr.length) {
                    setArray((int) (key - 1), v, oldNum[2 * s + 1]);
                    continue;
                }
            }
            if ((hused + 1) * 4 > hashCapacity() * 3) growHashOnly();
            insertNew(k, oldNum[2 * s], v, oldNum[2 * s + 1]);
        }
        if ((hused + 2) * 4 > hashCapacity() * 3) growHashOnly();
    }

    private void growHashOnly() {
        AllocationSink.charge(20L * Math.max(4, hashCapacity()));
        Object[] oldNode = hnode;
        long[] oldNum = hnum;
        allocHash(Math.max(4, oldNode.length)); // (twice the slots: the old array has two entries per slot)
        for (int s = 0; s < oldNode.length >> 1; s++) {
            Object k = oldNode[2 * s];
            Object v = oldNode[2 * s + 1];
            if (k != null && v != null) insertNew(k, oldNum[2 * s], v, oldNum[2 * s + 1]);
        }
    }

    private static int countInt(int[] nums, long k) {
        if (k >= 1 && k <= (1 << 30)) {
            nums[ceilLog2((int) k)]++;
            return 1;
        }
        return 0;
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    // ------------------------------------------------------------------ length and traversal

    /**
     * A border of the table ({@code #t} without metamethods), as Lua's {@code luaH_getn}. Small on
     * purpose (the JIT inlines it into the interpreter's {@code LEN}): the common answers come from
     * the last border found, which appends ({@code t[#t+1] = v}) move up by one; everything else is
     * in {@link #lengthSearch}.
     */
    public long length() {
        Object[] a = arr;
        int n = a.length;
        int h = lenHint;
        if (h < n && a[n - 1] == null && (h == 0 || a[h - 1] != null)) {
            if (a[h] == null) return h;
            if (h + 1 < n && a[h + 1] == null) return lenHint = h + 1;
        }
        return lengthSearch();
    }

    /** {@link #length} when the hint does not answer: a pop, a search of the array part, or the hash part. */
    private long lengthSearch() {
        int n = arr.length;
        if (n > 0 && arr[n - 1] == null) {
            // the last border found, checked first: appends (t[#t+1] = v) and pops move it by one
            int h = lenHint;
            if (h < n && (h == 0 || arr[h - 1] != null)) {
                if (arr[h] == null) return h;
                if (h + 1 < n && arr[h + 1] == null) return lenHint = h + 1;
            } else if (h > 0 && h <= n && arr[h - 1] == null && (h == 1 || arr[h - 2] != null)) {
                return lenHint = h - 1;
            }
            // binary search for a border in the array part
            int lo = 0, hi = n; // arr[lo-1] non-nil (or lo==0), arr[hi-1] nil
            if (arr[0] == null) return lenHint = 0;
            lo = 1;
            while (hi - lo > 1) {
                int m = (lo + hi) >>> 1;
                if (arr[m - 1] == null) hi = m;
                else lo = m;
            }
            return lenHint = lo;
        }
        if (hused == 0) return n;
        // continue into the hash part
        long j = n + 1L;
        if (findLive(j) < 0) return n;
        long i = j;
        j *= 2;
        while (findLive(j) >= 0) {
            i = j;
            if (j > Long.MAX_VALUE / 2) {
                // pathological: linear search
                long k = 1;
                while (findLive(k) >= 0) k++;
                return k - 1;
            }
            j *= 2;
        }
        while (j - i > 1) {
            long m = (i + j) >>> 1;
            if (findLive(m) < 0) j = m;
            else i = m;
        }
        return i;
    }

    private int findLive(long k) {
        int s = findSlot(Lua.INT, k);
        return s >= 0 && hnode[2 * s + 1] != null ? s : -1;
    }

    /**
     * Iteration, as Lua's {@code next}: returns the traversal index following {@code key}
     * (boxed), or -1 at the end. Raises "invalid key to 'next'" for a key not in the table.
     * Use {@link #keyRefAt}/{@link #keyNumAt}/{@link #valueRefAt}/{@link #valueNumAt} on the result.
     */
    public int nextIndex(Object kref, long knum) {
        int i;
        if (kref == null) {
            i = 0;
        } else {
            i = -1;
            if (kref == Lua.INT && knum >= 1 && knum <= arr.length) {
                i = (int) knum;
            } else {
                int s = findSlot(kref, knum);
                if (s < 0) throw new LuaError("invalid key to 'next'");
                i = arr.length + s + 1;
            }
        }
        for (; i < arr.length; i++) if (arr[i] != null) return i;
        Object[] node = hnode;
        for (int s = i - arr.length; s < node.length >> 1; s++) {
            if (node[2 * s] != null && node[2 * s + 1] != null) return arr.length + s;
        }
        return -1;
    }

    /** Key reference at traversal index {@code i} ({@link Lua#INT} for integer keys). */
    public Object keyRefAt(int i) {
        return i < arr.length ? Lua.INT : hnode[2 * (i - arr.length)];
    }

    public long keyNumAt(int i) {
        return i < arr.length ? i + 1 : hnum[2 * (i - arr.length)];
    }

    public Object valueRefAt(int i) {
        return i < arr.length ? arr[i] : hnode[2 * (i - arr.length) + 1];
    }

    public long valueNumAt(int i) {
        if (i < arr.length) return arrNum[i];
        return hnum[2 * (i - arr.length) + 1];
    }

    /** Boxed form of {@code next}: returns {key, value} after {@code key}, or null at the end. */
    public Object[] next(Object key) {
        int i = key instanceof Long l ? nextIndex(Lua.INT, l) : nextIndex(key, 0);
        if (i < 0) return null;
        Object kr = keyRefAt(i);
        Object k = kr == Lua.INT ? Long.valueOf(keyNumAt(i)) : kr;
        Object vr = valueRefAt(i);
        Object v = vr == Lua.INT ? Long.valueOf(valueNumAt(i)) : vr;
        return new Object[] {k, v};
    }

    // ------------------------------------------------------------------ collector access

    /** Capacity of the hash part (slots, live or not), for the collector. */
    public int hashCapacity() {
        return hnode.length >> 1;
    }

    /** Key reference of hash slot {@code s} (null: empty; {@link Lua#INT}: integer key). */
    public Object hashKeyRef(int s) {
        return hnode[2 * s];
    }

    /**
     * The hash slot of the string key {@code k}, or -1: slot {@code hint} when it holds {@code k}
     * itself (field names are interned, so a per-site cache of compiled code hits by identity),
     * else the ordinary search.
     */
    public int stringSlot(Object k, int hint) {
        Object[] node = hnode;
        if (hint >= 0 && 2 * hint < node.length && node[2 * hint] == k) return hint;
        return findSlot(k, 0);
    }

    /** Integer half of the value of hash slot {@code s} (meaningful when its reference is {@link Lua#INT}). */
    public long hashValueNum(int s) {
        return hnum[2 * s + 1];
    }

    /** Value reference of hash slot {@code s} (null: empty or dead; {@link Lua#INT}: integer). */
    public Object hashValueRef(int s) {
        return hnode[2 * s + 1];
    }

    /** Removes the entry of hash slot {@code s} (it becomes a dead key, as a nil assignment would). */
    public void clearHashSlot(int s) {
        hnode[2 * s + 1] = null;
        indexFieldValid = false;
    }

    /** Removes the value of array slot {@code i} (0-based). */
    public void clearArraySlot(int i) {
        arr[i] = null;
    }

    /** Rough size in bytes of this table and its parts, for {@code collectgarbage("count")}. */
    public long estimatedBytes() {
        // Lua-like figures (16-byte array slots, 40-byte nodes) so counts compare with the reference
        return 56L + 16L * arr.length + 40L * hused;
    }
}
