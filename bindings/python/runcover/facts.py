"""The fact catalogue, as the library describes it (``runcover_fact_info``).

The binding keeps no list of its own: the keyword arguments of
:class:`~runcover.Athlete` and :class:`~runcover.Session` are the keys of the
settable athlete and session facts, with dots replaced by underscores
(``checkin.soreness`` → ``checkin_soreness``).
"""

from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from . import _ffi


class FactType(enum.IntEnum):
    """``runcover_fact_type``."""

    NUMBER = 0
    FLAG = 1
    ENUM = 2
    SET = 3
    TIME = 4
    TEXT = 5


@dataclass(frozen=True)
class FactInfo:
    """One fact: where it lives, its type, unit, range and allowed names."""

    path: str
    """Path in the protocol language, e.g. ``"session.checkin.soreness"``."""
    key: str
    """Key for keyed setters and scenario files, e.g. ``"checkin.soreness"``."""
    type: FactType
    unit: str
    min: float
    max: float
    values: Tuple[str, ...]
    """Allowed names of an enum or set fact, in index order."""
    flags: int
    doc: str

    @property
    def name(self) -> str:
        """The Python keyword argument: the key with dots as underscores."""
        return self.key.replace(".", "_")

    @property
    def athlete(self) -> bool:
        return bool(self.flags & _ffi.FACT_ATHLETE)

    @property
    def session(self) -> bool:
        return bool(self.flags & _ffi.FACT_SESSION)

    @property
    def derived(self) -> bool:
        """Computed by the library (``load.*``, ``session.mass_loss_kg``); cannot be set."""
        return bool(self.flags & _ffi.FACT_DERIVED)

    @property
    def ext(self) -> bool:
        """Declared by a loaded protocol (``ext.*``)."""
        return bool(self.flags & _ffi.FACT_EXT)

    @property
    def settable(self) -> bool:
        return (self.athlete or self.session) and not self.derived


def describe(ev_ptr: Any = None) -> Tuple[FactInfo, ...]:
    """Every fact of an evaluator (or the built-ins when ``ev_ptr`` is None)."""
    lib = _ffi.lib
    ev = ev_ptr if ev_ptr is not None else _ffi.EvaluatorP()
    out = []
    for i in range(lib.runcover_fact_count(ev)):
        d = _ffi.FactDesc()
        d.size = ctypes.sizeof(_ffi.FactDesc)
        lib.runcover_fact_info(ev, i, ctypes.byref(d))
        values = tuple(_ffi.text(d.enum_values[k]) for k in range(d.enum_count)) if d.enum_values else ()
        try:
            ftype = FactType(d.type)
        except ValueError:  # a type added by a later library
            ftype = FactType.TEXT
        out.append(FactInfo(
            path=_ffi.text(d.path), key=_ffi.text(d.key), type=ftype, unit=_ffi.text(d.unit),
            min=float(d.min), max=float(d.max), values=values, flags=int(d.flags), doc=_ffi.text(d.doc),
        ))
    return tuple(out)


#: The built-in facts, learned from the library at import.
BUILTIN: Tuple[FactInfo, ...] = describe()


def _settable(owner_flag: int) -> Dict[str, FactInfo]:
    return {f.name: f for f in BUILTIN
            if f.flags & owner_flag and not f.flags & (_ffi.FACT_DERIVED | _ffi.FACT_EXT)}


#: Settable athlete facts by keyword-argument name.
ATHLETE: Dict[str, FactInfo] = _settable(_ffi.FACT_ATHLETE)
#: Settable session facts by keyword-argument name.
SESSION: Dict[str, FactInfo] = _settable(_ffi.FACT_SESSION)
#: Readable session facts (settable plus derived ones such as mass_loss_kg).
SESSION_READABLE: Dict[str, FactInfo] = {
    f.name: f for f in BUILTIN if f.session and not f.path.startswith("load.")
}


def lookup(table: Dict[str, FactInfo], name: str) -> Optional[FactInfo]:
    """Finds a fact by keyword name, key (``checkin.soreness``) or path.

    A check-in fact may also be named without ``checkin``: ``soreness``,
    ``sharp_pain`` (as in the C setters runcover_session_set_soreness()…).
    """
    f = table.get(name.replace(".", "_"))
    if f is not None:
        return f
    for f in table.values():
        if name in (f.key, f.path):
            return f
    return table.get("checkin_" + name.replace(".", "_"))
