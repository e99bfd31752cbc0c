#!/bin/sh
# Compares the built library with the ABI baseline of the last release
# (tests/abi/runcover.abi, written by abidw) and fails on any change to the
# released interface: a removed or changed function, a changed public type.
# Added functions pass (--no-added-syms). See tests/abi/README.md.
# usage: check-abi.sh LIBRARY PUBLIC_HEADERS_DIR BASELINE.abi
set -u
lib=$1
headers=$2
baseline=$3
out=$(abidiff --no-added-syms --headers-dir2 "$headers" "$baseline" "$lib" 2>&1)
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "$out"
    case $rc in
    1 | 2 | 3) echo "abidiff failed to run (exit $rc)" ;;
    *) echo "ABI CHANGED against $baseline (abidiff exit $rc: 4 = change, 8 = incompatible)" ;;
    esac
    exit 1
fi
echo "ABI compatible with $baseline (additions allowed)"
