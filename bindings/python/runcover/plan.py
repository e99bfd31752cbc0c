"""Recovery plans: an immutable sequence of items plus the plan's verdicts."""

from __future__ import annotations

import ctypes
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple, Union, overload

from . import _ffi, errors
from ._handle import Resource

lib = _ffi.lib


class Amount(NamedTuple):
    """A computed amount, metric, in the protocol's unit."""

    min: float
    max: float
    unit: str


class Source(NamedTuple):
    """A source the item's rule cites."""

    id: str
    title: str


class Suppressed(NamedTuple):
    """A rule that held but is not in the plan, and what removed it
    (a rule id, ``"group:NAME (rule-id)"`` or ``"red-flag"``)."""

    id: str
    by: str


@dataclass(frozen=True)
class Item:
    """One piece of advice, copied out of the C plan (valid after close)."""

    id: str
    """The rule id."""
    category: str
    """``refuel``, ``rehydrate``, ``nap``, ``medical`` …"""
    phase: str
    """``immediate``, ``mid_term``, ``long_term``, ``return_to_run`` or ``medical``."""
    title: str
    detail: Optional[str]
    """Rendered text in the athlete's units, or None."""
    window: Optional[Tuple[float, float]]
    """(start, end) in minutes from the session end, or None."""
    duration: Optional[Tuple[float, float]]
    """(shortest, longest) in minutes, or None."""
    amount: Optional[Amount]
    rule_index: int
    """Index of the rule in its evaluator (:attr:`Evaluator.rules`)."""
    sources: Tuple[Source, ...] = ()

    def __str__(self) -> str:
        return f"{self.id}: {self.title}"


def _read_items(p: Any) -> Tuple[Item, ...]:
    n = int(lib.runcover_plan_count(p))
    if n == 0:
        return ()
    views = (_ffi.ItemView * n)()
    views[0].size = ctypes.sizeof(_ffi.ItemView)
    count = ctypes.c_size_t()
    lib.runcover_plan_read(p, views, n, ctypes.byref(count))
    items = []
    t = _ffi.text
    for i in range(min(n, count.value)):
        v = views[i]
        sources = []
        it = lib.runcover_plan_item(p, i)
        for k in range(lib.runcover_item_source_count(it)):
            sid, stitle = ctypes.c_char_p(), ctypes.c_char_p()
            lib.runcover_item_source(it, k, ctypes.byref(sid), ctypes.byref(stitle))
            sources.append(Source(t(sid.value), t(stitle.value)))
        items.append(Item(
            id=t(v.id),
            category=t(v.category),
            phase=t(v.phase),
            title=t(v.title),
            detail=t(v.detail) if v.detail is not None else None,
            window=(v.window_start_min, v.window_end_min) if v.flags & _ffi.VIEW_WINDOW else None,
            duration=(v.duration_min, v.duration_max) if v.flags & _ffi.VIEW_DURATION else None,
            amount=Amount(v.amount_min, v.amount_max, t(v.amount_unit))
            if v.flags & _ffi.VIEW_AMOUNT else None,
            rule_index=int(v.rule_index),
            sources=tuple(sources),
        ))
    return tuple(items)


def _free_plan(ptr: Any, evaluator: Resource) -> None:
    lib.runcover_plan_free(ptr)
    evaluator.release()


class Plan(Sequence):  # type: ignore[type-arg]
    """A recovery plan: a sequence of :class:`Item` plus the plan's verdicts.

    Items, ``recovery_hours``, ``next_hard_session_after``, ``red_flag`` and
    ``suppressed`` are copied when the plan is made and stay readable after
    :meth:`close`. :meth:`to_json`, :meth:`to_text`, :meth:`explain`,
    :meth:`why_not` and :meth:`fact` ask the C plan and raise MisuseError once
    it is closed. The C plan keeps its evaluator alive until it is closed.
    """

    def __init__(self) -> None:
        raise TypeError("plans are made by Evaluator.evaluate()")

    @classmethod
    def _adopt(cls, ptr: Any, evaluator: Resource) -> "Plan":
        """Takes ownership of a C plan; ``evaluator`` is already acquired once for it."""
        self = cls.__new__(cls)
        try:
            self._res = Resource(ptr, "Plan", _free_plan, evaluator)
        except BaseException:
            _free_plan(ptr, evaluator)
            raise
        with self._res.borrow() as p:
            self._items = _read_items(p)
            hours = ctypes.c_double()
            self._recovery_hours = hours.value if lib.runcover_plan_recovery_hours(p, ctypes.byref(hours)) else None
            nhs = lib.runcover_plan_next_hard_session_after(p)
            self._next_hard = _ffi.text(nhs) if nhs is not None else None
            self._red_flag = bool(lib.runcover_plan_red_flag(p))
            supp = []
            for i in range(lib.runcover_plan_suppressed_count(p)):
                rid, by = ctypes.c_char_p(), ctypes.c_char_p()
                lib.runcover_plan_suppressed(p, i, ctypes.byref(rid), ctypes.byref(by))
                supp.append(Suppressed(_ffi.text(rid.value), _ffi.text(by.value)))
            self._suppressed = tuple(supp)
        return self

    # ---- lifetime -------------------------------------------------------

    def close(self) -> None:
        """Frees the C plan (and lets its evaluator go). Idempotent."""
        self._res.close()

    @property
    def closed(self) -> bool:
        return self._res.closed

    def __enter__(self) -> "Plan":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---- the sequence ---------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Item: ...
    @overload
    def __getitem__(self, i: slice) -> Tuple[Item, ...]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Item, Tuple[Item, ...]]:
        return self._items[i]

    def __iter__(self) -> Iterator[Item]:
        return iter(self._items)

    @property
    def items(self) -> Tuple[Item, ...]:
        return self._items

    def by_category(self, category: str) -> Tuple[Item, ...]:
        """The items of one category, in plan order."""
        return tuple(i for i in self._items if i.category == category)

    def ids(self) -> Tuple[str, ...]:
        return tuple(i.id for i in self._items)

    # ---- verdicts -------------------------------------------------------

    @property
    def recovery_hours(self) -> Optional[float]:
        """Estimated recovery time in hours, or None when no rule set one."""
        return self._recovery_hours

    @property
    def next_hard_session_after(self) -> Optional[str]:
        """RFC 3339 time when the next hard session is safe, in the session end's
        UTC offset; None under a red flag, without recovery hours or without
        ``end``."""
        return self._next_hard

    @property
    def red_flag(self) -> bool:
        """True when the plan says: see a professional first."""
        return self._red_flag

    @property
    def suppressed(self) -> Tuple[Suppressed, ...]:
        """Rules that held but were removed: (id, by) pairs."""
        return self._suppressed

    # ---- asking the C plan ----------------------------------------------

    def _string(self, fn: Any, *args: Any) -> str:
        out = ctypes.c_void_p()
        with self._res.lock, self._res.borrow() as p:
            fn(ctypes.byref(out), p, *args)
        return _ffi.take_string(out)

    def to_json(self, explain: bool = False, pretty: bool = False) -> str:
        """The plan as JSON (format 1), byte-for-byte deterministic."""
        flags = (_ffi.JSON_EXPLAIN if explain else 0) | (_ffi.JSON_PRETTY if pretty else 0)
        return self._string(lib.runcover_plan_to_json, flags)

    def to_dict(self, explain: bool = False) -> Dict[str, Any]:
        """``json.loads(self.to_json(explain))``."""
        result: Dict[str, Any] = json.loads(self.to_json(explain=explain))
        return result

    def to_text(self, explain: bool = False) -> str:
        """The plan as text for people, amounts in the athlete's units."""
        return self._string(lib.runcover_plan_to_text, _ffi.JSON_EXPLAIN if explain else 0)

    def explain(self, i: int) -> str:
        """Why item ``i`` is in the plan: the conditions that held, with values."""
        n = len(self._items)
        if not -n <= i < n:
            raise IndexError(f"plan item {i} out of range (the plan has {n})")
        return self._string(lib.runcover_plan_explain, i % n)

    def why_not(self, rule_id: str) -> str:
        """Why a rule is (or is not) in the plan. Unknown ids raise NotFoundError."""
        return self._string(lib.runcover_plan_why_not, _ffi.encode(rule_id, "rule id"))

    def fact(self, path: str) -> Optional[float]:
        """A fact value the plan used (``"load.acwr"``), or None when absent.

        Unknown paths raise NotFoundError.
        """
        out = ctypes.c_double()
        with self._res.lock, self._res.borrow() as p:
            rc = lib.runcover_plan_fact(p, _ffi.encode(path, "fact path"), ctypes.byref(out))
            if rc == errors.OK:
                return out.value
            err = _ffi.last_error(rc)
        if rc == errors.E_NOTFOUND and err.message.endswith("is absent"):
            return None
        raise err

    def __repr__(self) -> str:
        rh = f", recovery_hours={self._recovery_hours:g}" if self._recovery_hours is not None else ""
        rf = ", red_flag=True" if self._red_flag else ""
        return f"<Plan {len(self._items)} items{rh}{rf}>"
