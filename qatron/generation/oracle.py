"""Running candidate calls: in-process, under coverage.py, guarded and time-limited.

``run_batch`` calls each thunk with the network and files outside the temporary folder
refused (``ResourceBlocked``) and a deadline (``CallTimeout``), and returns what happened
(``Outcome``: the value returned or the exception raised) with the branch arcs of the
module the call reached. ``render`` writes a value as source (a literal, an enum member or
a simple constructible object such as ``Decimal('1.5')``), or says it cannot.
"""

from __future__ import annotations

import ast
import builtins
import enum
import functools
import importlib
import io
import math
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from types import FrameType
from typing import Any

import coverage

__all__ = ["CallTimeout", "Outcome", "ResourceBlocked", "Unwritable", "guarded", "isolated",
           "refused", "render", "run_batch"]

Arc = tuple[int, int]


class ResourceBlocked(PermissionError):
    """The code under test reached for the network or a file outside the temporary folder."""


class CallTimeout(BaseException):
    """A call ran past its deadline (a BaseException: the code under test cannot catch it)."""


class Unwritable(ValueError):
    """A value that cannot be written as source a person would read."""


@dataclass(frozen=True)
class Outcome:
    """What one call did: ``kind`` is return, raise, timeout or blocked."""

    kind: str
    value: object = None
    exc_type: type[BaseException] | None = None
    message: str = ""
    state: object = None

    @property
    def key(self) -> str:
        """A comparable signature (repr based, so equal across copies of a module)."""
        if self.kind == "return":
            return f"return {_stable_repr(self.value)} state={_stable_repr(self.state)}"
        name = self.exc_type.__name__ if self.exc_type else ""
        return f"{self.kind} {name}: {self.message} state={_stable_repr(self.state)}"


def _stable_repr(value: object) -> str:
    try:
        return repr(value)
    except Exception as error:  # noqa: BLE001 - a broken __repr__ is still an outcome
        return f"<repr failed: {type(error).__name__}>"


#: After this many calls of a batch time out, the rest are not tried (they would hang too).
MAX_TIMEOUTS = 3

Thunk = Callable[[], tuple[object, object]]  # returns (result, state after)


def run_batch(thunks: list[Thunk], module_file: str, timeout: float, measure: bool = True,
              until: float = math.inf) -> list[tuple[Outcome, frozenset[Arc]]]:
    """Each thunk's outcome and the arcs of ``module_file`` it reached (none unless
    ``measure``: the outcomes alone, faster); no thunk is started after ``until``
    (``time.monotonic()``): the list then ends with the last one run."""
    if not measure:
        return [(outcome, frozenset()) for outcome in _outcomes(thunks, timeout, None, until)]
    cov = _coverage(module_file, threading.get_ident())
    cov.start()
    try:
        outcomes = _outcomes(thunks, timeout, cov, until)
    finally:
        cov.stop()
    data = cov.get_data()
    measured = data.measured_files()
    path = next(iter(measured)) if measured else module_file
    results = []
    for index, outcome in enumerate(outcomes):
        data.set_query_context(f"c{index}")
        results.append((outcome, frozenset(data.arcs(path) or ())))
    data.set_query_contexts(None)
    data.erase()  # the next batch starts empty (and names its contexts c0, c1, ... again)
    return results


@functools.lru_cache(maxsize=16)
def _coverage(module_file: str, thread: int) -> coverage.Coverage:
    """The measurement of ``module_file``'s branches, made once (setting one up reads the
    interpreter's paths: it costs more than the calls of a batch) per thread using it."""
    cov = coverage.Coverage(data_file=None, branch=True, include=[module_file],
                            config_file=False)
    cov.set_option("run:disable_warnings", ["no-data-collected"])  # a call may run none of it
    return cov


def _outcomes(thunks: list[Thunk], timeout: float, cov: coverage.Coverage | None,
              until: float) -> list[Outcome]:
    """Each thunk's outcome, in its own coverage context when measured, until ``until``
    (the network and foreign files refused, and the alarm set up, once for the batch)."""
    outcomes: list[Outcome] = []
    with refused(), _alarm():
        for index, thunk in enumerate(thunks):
            if time.monotonic() > until:
                break
            if sum(o.kind == "timeout" for o in outcomes) >= MAX_TIMEOUTS:
                outcomes.append(outcomes[-1] if outcomes[-1].kind == "timeout" else
                                Outcome("timeout", message=f"did not return within {timeout:g} s"))
                continue
            if cov is not None:
                cov.switch_context(f"c{index}")
            outcomes.append(call(thunk, timeout))
    return outcomes


def call(thunk: Thunk, timeout: float) -> Outcome:
    """One time-limited call with an argv, stdin and output of its own (run it inside
    ``refused()``: ``guarded()`` is both)."""
    try:
        with isolated(), deadline(timeout):
            result, state = thunk()
    except CallTimeout:
        return Outcome("timeout", message=f"did not return within {timeout:g} s")
    except ResourceBlocked as error:
        return Outcome("blocked", exc_type=type(error), message=str(error))
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - SystemExit too is the call's outcome
        return Outcome("raise", exc_type=type(error), message=str(error))
    return Outcome("return", result, state=state)


def _expire(signum: int, frame: FrameType | None) -> None:
    raise CallTimeout


@contextmanager
def _alarm() -> Iterator[None]:
    """``deadline``'s signal handler installed for a whole block of calls (in the main
    thread; elsewhere a no-op), so each call only sets the timer."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``CallTimeout`` in this (main) thread after ``seconds``; elsewhere a no-op that
    a watchdog thread reports (the call cannot be interrupted off the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        with _thread_deadline(seconds):
            yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    if previous is not _expire:
        signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if previous is not _expire:
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_deadline(seconds: float) -> Iterator[None]:
    """Off the main thread: a trace function raises ``CallTimeout`` once time is up."""
    limit = time.monotonic() + seconds
    previous = sys.gettrace()

    def tracer(frame: FrameType, event: Any, arg: Any) -> Any:
        if time.monotonic() > limit:
            raise CallTimeout
        return tracer if previous is None else previous(frame, event, arg)

    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


_ALLOWED_READS = tuple(os.path.realpath(p) for p in {sys.prefix, sys.base_prefix})


def _check_path(path: object, temp: str, mode: str = "r") -> None:
    if isinstance(path, int):
        return
    real = os.path.realpath(os.fspath(path))  # type: ignore[call-overload]
    if real.startswith(temp + os.sep):
        return
    if not any(flag in mode for flag in "wax+") and real.startswith(_ALLOWED_READS):
        return
    raise ResourceBlocked(f"needs the file {real} (outside the temporary folder {temp})")


@contextmanager
def guarded() -> Iterator[None]:
    """The network and files outside the temporary folder refused while the block runs, with
    an argv, stdin and output of its own."""
    with refused(), isolated():
        yield


@contextmanager
def refused() -> Iterator[None]:
    """The network and files outside the temporary folder refused while the block runs."""
    temp = os.path.realpath(tempfile.gettempdir())  # before os.open is guarded: it uses it
    real_open, real_os_open = builtins.open, os.open
    real_connect, real_resolve = socket.socket.connect, socket.getaddrinfo

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        _check_path(file, temp, mode)
        return real_open(file, mode, *args, **kwargs)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        _check_path(path, temp, "w" if flags & (os.O_WRONLY | os.O_RDWR) else "r")
        return real_os_open(path, flags, *args, **kwargs)

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise ResourceBlocked(f"needs the network ({args[1] if len(args) > 1 else args})")

    def no_resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        raise ResourceBlocked(f"needs the network (resolving {host!r})")

    builtins.open = io.open = open_
    os.open = os_open
    socket.socket.connect = no_network  # type: ignore[method-assign]
    socket.getaddrinfo = no_resolve
    try:
        yield
    finally:
        builtins.open = io.open = real_open
        os.open = real_os_open
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.getaddrinfo = real_resolve


@contextmanager
def isolated() -> Iterator[None]:
    """An empty argv and stdin, and output captured, while the block runs."""
    argv, stdin = sys.argv, sys.stdin
    sys.argv, sys.stdin = [argv[0] if argv else ""], io.StringIO("")
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            yield
    finally:
        sys.argv, sys.stdin = argv, stdin


Imports = set[tuple[str, str]]  # (module, name)


def render(value: object, target: str, imports: Imports) -> str:
    """``value`` as source; the names it needs added to ``imports``; else ``Unwritable``."""
    if isinstance(value, enum.Enum):
        cls = type(value)
        imports.add((_home(cls, target), cls.__name__))
        return f"{cls.__name__}.{value.name}"
    if value is None or type(value) in (bool, int, str, bytes):
        return repr(value)
    if type(value) is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise Unwritable(repr(value))
        return repr(value)
    if isinstance(value, tuple) and type(value) is tuple:
        items = [render(item, target, imports) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if type(value) is list:
        return f"[{', '.join(render(item, target, imports) for item in value)}]"
    if type(value) is dict:
        pairs = [f"{render(k, target, imports)}: {render(v, target, imports)}"
                 for k, v in value.items()]
        return "{" + ", ".join(pairs) + "}"
    if type(value) in (set, frozenset):
        items = sorted(render(item, target, imports) for item in value)  # type: ignore[attr-defined]
        if not items:
            return f"{type(value).__name__}()"
        body = "{" + ", ".join(items) + "}"
        return body if type(value) is set else f"frozenset({body})"
    return _constructible(value, target, imports)


def _constructible(value: object, target: str, imports: Imports) -> str:
    """``Decimal('1.5')``-like reprs whose call rebuilds an equal value."""
    cls = type(value)
    text = _stable_repr(value)
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise Unwritable(text) from None
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name)
            and tree.func.id == cls.__name__):
        raise Unwritable(text)
    home = _home(cls, target)
    try:
        rebuilt = eval(text, {cls.__name__: cls})  # noqa: S307 - the value's own repr
    except Exception:  # noqa: BLE001
        raise Unwritable(text) from None
    if rebuilt != value or type(rebuilt) is not cls:
        raise Unwritable(text)
    imports.add((home, cls.__name__))
    return text


def _importable(module: str, cls: type) -> bool:
    """Whether ``from module import <cls name>`` gives ``cls``."""
    try:
        return getattr(importlib.import_module(module), cls.__name__, None) is cls
    except ImportError:
        return False


def _home(cls: type, target: str) -> str:
    """The module to import ``cls`` from (the target itself when it is defined there)."""
    module = cls.__module__
    if module == "builtins":
        return "builtins"
    if _importable(module, cls):
        return module
    if module == target or module.startswith("qatron_mutant"):
        return target
    raise Unwritable(f"{cls.__qualname__} cannot be imported from {module}")
