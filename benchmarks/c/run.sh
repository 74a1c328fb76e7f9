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
. "$here/lua-flags.sh"
build_harness packet_callback
script="${1:-$root/benchmarks/src/main/resources/dev/lunatik/bench/packet_filter.lua}"
exec "$out" "$script" "${2:-5000000}" "${3:-5}"
