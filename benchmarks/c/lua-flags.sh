# Sourced by run.sh, netfilter.sh and netfilter-vs.sh (which set $here and $root): sets cflags and
# libs for Lua 5.4, from LUA_SRC (a directory with lua.h and liblua.a) or from Debian's
# liblua5.4-dev, installed here when missing and we are root; and defines build_harness.
if [ -n "${LUA_SRC:-}" ]; then
  cflags="-I$LUA_SRC"; libs="$LUA_SRC/liblua.a -lm -ldl"
else
  if ! pkg-config --exists lua5.4 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y liblua5.4-dev >&2 || { apt-get update >&2 && apt-get install -y liblua5.4-dev >&2; }
    else
      echo "$(basename "$0"): install liblua5.4-dev or set LUA_SRC" >&2; exit 1
    fi
  fi
  cflags="$(pkg-config --cflags lua5.4)"; libs="$(pkg-config --libs lua5.4)"
fi

# build_harness NAME: compiles $here/NAME.c into $root/benchmarks/target/NAME.
build_harness() {
  mkdir -p "$root/benchmarks/target"
  # shellcheck disable=SC2086 # cflags and libs are lists of words
  cc -O2 -o "$root/benchmarks/target/$1" "$here/$1.c" $cflags $libs -lpthread
}
