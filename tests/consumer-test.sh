#!/bin/sh
# Installs the build into a temporary prefix and builds a C and a C++
# consumer with `pkg-config --cflags --libs runcover`, then runs them.
# usage: consumer-test.sh BUILD_DIR SOURCE_DIR
#
# Every step says what failed and shows the failing tool's own output:
# meson prints its errors on stdout, so nothing here is sent to /dev/null.
set -u
build=$1
src=$2
tmp=$(mktemp -d) || { echo "consumer: mktemp -d failed" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT
log="$tmp/step.log"

fail() {
    echo "consumer: FAILED: $*" >&2
    [ -s "$log" ] && sed 's/^/  | /' "$log" >&2
    exit 1
}

# run DESCRIPTION CMD...: runs CMD with its output in $log.
run() {
    what=$1
    shift
    "$@" >"$log" 2>&1 || fail "$what (exit $?): $*"
}

run "meson install into a temporary DESTDIR" \
    env DESTDIR= meson install -C "$build" --destdir "$tmp/dest" --no-rebuild

pc=$(find "$tmp/dest" -name runcover.pc | head -n 1)
[ -n "$pc" ] || fail "runcover.pc was not installed under $tmp/dest"
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$tmp/dest"
prefix=$(pkg-config --variable=prefix runcover 2>"$log") || fail "pkg-config --variable=prefix runcover"
case $prefix in # pkgconf prefixes the sysroot itself, pkg-config 0.29 does not
    "$tmp/dest"/*) root=$prefix ;;
    *) root="$tmp/dest$prefix" ;;
esac
libdir="$(dirname "$(dirname "$pc")")" # the .pc lives in LIBDIR/pkgconfig

test -f "$root/include/runcover/runcover.h" || fail "header not installed under $root/include/runcover"
test -f "$root/include/runcover/runcover.hpp" || fail "C++ header not installed under $root/include/runcover"
ls "$root"/share/runcover/protocols/*.yaml >"$log" 2>&1 || fail "protocols not installed under $root/share/runcover"

cflags=$(pkg-config --cflags runcover 2>"$log") || fail "pkg-config --cflags runcover"
libs=$(pkg-config --libs runcover 2>"$log") || fail "pkg-config --libs runcover"

# shellcheck disable=SC2086 # the flags are word lists
run "C consumer (examples/basic.c) build" \
    cc -std=c99 -Wall -Wextra -Werror $cflags "$src/examples/basic.c" -o "$tmp/basic-c" $libs
# shellcheck disable=SC2086
run "C++ header-only consumer build" \
    c++ -std=c++17 -Wall -Wextra -Werror $cflags -x c++ "$src/tests/header-cxx.cc" -o "$tmp/cxx" $libs
# shellcheck disable=SC2086
run "C++ consumer (examples/app.cpp) build" \
    c++ -std=c++17 -Wall -Wextra -Werror $cflags "$src/examples/app.cpp" -o "$tmp/app" $libs

run "examples/basic.c against the installed library" env LD_LIBRARY_PATH="$libdir" "$tmp/basic-c"
grep -q . "$log" || fail "basic printed nothing"
run "tests/header-cxx.cc against the installed library" env LD_LIBRARY_PATH="$libdir" "$tmp/cxx"
run "examples/app.cpp against the installed library" env LD_LIBRARY_PATH="$libdir" "$tmp/app"
grep -q . "$log" || fail "app printed nothing"

echo "consumer built with pkg-config ($cflags $libs) and ran: ok"
