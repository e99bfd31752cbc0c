"""Shared fixtures for the runcover binding tests.

Importing this module puts bindings/python on sys.path, so the tests run
against the source tree with plain ``python3 -m unittest discover
bindings/python/tests`` as well as under meson.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BINDING = os.path.dirname(HERE)
SOURCE_ROOT = os.path.dirname(os.path.dirname(BINDING))
if BINDING not in sys.path:
    sys.path.insert(0, BINDING)

import runcover  # noqa: E402

#: A small protocol exercising amounts, windows, durations, recovery hours,
#: suppression, ext facts and sources.
PROTOCOL = """\
format: 1
protocol: test
version: 1
sources: { t: "test source", u: "other source" }
facts:
  hrv_drop_pct: { type: number, min: 0, max: 100 }
rules:
  - id: refuel-carbs
    when: session.duration_min >= 60
    category: refuel
    phase: immediate
    window: { start_min: 0, end_min: 60 }
    amount: { min: 0.8 * athlete.mass_kg, max: 1.2 * athlete.mass_kg, unit: g }
    title: "Refuel"
    detail: "Eat {amount} of carbohydrate."
    sources: [t]
  - id: rehydrate
    when: session.mass_loss_kg > 0
    category: rehydrate
    phase: immediate
    window: { start_min: 0, end_min: 120 }
    amount: { min: 1250 * session.mass_loss_kg, max: 1500 * session.mass_loss_kg, unit: ml }
    title: "Rehydrate"
    detail: "Drink {amount} of fluid."
    sources: [t, u]
  - id: nap
    when: session.rpe >= 7
    category: nap
    phase: mid_term
    window: { start_min: 120, end_min: 240 }
    duration: { min: 20, max: 30 }
    title: "Take a short nap"
  - id: easy-days
    when: session.rpe >= 7
    category: training_adjustment
    phase: long_term
    recovery_hours: 48
    title: "Two easy days"
  - id: ice-bath
    when: session.temperature_c >= 28
    category: cold_therapy
    phase: immediate
    title: "Cold water immersion"
  - id: cool-shower
    when: '"no_cold_therapy" in athlete.preferences and session.temperature_c >= 28'
    priority: 10
    category: cool_down
    phase: immediate
    suppresses: [ice-bath]
    title: "Cool shower instead"
  - id: hrv-check
    when: ext.hrv_drop_pct > 10
    category: training_adjustment
    phase: long_term
    title: "Your HRV dropped"
"""

#: The protocol of the task description, verbatim.
MINIMAL_PROTOCOL = """\
format: 1
protocol: test
version: 1
sources: { t: "test source" }
rules:
  - id: refuel-carbs
    when: session.duration_min >= 60
    category: refuel
    phase: immediate
    amount: { min: 0.8 * athlete.mass_kg, max: 1.2 * athlete.mass_kg, unit: g }
    title: "Refuel"
    detail: "Eat {amount} of carbohydrate."
    sources: [t]
"""

SCENARIO = """\
athlete:
  mass_kg: 70
  age: 34
  phase: build
  preferences: [lactose_free]
  history:
    - { end: 2026-11-15T10:00:00Z, kind: race, duration_min: 200, rpe: 9 }
session:
  kind: long
  end: 2026-11-22T09:30:00+01:00
  duration_min: 132
  rpe: 8
  mass_before_kg: 70.0
  mass_after_kg: 68.9
  checkin: { soreness: 6, sharp_pain: false }
expect:
  fires: [refuel-carbs]
  red_flag: false
"""

END = "2026-11-22T09:30:00+01:00"


def evaluator() -> "runcover.Evaluator":
    return runcover.Evaluator().load_string(PROTOCOL, name="test.yaml")


def athlete(**kw: object) -> "runcover.Athlete":
    base = dict(mass_kg=70, age=34, phase="build")
    base.update(kw)
    return runcover.Athlete(**base)  # type: ignore[arg-type]


def session(**kw: object) -> "runcover.Session":
    base = dict(kind="long", end=END, duration_min=132, rpe=8, mass_before_kg=70.0, mass_after_kg=68.9,
                checkin_soreness=6)
    base.update(kw)
    return runcover.Session(**base)  # type: ignore[arg-type]
