package dev.lunatik.kernel.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * iptables over the simulated stack: the {@code raw}, {@code mangle} and {@code filter} tables,
 * their built-in chains, rules (protocol, an optional match extension, a target), and the
 * extensions scripts register ({@code xtable.match}, {@code xtable.target}). A table's chain hooks
 * into netfilter at its hook point and priority (raw -300, mangle -150, filter 0) while it has
 * rules. Matches and targets see the packet from its network header.
 *
 * <p>A chain runs its rules in order: a rule applies when its protocol (if any) is the packet's
 * and its match (if any) says true; then its target decides: ACCEPT and DROP end the chain, an
 * extension's verdict ends it unless it is {@link #XT_CONTINUE} (the next rule runs). A match
 * that sets {@code hotdrop} drops the packet. The chain's policy is ACCEPT.
 */
public final class Xtables {
    /** The verdict that makes a chain go on to the next rule ({@code XT_CONTINUE}). */
    public static final int XT_CONTINUE = 0xFFFFFFFF;
    /** The longest extension name ({@code XT_EXTENSION_MAXNAMELEN} - 1). */
    public static final int MAX_NAME = 28;
    /** The size of the argument buffer a rule carries for its extensions. */
    public static final int USERARGS_SIZE = 256;

    /** A match extension. */
    public interface Match {
        /** Bits of {@link #match}'s result. */
        int MATCHED = 1, HOTDROP = 2;

        /**
         * Whether the packet (network header at {@code p.networkOffset()}) matches
         * ({@link #MATCHED}), and whether to drop it at once ({@link #HOTDROP}), or'ed.
         */
        int match(Packet p, int thoff, int hooknum, byte[] userargs);

        /** Validates a rule's arguments when the rule is added; IllegalArgumentException rejects it. */
        void checkentry(byte[] userargs);

        /** Called when a rule using the extension is deleted. */
        void destroy(byte[] userargs);
    }

    /** A target extension. */
    public interface Target {
        /** The verdict on the packet: 0..5, or {@link #XT_CONTINUE}. */
        int target(Packet p, int thoff, int hooknum, byte[] userargs);

        /** As {@link Match#checkentry}. */
        void checkentry(byte[] userargs);

        /** As {@link Match#destroy}. */
        void destroy(byte[] userargs);
    }

    /** A rule: protocol (0 for any), match (or null) and its arguments, target ("ACCEPT", "DROP" or an extension) and its arguments. */
    public record Rule(int proto, String match, byte[] matchArgs, String target, byte[] targetArgs) {
        /** The rule as iptables -S would print it, without the chain. */
        public String spec() {
            StringBuilder b = new StringBuilder();
            if (proto != 0) {
                b.append("-p ").append(proto == 6 ? "tcp" : proto == 17 ? "udp" : String.valueOf(proto)).append(' ');
            }
            if (match != null) {
                b.append("-m ").append(match).append(' ');
            }
            return b.append("-j ").append(target).toString();
        }
    }

    private static final Map<String, Integer> PRIORITY = Map.of("raw", -300, "mangle", -150, "filter", 0);
    private static final Map<String, List<String>> CHAINS = Map.of(
            "raw", List.of("PREROUTING", "OUTPUT"),
            "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"));
    private static final List<String> HOOK_OF = List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    private final Netfilter netfilter;
    private final Map<String, Match> matches = new ConcurrentHashMap<>();
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    /** table/chain → rules, an array replaced on each change: the packet path reads it without locking. */
    private final Map<String, Rule[]> rules = new ConcurrentHashMap<>();
    private final Map<String, Netfilter.Registration> hooked = new LinkedHashMap<>();

    Xtables(Netfilter netfilter) {
        this.netfilter = netfilter;
    }

    /** Registers match extension {@code name}; false when the name is taken. */
    public boolean registerMatch(String name, Match m) {
        return matches.putIfAbsent(name, m) == null;
    }

    /** Registers target extension {@code name}; false when the name is taken. */
    public boolean registerTarget(String name, Target t) {
        return targets.putIfAbsent(name, t) == null;
    }

    /** Removes match extension {@code name} (when it is {@code m}), with every rule using it. */
    public void unregisterMatch(String name, Match m) {
        if (matches.remove(name, m)) {
            dropRulesUsing(name, true);
        }
    }

    /** Removes target extension {@code name} (when it is {@code t}), with every rule using it. */
    public void unregisterTarget(String name, Target t) {
        if (targets.remove(name, t)) {
            dropRulesUsing(name, false);
        }
    }

    private synchronized void dropRulesUsing(String name, boolean match) {
        for (String key : List.copyOf(rules.keySet())) {
            Rule[] kept = Arrays.stream(rules.get(key)).filter(r -> !name.equals(match ? r.match() : r.target())).toArray(Rule[]::new);
            set(key, kept);
        }
    }

    /** The built-in chains of {@code table}; IllegalArgumentException, in iptables' words, for no such table. */
    private static List<String> chains(String table) {
        List<String> chains = CHAINS.get(table);
        if (chains == null) {
            throw new IllegalArgumentException("can't initialize iptables table `" + table + "': Table does not exist");
        }
        return chains;
    }

    private static String checkChain(String table, String chain) {
        List<String> chains = chains(table);
        if (!chains.contains(chain)) {
            throw new IllegalArgumentException("no chain/target/match by that name: " + chain + " (table " + table + " has " + String.join(", ", chains) + ")");
        }
        return table + "/" + chain;
    }

    /**
     * Adds {@code rule} to {@code chain} of {@code table}: appended, or inserted at the head when
     * {@code insert}. IllegalArgumentException (with iptables' words where it has them) for an
     * unknown table, chain, match or target, or a rule an extension's {@code checkentry} refused.
     */
    public synchronized void add(String table, String chain, Rule rule, boolean insert) {
        String key = checkChain(table, chain);
        Match m = null;
        if (rule.match() != null) {
            m = matches.get(rule.match());
            if (m == null) {
                throw new IllegalArgumentException("Couldn't load match `" + rule.match() + "': No such file or directory"
                        + " (no script registered xtable.match{name = \"" + rule.match() + "\"})");
            }
        }
        Target t = null;
        if (!rule.target().equals("ACCEPT") && !rule.target().equals("DROP")) {
            t = targets.get(rule.target());
            if (t == null) {
                throw new IllegalArgumentException("Couldn't load target `" + rule.target() + "': No such file or directory"
                        + " (no script registered xtable.target{name = \"" + rule.target() + "\"})");
            }
        }
        if (m != null) {
            m.checkentry(rule.matchArgs());
        }
        if (t != null) {
            t.checkentry(rule.targetArgs());
        }
        Rule[] old = rules.getOrDefault(key, new Rule[0]);
        Rule[] neu = new Rule[old.length + 1];
        if (insert) {
            neu[0] = rule;
            System.arraycopy(old, 0, neu, 1, old.length);
        } else {
            System.arraycopy(old, 0, neu, 0, old.length);
            neu[old.length] = rule;
        }
        set(key, neu);
    }

    /** Deletes the first rule of {@code chain} equal to {@code rule} (same spec and arguments); false when there is none. */
    public synchronized boolean delete(String table, String chain, Rule rule) {
        String key = checkChain(table, chain);
        Rule[] old = rules.getOrDefault(key, new Rule[0]);
        for (int i = 0; i < old.length; i++) {
            Rule r = old[i];
            if (r.spec().equals(rule.spec()) && Arrays.equals(r.matchArgs(), rule.matchArgs()) && Arrays.equals(r.targetArgs(), rule.targetArgs())) {
                Rule[] neu = new Rule[old.length - 1];
                System.arraycopy(old, 0, neu, 0, i);
                System.arraycopy(old, i + 1, neu, i, old.length - i - 1);
                set(key, neu);
                destroy(r);
                return true;
            }
        }
        return false;
    }

    /** Deletes every rule of {@code chain} (every chain of the table when null). */
    public synchronized void flush(String table, String chain) {
        for (String c : chain == null ? chains(table) : List.of(chain)) {
            String key = checkChain(table, c);
            Rule[] old = rules.getOrDefault(key, new Rule[0]);
            set(key, new Rule[0]);
            for (Rule r : old) {
                destroy(r);
            }
        }
    }

    private void destroy(Rule r) {
        Match m = r.match() == null ? null : matches.get(r.match());
        if (m != null) {
            m.destroy(r.matchArgs());
        }
        Target t = targets.get(r.target());
        if (t != null) {
            t.destroy(r.targetArgs());
        }
    }

    /** The rules of {@code table} as iptables -S prints them ({@code -P CHAIN ACCEPT}, then {@code -A CHAIN spec}). */
    public synchronized List<String> list(String table) {
        List<String> out = new ArrayList<>();
        for (String c : chains(table)) {
            out.add("-P " + c + " ACCEPT");
        }
        for (String c : chains(table)) {
            for (Rule r : rules.getOrDefault(table + "/" + c, new Rule[0])) {
                out.add("-A " + c + " " + r.spec());
            }
        }
        return out;
    }

    /** The chains of {@code table}, in iptables' order; IllegalArgumentException for an unknown table. */
    public static List<String> chainsOf(String table) {
        return chains(table);
    }

    /** The rules of {@code table}'s {@code chain}, in order. */
    public synchronized List<Rule> rules(String table, String chain) {
        return List.of(rules.getOrDefault(checkChain(table, chain), new Rule[0]));
    }

    private void set(String key, Rule[] neu) {
        rules.put(key, neu);
        Netfilter.Registration reg = hooked.get(key);
        if (neu.length == 0 && reg != null) {
            reg.unregister();
            hooked.remove(key);
        } else if (neu.length > 0 && reg == null) {
            String table = key.substring(0, key.indexOf('/'));
            String chain = key.substring(key.indexOf('/') + 1);
            int hooknum = HOOK_OF.indexOf(chain);
            hooked.put(key, netfilter.register(Netfilter.IPV4, hooknum, PRIORITY.get(table), (p, h) -> run(key, p, h)));
        }
    }

    private int run(String key, Packet p, int hooknum) {
        Rule[] chain = rules.get(key);
        if (chain == null || !p.isIpv4()) {
            return Netfilter.ACCEPT;
        }
        int proto = p.ipv4Protocol();
        int thoff = p.ipv4HeaderLength();
        for (Rule r : chain) {
            if (r.proto() != 0 && r.proto() != proto) {
                continue;
            }
            if (r.match() != null) {
                Match m = matches.get(r.match());
                int hit = m == null ? 0 : m.match(p, thoff, hooknum, r.matchArgs());
                if ((hit & Match.HOTDROP) != 0) {
                    return Netfilter.DROP;
                }
                if ((hit & Match.MATCHED) == 0) {
                    continue;
                }
            }
            switch (r.target()) {
                case "ACCEPT":
                    return Netfilter.ACCEPT;
                case "DROP":
                    return Netfilter.DROP;
                default:
                    Target t = targets.get(r.target());
                    int v = t == null ? XT_CONTINUE : t.target(p, thoff, hooknum, r.targetArgs());
                    if (v != XT_CONTINUE) {
                        return v;
                    }
            }
        }
        return Netfilter.ACCEPT;
    }
}
