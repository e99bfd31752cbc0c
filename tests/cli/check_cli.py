#!/usr/bin/env python3
"""The `runcover` command as DESIGN §6 describes it: plan (text, --json,
--explain, --units, --protocol, --no-default, options before or after the
file), validate, test, version, exit statuses 0/1/2, positioned and escaped
messages, byte-identical JSON across runs and locales.

usage: check_cli.py RUNCOVER_CLI SOURCE_ROOT   (unittest arguments may follow)
"""
import json
import os
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
                f.write(body.rstrip("\n") + "\nexpect:\n  fires: [ice-bath-race]\n")
            rc, out, err = run("test", path)
            self.assertEqual(rc, 1)
            self.assertIn("FAIL", out)
            self.assertIn("ice-bath-race", out)
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


if __name__ == "__main__":
    CLI, ROOT = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=1)
