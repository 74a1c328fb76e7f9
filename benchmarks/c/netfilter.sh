#!/usr/bin/env bash
# Builds and runs netfilter_callback.c: examples/dnsblock/nf_dnsblock.lua at LOCAL_OUT over
# 4,096 distinct DNS queries through the reference C Lua API, the counterpart of
# NetfilterBenchmark and `lunatik net bench`. Same needs as run.sh (liblua5.4-dev or LUA_SRC).
# usage: benchmarks/c/netfilter.sh [ITERATIONS [ROUNDS]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/benchmarks/target/netfilter_callback"
. "$here/lua-flags.sh"
build_harness netfilter_callback
exec "$out" "$root" "${1:-2000000}" "${2:-5}"
