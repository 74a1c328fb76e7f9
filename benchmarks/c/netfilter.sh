#!/usr/bin/env bash
# Builds and runs netfilter_callback.c: examples/dnsblock/nf_dnsblock.lua at LOCAL_OUT over
# 4,096 distinct DNS queries through the reference C Lua API, the counterpart of
# NetfilterBenchmark and `lunatik net bench`. Same needs as run.sh (liblua5.4-dev or LUA_SRC).
# usage: benchmarks/c/netfilter.sh [ITERATIONS [ROUNDS]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/benchmarks/target/netfilter_callback"
mkdir -p "$root/benchmarks/target"
if [ -n "${LUA_SRC:-}" ]; then
  cflags="-I$LUA_SRC"; libs="$LUA_SRC/liblua.a -lm -ldl"
else
  if ! pkg-config --exists lua5.4 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y liblua5.4-dev >&2 || { apt-get update >&2 && apt-get install -y liblua5.4-dev >&2; }
    else
      echo "netfilter.sh: install liblua5.4-dev or set LUA_SRC" >&2; exit 1
    fi
  fi
  cflags="$(pkg-config --cflags lua5.4)"; libs="$(pkg-config --libs lua5.4)"
fi
cc -O2 -o "$out" "$here/netfilter_callback.c" $cflags $libs -lpthread
exec "$out" "$root" "${1:-2000000}" "${2:-5}"
