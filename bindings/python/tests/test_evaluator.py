"""Evaluator: default set, loading from strings, files and directories."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402

BUILTIN_MEDICAL = "runcover-see-a-professional"


class TestEvaluator(unittest.TestCase):
    def test_empty_evaluator_has_the_safety_floor(self) -> None:
        with runcover.Evaluator() as ev:
            self.assertEqual(ev.protocols, ())
            self.assertEqual(ev.rule_count, 1)
            self.assertEqual(ev.rules, (BUILTIN_MEDICAL,))
            self.assertIn(BUILTIN_MEDICAL, ev)
            self.assertNotIn("refuel-carbs", ev)
            self.assertNotIn(3, ev)

    def test_default_evaluates(self) -> None:
        with runcover.Evaluator.default() as ev, S.athlete() as a, S.session() as s:
            self.assertGreaterEqual(ev.rule_count, 1)
            self.assertIn(BUILTIN_MEDICAL, ev.rules)
            for p in ev.protocols:
                self.assertEqual(len(p.sha256), 64)
            self.assertFalse(ev.frozen)
            with ev.evaluate(a, s) as plan:
                self.assertIsInstance(plan, runcover.Plan)
                self.assertFalse(plan.red_flag)
            self.assertTrue(ev.frozen)

    def test_load_string_and_evaluate(self) -> None:
        with runcover.Evaluator() as ev:
            self.assertIs(ev.load_string(S.MINIMAL_PROTOCOL, name="mini.yaml"), ev)
            self.assertEqual(ev.protocols[0].name, "test")
            self.assertEqual(ev.protocols[0].version, 1)
            self.assertEqual(ev.find_rule("refuel-carbs"), ev.rules.index("refuel-carbs"))
            with S.athlete() as a, S.session() as s, ev.evaluate(a, s) as plan:
                self.assertEqual(plan.ids(), ("refuel-carbs",))
                item = plan[0]
                self.assertEqual(item.amount, runcover.Amount(56.0, 84.0, "g"))
                self.assertEqual(item.detail, "Eat 56\u201384 g of carbohydrate.")
                self.assertEqual(item.sources, (runcover.Source("t", "test source"),))
                self.assertEqual(ev.rules[item.rule_index], "refuel-carbs")
            with self.assertRaises(runcover.NotFoundError):
                ev.find_rule("nope")

    def test_rule_does_not_fire_below_threshold(self) -> None:
        with runcover.Evaluator().load_string(S.MINIMAL_PROTOCOL) as ev, \
                S.athlete() as a, S.session(duration_min=45) as s, ev.evaluate(a, s) as plan:
            self.assertEqual(len(plan), 0)
            self.assertIn("duration_min", plan.why_not("refuel-carbs"))

    def test_failed_load_is_atomic(self) -> None:
        with S.evaluator() as ev:
            before = ev.rules
            with self.assertRaises(runcover.Error):
                ev.load_string(S.MINIMAL_PROTOCOL)  # duplicate protocol and rule id
            self.assertEqual(ev.rules, before)

    def test_load_file_and_dir(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.yaml")
            with open(a, "w", encoding="utf-8") as f:
                f.write(S.MINIMAL_PROTOCOL)
            with open(os.path.join(d, "b.yml"), "w", encoding="utf-8") as f:
                f.write(S.MINIMAL_PROTOCOL.replace("protocol: test", "protocol: second")
                        .replace("refuel-carbs", "refuel-more"))
            with open(os.path.join(d, "notes.txt"), "w", encoding="utf-8") as f:
                f.write("skipped")
            with runcover.Evaluator() as ev:
                ev.load_file(a)
                self.assertIn("refuel-carbs", ev)
            import pathlib
            with runcover.Evaluator().load_dir(pathlib.Path(d)) as ev:
                self.assertEqual([p.name for p in ev.protocols], ["test", "second"])
                self.assertIn("refuel-more", ev)

    def test_ext_facts_are_introspected(self) -> None:
        with S.evaluator() as ev:
            ext = [f for f in ev.facts() if f.ext]
            self.assertEqual([f.path for f in ext], ["ext.hrv_drop_pct"])
            self.assertEqual((ext[0].min, ext[0].max), (0, 100))
            self.assertEqual(len(ev.facts()), len(runcover.BUILTIN_FACTS) + 1)

    def test_evaluate_checks_argument_types(self) -> None:
        with S.evaluator() as ev, S.athlete() as a, S.session() as s:
            with self.assertRaises(TypeError):
                ev.evaluate(s, a)  # type: ignore[arg-type]

    def test_plan_keeps_closed_evaluator_alive(self) -> None:
        ev = S.evaluator()
        with S.athlete() as a, S.session() as s:
            plan = ev.evaluate(a, s)
            ev.close()
            self.assertTrue(ev.closed)
            with self.assertRaises(runcover.MisuseError):
                ev.evaluate(a, s)
            with self.assertRaises(runcover.MisuseError):
                ev.rules
            fin = ev._res._finalizer
            self.assertTrue(fin.alive)          # the plan still needs it
            self.assertIn("refuel-carbs", plan.to_json())
            self.assertIn("duration_min", plan.explain(0))
            plan.close()
            self.assertFalse(fin.alive)         # freed with the last plan
            ev.close()

    def test_repr(self) -> None:
        with S.evaluator() as ev:
            self.assertIn("1 protocols", repr(ev))
        self.assertIn("closed", repr(ev))


if __name__ == "__main__":
    unittest.main()
