#!/usr/bin/env python3
"""JSON golden files: `runcover plan --json` (and --json --explain) on fixed
scenarios must print exactly the bytes stored here.

usage: check.py RUNCOVER_CLI SOURCE_ROOT [--update]

A change to the protocols or the JSON writer that changes a plan shows up as
a diff here; review it, then rerun with --update to accept it.
"""
import difflib
import json
import os
import subprocess
import sys

# (golden file, scenario relative to the source root, extra CLI flags)
CASES = [
    ("s1-hot-long-run.json", "protocols/tests/s1-hot-long-run.yaml", []),
    ("s1-hot-long-run.explain.json", "protocols/tests/s1-hot-long-run.yaml", ["--explain"]),
    ("s3-race-imperial.json", "protocols/tests/s3-race-imperial.yaml", []),
    ("s4-easy-run-numbness.json", "protocols/tests/s4-easy-run-numbness.yaml", ["--explain"]),
    ("s0-five-ultras.json", "protocols/tests/s0-five-ultras.yaml", []),
    ("minimal-session.json", "protocols/tests/minimal-session.yaml", []),
]


def main() -> int:
    cli, root = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    here = os.path.dirname(os.path.abspath(__file__))
    failed = 0
    for name, scenario, flags in CASES:
        out = subprocess.run([cli, "plan", "--json", *flags, os.path.join(root, scenario)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
                             env=dict(os.environ, LC_ALL="C"))
        if out.returncode != 0:
            print(f"FAIL {name}: exit {out.returncode}: {out.stderr.decode(errors='replace')}")
            failed += 1
            continue
        text = out.stdout.decode("utf-8")
        json.loads(text)  # must be valid JSON
        path = os.path.join(here, name)
        if update:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            print(f"updated {name}")
            continue
        with open(path, encoding="utf-8", newline="") as f:
            want = f.read()
        if text != want:
            failed += 1
            print(f"FAIL {name}: output differs from the golden file")
            diff = difflib.unified_diff(want.splitlines(), text.splitlines(), "golden/" + name, "runcover", lineterm="")
            for i, line in enumerate(diff):
                if i > 60:
                    print("  ...")
                    break
                print("  " + line)
        else:
            print(f"ok   {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
