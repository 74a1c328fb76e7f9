package dev.lunatik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lunatik.cli.LuaCommand.Options;
import org.junit.jupiter.api.Test;

/** The option scanner alone (lua.c's collectargs): no VM needed. */
class LuaOptionsTest {
    private static Options parse(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "lua";
        System.arraycopy(args, 0, argv, 1, args.length);
        return Options.parse(argv);
    }

    @Test
    void scriptIsFirstNonOption() {
        Options o = parse("-e", "x=1", "-lmod", "s.lua", "-v", "a");
        assertThat(o.error()).isFalse();
        assertThat(o.script()).isEqualTo(4);
        assertThat(o.execute()).isTrue();
        assertThat(o.version()).isFalse(); // "-v" after the script is an argument of the script
    }

    @Test
    void noScriptGivesZero() {
        assertThat(parse("-e", "print(1)").script()).isZero();
        assertThat(parse().script()).isZero();
    }

    @Test
    void doubleDashStopsOptions() {
        assertThat(parse("--", "-x").script()).isEqualTo(2);
        assertThat(parse("-e", "x", "--").script()).isZero();
        assertThat(parse("--x").error()).isTrue();
    }

    @Test
    void singleDashIsTheScript() {
        Options o = parse("-", "a");
        assertThat(o.error()).isFalse();
        assertThat(o.script()).isEqualTo(1);
    }

    @Test
    void interactiveImpliesVersion() {
        Options o = parse("-i");
        assertThat(o.interactive()).isTrue();
        assertThat(o.version()).isTrue();
    }

    @Test
    void flagsTakeNoSuffix() {
        for (String bad : new String[] {"-vx", "-Ex", "-Wx", "-ix", "-q"}) {
            Options o = parse("-e", "1", bad);
            assertThat(o.error()).as(bad).isTrue();
            assertThat(o.script()).as(bad).isEqualTo(3);
        }
        assertThat(parse("-E").noEnv()).isTrue();
    }

    @Test
    void execAndLibNeedAnArgument() {
        Options missing = parse("-e");
        assertThat(missing.error()).isTrue();
        assertThat(missing.script()).isEqualTo(1);
        Options dash = parse("-l", "-v");
        assertThat(dash.error()).isTrue();
        assertThat(dash.script()).isEqualTo(1);
        assertThat(parse("-lmod").error()).isFalse();
        assertThat(parse("-eprint(1)").execute()).isTrue();
    }
}
