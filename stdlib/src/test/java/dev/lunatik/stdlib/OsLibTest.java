package dev.lunatik.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lunatik.vm.value.LuaError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsLibTest {
    @TempDir
    Path dir;

    private LuaRun host() {
        LuaRun lua = new LuaRun(StandardLibraries.host());
        lua.run("os = require 'os' io = require 'io'");
        return lua;
    }

    @Test
    void timeIsTheCurrentEpochSecondAsAnInteger() {
        LuaRun lua = host();
        long before = Instant.now().getEpochSecond();
        String r = lua.run("local t = os.time() print(math.type and math.type(t) or 'integer', t)");
        long after = Instant.now().getEpochSecond();
        long t = Long.parseLong(r.split("\t")[1].trim());
        assertThat(t).isBetween(before, after);
    }

    @Test
    void timeAndDateAreInverse() {
        LuaRun lua = host();
        assertThat(lua.run("local t = os.time() print(os.time(os.date('*t', t)) == t)")).isEqualTo("true\n");
        assertThat(lua.run("local d = os.date('*t', 1700000000) print(os.time(d))")).isEqualTo("1700000000\n");
        assertThat(lua.run("print(os.date('!%Y-%m-%d %H:%M:%S', 0), os.date('!%c', 1700000000))"))
                .isEqualTo("1970-01-01 00:00:00\tTue Nov 14 22:13:20 2023\n");
    }

    @Test
    void dateTableFieldsMatchJavaTime() {
        LuaRun lua = host();
        ZonedDateTime d = Instant.ofEpochSecond(1234567890).atZone(ZoneId.systemDefault());
        assertThat(lua.run("local d = os.date('*t', 1234567890) print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.yday, d.wday)"))
                .isEqualTo(d.getYear() + "\t" + d.getMonthValue() + "\t" + d.getDayOfMonth() + "\t" + d.getHour() + "\t"
                        + d.getMinute() + "\t" + d.getSecond() + "\t" + d.getDayOfYear() + "\t"
                        + (d.getDayOfWeek().getValue() % 7 + 1) + "\n");
        assertThat(lua.run("local d = os.date('!*t', 1700000000) print(d.year, d.month, d.day, d.hour, d.wday, d.yday, d.isdst)"))
                .isEqualTo("2023\t11\t14\t22\t3\t318\tfalse\n");
    }

    @Test
    void timeNormalizesTheTableLikeMktime() {
        LuaRun lua = host();
        String r = lua.run("local t = {year = 2021, month = 14, day = -3, hour = 25, min = 61, sec = -1} "
                + "local v = os.time(t) print(os.date('%Y-%m-%d %H:%M:%S', v), t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday)");
        assertThat(r).isEqualTo("2022-01-29 02:00:59\t2022\t1\t29\t2\t0\t59\t29\t7\n");
        assertThat(lua.run("print(os.time{year = 2000, month = 1, day = 1} - os.time{year = 2000, month = 1, day = 1, hour = 0})"))
                .isEqualTo("43200\n");
    }

    @Test
    void timeFieldErrors() {
        LuaRun lua = host();
        assertThatThrownBy(() -> lua.run("os.time{month = 1, day = 1}")).hasMessage("test:1: field 'year' missing in date table");
        assertThatThrownBy(() -> lua.run("os.time{year = 'x', month = 1, day = 1}")).hasMessage("test:1: field 'year' is not an integer");
        assertThatThrownBy(() -> lua.run("os.time{year = 1 << 40, month = 1, day = 1}")).hasMessage("test:1: field 'year' is out-of-bound");
        assertThat(lua.run("print(os.time{year = '2000', month = '1', day = 1} == os.time{year = 2000, month = 1, day = 1})"))
                .isEqualTo("true\n");
    }

    @Test
    void dateConversions() {
        LuaRun lua = host();
        assertThat(lua.run("print(os.date('!%a %A %b %B %h %C %d %e %g %G %H %I %j %m %M %S %u %U %V %w %W %y %Y %z %Z %%', 1700000000))"))
                .isEqualTo("Tue Tuesday Nov November Nov 20 14 14 23 2023 22 10 318 11 13 20 2 46 46 2 46 23 2023 +0000 GMT %\n");
        assertThat(lua.run("print(os.date('!%x|%X|%D|%F|%R|%T|%r|%p|%Ey|%OH', 1700000000))"))
                .isEqualTo("11/14/23|22:13:20|11/14/23|2023-11-14|22:13|22:13:20|10:13:20 PM|PM|23|22\n");
        // ISO weeks around new year (checked against C's strftime)
        assertThat(lua.run("print(os.date('!%U %V %W %G', 1609459200), os.date('!%U %V %W %G', -34560000))"))
                .isEqualTo("00 53 00 2020\t47 48 48 1968\n");
        assertThatThrownBy(() -> lua.run("os.date('%Ez abc')"))
                .hasMessage("test:1: bad argument #1 to 'date' (invalid conversion specifier '%Ez abc')");
        assertThatThrownBy(() -> lua.run("os.date('x%')"))
                .hasMessage("test:1: bad argument #1 to 'date' (invalid conversion specifier '%')");
        assertThatThrownBy(() -> lua.run("os.date('*t', 1 << 62)"))
                .hasMessage("test:1: date result cannot be represented in this installation");
    }

    @Test
    void clockIsIntegerMillisecondsAndAdvances() {
        LuaRun lua = host();
        String r = lua.run("local c0 = os.clock() local x = 0 for i = 1, 3000000 do x = x + i % 7 end "
                + "local c1 = os.clock() print(c0 >= 0, c1 >= c0, c1 - c0 < 60000)");
        assertThat(r).isEqualTo("true\ttrue\ttrue\n");
    }

    @Test
    void difftimeIsAnIntegerDifference() {
        LuaRun lua = host();
        assertThat(lua.run("print(os.difftime(10, 3), os.difftime(3, 10))")).isEqualTo("7\t-7\n");
        assertThatThrownBy(() -> lua.run("os.difftime(1)"))
                .hasMessage("test:1: bad argument #2 to 'difftime' (number expected, got no value)");
    }

    @Test
    void getenvReadsTheHostEnvironment() {
        LuaRun lua = host();
        OsLib.setEnvironment(lua.state, Map.of("LUNATIK_TEST", "yes"));
        assertThat(lua.run("print(os.getenv('LUNATIK_TEST'), os.getenv('PATH'))")).isEqualTo("yes\tnil\n");
        OsLib.setEnvironment(lua.state, null);
        assertThat(lua.run("print(os.getenv('LUNATIK_SURELY_UNSET_VARIABLE'))")).isEqualTo("nil\n");
    }

    @Test
    void exitGoesThroughTheHandlerAndPastPcall() {
        LuaRun lua = host();
        assertThatThrownBy(() -> lua.run("pcall(os.exit, 3)"))
                .isInstanceOfSatisfying(OsLib.ExitRequest.class, e -> assertThat(e.status()).isEqualTo(3));
        assertThatThrownBy(() -> lua.run("coroutine.wrap(function() pcall(os.exit, false, true) end)()"))
                .isInstanceOfSatisfying(OsLib.ExitRequest.class, e -> {
                    assertThat(e.status()).isEqualTo(1);
                    assertThat(e.close()).isTrue();
                });
        List<Integer> seen = new ArrayList<>();
        OsLib.setExitHandler(lua.state, (status, close) -> {
            seen.add(status);
            throw new LuaError("exit " + status);
        });
        assertThat(lua.run("print(pcall(os.exit)) print(pcall(os.exit, true)) print(pcall(os.exit, 7))"))
                .isEqualTo("false\texit 0\nfalse\texit 0\nfalse\texit 7\n");
        assertThat(seen).containsExactly(0, 0, 7);
    }

    @Test
    void removeRenameAndTmpname() throws IOException {
        LuaRun lua = host();
        Path a = dir.resolve("a.txt");
        Files.writeString(a, "x");
        lua.state.setGlobal("a", a.toString());
        lua.state.setGlobal("b", dir.resolve("b.txt").toString());
        assertThat(lua.run("print(os.rename(a, b))")).isEqualTo("true\n");
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("x");
        assertThat(lua.run("print(os.rename(a, b))")).isEqualTo("nil\tNo such file or directory\t2\n");
        assertThat(lua.run("print(os.remove(b))")).isEqualTo("true\n");
        assertThat(lua.run("print(os.remove(b))")).isEqualTo("nil\t" + dir.resolve("b.txt") + ": No such file or directory\t2\n");
        assertThat(lua.run("local n = os.tmpname() local f = io.open(n) print(f ~= nil) f:close() print(os.remove(n))"))
                .isEqualTo("true\ntrue\n");
    }

    @Test
    void setlocaleKnowsOnlyC() {
        assertThat(host().run("print(os.setlocale(), os.setlocale('C'), os.setlocale(''), os.setlocale('fr_FR'))"))
                .isEqualTo("C\tC\tC\tnil\n");
    }
}
