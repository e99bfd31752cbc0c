"""runcover — Python bindings for libruncover (running-recovery advice).

Pure Python over ctypes; no dependencies beyond the C library. The library is
found through ``$RUNCOVER_LIBRARY``, ``$RUNCOVER_BUILD_DIR``, the build tree of
a source checkout, or the system (see :mod:`runcover._ffi`).

>>> import runcover
>>> ev = runcover.Evaluator.default()
>>> athlete = runcover.Athlete(mass_kg=70, age=34, phase="build")
>>> session = runcover.Session(kind="long", end="2026-11-22T09:30:00+01:00",
...                            duration_min=132, rpe=8, checkin_soreness=6)
>>> with ev.evaluate(athlete, session) as plan:
...     for item in plan:
...         print(item.title)                                  # doctest: +SKIP

Handles are freed by ``close()`` or a ``with`` block, and otherwise when
garbage collected. The advice is general recovery guidance, not medical
advice.
"""

from __future__ import annotations

from . import facts, units
from ._ffi import library_path, library_version, library_version_number
from .errors import (
    Error,
    ErrorInfo,
    FileError,
    InvalidError,
    LimitError,
    MisuseError,
    NoMemoryError,
    NotFoundError,
    ParseError,
    RangeError,
    SchemaError,
    WrongTypeError,
)
from .evaluator import Evaluator, ProtocolInfo
from .facts import FactInfo, FactType
from .model import Athlete, Session
from .plan import Amount, Item, Plan, Source, Suppressed
from .scenario import CheckResult, Scenario

__version__ = "0.1.0"

#: The built-in fact catalogue; ``Evaluator.facts()`` adds protocol-declared ``ext.*``.
BUILTIN_FACTS = facts.BUILTIN


__all__ = [
    "BUILTIN_FACTS",
    "Amount",
    "Athlete",
    "CheckResult",
    "Error",
    "ErrorInfo",
    "Evaluator",
    "FactInfo",
    "FactType",
    "FileError",
    "InvalidError",
    "Item",
    "LimitError",
    "MisuseError",
    "NoMemoryError",
    "NotFoundError",
    "ParseError",
    "Plan",
    "ProtocolInfo",
    "RangeError",
    "Scenario",
    "SchemaError",
    "Session",
    "Source",
    "Suppressed",
    "WrongTypeError",
    "facts",
    "library_path",
    "library_version",
    "library_version_number",
    "units",
]
