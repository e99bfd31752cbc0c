"""Loading libruncover and declaring the C functions the binding uses.

Everything that touches ``ctypes`` declarations lives here: the library is
found once, every function gets its ``argtypes``/``restype`` and, for those
returning a ``runcover_status``, an ``errcheck`` that turns a failure into a
:class:`runcover.Error` built from the thread-local ``runcover_last_error()``
(ctypes calls run on the calling OS thread, so the error read right after the
call is that call's error).

The library is searched for, in order:

1. ``$RUNCOVER_LIBRARY``: the path of the shared library (nothing else is tried
   when it is set);
2. ``$RUNCOVER_BUILD_DIR``: a meson build directory (``lib/`` inside it, then
   the directory itself);
3. ``../../../build/lib`` relative to this package, i.e. the build tree of a
   source checkout (``bindings/python/runcover`` → ``build/lib``);
4. the system: ``ctypes.util.find_library("runcover")`` and the dynamic
   loader's own search (``LD_LIBRARY_PATH``, the ldconfig cache).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from ctypes import (
    POINTER,
    Structure,
    c_bool,
    c_char_p,
    c_double,
    c_int,
    c_int64,
    c_size_t,
    c_uint,
    c_void_p,
)
from typing import Any, Callable, List, Optional, Sequence, Tuple

from . import errors as _errors

#: The oldest library this binding works with (major * 10000 + minor * 100 + patch).
REQUIRED_VERSION = (0, 1, 0)

_ENV_LIBRARY = "RUNCOVER_LIBRARY"
_ENV_BUILD_DIR = "RUNCOVER_BUILD_DIR"


def _library_names() -> List[str]:
    if sys.platform == "darwin":
        return ["libruncover.0.dylib", "libruncover.dylib"]
    if sys.platform in ("win32", "cygwin"):
        return ["runcover-0.dll", "libruncover-0.dll", "runcover.dll", "libruncover.dll"]
    return ["libruncover.so.0"]


def _load() -> Tuple[ctypes.CDLL, str]:
    tried: List[str] = []

    def attempt(path: str) -> Optional[ctypes.CDLL]:
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
            return None

    explicit = os.environ.get(_ENV_LIBRARY)
    if explicit:
        lib = attempt(explicit)
        if lib is not None:
            return lib, explicit
        raise ImportError(
            f"runcover: cannot load the library named by ${_ENV_LIBRARY}: {tried[0]}"
        )

    dirs: List[str] = []
    build = os.environ.get(_ENV_BUILD_DIR)
    if build:
        dirs += [os.path.join(build, "lib"), build]
    here = os.path.dirname(os.path.abspath(__file__))
    dirs.append(os.path.normpath(os.path.join(here, "..", "..", "..", "build", "lib")))
    for d in dirs:
        for name in _library_names():
            path = os.path.join(d, name)
            if os.path.exists(path):
                lib = attempt(path)
                if lib is not None:
                    return lib, path
            else:
                tried.append(f"{path} (no such file)")

    found = ctypes.util.find_library("runcover")
    candidates = ([found] if found else []) + _library_names()
    if not found:
        tried.append("ctypes.util.find_library('runcover') (not found)")
    for name in candidates:
        lib = attempt(name)
        if lib is not None:
            return lib, name
    raise ImportError(
        "runcover: cannot find libruncover. Set $RUNCOVER_LIBRARY to the shared "
        "library, $RUNCOVER_BUILD_DIR to a meson build directory, or install the "
        "library. Tried:\n  " + "\n  ".join(tried)
    )


lib, library_path = _load()

# --------------------------------------------------------------------------
# C types


class ErrorStruct(Structure):
    """``runcover_error``."""

    _fields_ = [
        ("code", c_int),
        ("message", c_char_p),
        ("file", c_char_p),
        ("line", c_uint),
        ("column", c_uint),
    ]


class FactDesc(Structure):
    """``runcover_fact_desc`` (0.1.0 layout; ``size`` set by the caller)."""

    _fields_ = [
        ("size", c_size_t),
        ("path", c_char_p),
        ("key", c_char_p),
        ("type", c_int),
        ("unit", c_char_p),
        ("min", c_double),
        ("max", c_double),
        ("enum_count", c_size_t),
        ("enum_values", POINTER(c_char_p)),
        ("flags", c_uint),
        ("doc", c_char_p),
    ]


class ItemView(Structure):
    """``runcover_item_view`` (0.1.0 layout; ``size`` set by the caller)."""

    _fields_ = [
        ("size", c_size_t),
        ("id", c_char_p),
        ("category", c_char_p),
        ("phase", c_char_p),
        ("title", c_char_p),
        ("detail", c_char_p),
        ("rule_index", c_size_t),
        ("flags", c_uint),
        ("window_start_min", c_double),
        ("window_end_min", c_double),
        ("duration_min", c_double),
        ("duration_max", c_double),
        ("amount_min", c_double),
        ("amount_max", c_double),
        ("amount_unit", c_char_p),
    ]


# Opaque handles, typed so a session can never be passed for an athlete.
class _Athlete(Structure):
    pass


class _Session(Structure):
    pass


class _Evaluator(Structure):
    pass


class _Plan(Structure):
    pass


class _Item(Structure):
    pass


class _Scenario(Structure):
    pass


AthleteP = POINTER(_Athlete)
SessionP = POINTER(_Session)
EvaluatorP = POINTER(_Evaluator)
PlanP = POINTER(_Plan)
ItemP = POINTER(_Item)
ScenarioP = POINTER(_Scenario)

# Constants from runcover.h.
FACT_ATHLETE = 0x1
FACT_SESSION = 0x2
FACT_DERIVED = 0x4
FACT_EXT = 0x8
EVAL_NO_TEXT = 0x1
JSON_EXPLAIN = 0x1
JSON_PRETTY = 0x2
VIEW_WINDOW = 0x1
VIEW_DURATION = 0x2
VIEW_AMOUNT = 0x4

# --------------------------------------------------------------------------
# Errors


def text(b: Optional[bytes]) -> str:
    """Decodes a UTF-8 string from the library ("" for NULL)."""
    return b.decode("utf-8", "replace") if b else ""


def _info(e: ErrorStruct) -> "_errors.ErrorInfo":
    return _errors.ErrorInfo(
        code=int(e.code),
        message=text(e.message),
        file=text(e.file) or None,
        line=int(e.line) or None,
        column=int(e.column) or None,
    )


def last_error(status: int) -> "_errors.Error":
    """The exception for a call that just returned ``status`` on this thread."""
    infos = []
    for i in range(lib.runcover_last_error_count()):
        p = lib.runcover_last_error_at(i)
        if p:
            infos.append(_info(p.contents))
    if not infos or infos[0].code != status:
        # The library records an error with the status it returns; should it
        # ever not, keep the status the call returned.
        infos = [_errors.ErrorInfo(code=status, message=text(lib.runcover_status_str(status)))]
    return _errors.make_error(infos[0], infos)


def _errcheck(result: int, func: Any, args: Tuple[Any, ...]) -> int:
    if result != 0:
        raise last_error(int(result))
    return result


def encode(s: "str | os.PathLike[str] | bytes", what: str) -> bytes:
    """Encodes text for a ``const char *`` argument; refuses embedded NULs."""
    if isinstance(s, os.PathLike):
        s = os.fspath(s)
    if isinstance(s, str):
        b = s.encode("utf-8")
    elif isinstance(s, bytes):
        b = s
    else:
        raise TypeError(f"{what} must be str, not {type(s).__name__}")
    if b"\0" in b:
        raise _errors.InvalidError(f"{what} contains a NUL character", code=_errors.E_INVALID)
    return b


def check_text_first(fn: str, text: Any, name: Any) -> None:
    """Refuses load_string("file.yaml", yaml_text): the C function takes the
    name first, this one the text, and the swap would otherwise load the
    name as YAML."""
    if isinstance(name, (str, bytes)) and isinstance(text, (str, bytes)):
        nl = "\n" if isinstance(name, str) else b"\n"
        tl = "\n" if isinstance(text, str) else b"\n"
        if nl in name and tl not in text:  # type: ignore[operator]
            raise TypeError(f"{fn}(text, name=...): the YAML text comes first, then the name "
                            f"(the arguments look swapped)")


def take_string(p: c_void_p) -> str:
    """Copies and frees a string the library allocated for the caller."""
    if not p.value:
        return ""
    try:
        return text(ctypes.string_at(p.value))
    finally:
        lib.runcover_string_free(p)


# --------------------------------------------------------------------------
# Declarations

STATUS = object()  # marker: returns runcover_status, checked by errcheck

_P = POINTER
_DECLS: Sequence[Tuple[str, Any, List[Any]]] = [
    ("runcover_version", c_char_p, []),
    ("runcover_version_number", c_int, []),
    ("runcover_status_str", c_char_p, [c_int]),
    ("runcover_last_error", _P(ErrorStruct), []),
    ("runcover_last_error_count", c_size_t, []),
    ("runcover_last_error_at", _P(ErrorStruct), [c_size_t]),
    ("runcover_string_free", None, [c_void_p]),
    # facts
    ("runcover_fact_count", c_size_t, [EvaluatorP]),
    ("runcover_fact_info", STATUS, [EvaluatorP, c_size_t, _P(FactDesc)]),
    # athlete
    ("runcover_athlete_new", STATUS, [_P(AthleteP)]),
    ("runcover_athlete_clone", STATUS, [_P(AthleteP), AthleteP]),
    ("runcover_athlete_free", None, [AthleteP]),
    ("runcover_athlete_set_number", STATUS, [AthleteP, c_char_p, c_double]),
    ("runcover_athlete_set_text", STATUS, [AthleteP, c_char_p, c_char_p]),
    ("runcover_athlete_set_flag", STATUS, [AthleteP, c_char_p, c_bool]),
    ("runcover_athlete_unset", STATUS, [AthleteP, c_char_p]),
    ("runcover_athlete_get_number", c_int, [AthleteP, c_char_p, _P(c_double)]),
    ("runcover_athlete_add_session", STATUS, [AthleteP, SessionP]),
    ("runcover_athlete_history_count", c_size_t, [AthleteP]),
    ("runcover_athlete_history_session", SessionP, [AthleteP, c_size_t]),
    ("runcover_athlete_clear_history", STATUS, [AthleteP]),
    # session
    ("runcover_session_new", STATUS, [_P(SessionP)]),
    ("runcover_session_clone", STATUS, [_P(SessionP), SessionP]),
    ("runcover_session_free", None, [SessionP]),
    ("runcover_session_set_number", STATUS, [SessionP, c_char_p, c_double]),
    ("runcover_session_set_text", STATUS, [SessionP, c_char_p, c_char_p]),
    ("runcover_session_set_flag", STATUS, [SessionP, c_char_p, c_bool]),
    ("runcover_session_unset", STATUS, [SessionP, c_char_p]),
    ("runcover_session_get_number", c_int, [SessionP, c_char_p, _P(c_double)]),
    ("runcover_session_get_end", c_int, [SessionP, _P(c_int64), _P(c_int)]),
    # evaluator
    ("runcover_evaluator_new", STATUS, [_P(EvaluatorP)]),
    ("runcover_evaluator_new_default", STATUS, [_P(EvaluatorP)]),
    ("runcover_evaluator_free", None, [EvaluatorP]),
    ("runcover_evaluator_load_file", STATUS, [EvaluatorP, c_char_p]),
    ("runcover_evaluator_load_dir", STATUS, [EvaluatorP, c_char_p]),
    ("runcover_evaluator_load_string", STATUS, [EvaluatorP, c_char_p, c_char_p, c_size_t]),
    ("runcover_evaluator_rule_count", c_size_t, [EvaluatorP]),
    ("runcover_evaluator_rule_id", c_char_p, [EvaluatorP, c_size_t]),
    ("runcover_evaluator_find_rule", STATUS, [EvaluatorP, c_char_p, _P(c_size_t)]),
    ("runcover_evaluator_protocol_count", c_size_t, [EvaluatorP]),
    ("runcover_evaluator_protocol", STATUS,
     [EvaluatorP, c_size_t, _P(c_char_p), _P(c_int64), _P(c_char_p)]),
    # evaluation and plans
    ("runcover_evaluate", STATUS, [_P(PlanP), EvaluatorP, AthleteP, SessionP]),
    ("runcover_evaluate_into", STATUS, [PlanP, EvaluatorP, AthleteP, SessionP, c_uint]),
    ("runcover_plan_new", STATUS, [_P(PlanP)]),
    ("runcover_plan_free", None, [PlanP]),
    ("runcover_plan_count", c_size_t, [PlanP]),
    ("runcover_plan_item", ItemP, [PlanP, c_size_t]),
    ("runcover_plan_red_flag", c_bool, [PlanP]),
    ("runcover_plan_recovery_hours", c_bool, [PlanP, _P(c_double)]),
    ("runcover_plan_next_hard_session_after", c_char_p, [PlanP]),
    ("runcover_plan_suppressed_count", c_size_t, [PlanP]),
    ("runcover_plan_suppressed", STATUS, [PlanP, c_size_t, _P(c_char_p), _P(c_char_p)]),
    ("runcover_plan_fact", c_int, [PlanP, c_char_p, _P(c_double)]),
    ("runcover_plan_explain", STATUS, [_P(c_void_p), PlanP, c_size_t]),
    ("runcover_plan_why_not", STATUS, [_P(c_void_p), PlanP, c_char_p]),
    ("runcover_plan_to_json", STATUS, [_P(c_void_p), PlanP, c_uint]),
    ("runcover_plan_to_text", STATUS, [_P(c_void_p), PlanP, c_uint]),
    ("runcover_plan_read", STATUS, [PlanP, _P(ItemView), c_size_t, _P(c_size_t)]),
    ("runcover_item_source_count", c_size_t, [ItemP]),
    ("runcover_item_source", STATUS, [ItemP, c_size_t, _P(c_char_p), _P(c_char_p)]),
    # scenarios
    ("runcover_scenario_load_file", STATUS, [_P(ScenarioP), c_char_p]),
    ("runcover_scenario_load_string", STATUS, [_P(ScenarioP), c_char_p, c_char_p, c_size_t]),
    ("runcover_scenario_free", None, [ScenarioP]),
    ("runcover_scenario_athlete", AthleteP, [ScenarioP]),
    ("runcover_scenario_session", SessionP, [ScenarioP]),
    ("runcover_scenario_has_expect", c_bool, [ScenarioP]),
    ("runcover_scenario_check", STATUS, [_P(c_void_p), _P(c_size_t), ScenarioP, PlanP]),
]


def _declare() -> None:
    missing = []
    for name, restype, argtypes in _DECLS:
        try:
            f = getattr(lib, name)
        except AttributeError:
            missing.append(name)
            continue
        f.argtypes = argtypes
        if restype is STATUS:
            f.restype = c_int
            f.errcheck = _errcheck
        else:
            f.restype = restype
    if missing:
        raise ImportError(f"runcover: {library_path} lacks {', '.join(missing)}")


_declare()


def _check_version() -> Tuple[str, int]:
    number = int(lib.runcover_version_number())
    string = text(lib.runcover_version())
    major, minor, patch = REQUIRED_VERSION
    need = major * 10000 + minor * 100 + patch
    if number // 10000 != major or number < need:
        raise ImportError(
            f"runcover: {library_path} is version {string}; this binding needs "
            f"{major}.{minor}.{patch} or a later {major}.x"
        )
    return string, number


library_version, library_version_number = _check_version()


def out_call(fn: Callable[..., int], ptype: Any, *args: Any) -> Any:
    """Calls a constructor-like function ``fn(&out, args...)`` and returns out."""
    out = ptype()
    fn(ctypes.byref(out), *args)
    return out
