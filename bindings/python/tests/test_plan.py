"""Plans: items, verdicts, JSON, explanations, units, lifetime."""

import dataclasses
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402


class TestPlan(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.ev = S.evaluator()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.ev.close()

    def plan(self, athlete=None, session=None, **kw) -> runcover.Plan:  # type: ignore[no-untyped-def]
        a = athlete or S.athlete()
        s = session or S.session(**kw)
        try:
            return self.ev.evaluate(a, s)
        finally:
            a.close()
            s.close()

    def test_items_and_order(self) -> None:
        with self.plan() as p:
            self.assertEqual(p.ids(), ("refuel-carbs", "rehydrate", "nap", "easy-days"))
            self.assertEqual(len(p), 4)
            self.assertEqual(p[-1].id, "easy-days")
            self.assertEqual([i.id for i in p[1:3]], ["rehydrate", "nap"])
            self.assertEqual(list(p), list(p.items))
            self.assertIn(p[0], p)
            self.assertEqual(p.index(p[2]), 2)
            refuel, rehydrate, nap, easy = p
            self.assertEqual(refuel.window, (0.0, 60.0))
            self.assertIsNone(refuel.duration)
            self.assertEqual(nap.duration, (20.0, 30.0))
            self.assertIsNone(nap.amount)
            self.assertIsNone(nap.detail)
            self.assertIsNone(easy.window)
            self.assertEqual(rehydrate.amount.unit, "ml")
            self.assertAlmostEqual(rehydrate.amount.min, 1375.0)
            self.assertAlmostEqual(rehydrate.amount.max, 1650.0)
            self.assertEqual([s.id for s in rehydrate.sources], ["t", "u"])
            self.assertEqual(refuel.category, "refuel")
            self.assertEqual(refuel.phase, "immediate")
            self.assertEqual(str(refuel), "refuel-carbs: Refuel")
            self.assertEqual(p.by_category("nap"), (nap,))

    def test_items_are_immutable(self) -> None:
        with self.plan() as p:
            with self.assertRaises(dataclasses.FrozenInstanceError):
                p[0].title = "x"  # type: ignore[misc]
            with self.assertRaises(TypeError):
                p[0] = p[1]  # type: ignore[index]
        with self.assertRaises(TypeError):
            runcover.Plan()

    def test_recovery_and_next_hard_session(self) -> None:
        with self.plan() as p:
            self.assertEqual(p.recovery_hours, 48.0)
            self.assertEqual(p.next_hard_session_after, "2026-11-24T09:30:00+01:00")
            self.assertFalse(p.red_flag)
        with self.plan(rpe=5) as p:
            self.assertIsNone(p.recovery_hours)
            self.assertIsNone(p.next_hard_session_after)

    def test_red_flag(self) -> None:
        with self.plan(checkin_sharp_pain=True) as p:
            self.assertTrue(p.red_flag)
            self.assertIn("medical", [i.category for i in p])
            self.assertIsNone(p.next_hard_session_after)
            self.assertNotIn("training_adjustment", [i.category for i in p])
            self.assertIn(("easy-days", "red-flag"), p.suppressed)

    def test_suppressed(self) -> None:
        a = S.athlete(preferences=["no_cold_therapy"])
        with self.plan(athlete=a, temperature_c=30) as p:
            self.assertIn("cool-shower", p.ids())
            self.assertNotIn("ice-bath", p.ids())
            self.assertEqual(p.suppressed, (runcover.Suppressed("ice-bath", "cool-shower"),))
            self.assertIn("cool-shower", p.why_not("ice-bath"))
        with self.plan(temperature_c=30) as p:
            self.assertIn("ice-bath", p.ids())
            self.assertEqual(p.suppressed, ())

    def test_ext_fact(self) -> None:
        with self.plan(ext={"hrv_drop_pct": 15}) as p:
            self.assertIn("hrv-check", p.ids())
            self.assertEqual(p.fact("ext.hrv_drop_pct"), 15.0)
        with self.assertRaises(runcover.Error):
            self.plan(ext={"hrv_drop_pct": 150})  # out of the declared range

    def test_json_round_trip(self) -> None:
        with self.plan() as p:
            text = p.to_json()
            d = p.to_dict()
            self.assertEqual(json.loads(text), d)
            self.assertEqual(p.to_json(), text)  # deterministic
            self.assertEqual(d["format"], 1)
            self.assertEqual([i["id"] for i in d["items"]], list(p.ids()))
            self.assertEqual(d["recovery_hours"], p.recovery_hours)
            self.assertEqual(d["next_hard_session_after"], p.next_hard_session_after)
            self.assertEqual(d["items"][0]["amount"], {"min": 56, "max": 84, "unit": "g"})
            self.assertNotIn("because", d["items"][0])
            self.assertIn("because", p.to_dict(explain=True)["items"][0])
            self.assertEqual(json.loads(p.to_json(pretty=True)), d)
            self.assertIn("\n", p.to_json(pretty=True))

    def test_explain_and_why_not(self) -> None:
        with self.plan() as p:
            self.assertIn("session.duration_min", p.explain(0))
            self.assertEqual(p.explain(-1), p.explain(len(p) - 1))
            with self.assertRaises(IndexError):
                p.explain(len(p))
            self.assertIn("temperature_c", p.why_not("ice-bath"))
            with self.assertRaises(runcover.NotFoundError):
                p.why_not("no-such-rule")

    def test_plan_facts(self) -> None:
        with self.plan() as p:
            self.assertAlmostEqual(p.fact("session.mass_loss_kg"), 1.1)
            self.assertIsNone(p.fact("session.temperature_c"))
            with self.assertRaises(runcover.NotFoundError):
                p.fact("session.no_such_fact")

    def test_imperial_units_change_detail_only(self) -> None:
        with self.plan() as metric, self.plan(athlete=S.athlete(units="imperial")) as imperial:
            m = metric.by_category("rehydrate")[0]
            i = imperial.by_category("rehydrate")[0]
            self.assertIn("ml", m.detail)
            self.assertIn("fl oz", i.detail)
            self.assertNotEqual(m.detail, i.detail)
            self.assertEqual(m.amount, i.amount)  # numbers stay metric
            self.assertEqual(metric.to_dict()["items"][1]["amount"], imperial.to_dict()["items"][1]["amount"])

    def test_text(self) -> None:
        with self.plan() as p:
            t = p.to_text()
            self.assertIn("Refuel", t)
            self.assertIn("Take a short nap", t)

    def test_closed_plan(self) -> None:
        p = self.plan()
        p.close()
        p.close()
        self.assertTrue(p.closed)
        self.assertEqual(p[0].id, "refuel-carbs")  # copied out
        self.assertEqual(p.recovery_hours, 48.0)
        for call in (p.to_json, p.to_text, lambda: p.explain(0), lambda: p.why_not("nap"),
                     lambda: p.fact("session.rpe")):
            with self.assertRaises(runcover.MisuseError):
                call()

    def test_plan_outlives_inputs(self) -> None:
        a, s = S.athlete(), S.session()
        p = self.ev.evaluate(a, s)
        a.close()
        s.close()
        with p:
            self.assertEqual(p.fact("athlete.mass_kg"), 70.0)
            self.assertIn("refuel-carbs", p.to_json())

    def test_scenario_check(self) -> None:
        with runcover.Scenario.load_string(S.SCENARIO) as sc, \
                self.ev.evaluate(sc.athlete, sc.session) as p:
            r = sc.check(p)
            self.assertTrue(r.ok, r.report)
            self.assertEqual(r.report, "")

    def test_repr(self) -> None:
        with self.plan() as p:
            self.assertEqual(repr(p), "<Plan 4 items, recovery_hours=48>")


if __name__ == "__main__":
    unittest.main()
