#!/usr/bin/env python3
"""`runcover validate --no-default` on every YAML test suite input: exit
status 1 within 2 seconds and a `file:line:col: message` line with the
position inside the file.

usage: check-cli.py RUNCOVER_CLI
"""
import os
import re
import subprocess
import sys
import time


def main() -> int:
    cli = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    files = sorted(f for f in os.listdir(here) if f.endswith(".yaml"))
    failed = 0
    slowest = 0.0
    for name in files:
        path = os.path.join(here, name)
        t0 = time.monotonic()
        out = subprocess.run([cli, "validate", "--no-default", path], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=10)
        dt = time.monotonic() - t0
        slowest = max(slowest, dt)
        text = out.stdout.decode("utf-8", "replace")
        with open(path, "rb") as f:
            nlines = f.read().count(b"\n") + 1
        m = re.search(re.escape(path) + r":(\d+):(\d+): \S", text)
        ok = out.returncode == 1 and m is not None and 1 <= int(m.group(1)) <= nlines + 1 and dt < 2.0
        if not ok:
            failed += 1
            print(f"FAIL {name}: exit {out.returncode}, {dt:.2f} s: {text[:300]}")
    print(f"{len(files) - failed} of {len(files)} refused cleanly; slowest {slowest:.3f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
