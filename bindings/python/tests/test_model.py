"""Athlete and Session: facts from the catalogue, history, lifetime."""

import datetime as dt
import gc
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402
from runcover import facts  # noqa: E402


class TestCatalogue(unittest.TestCase):
    def test_kwargs_come_from_the_library(self) -> None:
        names = {f.name for f in runcover.BUILTIN_FACTS if f.settable and f.session}
        self.assertEqual(names, set(facts.SESSION))
        self.assertIn("checkin_soreness", facts.SESSION)
        self.assertIn("checkin_sharp_pain", facts.SESSION)
        self.assertNotIn("mass_loss_kg", facts.SESSION)  # derived
        self.assertIn("mass_kg", facts.ATHLETE)
        self.assertIn("preferences", facts.ATHLETE)
        self.assertEqual(facts.ATHLETE["phase"].values, ("base", "build", "peak", "taper", "race", "off"))
        self.assertEqual(facts.ATHLETE["mass_kg"].unit, "kg")
        self.assertEqual((facts.ATHLETE["mass_kg"].min, facts.ATHLETE["mass_kg"].max), (30, 250))
        self.assertIs(facts.SESSION["end"].type, runcover.FactType.TIME)

    def test_every_settable_fact_is_accepted(self) -> None:
        for f in facts.SESSION.values():
            value = {
                runcover.FactType.NUMBER: f.min,
                runcover.FactType.FLAG: True,
                runcover.FactType.ENUM: f.values[-1] if f.values else "",
                runcover.FactType.TIME: S.END,
            }[f.type]
            with runcover.Session(**{f.name: value}) as s:
                self.assertIsNotNone(s.get(f.name), f.name)
        for f in facts.ATHLETE.values():
            value = {
                runcover.FactType.NUMBER: f.max,
                runcover.FactType.ENUM: f.values[0] if f.values else "",
                runcover.FactType.SET: list(f.values),
            }[f.type]
            with runcover.Athlete(**{f.name: value}) as a:
                self.assertIsNotNone(a.get(f.name), f.name)


class TestAthlete(unittest.TestCase):
    def test_values_round_trip(self) -> None:
        with runcover.Athlete(mass_kg=70, age=34, sex="female", phase="build",
                              preferences=["vegan", "no_caffeine"], units="imperial", hr_max=190) as a:
            self.assertEqual(a.get("mass_kg"), 70.0)
            self.assertEqual(a["age"], 34.0)
            self.assertEqual(a.get("sex"), "female")
            self.assertEqual(a.get("phase"), "build")
            self.assertEqual(set(a.get("preferences")), {"vegan", "no_caffeine"})
            self.assertEqual(a.get("units"), "imperial")
            self.assertIsNone(a.get("weekly_km"))
            self.assertEqual(a.get("athlete.hr_max"), 190.0)  # by path too
            d = a.to_dict()
            self.assertEqual(d["mass_kg"], 70.0)
            self.assertNotIn("weekly_km", d)
            self.assertIn("mass_kg=70.0", repr(a))

    def test_refused_value_keeps_previous(self) -> None:
        with runcover.Athlete(mass_kg=70) as a:
            with self.assertRaises(runcover.RangeError):
                a.set(mass_kg=400)
            self.assertEqual(a.get("mass_kg"), 70.0)

    def test_set_unset_and_items(self) -> None:
        with runcover.Athlete() as a:
            a.set(mass_kg=60.5)
            a["age"] = 40
            self.assertEqual(a.get("age"), 40.0)
            a.unset("mass_kg")
            self.assertIsNone(a.get("mass_kg"))
            a.set(age=None)
            self.assertIsNone(a.get("age"))
            a.set_fact("athlete.weekly_km", 55)
            self.assertEqual(a.get("weekly_km"), 55.0)
            with self.assertRaises(runcover.NotFoundError):
                a.get("no_such_fact")

    def test_ext_and_load_model(self) -> None:
        with runcover.Athlete(ext={"hrv_drop_pct": 12, "sick": False},
                              load_model={"fitness_tau": 42}) as a:
            self.assertEqual(a.get("ext.hrv_drop_pct"), 12.0)
            self.assertEqual(a.get("ext.sick"), 0.0)
            self.assertIsNone(a.get("ext.absent_one"))
            self.assertEqual(a.get("load_model.fitness_tau"), 42.0)
            self.assertEqual(a.get("load_model.pmc_weight"), "1-exp(-1/N)")  # the default
            self.assertIs(a.get("load_model.tsb_previous_day"), True)
            a.set_load_model({"pmc_weight": "2/(N+1)", "sample_sd": True})
            self.assertEqual(a.get("load_model.pmc_weight"), "2/(N+1)")
            self.assertIs(a.get("load_model.sample_sd"), True)
            with self.assertRaises(TypeError):
                a.set_ext({"bad": "text"})
            with self.assertRaises(runcover.NotFoundError):
                a.set_load_model({"no_such_param": 1})

    def test_history(self) -> None:
        h1 = runcover.Session(kind="race", end="2026-11-15T10:00:00Z", duration_min=200, rpe=9)
        h2 = runcover.Session(kind="tempo", end="2026-11-18T18:30:00Z", duration_min=50, rpe=7)
        with runcover.Athlete(mass_kg=70, history=[h2, h1]) as a:
            self.assertEqual(a.history_count, 2)
            hist = a.history
            self.assertEqual([s.get("kind") for s in hist], ["race", "tempo"])  # sorted by end
            with self.assertRaises(runcover.InvalidError):
                a.add_session(h1)  # exact duplicate
            with self.assertRaises(runcover.InvalidError):
                a.add_session(runcover.Session(kind="easy", duration_min=30))  # no end
            h1.set(duration_min=10)
            self.assertEqual(a.history[0].get("duration_min"), 200.0)  # copied
            a.clear_history()
            self.assertEqual(a.history_count, 0)
            with self.assertRaises(TypeError):
                a.add_session("not a session")  # type: ignore[arg-type]

    def test_clone_is_independent(self) -> None:
        with runcover.Athlete(mass_kg=70) as a, a.clone() as b:
            b.set(mass_kg=80)
            self.assertEqual(a.get("mass_kg"), 70.0)
            self.assertEqual(b.get("mass_kg"), 80.0)


class TestSession(unittest.TestCase):
    def test_values_round_trip(self) -> None:
        s = runcover.Session(kind="long", end="2026-11-22T09:30:00+01:00", duration_min=132,
                             checkin_soreness=6, checkin_sharp_pain=False,
                             mass_before_kg=70, mass_after_kg=68.9)
        with s:
            self.assertEqual(s.get("kind"), "long")
            end = s.get("end")
            self.assertEqual(end, dt.datetime(2026, 11, 22, 9, 30,
                                              tzinfo=dt.timezone(dt.timedelta(hours=1))))
            self.assertEqual(end.utcoffset(), dt.timedelta(hours=1))
            self.assertEqual(s.get("checkin_soreness"), 6.0)
            self.assertEqual(s.get("checkin.soreness"), 6.0)
            self.assertIs(s.get("checkin_sharp_pain"), False)
            self.assertIsNone(s.get("checkin_swelling"))
            self.assertAlmostEqual(s.get("mass_loss_kg"), 1.1)
            self.assertEqual(s.get("end_hour_local"), 9.0)
            self.assertEqual(s.get("end_minute_local"), 570.0)

    def test_checkin_names_without_prefix(self) -> None:
        # keys, paths and the C setters' names work as keyword names too
        with runcover.Session(soreness=6, sharp_pain=True, **{"checkin.swelling": True,
                                                               "session.rpe": 7}) as s:
            self.assertEqual(s.get("soreness"), 6.0)
            self.assertEqual(s.get("checkin_soreness"), 6.0)
            self.assertIs(s.get("checkin.sharp_pain"), True)
            self.assertIs(s.get("swelling"), True)
            self.assertEqual(s.get("rpe"), 7.0)
        with self.assertRaises(TypeError):
            runcover.Session(sorenes=6)

    def test_datetime_end(self) -> None:
        tz = dt.timezone(dt.timedelta(hours=-5))
        with runcover.Session(end=dt.datetime(2026, 7, 4, 18, 0, tzinfo=tz)) as s:
            self.assertEqual(s.get("end"), dt.datetime(2026, 7, 4, 18, 0, tzinfo=tz))
            self.assertEqual(s.get("end_hour_local"), 18.0)
        with self.assertRaises(runcover.InvalidError):
            runcover.Session(end=dt.datetime(2026, 7, 4, 18, 0))  # naive
        with self.assertRaises(runcover.InvalidError):
            runcover.Session(end="2026-07-04T18:00:00")  # no offset

    def test_derived_fact_cannot_be_set(self) -> None:
        with self.assertRaises(TypeError):
            runcover.Session(mass_loss_kg=1)
        with runcover.Session() as s, self.assertRaises(runcover.InvalidError):
            s.set_fact("mass_loss_kg", 1)

    def test_units_helpers(self) -> None:
        from runcover import units
        with runcover.Session(distance_km=units.miles(10), temperature_c=units.fahrenheit(86)) as s:
            self.assertAlmostEqual(s.get("distance_km"), 16.09344)
            self.assertAlmostEqual(s.get("temperature_c"), 30.0)


class TestLifetime(unittest.TestCase):
    def test_closed_handle_raises_misuse(self) -> None:
        a = runcover.Athlete(mass_kg=70)
        a.close()
        self.assertTrue(a.closed)
        with self.assertRaises(runcover.MisuseError):
            a.get("mass_kg")
        with self.assertRaises(runcover.MisuseError):
            a.set(mass_kg=71)
        a.close()  # double close is fine
        self.assertIn("closed", repr(a))

    def test_context_manager_closes(self) -> None:
        with runcover.Session(duration_min=30) as s:
            pass
        self.assertTrue(s.closed)
        with self.assertRaises(runcover.MisuseError):
            s.get("duration_min")

    def test_evaluate_with_closed_inputs(self) -> None:
        with S.evaluator() as ev:
            a, s = S.athlete(), S.session()
            s.close()
            with self.assertRaises(runcover.MisuseError):
                ev.evaluate(a, s)
            a.close()

    def test_finalizer_frees_unclosed_handles(self) -> None:
        a = runcover.Athlete(mass_kg=70)
        fin = a._res._finalizer
        self.assertTrue(fin.alive)
        del a
        gc.collect()
        self.assertFalse(fin.alive)

    def test_close_runs_finalizer_once(self) -> None:
        a = runcover.Athlete()
        fin = a._res._finalizer
        a.close()
        self.assertFalse(fin.alive)
        a.close()
        del a
        gc.collect()


if __name__ == "__main__":
    unittest.main()
