package dev.lunatik.kernel.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lunatik.kernel.Kernel;
import dev.lunatik.kernel.KernelRuntime;
import dev.lunatik.kernel.net.NetStack.Fate;
import dev.lunatik.kernel.net.Xtables;
import dev.lunatik.vm.value.LuaError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xtable.match} / {@code xtable.target} behind iptables rules of the simulated kernel. */
class XtableLibTest {
    @TempDir
    Path root;
    Kernel k;
    KernelRuntime rt;

    @BeforeEach
    void boot() throws Exception {
        k = Lunatik.boot(root);
        Files.writeString(root.resolve("ext.lua"), """
                local xt = require "xtable"
                local log = {}
                function entries() return table.concat(log, ",") end
                xt.match{ name = "port", revision = 0, family = xt.family.UNSPEC, proto = 0, hooks = 0,
                  match = function(skb, par, userargs)
                    local want = string.unpack(">I2", userargs)
                    -- a match's view is read-only and starts at the IPv4 header
                    assert(skb:getuint8(0) == 0x45 and not pcall(skb.setuint8, skb, 0, 0))
                    local hit = ((skb:getuint8(par.thoff + 2) << 8) | skb:getuint8(par.thoff + 3)) == want
                    if hit and want == 9 then par.hotdrop = true end
                    return hit
                  end,
                  checkentry = function(userargs) log[#log + 1] = "check" .. #userargs end,
                  destroy = function(userargs) log[#log + 1] = "destroy" end }
                xt.target{ name = "CONT", revision = 0, family = xt.family.UNSPEC, proto = 0, hooks = 0,
                  target = function(skb, par, userargs) skb:setuint8(8, 7) return xt.action.CONTINUE end,
                  checkentry = function() end, destroy = function() end }
                xt.target{ name = "BAD", revision = 0, family = xt.family.UNSPEC, proto = 0, hooks = 0,
                  target = function() error("boom") end, checkentry = function() end, destroy = function() end }
                xt.target{ name = "PICKY", revision = 0, family = xt.family.UNSPEC, proto = 0, hooks = 0,
                  target = function() return xt.action.DROP end,
                  checkentry = function(userargs) error("no thanks") end, destroy = function() end }
                """);
        rt = KernelRuntime.create(k, "ext", false);
    }

    @AfterEach
    void stop() {
        rt.stop();
        Lunatik.shutdown(k);
    }

    static byte[] port(int p) {
        return Arrays.copyOf(new byte[] {(byte) (p >> 8), (byte) p}, Xtables.USERARGS_SIZE);
    }

    private Fate send(int port) {
        byte[] p = NetfilterLibTest.udp("8.8.8.8", port, "hi".getBytes(StandardCharsets.US_ASCII));
        return k.net().send(p, p.length).fate();
    }

    private String entries() {
        return rt.state().execute("return entries()", "=q")[0].toString();
    }

    @Test
    void rulesRunInOrderWithMatchesTargetsContinueAndHotdrop() {
        Xtables xt = k.net().xtables();
        byte[] none = new byte[Xtables.USERARGS_SIZE];
        xt.add("filter", "OUTPUT", new Xtables.Rule(17, null, none, "CONT", none), false);
        xt.add("filter", "OUTPUT", new Xtables.Rule(17, "port", port(53), "DROP", none), false);
        xt.add("filter", "OUTPUT", new Xtables.Rule(6, "port", port(80), "DROP", none), false); // tcp only
        xt.add("filter", "OUTPUT", new Xtables.Rule(0, "port", port(9), "ACCEPT", none), false);
        assertThat(entries()).isEqualTo("check256,check256,check256");
        assertThat(send(53)).isEqualTo(Fate.DROPPED);
        assertThat(send(80)).isEqualTo(Fate.SENT);    // the rule is for tcp
        assertThat(send(9)).isEqualTo(Fate.DROPPED);  // hotdrop, although the rule would accept
        assertThat(send(1234)).isEqualTo(Fate.SENT);  // no rule: the policy
        assertThat(xt.delete("filter", "OUTPUT", new Xtables.Rule(17, "port", port(53), "DROP", none))).isTrue();
        assertThat(entries()).endsWith(",destroy");
        assertThat(send(53)).isEqualTo(Fate.SENT);
        xt.flush("filter", null);
        assertThat(entries()).isEqualTo("check256,check256,check256,destroy,destroy,destroy");
    }

    @Test
    void aFailingTargetContinuesAndCheckentryCanRefuseARule() {
        Xtables xt = k.net().xtables();
        byte[] none = new byte[Xtables.USERARGS_SIZE];
        long mark = k.log().nextSequence();
        xt.add("mangle", "OUTPUT", new Xtables.Rule(0, null, none, "BAD", none), false);
        assertThat(send(53)).isEqualTo(Fate.SENT);
        assertThat(String.join("\n", k.log().since(mark))).contains("target error: ", "boom");
        IllegalArgumentException e = catchThrowableOfType(
                () -> xt.add("mangle", "OUTPUT", new Xtables.Rule(0, null, none, "PICKY", none), false), IllegalArgumentException.class);
        assertThat(e.getMessage()).contains("target 'PICKY' rejected the rule:", "no thanks", "(EINVAL)");
        assertThat(xt.list("mangle")).containsExactly("-P PREROUTING ACCEPT", "-P INPUT ACCEPT", "-P FORWARD ACCEPT",
                "-P OUTPUT ACCEPT", "-P POSTROUTING ACCEPT", "-A OUTPUT -j BAD");
    }

    @Test
    void registrationChecksItsFieldsAndAStoppedRuntimeTakesItsExtensionsAndRules() throws Exception {
        Files.writeString(root.resolve("dup.lua"), """
                local xt = require "xtable"
                xt.match{ name = "port", revision = 0, family = 0, hooks = 0, match = print }
                """);
        LuaError e = catchThrowableOfType(() -> KernelRuntime.create(k, "dup", false), LuaError.class);
        assertThat(e.getMessage()).contains("unable to register match (port exists)");
        Files.writeString(root.resolve("long.lua"), "require('xtable').match{ name = string.rep('x', 29), revision = 0, family = 0, hooks = 0 }");
        e = catchThrowableOfType(() -> KernelRuntime.create(k, "long", false), LuaError.class);
        assertThat(e.getMessage()).contains("bad field 'name' (at most 28 characters)");
        byte[] none = new byte[Xtables.USERARGS_SIZE];
        k.net().xtables().add("filter", "OUTPUT", new Xtables.Rule(0, "port", port(53), "DROP", none), false);
        rt.stop();
        assertThat(k.net().xtables().list("filter")).noneMatch(l -> l.startsWith("-A"));
        assertThat(send(53)).isEqualTo(Fate.SENT);
        rt = KernelRuntime.create(k, "ext", false); // for stop()
    }
}
