#!/usr/bin/env python3
"""`runcover validate` on every broken protocol in tests/cli/invalid/.

Each case is one small, realistic mistake of a protocol author. Its first
lines are comments:

    # expect: RUNCOVER_E_CODE LINE:COL message substring
    # known-bug: why the library still gets this wrong   (optional)

For each case (loaded on top of the default set, as `runcover validate`
does) the check asserts:

  * exit status 1 and nothing on stdout;
  * exactly one error line on stderr, `FILE:LINE:COL: message`, with the
    expected position and the substring in the message, and no raw control
    characters;
  * the status code, through the library itself (ctypes, in a child
    process): runcover_evaluator_new_default() + runcover_evaluator_load_file()
    must fail with that code, at the same position, with one error.

A `known-bug` case documents a reported library bug with the *correct*
expectation: it passes while the check still fails ("known bug") and fails
once the bug is fixed, so that the marker gets removed.

Generated here rather than committed: a protocol of 1 MiB + 1 byte (refused
with RUNCOVER_E_LIMIT, no position) and one of exactly 1 MiB (accepted).

usage: check_invalid.py RUNCOVER_CLI [LIBRUNCOVER_SO] [-v]
       (without the library, e.g. in sanitizer builds, codes are not checked)
"""
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "invalid")
MIN_CASES = 30
MAX_BYTES = 1 << 20
CODES = ["RUNCOVER_OK", "RUNCOVER_E_INVALID", "RUNCOVER_E_RANGE", "RUNCOVER_E_NOMEM", "RUNCOVER_E_IO",
         "RUNCOVER_E_SYNTAX", "RUNCOVER_E_SCHEMA", "RUNCOVER_E_TYPE", "RUNCOVER_E_LIMIT",
         "RUNCOVER_E_NOTFOUND", "RUNCOVER_E_MISUSE"]
EXPECT = re.compile(r"^# expect: (RUNCOVER_E_[A-Z]+) (\d+):(\d+) (.+)$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

SMALL_PROTOCOL = """format: 1
protocol: my-big-club
version: 1
sources:
  club: "Club coaching notes"
rules:
  - id: club-big-walk
    when: session.duration_min >= 30
    category: cool_down
    phase: immediate
    title: Walk
    sources: [club]
"""


# --- the child: status codes straight from the library --------------------

class Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p), ("file", ctypes.c_char_p),
                ("line", ctypes.c_uint), ("column", ctypes.c_uint)]


def child(lib_path, files):
    lib = ctypes.CDLL(lib_path)
    lib.runcover_last_error.restype = ctypes.POINTER(Error)
    lib.runcover_last_error_count.restype = ctypes.c_size_t
    lib.runcover_evaluator_new_default.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    lib.runcover_evaluator_load_file.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.runcover_evaluator_free.argtypes = [ctypes.c_void_p]
    out = {}
    for path in files:
        ev = ctypes.c_void_p()
        if lib.runcover_evaluator_new_default(ctypes.byref(ev)) != 0:
            raise SystemExit("runcover_evaluator_new_default failed")
        st = lib.runcover_evaluator_load_file(ev, path.encode())
        e = lib.runcover_last_error().contents
        out[path] = {"status": st, "code": e.code, "line": e.line, "column": e.column,
                     "message": (e.message or b"").decode("utf-8", "replace"),
                     "count": lib.runcover_last_error_count()}
        lib.runcover_evaluator_free(ev)
    json.dump(out, sys.stdout)
    return 0


def library_results(lib_path, files):
    """{path: result} from a child process, or None (with a notice) when the
    library cannot be loaded into Python (sanitizer builds)."""
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", lib_path, *files],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace")
        if "Sanitizer" in err or "ASan" in err:
            print("note: the library cannot be loaded into Python here (sanitizer build); codes not checked")
            return None
        raise SystemExit(f"the ctypes child failed ({p.returncode}):\n{err}")
    return json.loads(p.stdout)


# --- the parent ------------------------------------------------------------

def read_case(path):
    exp, known_bug = None, None
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line.startswith("#"):
                break
            m = EXPECT.match(line)
            if m:
                exp = (m.group(1), int(m.group(2)), int(m.group(3)), m.group(4))
            elif line.startswith("# known-bug:"):
                known_bug = line[len("# known-bug:"):].strip()
    if not exp:
        raise SystemExit(f"{path}: no '# expect: CODE LINE:COL message' line")
    return exp, known_bug


def check_one(cli, path, exp, lib_result):
    """A list of problems (empty: as expected)."""
    code, line, col, needle = exp
    p = subprocess.run([cli, "validate", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    problems = []
    if p.returncode != 1:
        problems.append(f"exit status {p.returncode}, expected 1")
    if out:
        problems.append(f"stdout is not empty: {out!r}")
    lines = err.splitlines()
    if CONTROL.search(err):
        problems.append("raw control characters in the message")
    want = f"{path}:{line}:{col}: " if line else f"{path}: "
    if len(lines) != 1:
        problems.append(f"{len(lines)} error lines, expected exactly one")
    if not lines or not lines[0].startswith(want) or needle not in lines[0]:
        problems.append(f"expected a first line starting {want!r} containing {needle!r}")
    if lines and line and not re.match(re.escape(path) + r":\d+:\d+: \S", lines[0]):
        problems.append("the message is not 'file:line:col: message'")
    if lib_result is not None:
        got = CODES[lib_result["code"]] if 0 <= lib_result["code"] < len(CODES) else str(lib_result["code"])
        if lib_result["status"] != lib_result["code"]:
            problems.append(f"load returned {lib_result['status']} but last_error has {lib_result['code']}")
        if got != code:
            problems.append(f"library status {got}, expected {code}")
        if (lib_result["line"], lib_result["column"]) != (line, col):
            problems.append(f"library position {lib_result['line']}:{lib_result['column']}, expected {line}:{col}")
        if lib_result["count"] != 1:
            problems.append(f"library collected {lib_result['count']} errors, expected 1")
    if problems:
        problems.append("got: " + (err.strip() or "(nothing on stderr)"))
    return problems


def generated_cases(tmp):
    """(name, path, expect or None for 'must load') for the size limit."""
    cases = []
    body = SMALL_PROTOCOL.encode()
    pad = b"# padding to the size limit\n"

    def write(name, size):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(body)
            n = size - len(body)
            f.write(pad * (n // len(pad)))
            f.write(b"#" * (n % len(pad)))
        assert os.path.getsize(path) == size
        return path

    cases.append(("generated/exactly-1-MiB", write("exactly-1-MiB.yaml", MAX_BYTES), None))
    over = write("over-1-MiB.yaml", MAX_BYTES + 1)
    with open(over, "rb") as f:
        head = f.read(MAX_BYTES)  # the refusal points at the first byte past the limit
    line = head.count(b"\n") + 1
    col = len(head) - (head.rfind(b"\n") + 1) + 1
    cases.append(("generated/over-1-MiB", over, ("RUNCOVER_E_LIMIT", line, col, "larger than 1048576 bytes")))
    return cases


def main(argv):
    if len(argv) >= 2 and argv[1] == "--child":
        return child(argv[2], argv[3:])
    verbose = "-v" in argv
    args = [a for a in argv[1:] if a != "-v"]
    if not args:
        print(__doc__)
        return 2
    cli = args[0]
    lib_path = args[1] if len(args) > 1 else None
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for name in sorted(os.listdir(CASES)):
            if name.endswith(".yaml"):
                exp, known_bug = read_case(os.path.join(CASES, name))
                cases.append((name[:-5], os.path.join(CASES, name), exp, known_bug))
        for name, path, exp in generated_cases(tmp):
            cases.append((name, path, exp, None))
        results = library_results(lib_path, [c[1] for c in cases]) if lib_path else None
        if not lib_path:
            print("note: no library path given; status codes not checked")
        known = 0
        for name, path, exp, known_bug in cases:
            lib_result = results[path] if results else None
            if exp is None:  # must load
                p = subprocess.run([cli, "validate", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   timeout=30)
                problems = [] if p.returncode == 0 else [f"exit {p.returncode}: {p.stderr.decode(errors='replace')}"]
                if lib_result and lib_result["status"] != 0:
                    problems.append(f"library refused it: {lib_result['message']}")
            else:
                problems = check_one(cli, path, exp, lib_result)
            if known_bug:
                if problems:
                    known += 1
                    print(f"known bug {name}: {known_bug}")
                    if verbose:
                        print("    " + "\n    ".join(problems))
                    continue
                problems = [f"passes now: remove the '# known-bug:' line ({known_bug})"]
            if problems:
                failed += 1
                print(f"FAIL {name}\n    " + "\n    ".join(problems))
            elif verbose:
                print(f"ok   {name}")
    print(f"{len(cases) - failed - known} passed, {known} known bugs, {failed} failed ({len(cases)} cases)")
    if len(cases) < MIN_CASES:
        print(f"fewer than {MIN_CASES} cases")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
