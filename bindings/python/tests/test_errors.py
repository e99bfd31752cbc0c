"""Errors: status → exception class, positions, collected errors."""

import os
import pickle
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402
from runcover import errors  # noqa: E402


class TestErrorClasses(unittest.TestCase):
    def test_every_status_has_a_class(self) -> None:
        expected = {
            1: runcover.InvalidError, 2: runcover.RangeError, 3: runcover.NoMemoryError,
            4: runcover.FileError, 5: runcover.ParseError, 6: runcover.SchemaError,
            7: runcover.WrongTypeError, 8: runcover.LimitError, 9: runcover.NotFoundError,
            10: runcover.MisuseError,
        }
        for code, cls in expected.items():
            self.assertIs(errors.error_class(code), cls)
            self.assertTrue(issubclass(cls, runcover.Error))
            self.assertEqual(cls.code, code)
        self.assertIs(errors.error_class(99), runcover.Error)

    def test_builtin_bases(self) -> None:
        self.assertTrue(issubclass(runcover.RangeError, ValueError))
        self.assertTrue(issubclass(runcover.InvalidError, ValueError))
        self.assertTrue(issubclass(runcover.WrongTypeError, TypeError))
        self.assertTrue(issubclass(runcover.NotFoundError, LookupError))
        self.assertTrue(issubclass(runcover.NoMemoryError, MemoryError))

    def test_str_has_position(self) -> None:
        e = runcover.ParseError("bad", code=5, file="f.yaml", line=3, column=7)
        self.assertEqual(str(e), "f.yaml:3:7: bad")
        self.assertEqual(str(runcover.RangeError("x", code=2)), "x")

    def test_pickle_keeps_attributes(self) -> None:
        e = runcover.SchemaError("m", code=6, file="f", line=1, column=2)
        e2 = pickle.loads(pickle.dumps(e))
        self.assertIsInstance(e2, runcover.SchemaError)
        self.assertEqual((e2.code, e2.message, e2.file, e2.line, e2.column), (6, "m", "f", 1, 2))


class TestLibraryErrors(unittest.TestCase):
    def test_range_error_names_the_fact(self) -> None:
        with self.assertRaises(runcover.RangeError) as cm:
            runcover.Athlete(mass_kg=20)
        e = cm.exception
        self.assertEqual(e.code, errors.E_RANGE)
        self.assertIn("athlete.mass_kg", e.message)
        self.assertIn("30", e.message)
        self.assertIsNone(e.file)
        self.assertIsNone(e.line)
        self.assertEqual(len(e.errors), 1)

    def test_nan_and_infinity_are_refused(self) -> None:
        for v in (float("nan"), float("inf"), -float("inf")):
            with self.assertRaises(runcover.RangeError):
                runcover.Session(duration_min=v)

    def test_unknown_enum_name(self) -> None:
        with self.assertRaises(runcover.InvalidError) as cm:
            runcover.Session(kind="jog")
        self.assertIn("session.kind", cm.exception.message)
        self.assertIn("tempo", cm.exception.message)

    def test_wrong_python_type_for_fact(self) -> None:
        with self.assertRaises(runcover.WrongTypeError):
            runcover.Athlete(phase=3)
        with self.assertRaises(runcover.WrongTypeError):
            runcover.Session(checkin_sharp_pain=1)
        with self.assertRaises(TypeError):
            runcover.Session(duration_min=object())

    def test_unknown_kwarg(self) -> None:
        with self.assertRaises(TypeError) as cm:
            runcover.Athlete(mas_kg=70)
        self.assertIn("mas_kg", str(cm.exception))
        self.assertIn("mass_kg", str(cm.exception))  # suggestion
        with self.assertRaises(TypeError):
            runcover.Session(checkin_sorenes=3)

    def test_load_string_arguments_swapped(self) -> None:
        # the C order (name, text) is a TypeError that says so, not a YAML error about the name
        text = "format: 1\nprotocol: p\nversion: 1\nrules: []\n"
        with self.assertRaises(TypeError) as cm:
            runcover.Evaluator().load_string("mine.yaml", text)
        self.assertIn("swapped", str(cm.exception))
        with self.assertRaises(TypeError):
            runcover.Scenario.load_string("s.yaml", "athlete: {}\nsession: {}\n")
        runcover.Evaluator().load_string(text, name="mine.yaml").close()

    def test_syntax_error_position(self) -> None:
        ev = runcover.Evaluator()
        with self.assertRaises(runcover.ParseError) as cm:
            ev.load_string("format: 1\nprotocol: [unclosed\n", name="broken.yaml")
        e = cm.exception
        self.assertEqual(e.file, "broken.yaml")
        self.assertIsNotNone(e.line)
        self.assertIsNotNone(e.column)
        self.assertTrue(str(e).startswith("broken.yaml:"))

    def test_expression_syntax_error(self) -> None:
        bad = S.MINIMAL_PROTOCOL.replace("session.duration_min >= 60", "session.duration_min >= >= 60")
        with self.assertRaises(runcover.ParseError) as cm:
            runcover.Evaluator().load_string(bad, name="expr.yaml")
        self.assertEqual(cm.exception.line, 7)
        self.assertGreater(cm.exception.column or 0, 1)

    def test_several_errors_are_collected(self) -> None:
        bad = (S.MINIMAL_PROTOCOL
               .replace("category: refuel", "category: refule")
               .replace("phase: immediate", "phase: soon"))
        with self.assertRaises(runcover.Error) as cm:
            runcover.Evaluator().load_string(bad, name="two.yaml")
        e = cm.exception
        self.assertGreaterEqual(len(e.errors), 2, e.errors)
        self.assertEqual(e.errors[0].message, e.message)
        for info in e.errors:
            self.assertEqual(info.file, "two.yaml")
            self.assertIsNotNone(info.line)
            self.assertIn("two.yaml:", str(info))

    def test_unknown_field_is_schema_error(self) -> None:
        bad = S.MINIMAL_PROTOCOL.replace("    title:", "    colour: red\n    title:")
        with self.assertRaises(runcover.SchemaError) as cm:
            runcover.Evaluator().load_string(bad, name="s.yaml")
        self.assertIn("colour", cm.exception.message)
        self.assertEqual(cm.exception.line, 11)

    def test_unknown_fact_in_expression(self) -> None:
        bad = S.MINIMAL_PROTOCOL.replace("session.duration_min >= 60", "session.duration >= 60")
        with self.assertRaises(runcover.NotFoundError):
            runcover.Evaluator().load_string(bad)

    def test_missing_file(self) -> None:
        with self.assertRaises(runcover.FileError) as cm:
            runcover.Evaluator().load_file("/nonexistent/protocol.yaml")
        self.assertIn("/nonexistent/protocol.yaml", str(cm.exception))

    def test_load_after_evaluate_is_misuse(self) -> None:
        with S.evaluator() as ev, S.athlete() as a, S.session() as s:
            ev.evaluate(a, s).close()
            with self.assertRaises(runcover.MisuseError):
                ev.load_string(S.MINIMAL_PROTOCOL.replace("protocol: test", "protocol: t2")
                               .replace("refuel-carbs", "other"))

    def test_undeclared_ext_fact_fails_evaluation(self) -> None:
        with S.evaluator() as ev, S.athlete() as a, S.session(ext={"no_such": 1}) as s:
            with self.assertRaises(runcover.NotFoundError) as cm:
                ev.evaluate(a, s)
            self.assertIn("no_such", cm.exception.message)

    def test_error_is_thread_local(self) -> None:
        import threading
        seen = []

        def other() -> None:
            try:
                runcover.Athlete(age=5)
            except runcover.RangeError as e:
                seen.append(e.message)
        t = threading.Thread(target=other)
        t.start()
        t.join()
        self.assertEqual(len(seen), 1)
        self.assertIn("athlete.age", seen[0])


if __name__ == "__main__":
    unittest.main()
