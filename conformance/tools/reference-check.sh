#!/bin/sh
# Checks the corpus expectations against a reference Lua 5.4 interpreter.
#
#   tools/reference-check.sh [LUA] [FILE.lua...]
#
# LUA defaults to $LUA or lua5.4. For an exact match on the stack-limit files, use a stock
# Lua 5.4.7 built with LUAI_MAXSTACK 200 (the kernel's value). Each file runs inside its folder
# as `LUA <name>.lua` (so chunk names match the corpus runner's "@<name>.lua"), after
# `_VERSION = "Lua 5.4-kernel"`. A file whose first line starts with `-- kernel-only` shows
# kernel-Lua behaviour stock Lua cannot reproduce (floats, `/`, `^`, limits) and is skipped:
# its expectations were checked by hand.
set -u
LUA=${1:-${LUA:-lua5.4}}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/../src/test/resources/corpus" || exit 2
if [ $# -eq 0 ]; then set -- $(find . -name '*.lua' | sort); fi
pass=0; fail=0; skip=0
errfile=$(mktemp); trap 'rm -f "$errfile"' EXIT
for f in "$@"; do
  d=$(dirname "$f"); n=$(basename "$f" .lua)
  if head -n 1 "$f" | grep -q '^-- kernel-only'; then skip=$((skip+1)); continue; fi
  out=$(cd "$d" && "$LUA" -e '_VERSION = "Lua 5.4-kernel"' "$n.lua" 2>"$errfile"; echo "x$?")
  status=${out##*x}; out=${out%x*}
  errline=""
  # stderr also carries warn() output: only a failed run has an error message
  [ "$status" != 0 ] && errline=$(head -n 1 "$errfile" | sed "s|^$LUA: ||")
  exp=""; [ -f "$d/$n.expected" ] && exp=$(cat "$d/$n.expected"; printf x) && exp=${exp%x}
  experr=""; [ -f "$d/$n.error" ] && experr=$(head -n 1 "$d/$n.error")
  if [ "$out" = "$exp" ] && [ "$errline" = "$experr" ]; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "MISMATCH $f"
    [ "$out" != "$exp" ] && { echo "  stdout:"; printf '%s' "$out" | sed 's/^/    /'; echo; }
    [ "$errline" != "$experr" ] && echo "  error: [$errline] expected [$experr]"
  fi
done
echo "$pass match, $fail mismatch, $skip kernel-only skipped"
[ $fail -eq 0 ]
