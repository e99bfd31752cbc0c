#!/usr/bin/env python3
"""plan.py — libruncover from Python, end to end.

Describes a runner (in imperial units, converted with runcover.units), her
recent history and a hot long run, evaluates the default protocols and
prints a readable plan: a timeline grouped by phase, the recovery estimate,
and why the first item is there.

Run from a source checkout after building (it finds build/lib itself), or
anywhere with the binding installed (pip install bindings/python).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

_BINDING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python")
if os.path.isdir(os.path.join(_BINDING, "runcover")):
    sys.path.insert(0, os.path.normpath(_BINDING))

import runcover  # noqa: E402
from runcover import units  # noqa: E402

PHASES = ("medical", "immediate", "mid_term", "long_term", "return_to_run")


def when(item: runcover.Item, end: dt.datetime) -> str:
    if item.window is None:
        return "      "
    start = end + dt.timedelta(minutes=item.window[0])
    return start.strftime("%H:%M") if item.window[0] < 1440 else start.strftime("%a %H:%M")[:9]


def main() -> int:
    tz = dt.timezone(dt.timedelta(hours=-5))
    end = dt.datetime(2026, 7, 12, 9, 30, tzinfo=tz)
    history = [
        runcover.Session(kind="tempo", end=end - dt.timedelta(days=4), duration_min=50, rpe=7),
        runcover.Session(kind="easy", end=end - dt.timedelta(days=2), duration_min=40, rpe=3),
    ]
    try:
        with runcover.Evaluator.default() as ev, \
                runcover.Athlete(mass_kg=units.pounds(142), age=41, sex="female", phase="build",
                                 preferences=["lactose_free"], units="imperial", history=history) as athlete, \
                runcover.Session(kind="long", end=end, duration_min=units.hours(2.1),
                                 distance_km=units.miles(18), rpe=8,
                                 temperature_c=units.fahrenheit(88), humidity_pct=70,
                                 mass_before_kg=units.pounds(142), mass_after_kg=units.pounds(139.5),
                                 checkin_soreness=6) as session, \
                ev.evaluate(athlete, session) as plan:
            print(f"libruncover {runcover.library_version}: "
                  f"{len(ev.protocols)} protocol(s), {ev.rule_count} rules")
            print(f"Long run, 18 mi at 88 °F, ended {end:%a %d %b %H:%M %z}\n")
            if plan.red_flag:
                print("!! See a professional before training again.\n")
            for phase in PHASES:
                items = [i for i in plan if i.phase == phase]
                if not items:
                    continue
                print(phase.replace("_", " ").capitalize())
                for item in items:
                    print(f"  {when(item, end)}  {item.title}")
                    if item.detail:
                        print(f"          {item.detail}")
                print()
            if not len(plan):
                print("(the default protocols gave no advice for this run)\n")
            if plan.recovery_hours is not None:
                print(f"Recovery estimate: {plan.recovery_hours:.0f} h")
            if plan.next_hard_session_after:
                print(f"Next hard session after: {plan.next_hard_session_after}")
            if len(plan):
                print(f"\nWhy \"{plan[0].title}\"?\n{plan.explain(0)}")
    except runcover.Error as e:
        print(f"runcover: {e}", file=sys.stderr)
        return 1
    finally:
        for s in history:
            s.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python3 examples/plan.py | head`: the reader is gone
        sys.stderr.close()
        sys.exit(1)
