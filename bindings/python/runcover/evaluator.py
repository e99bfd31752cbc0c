"""The evaluator: a loaded, compiled protocol set."""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
from typing import Any, Iterator, NamedTuple, Tuple, Union

from . import _ffi, errors, facts
from ._handle import Resource
from .model import Athlete, Session
from .plan import Plan

lib = _ffi.lib

PathLike = Union[str, "os.PathLike[str]"]


class ProtocolInfo(NamedTuple):
    """A loaded protocol: its name, content version and the sha256 of its bytes."""

    name: str
    version: int
    sha256: str


class Evaluator:
    """A set of protocols, compiled.

    ``Evaluator()`` holds only the built-in red-flag floor;
    ``Evaluator.default()`` the default protocol set embedded in the library.
    Loading is atomic: a failed load raises and leaves the evaluator as it
    was; it reports every error it found in ``Error.errors``.

    Threads: the evaluator freezes at its first evaluation (loading then
    raises MisuseError). Frozen, it may be shared by any number of threads
    evaluating at once, each with its own athletes and sessions (an athlete
    or session used by several threads is serialized by its own lock). Before
    the first evaluation, loads and evaluations are serialized by a lock.
    Closing an evaluator that plans or other threads still use frees it when
    the last of them lets go.
    """

    def __init__(self) -> None:
        self._init(lib.runcover_evaluator_new)

    def _init(self, new: Any) -> None:
        ptr = _ffi.out_call(new, _ffi.EvaluatorP)
        self._res = Resource(ptr, "Evaluator", lib.runcover_evaluator_free)
        self._frozen = False
        self._freeze_lock = threading.Lock()

    @classmethod
    def default(cls) -> "Evaluator":
        """An evaluator with the default protocol set (no files read)."""
        ev = cls.__new__(cls)
        ev._init(lib.runcover_evaluator_new_default)
        return ev

    # ---- lifetime -------------------------------------------------------

    def close(self) -> None:
        """Releases the evaluator; freed once no plan or call uses it. Idempotent."""
        self._res.close()

    @property
    def closed(self) -> bool:
        return self._res.closed

    def __enter__(self) -> "Evaluator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def frozen(self) -> bool:
        """True once the evaluator has evaluated a plan (no more loading)."""
        return self._frozen

    # ---- loading --------------------------------------------------------

    def _load(self, fn: Any, *args: Any) -> "Evaluator":
        with self._freeze_lock, self._res.borrow() as ev:
            fn(ev, *args)
        return self

    def load_file(self, path: PathLike) -> "Evaluator":
        """Loads one protocol file. Returns self."""
        return self._load(lib.runcover_evaluator_load_file, _ffi.encode(path, "path"))

    def load_dir(self, path: PathLike) -> "Evaluator":
        """Loads every ``*.yaml``/``*.yml`` file directly in a directory, in name
        order, as one atomic set. Returns self."""
        return self._load(lib.runcover_evaluator_load_dir, _ffi.encode(path, "path"))

    def load_string(self, text: Union[str, bytes], name: str = "<string>") -> "Evaluator":
        """Loads a protocol from YAML text; ``name`` appears in error positions.
        Returns self."""
        _ffi.check_text_first("load_string", text, name)
        buf = _ffi.encode(text, "protocol text") if isinstance(text, str) else bytes(text)
        return self._load(lib.runcover_evaluator_load_string, _ffi.encode(name, "name"), buf, len(buf))

    # ---- evaluating -----------------------------------------------------

    def evaluate(self, athlete: Athlete, session: Session) -> Plan:
        """Evaluates the protocols for an athlete and a finished session.

        The plan copies the facts it used, so it outlives the athlete and
        session; it keeps this evaluator alive until the plan is closed.
        """
        if not isinstance(athlete, Athlete):
            raise TypeError(f"evaluate() takes an Athlete, not {type(athlete).__name__}")
        if not isinstance(session, Session):
            raise TypeError(f"evaluate() takes a Session, not {type(session).__name__}")
        out = _ffi.PlanP()
        ev = self._res.acquire()  # held by the plan on success
        try:
            with athlete._res.lock, session._res.lock, \
                    athlete._res.borrow() as a, session._res.borrow() as s:
                if self._frozen:
                    lib.runcover_evaluate(ctypes.byref(out), ev, a, s)
                else:
                    with self._freeze_lock:
                        try:
                            lib.runcover_evaluate(ctypes.byref(out), ev, a, s)
                        finally:
                            # The library freezes the evaluator even when the
                            # evaluation fails.
                            self._frozen = True
        except BaseException:
            self._res.release()
            raise
        return Plan._adopt(out, self._res)

    # ---- introspection --------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Any]:
        # Before the freeze a load may replace the compiled program.
        if self._frozen:
            with self._res.borrow() as ev:
                yield ev
        else:
            with self._freeze_lock, self._res.borrow() as ev:
                yield ev

    @property
    def rule_count(self) -> int:
        """Number of rules (the built-in medical rule included)."""
        with self._reading() as ev:
            return int(lib.runcover_evaluator_rule_count(ev))

    @property
    def rules(self) -> Tuple[str, ...]:
        """Rule ids, by rule index (``Item.rule_index``)."""
        with self._reading() as ev:
            return tuple(_ffi.text(lib.runcover_evaluator_rule_id(ev, i))
                         for i in range(lib.runcover_evaluator_rule_count(ev)))

    def find_rule(self, rule_id: str) -> int:
        """The index of a rule; NotFoundError when there is none."""
        idx = ctypes.c_size_t()
        with self._reading() as ev:
            lib.runcover_evaluator_find_rule(ev, _ffi.encode(rule_id, "rule id"), ctypes.byref(idx))
        return int(idx.value)

    def __contains__(self, rule_id: object) -> bool:
        if not isinstance(rule_id, str):
            return False
        try:
            self.find_rule(rule_id)
        except errors.NotFoundError:
            return False
        return True

    @property
    def protocols(self) -> Tuple[ProtocolInfo, ...]:
        """The loaded protocols, in load order."""
        out = []
        with self._reading() as ev:
            for i in range(lib.runcover_evaluator_protocol_count(ev)):
                name, sha = ctypes.c_char_p(), ctypes.c_char_p()
                version = ctypes.c_int64()
                lib.runcover_evaluator_protocol(ev, i, ctypes.byref(name), ctypes.byref(version),
                                                ctypes.byref(sha))
                out.append(ProtocolInfo(_ffi.text(name.value), int(version.value), _ffi.text(sha.value)))
        return tuple(out)

    def facts(self) -> Tuple[facts.FactInfo, ...]:
        """Every fact the protocols can read: built-ins plus declared ``ext.*``."""
        with self._reading() as ev:
            return facts.describe(ev)

    def __repr__(self) -> str:
        if self.closed:
            return "<Evaluator (closed)>"
        return f"<Evaluator {len(self.protocols)} protocols, {self.rule_count} rules{', frozen' if self._frozen else ''}>"

