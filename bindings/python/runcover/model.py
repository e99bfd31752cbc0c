"""Athletes and sessions: the inputs of an evaluation."""

from __future__ import annotations

import ctypes
import datetime as _dt
import decimal
import difflib
import numbers
from typing import Any, Callable, Dict, Iterable, Iterator, Mapping, Optional, Tuple, TypeVar, Union

from . import _ffi, errors
from ._handle import Resource, View
from .facts import ATHLETE, SESSION, SESSION_READABLE, FactInfo, FactType, lookup

lib = _ffi.lib

#: A fact value as Python passes it: a number, a flag, a name, a list of
#: names (set facts), an aware datetime or RFC 3339 text (time facts), or
#: None to make the fact absent.
FactValue = Union[None, bool, float, int, str, Iterable[str], _dt.datetime]

_T = TypeVar("_T", bound="_Facts")


def rfc3339(t: _dt.datetime) -> str:
    """An aware datetime as RFC 3339 text with its UTC offset."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise errors.InvalidError(
            "session.end: a datetime needs a tzinfo (its UTC offset is part of the fact)",
            code=errors.E_INVALID)
    return t.isoformat(timespec="seconds")


def _is_number(v: Any) -> bool:
    return isinstance(v, (numbers.Real, decimal.Decimal)) and not isinstance(v, bool)


class _Facts:
    """What athletes and sessions share: keyed setters and getters."""

    _what = ""
    _table: Dict[str, FactInfo] = {}
    _readable: Dict[str, FactInfo] = {}
    _set_number: Callable[..., int]
    _set_text: Callable[..., int]
    _set_flag: Callable[..., int]
    _unset: Callable[..., int]
    _get_number: Callable[..., int]
    _reserved: Tuple[str, ...] = ("ext",)

    _res: Union[Resource, View]

    # ---- lifetime -------------------------------------------------------

    def close(self) -> None:
        """Frees the C handle now. Idempotent; later use raises MisuseError."""
        self._res.close()

    @property
    def closed(self) -> bool:
        return self._res.closed

    @property
    def readonly(self) -> bool:
        """True for the athlete or session of a :class:`Scenario` (use ``clone()``)."""
        return self._res.readonly

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---- setting --------------------------------------------------------

    def _writable(self) -> None:
        if self._res.readonly:
            raise errors.MisuseError(
                f"this {self._what} belongs to a Scenario and is read-only; use .clone()",
                code=errors.E_MISUSE)

    def _unknown(self, name: str) -> TypeError:
        hint = difflib.get_close_matches(name, list(self._table) + list(self._reserved), n=1)
        more = f"; did you mean '{hint[0]}'?" if hint else ""
        return TypeError(f"{self._what}() got an unexpected keyword argument '{name}'{more}")

    def set(self, **facts: FactValue) -> None:
        """Sets facts by keyword name (``mass_kg=70``, ``checkin_soreness=6``).

        ``None`` makes a fact absent. ``ext={"name": value}`` sets
        protocol-declared facts. A refused value raises (RangeError,
        InvalidError, WrongTypeError) and leaves that fact unchanged.
        """
        ext = facts.pop("ext", None)
        found: Dict[str, FactInfo] = {}
        for name in facts:
            if name in self._reserved:
                continue
            f = lookup(self._table, name)
            if f is None:
                raise self._unknown(name)
            found[name] = f
        extra = {k: facts.pop(k) for k in self._reserved if k in facts}
        for name, value in facts.items():
            self.set_fact(found[name].key, value)
        if ext is not None:
            self.set_ext(ext)
        self._set_reserved(extra)

    def _set_reserved(self, extra: Dict[str, Any]) -> None:
        pass

    def set_fact(self, key: str, value: FactValue) -> None:
        """Sets one fact by key or path (``"checkin.soreness"``, ``"ext.hrv_drop_pct"``)."""
        self._writable()
        bkey = _ffi.encode(key, "fact key")
        with self._res.lock, self._res.borrow() as p:
            if value is None:
                self._unset(p, bkey)
            elif isinstance(value, bool):
                self._set_flag(p, bkey, value)
            elif _is_number(value):
                self._set_number(p, bkey, float(value))
            elif isinstance(value, _dt.datetime):
                self._set_text(p, bkey, _ffi.encode(rfc3339(value), key))
            elif isinstance(value, str):
                self._set_text(p, bkey, _ffi.encode(value, key))
            elif isinstance(value, (list, tuple, set, frozenset)):
                names = list(value)
                for n in names:
                    if not isinstance(n, str):
                        raise TypeError(f"{key}: a set fact takes names (str), not {type(n).__name__}")
                self._set_text(p, bkey, _ffi.encode(", ".join(sorted(names)), key))
            else:
                raise TypeError(f"{key}: cannot set a fact from {type(value).__name__}")

    def set_ext(self, values: Mapping[str, Union[bool, float]]) -> None:
        """Sets protocol-declared facts: ``{"hrv_drop_pct": 12, "sick": False}``."""
        for name, value in values.items():
            key = name if name.startswith("ext.") else "ext." + name
            if value is not None and not isinstance(value, bool) and not _is_number(value):
                raise TypeError(f"{key}: ext facts are numbers or flags, not {type(value).__name__}")
            self.set_fact(key, value)

    def unset(self, name: str) -> None:
        """Makes a fact absent again (by keyword name, key or path)."""
        f = lookup(self._table, name)
        self.set_fact(f.key if f else name, None)

    # ---- reading --------------------------------------------------------

    def get(self, name: str) -> Any:
        """A fact's value, or None when absent.

        Numbers are floats, enums their name, sets a tuple of names, flags
        bools, ``end`` an aware datetime; ``ext.NAME`` values are floats.
        Unknown names raise NotFoundError.
        """
        f = lookup(self._readable, name)
        key = f.key if f else name
        with self._res.lock, self._res.borrow() as p:
            if f is not None and f.type == FactType.TIME:
                return self._get_time(p)
            out = ctypes.c_double()
            rc = self._get_number(p, _ffi.encode(key, "fact key"), ctypes.byref(out))
            if rc == errors.E_NOTFOUND and (f is not None or key.startswith("ext.")):
                return None
            if rc != errors.OK:
                raise _ffi.last_error(rc)
        v = out.value
        if f is None or f.type == FactType.NUMBER:
            return v
        if f.type == FactType.FLAG:
            return v != 0
        if f.type == FactType.ENUM:
            return f.values[int(v)]
        if f.type == FactType.SET:
            return tuple(n for i, n in enumerate(f.values) if int(v) & (1 << i))
        return v

    def _get_time(self, p: Any) -> Optional[_dt.datetime]:
        return None

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __setitem__(self, name: str, value: FactValue) -> None:
        f = lookup(self._table, name)
        self.set_fact(f.key if f else name, value)

    def to_dict(self) -> Dict[str, Any]:
        """Every present built-in fact, by keyword name."""
        out: Dict[str, Any] = {}
        for name in self._readable:
            v = self.get(name)
            if v is not None and v != ():
                out[name] = v
        return out

    def __repr__(self) -> str:
        if self.closed:
            return f"<{self._what} (closed)>"
        args = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"{self._what}({args})"

    def __iter__(self) -> Iterator[str]:  # not a mapping: avoid accidental iteration
        raise TypeError(f"{self._what} is not iterable; use .to_dict()")


class Session(_Facts):
    """A finished session and the check-in after it.

    Keyword arguments are the session facts of the library's catalogue
    (:data:`runcover.facts.SESSION`): ``kind``, ``end`` (an aware datetime or
    RFC 3339 text), ``duration_min``, ``distance_km``, ``rpe``, ``avg_hr``,
    ``ascent_m``, ``descent_m``, ``temperature_c``, ``humidity_pct``,
    ``mass_before_kg``, ``mass_after_kg``, ``fluid_ml``, ``checkin_soreness``,
    ``checkin_sharp_pain`` … ``checkin_persistent_pain_days`` (also without
    ``checkin_``: ``soreness``, ``sharp_pain`` …); and ``ext``.
    Values are metric: see :mod:`runcover.units`.

    A session is not safe to change from several threads at once; calls on
    one session are serialized by a lock.
    """

    _what = "Session"
    _table = SESSION
    _readable = SESSION_READABLE
    _set_number = staticmethod(lib.runcover_session_set_number)
    _set_text = staticmethod(lib.runcover_session_set_text)
    _set_flag = staticmethod(lib.runcover_session_set_flag)
    _unset = staticmethod(lib.runcover_session_unset)
    _get_number = staticmethod(lib.runcover_session_get_number)

    def __init__(self, *, ext: Optional[Mapping[str, Union[bool, float]]] = None, **facts: FactValue) -> None:
        ptr = _ffi.out_call(lib.runcover_session_new, _ffi.SessionP)
        self._res = Resource(ptr, "Session", lib.runcover_session_free)
        try:
            self.set(**facts)
            if ext:
                self.set_ext(ext)
        except BaseException:
            self.close()
            raise

    @classmethod
    def _adopt(cls, res: Union[Resource, View]) -> "Session":
        s = cls.__new__(cls)
        s._res = res
        return s

    def clone(self) -> "Session":
        """A mutable deep copy."""
        with self._res.lock, self._res.borrow() as p:
            ptr = _ffi.out_call(lib.runcover_session_clone, _ffi.SessionP, p)
        return Session._adopt(Resource(ptr, "Session", lib.runcover_session_free))

    def _get_time(self, p: Any) -> Optional[_dt.datetime]:
        secs = ctypes.c_int64()
        off = ctypes.c_int()
        rc = lib.runcover_session_get_end(p, ctypes.byref(secs), ctypes.byref(off))
        if rc == errors.E_NOTFOUND:
            return None
        if rc != errors.OK:
            raise _ffi.last_error(rc)
        tz = _dt.timezone(_dt.timedelta(minutes=off.value))
        return _dt.datetime.fromtimestamp(secs.value, tz)


class Athlete(_Facts):
    """An athlete: body, preferences, training history and load model.

    Keyword arguments are the athlete facts of the library's catalogue
    (:data:`runcover.facts.ATHLETE`): ``mass_kg``, ``age``, ``sex``,
    ``experience_years``, ``weekly_km``, ``phase``, ``preferences`` (a list
    of names), ``units`` (``"metric"`` or ``"imperial"``: rendered text only),
    ``hr_rest``, ``hr_max``; plus ``history`` (past :class:`Session` objects,
    each with ``end`` set), ``load_model`` (``{"parameter": value}``) and
    ``ext``.

    An athlete is not safe to change from several threads at once; calls on
    one athlete are serialized by a lock.
    """

    _what = "Athlete"
    _table = ATHLETE
    _readable = ATHLETE
    _set_number = staticmethod(lib.runcover_athlete_set_number)
    _set_text = staticmethod(lib.runcover_athlete_set_text)
    _set_flag = staticmethod(lib.runcover_athlete_set_flag)
    _unset = staticmethod(lib.runcover_athlete_unset)
    _get_number = staticmethod(lib.runcover_athlete_get_number)
    _reserved = ("ext", "history", "load_model")

    def __init__(
        self,
        *,
        history: Iterable[Session] = (),
        load_model: Optional[Mapping[str, Union[bool, float, str]]] = None,
        ext: Optional[Mapping[str, Union[bool, float]]] = None,
        **facts: FactValue,
    ) -> None:
        ptr = _ffi.out_call(lib.runcover_athlete_new, _ffi.AthleteP)
        self._res = Resource(ptr, "Athlete", lib.runcover_athlete_free)
        try:
            self.set(**facts)
            if ext:
                self.set_ext(ext)
            if load_model:
                self.set_load_model(load_model)
            for s in history:
                self.add_session(s)
        except BaseException:
            self.close()
            raise

    def _set_reserved(self, extra: Dict[str, Any]) -> None:
        if extra.get("load_model"):
            self.set_load_model(extra["load_model"])
        for s in extra.get("history") or ():
            self.add_session(s)

    @classmethod
    def _adopt(cls, res: Union[Resource, View]) -> "Athlete":
        a = cls.__new__(cls)
        a._res = res
        return a

    def clone(self) -> "Athlete":
        """A mutable deep copy (facts, preferences, history, load model)."""
        with self._res.lock, self._res.borrow() as p:
            ptr = _ffi.out_call(lib.runcover_athlete_clone, _ffi.AthleteP, p)
        return Athlete._adopt(Resource(ptr, "Athlete", lib.runcover_athlete_free))

    #: load_model.pmc_weight reads back as the index of one of these names
    _PMC_WEIGHTS = ("1/N", "1-exp(-1/N)", "2/(N+1)")
    _LOAD_FLAGS = ("load_model.tsb_previous_day", "load_model.sample_sd")

    def get(self, name: str) -> Any:
        """As :meth:`_Facts.get`; load-model parameters read back as they are
        set: ``load_model.pmc_weight`` as its name (``"2/(N+1)"``), the
        switches as bools, the others as floats."""
        v = super().get(name)
        if v is None:
            return v
        if name == "load_model.pmc_weight":
            return self._PMC_WEIGHTS[int(v)]
        if name in self._LOAD_FLAGS:
            return v != 0
        return v

    def set_load_model(self, params: Mapping[str, Union[bool, float, str]]) -> None:
        """Sets load-model parameters (names in protocols/README.md)."""
        for name, value in params.items():
            key = name if name.startswith("load_model.") else "load_model." + name
            self.set_fact(key, value)

    def add_session(self, session: Session) -> None:
        """Adds a finished session (copied) to the training history.

        It needs ``end``; an exact duplicate is refused (InvalidError).
        """
        if not isinstance(session, Session):
            raise TypeError(f"add_session() takes a Session, not {type(session).__name__}")
        self._writable()
        with self._res.lock, session._res.lock, self._res.borrow() as a, session._res.borrow() as s:
            lib.runcover_athlete_add_session(a, s)

    def clear_history(self) -> None:
        """Removes every history session."""
        self._writable()
        with self._res.lock, self._res.borrow() as a:
            lib.runcover_athlete_clear_history(a)

    @property
    def history_count(self) -> int:
        with self._res.lock, self._res.borrow() as a:
            return int(lib.runcover_athlete_history_count(a))

    @property
    def history(self) -> Tuple[Session, ...]:
        """Copies of the history sessions, oldest first."""
        out = []
        with self._res.lock, self._res.borrow() as a:
            for i in range(lib.runcover_athlete_history_count(a)):
                s = lib.runcover_athlete_history_session(a, i)
                ptr = _ffi.out_call(lib.runcover_session_clone, _ffi.SessionP, s)
                out.append(Session._adopt(Resource(ptr, "Session", lib.runcover_session_free)))
        return tuple(out)
