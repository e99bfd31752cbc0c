"""Scenarios: loading, positions, read-only views, lifetime."""

import gc
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402

EXAMPLE = os.path.join(S.SOURCE_ROOT, "examples", "scenarios", "long-run-heat.yaml")


class TestScenario(unittest.TestCase):
    def test_from_string(self) -> None:
        with runcover.Scenario.load_string(S.SCENARIO, name="s.yaml") as sc:
            self.assertTrue(sc.has_expect)
            self.assertEqual(sc.athlete.get("mass_kg"), 70.0)
            self.assertEqual(sc.athlete.get("preferences"), ("lactose_free",))
            self.assertEqual(sc.athlete.history_count, 1)
            self.assertEqual(sc.athlete.history[0].get("kind"), "race")
            self.assertEqual(sc.session.get("kind"), "long")
            self.assertEqual(sc.session.get("checkin_soreness"), 6.0)
            self.assertIs(sc.session.get("checkin_sharp_pain"), False)
            self.assertTrue(sc.athlete.readonly)

    def test_from_file(self) -> None:
        with runcover.Scenario.load_file(EXAMPLE) as sc:
            self.assertFalse(sc.has_expect)
            self.assertEqual(sc.session.get("temperature_c"), 30.0)
            with runcover.Evaluator.default() as ev, ev.evaluate(sc.athlete, sc.session) as p:
                self.assertFalse(p.red_flag)

    def test_syntax_error_has_line_and_column(self) -> None:
        text = "athlete:\n  mass_kg: 70\nsession: {kind: long\n"
        with self.assertRaises(runcover.ParseError) as cm:
            runcover.Scenario.load_string(text, name="broken.yaml")
        e = cm.exception
        self.assertEqual(e.file, "broken.yaml")
        self.assertIsInstance(e.line, int)
        self.assertIsInstance(e.column, int)
        self.assertGreaterEqual(e.line, 3)

    def test_bad_value_has_position(self) -> None:
        with self.assertRaises(runcover.RangeError) as cm:
            runcover.Scenario.load_string("athlete:\n  mass_kg: 20\nsession: {kind: long}\n", name="v.yaml")
        e = cm.exception
        self.assertEqual((e.file, e.line), ("v.yaml", 2))
        self.assertIn("athlete.mass_kg", e.message)

    def test_unknown_key(self) -> None:
        with self.assertRaises(runcover.Error) as cm:
            runcover.Scenario.load_string("athlete:\n  mas_kg: 70\nsession: {kind: long}\n")
        self.assertEqual(cm.exception.line, 2)

    def test_missing_file(self) -> None:
        with self.assertRaises(runcover.FileError):
            runcover.Scenario.load_file("/nonexistent.yaml")

    def test_views_are_read_only(self) -> None:
        with runcover.Scenario.load_string(S.SCENARIO) as sc:
            with self.assertRaises(runcover.MisuseError):
                sc.athlete.set(mass_kg=80)
            with self.assertRaises(runcover.MisuseError):
                sc.session.set(rpe=3)
            with self.assertRaises(runcover.MisuseError):
                sc.athlete.add_session(runcover.Session(end=S.END))
            with sc.athlete.clone() as a:
                a.set(mass_kg=80)
                self.assertEqual(a.get("mass_kg"), 80.0)
                self.assertEqual(a.history_count, 1)
            self.assertEqual(sc.athlete.get("mass_kg"), 70.0)

    def test_view_keeps_scenario_alive(self) -> None:
        athlete = runcover.Scenario.load_string(S.SCENARIO).athlete
        gc.collect()
        self.assertEqual(athlete.get("mass_kg"), 70.0)

    def test_closed_scenario(self) -> None:
        sc = runcover.Scenario.load_string(S.SCENARIO)
        athlete = sc.athlete
        sc.close()
        sc.close()
        with self.assertRaises(runcover.MisuseError):
            athlete.get("mass_kg")
        with self.assertRaises(runcover.MisuseError):
            sc.has_expect
        with self.assertRaises(TypeError):
            runcover.Scenario()


if __name__ == "__main__":
    unittest.main()
