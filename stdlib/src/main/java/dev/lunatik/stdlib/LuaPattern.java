package dev.lunatik.stdlib;

import dev.lunatik.vm.api.LuaStack;
import dev.lunatik.vm.value.LuaString;

/**
 * The Lua pattern matcher (manual section 6.4.1), working on byte arrays with int positions.
 *
 * <p>One instance holds the state of one match (subject, pattern, captures); the string library
 * reuses instances between calls. The matcher walks the pattern in a loop and recurses only where
 * backtracking needs it (captures, {@code ?}, {@code *}, {@code +}, {@code -}); that recursion is
 * bounded by {@link #MAXCCALLS} levels, past which the match fails with "pattern too complex",
 * as in PUC Lua, so it never exhausts the Java stack. Character classes follow the C locale:
 * bytes 128-255 belong to no class.
 */
final class LuaPattern {
    /** Maximum nesting of the backtracking recursion (Lua's MAXCCALLS). */
    static final int MAXCCALLS = 200;
    /** Maximum number of captures (LUA_MAXCAPTURES). */
    static final int MAXCAPTURES = 32;
    static final int CAP_UNFINISHED = -1;
    static final int CAP_POSITION = -2;
    /** "No match", the null pointer of the C matcher. */
    static final int FAIL = -1;

    private static final byte[] CTYPE = new byte[256];
    private static final int ALPHA = 1, DIGIT = 2, SPACE = 4, LOWER = 8, UPPER = 16, PUNCT = 32, CNTRL = 64, XDIGIT = -128;

    static {
        for (int c = 0; c < 256; c++) {
            int f = 0;
            if (c >= 'a' && c <= 'z') f |= ALPHA | LOWER;
            if (c >= 'A' && c <= 'Z') f |= ALPHA | UPPER;
            if (c >= '0' && c <= '9') f |= DIGIT;
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) f |= XDIGIT;
            if (c == ' ' || (c >= 9 && c <= 13)) f |= SPACE;
            if (c < 32 || c == 127) f |= CNTRL;
            if (c > 32 && c < 127 && (f & (ALPHA | DIGIT)) == 0) f |= PUNCT;
            CTYPE[c] = (byte) f;
        }
    }

    LuaStack t;
    byte[] src;
    int srcEnd;
    byte[] pat;
    int pEnd;
    int level;
    int matchdepth;
    final int[] capInit = new int[MAXCAPTURES];
    final int[] capLen = new int[MAXCAPTURES];

    /** Prepares a match of {@code p[0..lp)} against {@code s[0..ls)}. */
    void prep(LuaStack th, byte[] s, int ls, byte[] p, int lp) {
        t = th;
        src = s;
        srcEnd = ls;
        pat = p;
        pEnd = lp;
        matchdepth = MAXCCALLS;
    }

    /** Resets the captures before a new match attempt. */
    void reprep() {
        level = 0;
        matchdepth = MAXCCALLS;
    }

    /** Drops the references to the subject and pattern (before the instance is kept for reuse). */
    void release() {
        t = null;
        src = null;
        pat = null;
    }

    /** Whether pattern bytes {@code p[0..lp)} contain none of {@code ^$*+?.([%-}. */
    /**
     * Pattern {@code p} analysed once and the result kept in the string
     * ({@link LuaString#patternInfo}): bit 0 set; bit 1 when it has no special characters
     * ({@link #noSpecials}); from bit 2 up, one more than its {@link #singleBytes} item count
     * after an optional leading {@code ^} (0 for a pattern that needs the matcher). A constant
     * pattern, the usual kind, is scanned once instead of on every call.
     */
    static int analysis(LuaString p) {
        int a = p.patternInfo();
        if (a != 0) {
            return a;
        }
        byte[] pb = p.bytes();
        int lp = p.length();
        int items = singleBytes(pb, lp > 0 && pb[0] == '^' ? 1 : 0, lp);
        if (items >= 1 << 28) {
            items = -1; // too long to keep: the matcher, which handles any length
        }
        a = 1 | (noSpecials(pb, lp) ? 2 : 0) | ((items + 1) << 2);
        p.setPatternInfo(a);
        return a;
    }

    /** Whether {@link #analysis} {@code a} is of a pattern without special characters. */
    static boolean isPlain(int a) {
        return (a & 2) != 0;
    }

    /** The single-byte item count in {@link #analysis} {@code a}, -1 for a pattern that needs the matcher. */
    static int singleItems(int a) {
        return (a >>> 2) - 1;
    }

    static boolean noSpecials(byte[] p, int lp) {
        for (int i = 0; i < lp; i++) {
            switch (p[i]) {
                case '^', '$', '*', '+', '?', '.', '(', '[', '%', '-':
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    /** Plain search for {@code p[0..lp)} in {@code s[from..ls)}; returns the index or -1. */
    static int find(byte[] s, int from, int ls, byte[] p, int lp) {
        if (lp == 0) return from;
        if (lp > ls - from) return -1;
        byte first = p[0];
        int last = ls - lp;
        outer:
        for (int i = from; i <= last; i++) {
            if (s[i] != first) continue;
            for (int k = 1; k < lp; k++) if (s[i + k] != p[k]) continue outer;
            return i;
        }
        return -1;
    }

    /**
     * The byte every match of pattern {@code p[from..lp)} must begin with, or -1 when the pattern
     * does not start with one: a plain character (none of {@code ^$*+?.()[]%-}) not followed by
     * {@code *}, {@code ?} or {@code -} (which allow it zero times). An unanchored search skips
     * the subject positions holding another byte, where the match would fail at once.
     */
    static int firstLiteral(byte[] p, int from, int lp) {
        if (from >= lp) return -1;
        int c = p[from];
        switch (c) {
            case '^', '$', '*', '+', '?', '.', '(', ')', '[', ']', '%', '-':
                return -1;
            default:
                break;
        }
        if (from + 1 < lp) {
            int q = p[from + 1];
            if (q == '*' || q == '?' || q == '-') return -1;
        }
        return c & 0xFF;
    }

    /**
     * The number of items of pattern {@code p[from..lp)} when each matches exactly one byte: a
     * plain character, {@code %x} with {@code x} not alphanumeric (that character), or {@code .}
     * (any byte), none followed by a quantifier; -1 for any other pattern (classes, sets,
     * captures, anchors at the end, quantifiers, malformed escapes), which takes the matcher.
     * Such a pattern matches where its bytes compare equal, as the matcher would find.
     */
    static int singleBytes(byte[] p, int from, int lp) {
        int n = 0;
        for (int i = from; i < lp; i++) {
            int c = p[i] & 0xFF;
            switch (c) {
                case '^', '$', '*', '+', '?', '-', '(', ')', '[', ']':
                    return -1;
                case '%':
                    if (i + 1 >= lp || isAlnum(p[++i] & 0xFF)) return -1;
                    break;
                default:
                    break;
            }
            n++;
            if (i + 1 < lp) {
                int q = p[i + 1];
                if (q == '*' || q == '+' || q == '-' || q == '?') return -1;
            }
        }
        return n;
    }

    /**
     * The first index {@code >= from} (only {@code from} itself when {@code anchored}) where
     * {@code s[..ls)} matches pattern {@code p[pstart..lp)} of {@code n} single-byte items
     * ({@link #singleBytes}), or -1.
     */
    static int findSingleBytes(byte[] s, int from, int ls, byte[] p, int pstart, int lp, int n, boolean anchored) {
        int last = anchored ? Math.min(from, ls - n) : ls - n;
        outer:
        for (int i = from; i <= last; i++) {
            int k = i;
            for (int j = pstart; j < lp; j++, k++) {
                byte c = p[j];
                if (c == '.') continue;
                if (c == '%') c = p[++j];
                if (s[k] != c) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** The first index {@code >= from} and {@code < end} where {@code s} holds byte {@code c}, or -1. */
    static int indexOf(byte[] s, int c, int from, int end) {
        byte b = (byte) c;
        for (int i = from; i < end; i++) {
            if (s[i] == b) return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ classes

    private static boolean matchClass(int c, int cl) {
        boolean res;
        switch (cl | 0x20) { // ASCII tolower for letters; other bytes never equal a class letter
            case 'a': res = (CTYPE[c] & ALPHA) != 0; break;
            case 'c': res = (CTYPE[c] & CNTRL) != 0; break;
            case 'd': res = (CTYPE[c] & DIGIT) != 0; break;
            case 'g': res = c > 32 && c < 127; break;
            case 'l': res = (CTYPE[c] & LOWER) != 0; break;
            case 'p': res = (CTYPE[c] & PUNCT) != 0; break;
            case 's': res = (CTYPE[c] & SPACE) != 0; break;
            case 'u': res = (CTYPE[c] & UPPER) != 0; break;
            case 'w': res = (CTYPE[c] & (ALPHA | DIGIT)) != 0; break;
            case 'x': res = (CTYPE[c] & XDIGIT) != 0; break;
            case 'z': res = c == 0; break; // deprecated, still accepted by Lua 5.4
            default: return cl == c;
        }
        if (!isLetter(cl)) return cl == c; // e.g. '!' | 0x20 == 'a'
        return (cl >= 'A' && cl <= 'Z') != res;
    }

    private static boolean isAlnum(int c) {
        return (CTYPE[c] & (ALPHA | DIGIT)) != 0;
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** End (exclusive) of the single-character class starting at {@code p}. */
    private int classEnd(int p) {
        byte[] pt = pat;
        int c = pt[p++];
        if (c == '%') {
            if (p >= pEnd) throw t.error("malformed pattern (ends with '%')");
            return p + 1;
        }
        if (c == '[') {
            if (p < pEnd && pt[p] == '^') p++;
            do { // look for a ']'; the first character of the set is always taken literally
                if (p >= pEnd) throw t.error("malformed pattern (missing ']')");
                int cc = pt[p++];
                if (cc == '%' && p < pEnd) p++;
            } while (p >= pEnd || pt[p] != ']');
            return p + 1;
        }
        return p;
    }

    /** Whether byte {@code c} is in the set {@code [ ... ]} from {@code p} ('[') to {@code ec} (']'). */
    private boolean matchBracketClass(int c, int p, int ec) {
        byte[] pt = pat;
        boolean sig = true;
        if (pt[p + 1] == '^') {
            sig = false;
            p++;
        }
        while (++p < ec) {
            int pc = pt[p] & 0xFF;
            if (pc == '%') {
                p++;
                if (matchClass(c, pt[p] & 0xFF)) return sig;
            } else if (pt[p + 1] == '-' && p + 2 < ec) {
                p += 2;
                if (pc <= c && c <= (pt[p] & 0xFF)) return sig;
            } else if (pc == c) {
                return sig;
            }
        }
        return !sig;
    }

    private boolean singleMatch(int s, int p, int ep) {
        if (s >= srcEnd) return false;
        int c = src[s] & 0xFF;
        int pc = pat[p];
        switch (pc) {
            case '.': return true;
            case '%': return matchClass(c, pat[p + 1] & 0xFF);
            case '[': return matchBracketClass(c, p, ep - 1);
            default: return (pc & 0xFF) == c;
        }
    }

    // ------------------------------------------------------------------ matching

    /** Matches the pattern from {@code p} against the subject from {@code s}; the end of the match or {@link #FAIL}. */
    int match(int s, int p) {
        if (matchdepth-- == 0) throw t.error("pattern too complex");
        final byte[] pt = pat;
        final int pe = pEnd;
        loop:
        while (p != pe) {
            switch (pt[p]) {
                case '(':
                    if (p + 1 < pe && pt[p + 1] == ')') s = startCapture(s, p + 2, CAP_POSITION);
                    else s = startCapture(s, p + 1, CAP_UNFINISHED);
                    break loop;
                case ')':
                    s = endCapture(s, p + 1);
                    break loop;
                case '$':
                    if (p + 1 == pe) {
                        if (s != srcEnd) s = FAIL;
                        break loop;
                    }
                    break; // an ordinary '$'
                case '%': {
                    int nc = p + 1 < pe ? pt[p + 1] : 0;
                    if (nc == 'b') {
                        s = matchBalance(s, p + 2);
                        if (s != FAIL) {
                            p += 4;
                            continue loop;
                        }
                        break loop;
                    } else if (nc == 'f') {
                        p += 2;
                        if (p >= pe || pt[p] != '[') throw t.error("missing '[' after '%f' in pattern");
                        int ep = classEnd(p);
                        int previous = s == 0 ? 0 : src[s - 1] & 0xFF;
                        int current = s < srcEnd ? src[s] & 0xFF : 0;
                        if (!matchBracketClass(previous, p, ep - 1) && matchBracketClass(current, p, ep - 1)) {
                            p = ep;
                            continue loop;
                        }
                        s = FAIL;
                        break loop;
                    } else if (nc >= '0' && nc <= '9') {
                        s = matchCapture(s, nc);
                        if (s != FAIL) {
                            p += 2;
                            continue loop;
                        }
                        break loop;
                    }
                    break; // a class such as %a
                }
                default:
                    break;
            }
            // single character class, possibly followed by a repetition suffix
            int ep = classEnd(p);
            int epc = ep < pe ? pt[ep] : 0;
            if (!singleMatch(s, p, ep)) {
                if (epc == '*' || epc == '?' || epc == '-') {
                    p = ep + 1;
                    continue;
                }
                s = FAIL;
                break;
            }
            switch (epc) {
                case '?': {
                    int res = match(s + 1, ep + 1);
                    if (res != FAIL) {
                        s = res;
                        break loop;
                    }
                    p = ep + 1;
                    continue loop;
                }
                case '+':
                    s = maxExpand(s + 1, p, ep);
                    break loop;
                case '*':
                    s = maxExpand(s, p, ep);
                    break loop;
                case '-':
                    s = minExpand(s, p, ep);
                    break loop;
                default:
                    s++;
                    p = ep;
            }
        }
        matchdepth++;
        return s;
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (singleMatch(s + i, p, ep)) i++;
        while (i >= 0) { // try with the maximum repetitions, then fewer
            int res = match(s + i, ep + 1);
            if (res != FAIL) return res;
            i--;
        }
        return FAIL;
    }

    private int minExpand(int s, int p, int ep) {
        for (;;) {
            int res = match(s, ep + 1);
            if (res != FAIL) return res;
            if (singleMatch(s, p, ep)) s++;
            else return FAIL;
        }
    }

    private int startCapture(int s, int p, int what) {
        if (level >= MAXCAPTURES) throw t.error("too many captures");
        capInit[level] = s;
        capLen[level] = what;
        level++;
        int res = match(s, p);
        if (res == FAIL) level--;
        return res;
    }

    private int endCapture(int s, int p) {
        int l = captureToClose();
        capLen[l] = s - capInit[l];
        int res = match(s, p);
        if (res == FAIL) capLen[l] = CAP_UNFINISHED;
        return res;
    }

    private int captureToClose() {
        for (int l = level - 1; l >= 0; l--) if (capLen[l] == CAP_UNFINISHED) return l;
        throw t.error("invalid pattern capture");
    }

    private int matchBalance(int s, int p) {
        if (p + 1 >= pEnd) throw t.error("malformed pattern (missing arguments to '%b')");
        if (s >= srcEnd || src[s] != pat[p]) return FAIL;
        byte b = pat[p], e = pat[p + 1];
        int cont = 1;
        while (++s < srcEnd) {
            byte c = src[s];
            if (c == e) {
                if (--cont == 0) return s + 1;
            } else if (c == b) {
                cont++;
            }
        }
        return FAIL;
    }

    private int matchCapture(int s, int digit) {
        int l = checkCapture(digit);
        int len = capLen[l];
        // a position capture has a negative length, which C compares as a huge size_t: no match
        if (len >= 0 && srcEnd - s >= len) {
            int init = capInit[l];
            for (int i = 0; i < len; i++) if (src[init + i] != src[s + i]) return FAIL;
            return s + len;
        }
        return FAIL;
    }

    private int checkCapture(int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || capLen[l] == CAP_UNFINISHED) throw t.error("invalid capture index %" + (l + 1));
        return l;
    }

    // ------------------------------------------------------------------ captures as values

    /**
     * Capture {@code i} of a match spanning {@code s..e}: a string, or a position (Long). With no
     * captures, capture 0 is the whole match.
     */
    Object capture(int i, int s, int e) {
        if (i >= level) {
            if (i != 0) throw t.error("invalid capture index %" + (i + 1));
            return dev.lunatik.vm.value.LuaString.copyOf(src, s, e - s);
        }
        int l = capLen[i];
        if (l == CAP_UNFINISHED) throw t.error("unfinished capture");
        if (l == CAP_POSITION) return (long) capInit[i] + 1;
        return dev.lunatik.vm.value.LuaString.copyOf(src, capInit[i], l);
    }

    /**
     * Writes the captures from stack slot {@code at} (the whole match when there are none and
     * {@code wholeIfNone}); returns how many.
     */
    int pushCaptures(int at, int s, int e, boolean wholeIfNone) {
        int n = (level == 0 && wholeIfNone) ? 1 : level;
        if (!t.checkStack(at, n)) throw t.error("stack overflow (too many captures)");
        for (int i = 0; i < n; i++) t.set(at + i, capture(i, s, e));
        return n;
    }

    /** Appends capture {@code i} (as for {@link #capture}) to {@code b} without making a string. */
    void addCapture(StrBuf b, int i, int s, int e) {
        if (i >= level) {
            if (i != 0) throw t.error("invalid capture index %" + (i + 1));
            b.add(src, s, e - s);
            return;
        }
        int l = capLen[i];
        if (l == CAP_UNFINISHED) throw t.error("unfinished capture");
        if (l == CAP_POSITION) b.addDecimal((long) capInit[i] + 1);
        else b.add(src, capInit[i], l);
    }
}
