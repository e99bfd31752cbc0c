"""Exceptions raised by the binding.

Every failure of a library call raises a subclass of :class:`Error`, chosen
by the ``runcover_status`` the call returned. Each carries the status
``code``, the library's ``message`` and, for YAML input, the ``file``,
``line`` and ``column`` (1-based; ``None`` when they do not apply). A load
that finds several problems reports them all in ``errors``.

Some subclasses also derive from the matching built-in exception, so
``except ValueError`` catches a refused value and ``except LookupError`` an
unknown rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Type

# runcover_status values (fixed forever by the C API).
OK = 0
E_INVALID = 1
E_RANGE = 2
E_NOMEM = 3
E_IO = 4
E_SYNTAX = 5
E_SCHEMA = 6
E_TYPE = 7
E_LIMIT = 8
E_NOTFOUND = 9
E_MISUSE = 10


@dataclass(frozen=True)
class ErrorInfo:
    """One error the library reported (one ``runcover_error``)."""

    code: int
    message: str
    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None

    def __str__(self) -> str:
        return _format(self.message, self.file, self.line, self.column)


def _format(message: str, file: Optional[str], line: Optional[int], column: Optional[int]) -> str:
    if not file:
        return message
    where = file
    if line:
        where += f":{line}"
        if column:
            where += f":{column}"
    return f"{where}: {message}"


class Error(Exception):
    """A libruncover call failed.

    Attributes:
        code: the ``runcover_status`` value.
        message: what went wrong, as the library worded it.
        file: the file or buffer name, or ``None``.
        line: 1-based line, or ``None``.
        column: 1-based column, or ``None``.
        errors: every error the call collected (a protocol load reports all it
            finds); ``errors[0]`` is this error.
    """

    code: int = -1

    def __init__(
        self,
        message: str,
        *,
        code: Optional[int] = None,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        errors: Iterable[ErrorInfo] = (),
    ) -> None:
        self.message = message
        if code is not None:
            self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.errors: List[ErrorInfo] = list(errors) or [
            ErrorInfo(self.code, message, file, line, column)
        ]
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _format(self.message, self.file, self.line, self.column)
        if len(self.errors) > 1:
            return head + f" (and {len(self.errors) - 1} more error{'s' if len(self.errors) > 2 else ''})"
        return head

    def __reduce__(self):  # keep the attributes when pickled (multiprocessing)
        return (_rebuild, (type(self), self.message, self.code, self.file, self.line, self.column,
                           tuple(self.errors)))


def _rebuild(cls, message, code, file, line, column, errors):  # type: ignore[no-untyped-def]
    return cls(message, code=code, file=file, line=line, column=column, errors=errors)


class InvalidError(Error, ValueError):
    """RUNCOVER_E_INVALID: a bad argument or value (unknown name, wrong kind)."""

    code = E_INVALID


class RangeError(Error, ValueError):
    """RUNCOVER_E_RANGE: a number outside the allowed range, NaN or infinite."""

    code = E_RANGE


class NoMemoryError(Error, MemoryError):
    """RUNCOVER_E_NOMEM: an allocation failed; nothing was changed."""

    code = E_NOMEM


class FileError(Error):
    """RUNCOVER_E_IO: a file could not be opened or read."""

    code = E_IO


class ParseError(Error):
    """RUNCOVER_E_SYNTAX: malformed YAML or expression syntax."""

    code = E_SYNTAX


class SchemaError(Error):
    """RUNCOVER_E_SCHEMA: valid YAML that is not a valid protocol or scenario."""

    code = E_SCHEMA


class WrongTypeError(Error, TypeError):
    """RUNCOVER_E_TYPE: an expression or value has the wrong type."""

    code = E_TYPE


class LimitError(Error):
    """RUNCOVER_E_LIMIT: a size, depth or count limit was exceeded."""

    code = E_LIMIT


class NotFoundError(Error, LookupError):
    """RUNCOVER_E_NOTFOUND: no such fact, rule or item; or a value is absent."""

    code = E_NOTFOUND


class MisuseError(Error):
    """RUNCOVER_E_MISUSE: the API contract was broken, e.g. a closed handle was used
    or a protocol was loaded into an evaluator that has already evaluated."""

    code = E_MISUSE


_BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (InvalidError, RangeError, NoMemoryError, FileError, ParseError, SchemaError,
                WrongTypeError, LimitError, NotFoundError, MisuseError)
}


def error_class(code: int) -> Type[Error]:
    """The exception class for a status code (:class:`Error` for unknown codes)."""
    return _BY_CODE.get(code, Error)


def make_error(head: ErrorInfo, errors: List[ErrorInfo]) -> Error:
    """Builds the exception for a failed call from the errors it collected."""
    return error_class(head.code)(head.message, code=head.code, file=head.file, line=head.line,
                                  column=head.column, errors=errors)


def closed(what: str) -> MisuseError:
    """The error for using a closed handle."""
    return MisuseError(f"this {what} is closed", code=E_MISUSE)
