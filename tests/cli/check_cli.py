#!/usr/bin/env python3
"""The `runcover` command as DESIGN §6 describes it: plan (text, --json,
--explain, --units, --protocol, --no-default, options before or after the
file), validate, test, version, exit statuses 0/1/2, positioned and escaped
messages, byte-identical JSON across runs and locales; the JSON's shape and
number format, red-flag plans, option spellings and order, `--`, --help
anywhere, missing and non-regular files, control characters and invalid
UTF-8 in names and input escaped, write errors, `validate` on several files
and on top of the default set, `test` verdicts, directories, coverage.

usage: check_cli.py RUNCOVER_CLI SOURCE_ROOT   (unittest arguments may follow)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = ""
ROOT = ""


def run(*args, env=None, cwd=None):
    e = dict(os.environ, LC_ALL="C")
    if env:
        e.update(env)
    p = subprocess.run([CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, cwd=cwd, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def src(*parts):
    return os.path.join(ROOT, *parts)


SAMPLE = "examples/scenarios/long-run-heat.yaml"
EXTRA = """format: 1
protocol: extra
version: 2
sources: { x: "An extra source" }
rules:
  - id: extra-tip
    when: session.duration_min >= 60
    category: rest
    phase: mid_term
    title: An extra tip
    sources: [x]
"""


class TestPlan(unittest.TestCase):
    def test_text_plan(self):
        rc, out, err = run("plan", src(SAMPLE))
        self.assertEqual(rc, 0, err)
        for want in ("Cool down", "carbohydrate", "Recovery estimate", "not medical advice"):
            self.assertIn(want, out)

    def test_json_fields(self):
        rc, out, err = run("plan", "--json", src(SAMPLE))
        self.assertEqual(rc, 0, err)
        d = json.loads(out)
        for k in ("format", "library_version", "protocols", "sources", "recovery_hours",
                  "next_hard_session_after", "red_flag", "items", "suppressed", "load"):
            self.assertIn(k, d)
        self.assertEqual(d["format"], 1)
        self.assertEqual(len(d["protocols"]), 8)
        for p in d["protocols"]:
            self.assertEqual(set(p), {"name", "version", "sha256"})
            self.assertRegex(p["sha256"], "^[0-9a-f]{64}$")
        for it in d["items"]:
            for k in ("id", "category", "phase", "title", "sources"):
                self.assertIn(k, it)
            self.assertNotIn("because", it)
            for v in it.values():
                self.assertIsNotNone(v)  # absent values are omitted, never null
        carbs = [i for i in d["items"] if i["id"] == "refuel-carbs"][0]
        self.assertEqual(carbs["amount"], {"min": 56, "max": 84, "unit": "g"})

    def test_options_after_the_file_and_explain(self):
        rc, out, err = run("plan", src(SAMPLE), "--json", "--explain")
        self.assertEqual(rc, 0, err)
        d = json.loads(out)
        self.assertTrue(all("because" in i for i in d["items"]))
        rc, out, err = run("plan", "--explain", src(SAMPLE))
        self.assertEqual(rc, 0, err)
        self.assertIn("session.duration_min", out)

    def test_deterministic(self):
        a = run("plan", "--json", "--explain", src(SAMPLE))
        b = run("plan", "--json", "--explain", src(SAMPLE))
        self.assertEqual(a, b)

    def test_locale_does_not_change_output(self):
        loc = tempfile.mkdtemp()
        try:
            made = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(loc, "de_DE.UTF-8")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            env = {"LOCPATH": loc, "LC_ALL": "de_DE.UTF-8"}
            probe = subprocess.run(["printf", "%.1f", "1.5"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, **env)).stdout.decode()
            if made not in (0, 1) or probe != "1,5":
                self.skipTest("no de_DE locale can be made here (needs the locales package)")
            c = run("plan", "--json", "--explain", src(SAMPLE))
            de = run("plan", "--json", "--explain", src(SAMPLE), env=env)
            self.assertEqual(c, de)
            c = run("plan", "--units", "imperial", src(SAMPLE))
            de = run("plan", "--units", "imperial", src(SAMPLE), env=env)
            self.assertEqual(c, de)
        finally:
            shutil.rmtree(loc)

    def test_units(self):
        sc = src("protocols/tests/imperial-weighed.yaml")
        rc, metric, err = run("plan", "--units", "metric", sc)
        self.assertEqual(rc, 0, err)
        rc, imperial, err = run("plan", "--units", "imperial", sc)
        self.assertEqual(rc, 0, err)
        self.assertIn("fl oz", imperial)
        self.assertNotIn("fl oz", metric)
        # JSON amounts stay metric whatever the units
        jm = json.loads(run("plan", "--json", "--units", "metric", sc)[1])
        ji = json.loads(run("plan", "--json", "--units", "imperial", sc)[1])
        self.assertEqual([i.get("amount") for i in jm["items"]], [i.get("amount") for i in ji["items"]])
        self.assertEqual(run("plan", "--units", "furlongs", sc)[0], 2)

    def test_extra_protocol_and_no_default(self):
        d = tempfile.mkdtemp()
        try:
            path = os.path.join(d, "extra.yaml")
            with open(path, "w") as f:
                f.write(EXTRA)
            rc, out, err = run("plan", "--json", "--protocol", path, src(SAMPLE))
            self.assertEqual(rc, 0, err)
            ids = [i["id"] for i in json.loads(out)["items"]]
            self.assertIn("extra-tip", ids)
            self.assertIn("refuel-carbs", ids)
            rc, out, err = run("plan", "--json", "--no-default", "--protocol", d, src(SAMPLE))
            self.assertEqual(rc, 0, err)
            ids = [i["id"] for i in json.loads(out)["items"]]
            self.assertEqual(ids, ["extra-tip"])
        finally:
            shutil.rmtree(d)

    def test_bad_scenario_is_positioned(self):
        d = tempfile.mkdtemp()
        try:
            path = os.path.join(d, "bad.yaml")
            with open(path, "w") as f:
                f.write("athlete:\n  mass_kg: 70\nsession:\n  rpe: 11\n")
            rc, out, err = run("plan", path)
            self.assertEqual(rc, 1)
            self.assertIn(path + ":4:8: ", err)
            self.assertIn("session.rpe", err)
        finally:
            shutil.rmtree(d)

    def test_control_characters_are_escaped(self):
        d = tempfile.mkdtemp()
        try:
            path = os.path.join(d, "bad\x1b[31mname.yaml")
            with open(path, "w") as f:
                f.write("session:\n  kind: \"sprint\x07\"\n")
            rc, out, err = run("plan", path)
            self.assertEqual(rc, 1)
            self.assertNotIn("\x1b", err)
            self.assertNotIn("\x07", err)
            self.assertIn("\\x1b", err)
        finally:
            shutil.rmtree(d)

    def test_missing_file(self):
        rc, out, err = run("plan", "/nonexistent/scenario.yaml")
        self.assertEqual(rc, 1)
        self.assertIn("/nonexistent/scenario.yaml", err)


class TestValidateAndTest(unittest.TestCase):
    def test_validate_default_set(self):
        rc, out, err = run("validate", src("protocols"))
        self.assertEqual(rc, 0, out + err)
        rc, out, err = run("validate", "--no-default", src("protocols"))
        self.assertEqual(rc, 0, out + err)

    def test_validate_empty_directory(self):
        # nothing to validate is a mistake (a wrong path), not "ok (8 protocols)"
        d = tempfile.mkdtemp()
        try:
            with open(os.path.join(d, "notes.txt"), "w") as f:
                f.write("not a protocol\n")
            rc, out, err = run("validate", d)
            self.assertEqual(rc, 1, out + err)
            self.assertIn("no protocol files", err)
            self.assertNotIn("ok", out)
        finally:
            shutil.rmtree(d)

    def test_validate_reports_every_error(self):
        d = tempfile.mkdtemp()
        try:
            for name in ("a.yaml", "b.yaml"):
                with open(os.path.join(d, name), "w") as f:
                    f.write(EXTRA.replace("extra", name[0]).replace("session.duration_min", "session.nope"))
            rc, out, err = run("validate", "--no-default", d)
            self.assertEqual(rc, 1)
            text = out + err
            self.assertIn(os.path.join(d, "a.yaml") + ":7:11: ", text)
            self.assertIn(os.path.join(d, "b.yaml") + ":7:11: ", text)
        finally:
            shutil.rmtree(d)

    def test_protocol_tests_pass_with_coverage(self):
        rc, out, err = run("test", src("protocols/tests"), "--require-coverage")
        self.assertEqual(rc, 0, out + err)
        self.assertRegex(out, r"\n\d+ passed, 0 failed\n?$")

    def test_failing_expectation(self):
        d = tempfile.mkdtemp()
        try:
            path = os.path.join(d, "fail.yaml")
            with open(src(SAMPLE)) as f:
                body = f.read()
            with open(path, "w") as f:
                f.write(body.rstrip("\n") + "\nexpect:\n  fires: [ice-bath]\n")
            rc, out, err = run("test", path)
            self.assertEqual(rc, 1)
            self.assertIn("FAIL", out)
            self.assertIn("ice-bath", out)
            self.assertRegex(out, r"fail\.yaml:\d+:\d+: fires:")
            self.assertIn("0 passed, 1 failed", out)
        finally:
            shutil.rmtree(d)


class TestUsage(unittest.TestCase):
    def test_usage_errors_exit_2(self):
        for args in ([], ["frobnicate"], ["plan"], ["plan", "--bogus", src(SAMPLE)], ["plan", "--units"]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 2, args)
            self.assertIn("usage:", err)

    def test_help_and_version(self):
        rc, out, err = run("--help")
        self.assertEqual(rc, 0)
        self.assertIn("usage: runcover plan", out)
        rc, out, err = run("version")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^runcover \d+\.\d+\.\d+")



# --- more of DESIGN §6 ------------------------------------------------------

NUMBER = re.compile(r'(?<![\w."])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w"])')
RED_FLAG_CATEGORIES = {"medical", "rest", "refuel", "rehydrate", "meal", "nap", "sleep", "elevation",
                       "compression", "cold_therapy", "stress", "caffeine"}


def header_version():
    with open(src("include/runcover/runcover.h"), encoding="utf-8") as f:
        return re.search(r'#define RUNCOVER_VERSION_STRING "([^"]+)"', f.read()).group(1)


class Tmp(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text, mode="w"):
        path = os.path.join(self.dir, name)
        with open(path, mode) as f:
            f.write(text)
        return path


class TestPlanJson(unittest.TestCase):
    def plan(self, scenario, *extra):
        rc, out, err = run("plan", "--json", *extra, src(scenario))
        self.assertEqual(rc, 0, err)
        return out, json.loads(out)

    def assert_no_null(self, v, where="$"):
        self.assertIsNotNone(v, where)
        if isinstance(v, dict):
            for k, x in v.items():
                self.assert_no_null(x, f"{where}.{k}")
        elif isinstance(v, list):
            for i, x in enumerate(v):
                self.assert_no_null(x, f"{where}[{i}]")

    def test_shape(self):
        out, d = self.plan(SAMPLE, "--explain")
        self.assert_no_null(d)
        self.assertEqual(d["library_version"], header_version())
        self.assertIsInstance(d["sources"], dict)
        self.assertTrue(all(isinstance(k, str) and isinstance(v, str) and v for k, v in d["sources"].items()))
        self.assertIsInstance(d["recovery_hours"], (int, float))
        self.assertIs(d["red_flag"], False)
        self.assertIsInstance(d["load"], dict)
        self.assertTrue(d["load"])
        self.assertTrue(all(isinstance(v, (int, float)) for v in d["load"].values()))
        # next hard session: RFC 3339 in the session end's offset (+01:00)
        self.assertRegex(d["next_hard_session_after"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$")
        allowed = {"id", "category", "phase", "window", "duration", "amount", "title", "detail", "sources",
                   "because"}
        for it in d["items"]:
            self.assertLessEqual(set(it), allowed, it["id"])
            self.assertIn(it["phase"], {"immediate", "mid_term", "long_term", "return_to_run", "medical"})
            for s in it["sources"]:
                self.assertIn(s, d["sources"], it["id"])
            if "window" in it:
                self.assertEqual(set(it["window"]), {"start_min", "end_min"})
                self.assertLessEqual(it["window"]["start_min"], it["window"]["end_min"])
            if "duration" in it:
                self.assertEqual(set(it["duration"]), {"min", "max"})
            if "amount" in it:
                self.assertEqual(set(it["amount"]), {"min", "max", "unit"})
        # items: window start, then no window (DESIGN §4.8)
        starts = [it["window"]["start_min"] if "window" in it else float("inf") for it in d["items"]]
        self.assertEqual(starts, sorted(starts))
        for s in d["suppressed"]:
            self.assertEqual(set(s), {"id", "by"})

    def test_numbers_are_plain_and_short(self):
        for scenario in (SAMPLE, "protocols/tests/s0-five-ultras.yaml", "protocols/tests/downhill-trail.yaml"):
            out, d = self.plan(scenario)
            # strings (titles, details, dates) aside, every number is the
            # shortest form with at most three decimals: 56, 1.65, not 56.0
            # or 1.650 or 5.6e1
            bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', out)
            for n in NUMBER.findall(bare):
                self.assertRegex(n, r"^-?(0|[1-9]\d*)(\.\d{0,2}[1-9])?$", f"{scenario}: {n}")
                self.assertNotEqual(n, "-0", scenario)

    def test_red_flag_plan(self):
        out, d = self.plan("protocols/tests/redflag-sharp-pain.yaml")
        self.assertIs(d["red_flag"], True)
        self.assertNotIn("next_hard_session_after", d)
        cats = {it["category"] for it in d["items"]}
        self.assertIn("medical", cats)
        self.assertLessEqual(cats, RED_FLAG_CATEGORIES)
        self.assertIn({"id": "cool-down", "by": "red-flag"}, d["suppressed"])
        rc, text, err = run("plan", src("protocols/tests/redflag-sharp-pain.yaml"))
        self.assertEqual(rc, 0, err)
        self.assertIn("Next hard session: only after a professional has cleared you.", text)

    def test_byte_identical_runs_and_locales(self):
        """No locale variable changes a byte, whether or not the locale
        exists here (a missing one falls back to C; the real de_DE is
        exercised by test_locale_does_not_change_output when it can be
        made)."""
        for args in (("plan", "--json", "--explain", src(SAMPLE)), ("plan", src(SAMPLE)),
                     ("plan", "--units", "imperial", src(SAMPLE))):
            base = run(*args)
            self.assertEqual(base[0], 0, base[2])
            for env in ({"LC_ALL": "de_DE.UTF-8"}, {"LC_ALL": "", "LC_NUMERIC": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"},
                        {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "fr_FR.UTF-8"}, {"LC_ALL": "", "LANG": ""}):
                self.assertEqual(run(*args, env=env), base, (args, env))

    def test_plan_from_another_directory(self):
        rc, a, err = run("plan", "--json", src(SAMPLE))
        rc2, b, err2 = run("plan", "--json", os.path.relpath(src(SAMPLE), "/tmp"), cwd="/tmp")
        self.assertEqual((rc, rc2), (0, 0), err + err2)
        self.assertEqual(a, b)


class TestOptions(Tmp):
    def test_option_spellings_and_positions(self):
        extra = self.write("extra.yaml", EXTRA)
        base = run("plan", "--json", "--protocol", extra, "--units", "imperial", src(SAMPLE))
        self.assertEqual(base[0], 0, base[2])
        for args in (("plan", "--json", "--protocol=" + extra, "--units=imperial", src(SAMPLE)),
                     ("plan", src(SAMPLE), "--units", "imperial", "--protocol", extra, "--json"),
                     ("plan", "--units=imperial", src(SAMPLE), "--json", "--protocol=" + extra)):
            self.assertEqual(run(*args), base, args)

    def test_several_protocols_in_order(self):
        extra = self.write("extra.yaml", EXTRA)
        over = self.write("over.yaml", EXTRA.replace("protocol: extra", "protocol: over")
                          .replace("rules:", "override:").replace("An extra tip", "An overridden tip"))
        rc, out, err = run("plan", "--json", "--protocol", extra, "--protocol", over, src(SAMPLE))
        self.assertEqual(rc, 0, err)
        d = json.loads(out)
        self.assertEqual([i["title"] for i in d["items"] if i["id"] == "extra-tip"], ["An overridden tip"])
        self.assertEqual([p["name"] for p in d["protocols"]][-2:], ["extra", "over"])
        # the other order: the override comes before the rule it replaces
        rc, out, err = run("plan", "--protocol", over, "--protocol", extra, src(SAMPLE))
        self.assertEqual(rc, 1)
        self.assertIn(over + ":6:9: ", err)
        self.assertIn("override of unknown rule 'extra-tip'", err)

    def test_double_dash_ends_options(self):
        with open(src(SAMPLE)) as f:
            self.write("-odd.yaml", f.read())
        rc, out, err = run("plan", "--json", "--", "-odd.yaml", cwd=self.dir)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["format"], 1)
        self.assertEqual(run("plan", "--json", "-odd.yaml", cwd=self.dir)[0], 2)

    def test_usage_errors(self):
        for args in (["plan", src(SAMPLE), src(SAMPLE)], ["plan", "--protocol"], ["plan", src(SAMPLE), "--protocol"],
                     ["plan", "--units", "stones", src(SAMPLE)], ["plan", "--units=", src(SAMPLE)],
                     ["plan", src(SAMPLE), "-x"], ["validate"], ["validate", "--no-default"], ["test"],
                     ["test", "--require-coverage"], ["PLAN", src(SAMPLE)], ["plan", "--json=yes", src(SAMPLE)]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 2, args)
            self.assertEqual(out, "", args)
            self.assertIn("usage:", err, args)

    def test_help_anywhere(self):
        for args in (["--help"], ["-h"], ["help"], ["plan", "--help"], ["validate", "-h"], ["test", "x", "--help"]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 0, args)
            self.assertIn("usage: runcover plan", out, args)
            for word in ("--json", "--explain", "--units", "--protocol", "--no-default", "validate", "test",
                         "version"):
                self.assertIn(word, out)

    def test_version_is_the_library_version(self):
        rc, out, err = run("version")
        self.assertEqual(rc, 0)
        self.assertEqual(out, f"runcover {header_version()} (headers {header_version()})\n")
        self.assertEqual(run("--version")[1], out)

    def test_output_write_error(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        with open("/dev/full", "w") as full:
            p = subprocess.run([CLI, "plan", "--json", src(SAMPLE)], stdout=full, stderr=subprocess.PIPE,
                               timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"cannot write", p.stderr)


class TestErrors(Tmp):
    def test_missing_files_name_the_path(self):
        missing = os.path.join(self.dir, "no-such.yaml")
        for args in (["plan", missing], ["plan", "--protocol", missing, src(SAMPLE)], ["validate", missing],
                     ["test", missing]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 1, args)
            self.assertIn(missing + ": cannot open", err, args)

    def test_not_a_regular_file(self):
        fifo = os.path.join(self.dir, "pipe.yaml")
        os.mkfifo(fifo)
        for args in (["validate", fifo], ["plan", fifo], ["plan", "--protocol", fifo, src(SAMPLE)]):
            rc, out, err = run(*args)  # must not block on the pipe
            self.assertEqual(rc, 1, args)
            self.assertIn(fifo + ": not a regular file", err, args)
        rc, out, err = run("plan", self.dir)
        self.assertEqual(rc, 1)
        self.assertIn(self.dir, err)

    def test_bad_extra_protocol_fails_the_plan(self):
        bad = self.write("bad.yaml", EXTRA.replace("session.duration_min >= 60", "session.duration_min >= "))
        rc, out, err = run("plan", "--json", "--protocol", bad, src(SAMPLE))
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        self.assertRegex(err, "^" + re.escape(bad) + r":7:\d+: ")

    def test_control_characters_in_input_are_escaped(self):
        # ESC in a key, BEL in a rule id, the one-byte CSI (U+009B) in a value
        text = EXTRA.replace("rules:", 'rules:\n  - { "id": "a\\u009b[2J", when: "true", category: rest, '
                             'phase: mid_term, title: x, "\\ewhen": 1 }')
        path = self.write("ctl.yaml", text)
        rc, out, err = run("validate", "--no-default", path)
        self.assertEqual(rc, 1)
        self.assertNotRegex(err, "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
        self.assertIn("\\x1bwhen", err)
        self.assertIn("\\u009b", err)

    def test_control_characters_in_names_are_escaped(self):
        for name in ("esc\x1b[2Jname.yaml", "csi\u009bname.yaml", "nl\nname.yaml"):
            good = self.write(name, EXTRA)
            rc, out, err = run("validate", good)
            self.assertEqual(rc, 0, err)
            self.assertNotRegex(out + err, "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
            self.assertEqual(out.count("\n"), 1)
            self.assertIn(": ok (", out)
            os.remove(good)
        bad = self.write("bad\x1bname.yaml", "format: 2\n")
        for args in (["validate", bad], ["plan", bad], ["test", bad]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 1, args)
            self.assertNotIn("\x1b", out + err, args)
            self.assertIn("bad\\x1bname.yaml", out + err, args)

    def test_invalid_utf8_in_a_name(self):
        path = os.path.join(self.dir.encode(), b"latin\xb0.yaml")
        p = subprocess.run([CLI.encode(), b"plan", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, LC_ALL="C"), timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"latin\\xb0.yaml", p.stderr)
        p.stderr.decode("utf-8")  # what reaches the terminal is valid UTF-8


class TestValidateMore(Tmp):
    def test_several_files_each_reported(self):
        good = self.write("good.yaml", EXTRA)
        bad = self.write("bad.yaml", EXTRA.replace("protocol: extra", "protocol: bad")
                         .replace("category: rest", "category: resting"))
        rc, out, err = run("validate", good, bad, src("protocols"))
        self.assertEqual(rc, 1)
        self.assertIn(good + ": ok (9 protocols,", out)
        self.assertIn(src("protocols") + ": ok (8 protocols, ", out)
        self.assertNotIn(bad, out)
        self.assertIn(bad + ":8:15: unknown category 'resting'", err)

    def test_validate_loads_on_top_of_the_default_set(self):
        # the default set's sources are visible; without it they are not
        text = EXTRA.replace("sources: [x]", "sources: [s4]")
        path = self.write("uses-s4.yaml", text)
        self.assertEqual(run("validate", path)[0], 0)
        rc, out, err = run("validate", "--no-default", path)
        self.assertEqual(rc, 1)
        self.assertIn("unknown source 's4'", err)
        # a rule id of the default set is taken ...
        dup = self.write("dup.yaml", EXTRA.replace("id: extra-tip", "id: nap"))
        rc, out, err = run("validate", dup)
        self.assertEqual(rc, 1)
        self.assertIn("duplicate rule id 'nap'", err)
        # ... but free with --no-default, options after the files
        self.assertEqual(run("validate", dup, "--no-default")[0], 0)

    def test_a_modified_default_protocol_needs_no_default(self):
        with open(src("protocols/40-long-term.yaml")) as f:
            text = f.read().replace("version: 1", "version: 2", 1)
        path = self.write("40-long-term.yaml", text)
        rc, out, err = run("validate", path)
        self.assertEqual(rc, 1)
        self.assertIn(path + ":", err)
        self.assertEqual(run("validate", "--no-default", src("protocols/00-safety.yaml"), "--")[0], 0)

    def test_many_files(self):
        names = []
        for i in range(300):
            names.append(self.write(f"p{i:03}.yaml", EXTRA.replace("protocol: extra", f"protocol: p{i}")))
        rc, out, err = run("validate", "--no-default", "--", *names)
        self.assertEqual(rc, 0, err[:500])
        self.assertEqual(out.count(": ok ("), 300)

    def test_a_directory_is_one_atomic_set(self):
        d = os.path.join(self.dir, "set")
        os.mkdir(d)
        with open(os.path.join(d, "a.yaml"), "w") as f:
            f.write(EXTRA)
        with open(os.path.join(d, "b.yaml"), "w") as f:
            f.write("format: 1\nprotocol: b\nversion: 1\ndisable: [extra-tip]\n")
        rc, out, err = run("validate", "--no-default", d)
        self.assertEqual(rc, 0, err)
        self.assertIn(": ok (2 protocols,", out)
        # alone, b.yaml disables a rule that does not exist
        rc, out, err = run("validate", "--no-default", os.path.join(d, "b.yaml"))
        self.assertEqual(rc, 1)
        self.assertIn(os.path.join(d, "b.yaml") + ":4:11: disable of unknown rule 'extra-tip'", err)


class TestTestMore(Tmp):
    def scenario(self, name, expect):
        with open(src(SAMPLE)) as f:
            body = f.read().rstrip("\n")
        return self.write(name, body + "\n" + expect)

    def test_extra_protocol_and_passing_scenario(self):
        extra = self.write("extra.yaml", EXTRA)
        sc = self.scenario("s.yaml", "expect:\n  fires: [extra-tip, refuel-carbs]\n  red_flag: false\n")
        rc, out, err = run("test", "--protocol", extra, sc)
        self.assertEqual(rc, 0, out + err)
        self.assertIn("PASS " + sc, out)
        self.assertIn("1 passed, 0 failed", out)
        rc, out, err = run("test", sc, "--protocol", extra, "--no-default")
        self.assertEqual(rc, 1)
        self.assertIn("refuel-carbs", out)

    def test_every_failed_expectation_is_named(self):
        sc = self.scenario("s.yaml", "expect:\n  fires: [ice-bath]\n  red_flag: true\n"
                           "  categories: [medical]\n  text_absent: [\"carbohydrate\"]\n")
        rc, out, err = run("test", sc)
        self.assertEqual(rc, 1)
        self.assertIn("FAIL " + sc, out)
        for what in ("fires:", "red_flag:", "categories:", "text_absent:"):
            self.assertRegex(out, re.escape(sc) + r":\d+:\d+: " + what)
        self.assertIn("0 passed, 1 failed", out)

    def test_scenario_without_expectations_fails(self):
        with open(src(SAMPLE)) as f:
            sc = self.write("no-expect.yaml", f.read())
        rc, out, err = run("test", sc)
        self.assertEqual(rc, 1)
        self.assertIn("FAIL " + sc, out)
        self.assertIn("no expect", out)

    def test_bad_scenario_fails_with_position(self):
        good = self.scenario("a-good.yaml", "expect:\n  fires: [refuel-carbs]\n")
        bad = self.write("b-bad.yaml", "session:\n  kind: long\n  rpe: 12\nexpect:\n  red_flag: false\n")
        rc, out, err = run("test", self.dir)
        self.assertEqual(rc, 1)
        self.assertIn("PASS " + good, out)
        self.assertIn("FAIL " + bad, out)
        self.assertRegex(err, re.escape(bad) + r":3:\d+: .*session\.rpe")
        self.assertIn("1 passed, 1 failed", out)

    def test_directory_order_and_yml(self):
        for name in ("b.yaml", "a.yml", "c.yaml", ".hidden.yaml", "notes.txt"):
            self.scenario(name, "expect:\n  red_flag: false\n")
        rc, out, err = run("test", self.dir)
        self.assertEqual(rc, 0, out + err)
        ran = re.findall(r"^PASS (.*)$", out, re.M)
        self.assertEqual([os.path.basename(p) for p in ran], ["a.yml", "b.yaml", "c.yaml"])

    def test_empty_directory_is_an_error(self):
        rc, out, err = run("test", self.dir)
        self.assertEqual(rc, 1)
        self.assertIn(self.dir + ": no scenario files", err)

    def test_require_coverage(self):
        sc = self.scenario("one.yaml", "expect:\n  red_flag: false\n")
        rc, out, err = run("test", sc)
        self.assertEqual(rc, 0, out + err)
        self.assertIn("never fired: see-pro-sharp-pain", out)
        rc, out, err = run("test", sc, "--require-coverage")
        self.assertEqual(rc, 1)
        self.assertRegex(out, r"coverage required: \d+ rules never fired")
        self.assertIn("1 passed, 0 failed", out)  # scenarios counted apart from coverage

if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=1)
