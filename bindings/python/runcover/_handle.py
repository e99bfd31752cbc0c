"""Ownership of C handles: deterministic and safe release.

A :class:`Resource` owns one C handle. ``close()`` releases it at once unless a
call is using it or a dependent object (a plan of an evaluator) still needs
it; then the release happens when the last user lets go. A
``weakref.finalize`` releases a handle nobody closed when it is garbage
collected. The finalizer runs at most once, so a handle is never freed twice.

A :class:`View` is a borrowed, read-only handle owned by another resource (the
athlete inside a scenario); it keeps its owner alive.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Any, Callable, ContextManager, Iterator, Optional

from . import errors


class Resource:
    """One owned C handle with a use count.

    ``borrow()`` pins the handle for the duration of a call (or, with
    ``acquire``/``release``, for the life of a dependent object); ``close()``
    marks it closed and frees it once nothing pins it. ``lock`` serializes the
    calls that mutate the handle.
    """

    __slots__ = ("_ptr", "_what", "_mutex", "_pins", "_closed", "_finalizer", "lock", "__weakref__")

    readonly = False

    def __init__(self, ptr: Any, what: str, release: Callable[..., None], *release_args: Any) -> None:
        if not ptr:
            raise errors.MisuseError(f"{what}: the library returned a NULL handle", code=errors.E_MISUSE)
        self._ptr = ptr
        self._what = what
        self._mutex = threading.Lock()
        self._pins = 0
        self._closed = False
        self.lock: ContextManager[Any] = threading.RLock()
        self._finalizer = weakref.finalize(self, release, ptr, *release_args)

    @property
    def closed(self) -> bool:
        return self._closed

    def acquire(self) -> Any:
        """Pins the handle and returns its pointer; raises MisuseError when closed."""
        with self._mutex:
            if self._closed:
                raise errors.closed(self._what)
            self._pins += 1
            return self._ptr

    def release(self) -> None:
        """Undoes one acquire(); frees the handle if it was closed meanwhile."""
        with self._mutex:
            self._pins -= 1
            free_now = self._closed and self._pins == 0
        if free_now:
            self._finalizer()

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Any]:
        ptr = self.acquire()
        try:
            yield ptr
        finally:
            self.release()

    def close(self) -> None:
        """Closes the handle; idempotent."""
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            free_now = self._pins == 0
        if free_now:
            self._finalizer()


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


class View:
    """A borrowed, read-only handle: ``get(owner_ptr)`` finds it in its owner."""

    __slots__ = ("_owner", "_get", "_what", "_closed")

    readonly = True
    lock: ContextManager[Any] = _NoLock()  # the owner is immutable

    def __init__(self, owner: Resource, get: Callable[[Any], Any], what: str) -> None:
        self._owner: Optional[Resource] = owner
        self._get = get
        self._what = what
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed or self._owner is None or self._owner.closed

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Any]:
        owner = self._owner
        if self._closed or owner is None:
            raise errors.closed(self._what)
        with owner.borrow() as p:
            ptr = self._get(p)
            if not ptr:
                raise errors.MisuseError(f"{self._what}: the owner returned a NULL handle",
                                         code=errors.E_MISUSE)
            yield ptr

    def close(self) -> None:
        self._closed = True
        self._owner = None
