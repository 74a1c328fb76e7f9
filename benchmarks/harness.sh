#!/usr/bin/env bash
# Side-by-side harness: ./lunatik vs lua5.4, LuaJIT, LuaJ 3.0.1 and LuaJ's compiler luajc on
# benchmarks/programs/*.lua. Builds what is missing (and installs lua5.4 and luajit when absent
# and we are root), then runs dev.lunatik.bench.Harness from the repository root. Arguments are
# passed through: --runs N (default 5), --programs fib,sieve, --only lua5.4,luajit,luaj,luajc,
# --warm (warm cost per repetition: 12 against 2 repetitions in one process), --svg FILE,
# --timeout SECONDS, --lunatik PATH, --java JAVA. Set REBUILD=1 to rebuild the jars.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The reference interpreter (installed when absent and we are root).
if ! command -v lua5.4 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "harness.sh: installing lua5.4" >&2
    apt-get install -y lua5.4 >&2 || { apt-get update >&2 && apt-get install -y lua5.4 >&2; } \
      || echo "harness.sh: could not install lua5.4; its column will show FAIL" >&2
  else
    echo "harness.sh: lua5.4 not found (install it: apt-get install -y lua5.4); its column will show FAIL" >&2
  fi
fi

# LuaJIT, a column of its own (Debian's luajit package).
if ! command -v luajit >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "harness.sh: installing luajit" >&2
    apt-get install -y luajit >&2 || { apt-get update >&2 && apt-get install -y luajit >&2; } \
      || echo "harness.sh: could not install luajit; its column will show FAIL" >&2
  else
    echo "harness.sh: luajit not found (install it: apt-get install -y luajit); its column will show FAIL" >&2
  fi
fi

# benchmarks.jar (the harness itself, shaded), luaj-jse.jar and, for luajc, bcel.jar with its
# dependencies (copied by maven-dependency-plugin).
jar=benchmarks/target/benchmarks.jar
luaj=benchmarks/target/luaj-jse.jar
if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$jar" ] || [ ! -f "$luaj" ] || [ ! -f benchmarks/target/bcel.jar ]; then
  echo "harness.sh: building $jar and $luaj" >&2
  mvn -B -q -pl benchmarks -am package -DskipTests >&2
fi

# Our launcher: build the cli module when the launcher is there but its jar is not.
if [ -x ./lunatik ] && [ -f cli/pom.xml ] && ! ls cli/target/*.jar >/dev/null 2>&1; then
  echo "harness.sh: building the cli module for ./lunatik" >&2
  mvn -B -q -pl cli -am package -DskipTests >&2 || echo "harness.sh: cli build failed; the lunatik column will show FAIL" >&2
fi

# Same JVM selection as the Harness's default for LuaJ: LUNATIK_JAVA, else JAVA_HOME, else PATH.
java_cmd="${LUNATIK_JAVA:-}"
if [ -z "$java_cmd" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_cmd="$JAVA_HOME/bin/java"; else java_cmd=java; fi
fi
exec "$java_cmd" -cp "$jar" dev.lunatik.bench.Harness "$@"
