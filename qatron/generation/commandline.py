"""Command-line entry points: argument lists built from the parser's own options.

A function is an entry point when it takes the argument list (a parameter named ``argv``,
``args`` or ``arguments``) or reads the command line itself (``sys.argv``, or
``parse_args()`` without a list, directly or through a module function it calls).
``argv_lists`` builds the lists to run it with: none, each positional over the values worth
trying (its ``choices``, numbers for ``type=int``, the module's mined strings and
constants), then each flag and each option with a value in front of them. ``run_command``
makes one call with ``sys.argv`` set and what it prints captured.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from contextlib import redirect_stdout

from qatron.generation.analysis import FunctionInfo, ModuleInfo, Option, Param

__all__ = ["ARGV_NAMES", "argv_lists", "argv_param", "is_entry_point", "run_command"]

ARGV_NAMES = ("argv", "args", "arguments")
_PER_VALUE_LIST = 10
_NUMBERS = ("0", "1", "2", "-1", "10", "abc")


def argv_param(info: FunctionInfo) -> Param | None:
    """The parameter taking the argument list (``main(argv=None)``), if there is one."""
    for param in info.params:
        listy = any(word in (param.annotation or "") for word in ("list", "List", "Sequence"))
        if param.name in ARGV_NAMES and (param.default == "None" or listy):
            return param
    return None


def is_entry_point(module: ModuleInfo, info: FunctionInfo) -> bool:
    """Whether ``info`` is run as a command (see the module docstring)."""
    if info.class_name is not None:
        return False
    if argv_param(info) is not None:
        return True
    required = [p for p in info.params if p.default is None and p.kind in ("positional", "keyword")]
    return not required and module.reads_argv(info)


def argv_lists(options: list[Option], words: list[str]) -> list[list[str]]:
    """Argument lists over the parser's ``options``, ``words`` as values (see above)."""
    positionals = [o for o in options if not o.flags]
    flags = [o for o in options if o.flags]
    values = [_values(o, words) for o in positionals]
    base = [v[0] for v in values]
    found: list[list[str]] = [[]]
    for index, pool in enumerate(values):
        found += [[*base[:index], value, *base[index + 1 :]] for value in pool]
    for option in flags:
        flag = max(option.flags, key=len)
        if option.takes_value:
            found += [[flag, value, *base] for value in _values(option, words)[:4]]
        else:
            found += [[flag, *base[:-1], value] for value in (values[-1] if values else [""])]
    unique = {tuple(a for a in argv if a != ""): None for argv in found}
    return [list(argv) for argv in unique]


def _values(option: Option, words: list[str]) -> list[str]:
    if option.choices:
        return [str(choice) for choice in option.choices]
    if option.type_name in ("int", "float"):
        return list(_NUMBERS)
    chosen = [w for w in words if w and not w.startswith("-") and " " not in w]
    return [*chosen[:_PER_VALUE_LIST], *_NUMBERS][: _PER_VALUE_LIST + len(_NUMBERS)]


def run_command(
    call: Callable[[], object],
    prog: str,
    argv: list[str] | None,
) -> tuple[object, str]:
    """``call()`` with ``sys.argv`` set to ``[prog, *argv]`` (unless ``argv`` is None: the
    function takes the list itself): what it returns and what it prints."""
    saved = sys.argv
    printed = io.StringIO()
    try:
        if argv is not None:
            sys.argv = [prog, *argv]
        with redirect_stdout(printed):
            result = call()
    finally:
        sys.argv = saved
    return result, printed.getvalue()
