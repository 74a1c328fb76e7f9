#!/usr/bin/env bash
# Builds and runs packet_callback.c: the packet-hook call through the reference C Lua API, the
# counterpart of PacketCallbackBenchmark. Needs a C compiler and Lua 5.4's headers and library:
# Debian's liblua5.4-dev (installed here when missing and we are root), or LUA_SRC=<dir with
# lua.h and liblua.a> (e.g. a built Lua source tree).
# usage: benchmarks/c/run.sh [SCRIPT [ITERATIONS [ROUNDS]]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/benchmarks/target/packet_callback"
mkdir -p "$root/benchmarks/target"
if [ -n "${LUA_SRC:-}" ]; then
  cflags="-I$LUA_SRC"; libs="$LUA_SRC/liblua.a -lm -ldl"
else
  if ! pkg-config --exists lua5.4 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y liblua5.4-dev >&2 || { apt-get update >&2 && apt-get install -y liblua5.4-dev >&2; }
    else
      echo "run.sh: install liblua5.4-dev or set LUA_SRC" >&2; exit 1
    fi
  fi
  cflags="$(pkg-config --cflags lua5.4)"; libs="$(pkg-config --libs lua5.4)"
fi
cc -O2 -o "$out" "$here/packet_callback.c" $cflags $libs -lpthread
script="${1:-$root/benchmarks/src/main/resources/dev/lunatik/bench/packet_filter.lua}"
exec "$out" "$script" "${2:-5000000}" "${3:-5}"
