#!/usr/bin/env bash
# nf_dnsblock at LOCAL_OUT over 4,096 distinct DNS queries, side by side: the reference C Lua API
# (netfilter_callback.c, one round of ITERATIONS packets) and `lunatik net bench` in the daemon
# (SECONDS per round), alternating for ROUNDS pairs so that both see the same moments of a shared
# machine; prints each pair's ratio and the median ratio. Needs the benchmarks jar (mvn package)
# and what netfilter.sh needs. Uses its own daemon (a private LUNATIK_RUNTIME_DIR), unloaded after.
# usage: benchmarks/c/netfilter-vs.sh [ROUNDS [ITERATIONS [SECONDS]]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-8}" iterations="${2:-1000000}" seconds="${3:-2}"
out="$root/benchmarks/target/netfilter_callback"
. "$here/lua-flags.sh"
build_harness netfilter_callback
capture="$root/benchmarks/target/dns-queries-4096.pcap"
java -cp "$root/benchmarks/target/benchmarks.jar" dev.lunatik.bench.NetfilterBenchmark "$capture"
export LUNATIK_ROOT="$root" LUNATIK_RUNTIME_DIR
LUNATIK_RUNTIME_DIR="$(mktemp -d)"
trap '"$root/lunatik" unload >/dev/null 2>&1 || true; rm -rf "$LUNATIK_RUNTIME_DIR"' EXIT
lunatik() { "$root/lunatik" "$@"; }
lunatik run examples/dnsblock/nf_dnsblock false
lunatik net bench --hook LOCAL_OUT "$capture" --seconds 6 >/dev/null # warm-up
lunatik version
ratios=()
for ((r = 1; r <= rounds; r++)); do
  c="$("$out" "$root" "$iterations" 1 | sed -n 's/.*best \([0-9]*\) packets.*/\1/p')"
  j="$(lunatik net bench --hook LOCAL_OUT "$capture" --seconds "$seconds" | awk '{print $1}')"
  ratio="$(awk -v j="$j" -v c="$c" 'BEGIN {printf "%.2f", j / c}')"
  ratios+=("$ratio")
  printf 'round %d: C API %d packets/s, lunatik %d packets/s, ratio %s\n' "$r" "$c" "$j" "$ratio"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR] = $1} END {m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "median ratio (lunatik / C API): %.2f over %d rounds\n", m, NR}'
