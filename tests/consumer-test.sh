#!/bin/sh
# Installs the build into a temporary prefix and builds a C and a C++
# consumer with `pkg-config --cflags --libs runcover`, then runs them.
# usage: consumer-test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DESTDIR= meson install -C "$build" --destdir "$tmp/dest" --no-rebuild >/dev/null
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root="$tmp/dest$prefix"
pc=$(find "$root" -name runcover.pc | head -n1)
[ -n "$pc" ] || { echo "runcover.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$tmp/dest"
test -f "$root/include/runcover/runcover.h" || { echo "header not installed"; exit 1; }
ls "$root"/share/runcover/protocols/*.yaml >/dev/null || { echo "protocols not installed"; exit 1; }
cflags=$(pkg-config --cflags runcover)
libs=$(pkg-config --libs runcover)
libdir=$(dirname "$(dirname "$pc")") # the .pc lives in LIBDIR/pkgconfig
cc -std=c99 -Wall -Wextra -Werror $cflags "$src/examples/basic.c" -o "$tmp/basic-c" $libs
c++ -std=c++17 -Wall -Wextra -Werror $cflags -x c++ "$src/tests/header-cxx.cc" -o "$tmp/cxx" $libs
c++ -std=c++17 -Wall -Wextra -Werror $cflags "$src/examples/app.cpp" -o "$tmp/app" $libs
LD_LIBRARY_PATH="$libdir" "$tmp/basic-c" >"$tmp/out.txt"
grep -q . "$tmp/out.txt" || { echo "basic printed nothing"; exit 1; }
LD_LIBRARY_PATH="$libdir" "$tmp/cxx"
LD_LIBRARY_PATH="$libdir" "$tmp/app" >"$tmp/app.txt"
grep -q . "$tmp/app.txt" || { echo "app printed nothing"; exit 1; }
echo "consumer built with pkg-config ($cflags $libs) and ran: ok"
