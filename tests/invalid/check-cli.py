#!/usr/bin/env python3
"""`runcover validate` on every tests/invalid/<case>/input.yaml: exit status 1
and a `file:line:col: message` line with the expected position and text.

usage: check-cli.py RUNCOVER_CLI
"""
import os
import subprocess
import sys


def main() -> int:
    cli = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    failed = 0
    cases = sorted(d for d in os.listdir(here) if os.path.isdir(os.path.join(here, d)))
    for case in cases:
        exp = {}
        with open(os.path.join(here, case, "expected"), encoding="utf-8") as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition(":")
                exp[k.strip()] = v.strip()
        path = os.path.join(here, case, "input.yaml")
        args = [cli, "validate", path] + ([] if exp.get("default") == "yes" else ["--no-default"])
        out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10)
        text = out.stdout.decode("utf-8", "replace")
        want = f"{path}:{exp['line']}:{exp['column']}: "
        ok = out.returncode == 1 and any(l.startswith(want) and exp["message"] in l for l in text.splitlines())
        print(("ok   " if ok else "FAIL ") + case)
        if not ok:
            failed += 1
            print(f"  exit {out.returncode}, wanted a line starting {want!r} with {exp['message']!r}:\n  {text}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed or len(cases) < 30 else 0


if __name__ == "__main__":
    sys.exit(main())
