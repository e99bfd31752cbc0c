#!/usr/bin/env python3
"""Every YAML test suite input through the CLI: `runcover validate FILE`.

None of the inputs is a protocol, so each must be refused cleanly:

  * nonzero exit status within 2 seconds, nothing on stdout claiming "ok",
    no sanitizer report;
  * a positioned message `FILE:LINE:COL: message` with the line inside the
    file (1 .. lines + 1) and a column >= 1; and, over the whole suite,
    positions that are not 1:1 for everything;
  * RUNCOVER_E_SYNTAX where libyaml 0.2.5 rejects the text and
    RUNCOVER_E_SCHEMA where it is YAML but no protocol.

The CLI prints no status names; it prints the library's message, and every
YAML-level RUNCOVER_E_SYNTAX message of lib/yaml.c starts with
"YAML syntax error" or "invalid text" (no RUNCOVER_E_SCHEMA message does).
That prefix is how this script tells the two codes apart.

index.tsv: `fail` is what the suite intends (1: invalid YAML), and
`libyaml_events` what libyaml 0.2.5 does with the event API (ok / error).
Our verdict follows libyaml. Where libyaml and the suite disagree the case
must be listed in libyaml-disagrees.txt (and only those cases: the list is
kept exact). The `expect` column must name the verdict we give
(reject:yaml = SYNTAX, reject:schema = SCHEMA).

usage: check.py RUNCOVER_CLI [--no-default] [-v]
"""
import os
import re
import subprocess
import sys
import time

TIMEOUT = 2.0
SYNTAX_PREFIXES = ("YAML syntax error", "invalid text")
SANITIZER = re.compile(r"(ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|==\d+== )")


def read_index(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for name in ("id", "fail", "libyaml_events", "expect", "name"):
            if name not in col:
                raise SystemExit(f"{path}: no column '{name}'")
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < len(header):
                continue
            cases.append({
                "id": fields[col["id"]],
                "suite_invalid": fields[col["fail"]] == "1",
                "libyaml_rejects": fields[col["libyaml_events"]] == "error",
                "expect": fields[col["expect"]].split()[0] if fields[col["expect"]] else "",
                "name": fields[col["name"]],
            })
    return cases


def read_disagreements(path):
    listed = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            listed[parts[0]] = parts[1] if len(parts) > 1 else ""
    return listed


def count_lines(data):
    # as lib/yaml.c counts them: \n, \r\n and a lone \r end a line
    return data.count(b"\n") + data.replace(b"\r\n", b"").count(b"\r") + 1


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    cli = args[0]
    extra = ["--no-default"] if "--no-default" in sys.argv else []
    verbose = "-v" in sys.argv
    here = os.path.dirname(os.path.abspath(__file__))
    cases = read_index(os.path.join(here, "index.tsv"))
    listed = read_disagreements(os.path.join(here, "libyaml-disagrees.txt"))
    files = {f[:-5] for f in os.listdir(here) if f.endswith(".yaml")}
    if len(cases) < 300:
        print(f"index.tsv lists only {len(cases)} cases")
        return 1

    failures = []
    counts = {"SYNTAX": 0, "SCHEMA": 0}
    at_1_1 = 0
    slowest = (0.0, "")
    disagree = 0

    def bad(cid, why):
        failures.append(f"FAIL {cid}: {why}")

    indexed = {c["id"] for c in cases}
    for missing in sorted(files - indexed):
        bad(missing, "file not in index.tsv")
    for stale in sorted(set(listed) - indexed):
        bad(stale, "listed in libyaml-disagrees.txt but not in index.tsv")

    for c in cases:
        cid = c["id"]
        if cid not in files:
            bad(cid, "in index.tsv but no file")
            continue
        want = "SYNTAX" if c["libyaml_rejects"] else "SCHEMA"
        # the list of disagreements is exact
        if c["suite_invalid"] != c["libyaml_rejects"]:
            disagree += 1
            if cid not in listed:
                bad(cid, f"libyaml {'rejects' if c['libyaml_rejects'] else 'accepts'} it, the suite says "
                         f"{'invalid' if c['suite_invalid'] else 'valid'}: add it to libyaml-disagrees.txt")
        elif cid in listed:
            bad(cid, "listed in libyaml-disagrees.txt but libyaml and the suite agree")
        want_expect = "reject:yaml" if want == "SYNTAX" else "reject:schema"
        if c["expect"] != want_expect:
            bad(cid, f"index.tsv expect is '{c['expect']}', libyaml's verdict is {want_expect}")

        path = os.path.join(here, cid + ".yaml")
        with open(path, "rb") as f:
            nlines = count_lines(f.read())
        t0 = time.monotonic()
        try:
            out = subprocess.run([cli, "validate", path] + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            bad(cid, f"no verdict within {TIMEOUT} s")
            continue
        dt = time.monotonic() - t0
        if dt > slowest[0]:
            slowest = (dt, cid)
        err = out.stderr.decode("utf-8", "replace")
        std = out.stdout.decode("utf-8", "replace")
        if out.returncode == 0 or ": ok (" in std:
            bad(cid, f"accepted (exit {out.returncode}): {std.strip()[:200]}")
            continue
        if out.returncode < 0 or out.returncode > 1:
            bad(cid, f"exit status {out.returncode}: {err.strip()[:300]}")
            continue
        if SANITIZER.search(err):
            bad(cid, "sanitizer report:\n" + err[:2000])
            continue
        m = re.search("^" + re.escape(path) + r":(\d+):(\d+): (.*)$", err, re.M)
        if not m:
            bad(cid, f"no positioned message: {err.strip()[:300]}")
            continue
        line, col, msg = int(m.group(1)), int(m.group(2)), m.group(3)
        got = "SYNTAX" if msg.startswith(SYNTAX_PREFIXES) else "SCHEMA"
        counts[got] += 1
        at_1_1 += line == 1 and col == 1
        if verbose:
            print(f"{cid}\t{got}\t{line}:{col}\t{msg}")
        if got != want:
            bad(cid, f"RUNCOVER_E_{got}, expected RUNCOVER_E_{want} ({c['name']}): {line}:{col}: {msg}")
        if not (1 <= line <= nlines + 1) or col < 1:
            bad(cid, f"position {line}:{col} outside the file ({nlines} lines): {msg}")

    # positions point at the problem, not at 1:1 for everything (1:1 is right
    # for a document that is no mapping, or a bad key on line 1)
    if at_1_1 * 2 >= len(cases):
        failures.append(f"FAIL: {at_1_1} of {len(cases)} cases report 1:1")

    for f in failures:
        print(f)
    print(f"{len(cases)} cases: {counts['SYNTAX']} RUNCOVER_E_SYNTAX, {counts['SCHEMA']} RUNCOVER_E_SCHEMA, "
          f"{disagree} where libyaml 0.2.5 and the suite disagree ({len(listed)} listed), {at_1_1} at 1:1, "
          f"slowest {slowest[0]:.3f} s ({slowest[1]}); {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
