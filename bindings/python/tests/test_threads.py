"""Threads: one frozen evaluator shared by several threads."""

import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_testsupport as S  # noqa: E402

import runcover  # noqa: E402


class TestThreads(unittest.TestCase):
    def run_threads(self, ev: runcover.Evaluator, n: int = 4, rounds: int = 50) -> list:
        results: list = [None] * n
        failures: list = []
        barrier = threading.Barrier(n)

        def work(k: int) -> None:
            try:
                with S.athlete() as a, S.session(temperature_c=30) as s:
                    barrier.wait()
                    out = set()
                    for _ in range(rounds):
                        with ev.evaluate(a, s) as plan:
                            out.add(plan.to_json(explain=True))
                    results[k] = out
            except BaseException as e:  # pragma: no cover - reported below
                failures.append(e)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        return results

    def test_shared_frozen_evaluator(self) -> None:
        with S.evaluator() as ev:
            with S.athlete() as a, S.session(temperature_c=30) as s, ev.evaluate(a, s) as ref:
                expected = ref.to_json(explain=True)
            results = self.run_threads(ev)
            for r in results:
                self.assertEqual(r, {expected})

    def test_first_evaluation_races_are_serialized(self) -> None:
        # Nobody evaluated yet: the first evaluations and the freeze race.
        with runcover.Evaluator.default() as ev:
            results = self.run_threads(ev, rounds=5)
            self.assertTrue(ev.frozen)
            self.assertEqual(len({frozenset(r) for r in results}), 1)

    def test_load_races_with_evaluate(self) -> None:
        # One thread loads while others evaluate: a load either happens
        # before the freeze or fails with MisuseError; nothing crashes.
        ev = runcover.Evaluator()
        outcome: list = []

        def load() -> None:
            try:
                ev.load_string(S.PROTOCOL)
                outcome.append("loaded")
            except runcover.MisuseError:
                outcome.append("frozen")

        t = threading.Thread(target=load)
        t.start()
        self.run_threads(ev, rounds=3)
        t.join()
        self.assertEqual(len(outcome), 1)
        ev.close()

    def test_shared_athlete_is_serialized(self) -> None:
        with S.evaluator() as ev, S.athlete() as a, S.session() as s:
            stop = threading.Event()
            errors: list = []

            def mutate() -> None:
                i = 0
                while not stop.is_set():
                    a.set(mass_kg=60 + i % 20)
                    i += 1

            def evaluate() -> None:
                try:
                    for _ in range(100):
                        with ev.evaluate(a, s) as p:
                            amount = p.by_category("refuel")[0].amount
                            self.assertAlmostEqual(amount.max / amount.min, 1.5)
                except BaseException as e:  # pragma: no cover
                    errors.append(e)

            m = threading.Thread(target=mutate)
            e = [threading.Thread(target=evaluate) for _ in range(3)]
            m.start()
            for t in e:
                t.start()
            for t in e:
                t.join()
            stop.set()
            m.join()
            self.assertEqual(errors, [])

    def test_close_while_other_threads_evaluate(self) -> None:
        ev = S.evaluator()
        with S.athlete() as a, S.session() as s:
            ev.evaluate(a, s).close()
        started = threading.Barrier(3)
        outcome: list = []

        def work() -> None:
            with S.athlete() as a, S.session() as s:
                started.wait()
                n = 0
                try:
                    while True:
                        with ev.evaluate(a, s) as p:
                            p.to_json()
                        n += 1
                except runcover.MisuseError:
                    outcome.append(n)

        ts = [threading.Thread(target=work) for _ in range(2)]
        for t in ts:
            t.start()
        started.wait()
        ev.close()
        for t in ts:
            t.join()
        self.assertEqual(len(outcome), 2)
        self.assertFalse(ev._res._finalizer.alive)


if __name__ == "__main__":
    unittest.main()
