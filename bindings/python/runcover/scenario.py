"""Scenario files: an athlete, a session and optional expectations."""

from __future__ import annotations

import ctypes
import os
from typing import Any, NamedTuple, Union

from . import _ffi
from ._handle import Resource, View
from .model import Athlete, Session
from .plan import Plan

lib = _ffi.lib


class CheckResult(NamedTuple):
    """The verdict of :meth:`Scenario.check`."""

    failures: int
    report: str
    """One line per failed expectation; empty when all hold."""

    @property
    def ok(self) -> bool:
        return self.failures == 0


class Scenario:
    """A scenario read from YAML (see protocols/README.md for the format).

    :attr:`athlete` and :attr:`session` are read-only views owned by the
    scenario (they keep it alive); ``clone()`` them to change anything.
    Scenarios are immutable and may be shared by threads.
    """

    def __init__(self) -> None:
        raise TypeError("use Scenario.load_file() or Scenario.load_string()")

    @classmethod
    def _adopt(cls, ptr: Any) -> "Scenario":
        self = cls.__new__(cls)
        self._res = Resource(ptr, "Scenario", lib.runcover_scenario_free)
        self._athlete = Athlete._adopt(View(self._res, lib.runcover_scenario_athlete, "Athlete"))
        self._session = Session._adopt(View(self._res, lib.runcover_scenario_session, "Session"))
        return self

    @classmethod
    def load_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Scenario":
        """Reads a scenario file. Errors carry file, line and column."""
        ptr = _ffi.out_call(lib.runcover_scenario_load_file, _ffi.ScenarioP, _ffi.encode(path, "path"))
        return cls._adopt(ptr)

    @classmethod
    def load_string(cls, text: Union[str, bytes], name: str = "<string>") -> "Scenario":
        """Reads a scenario from YAML text; ``name`` appears in error positions."""
        _ffi.check_text_first("load_string", text, name)
        buf = _ffi.encode(text, "scenario text") if isinstance(text, str) else bytes(text)
        ptr = _ffi.out_call(lib.runcover_scenario_load_string, _ffi.ScenarioP,
                            _ffi.encode(name, "name"), buf, len(buf))
        return cls._adopt(ptr)

    def close(self) -> None:
        """Frees the scenario once no view or call uses it. Idempotent."""
        self._athlete.close()
        self._session.close()
        self._res.close()

    @property
    def closed(self) -> bool:
        return self._res.closed

    def __enter__(self) -> "Scenario":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def athlete(self) -> Athlete:
        """The scenario's athlete (read-only)."""
        return self._athlete

    @property
    def session(self) -> Session:
        """The scenario's session (read-only)."""
        return self._session

    @property
    def has_expect(self) -> bool:
        """True when the scenario has an ``expect:`` block."""
        with self._res.borrow() as sc:
            return bool(lib.runcover_scenario_has_expect(sc))

    def check(self, plan: Plan) -> CheckResult:
        """Checks a plan against the scenario's expectations."""
        if not isinstance(plan, Plan):
            raise TypeError(f"check() takes a Plan, not {type(plan).__name__}")
        report = ctypes.c_void_p()
        failures = ctypes.c_size_t()
        with self._res.borrow() as sc, plan._res.borrow() as p:
            lib.runcover_scenario_check(ctypes.byref(report), ctypes.byref(failures), sc, p)
        return CheckResult(int(failures.value), _ffi.take_string(report))

    def __repr__(self) -> str:
        return "<Scenario (closed)>" if self.closed else f"<Scenario athlete={self._athlete!r} session={self._session!r}>"
