"""The one place QAtron writes to the terminal.

Both consoles print strings as they are (no markup, no emoji codes, no
highlighting), so a test named ``test_get[/api/v1/users]`` or a log line
holding ``[/health]`` or ``:smile:`` can never change or break the output.
Styling comes only from :func:`markup`, whose template is a literal written in
the code and whose values are data, never parsed::

    from qatron.console import err, markup, show

    show("[red]error:[/] {message}", message=str(exc))
    err.print(markup("run {id} [bold green]{status}[/]", id=7, status="completed"))
    table.add_row(cell(record.suite), markup("[red]{failed}[/]", failed=3))
"""

from __future__ import annotations

import re
import string
from typing import Any

from rich.console import Console
from rich.text import Text

__all__ = ["cell", "err", "markup", "out", "plain", "renew", "show"]



class _Console(Console):
    """A console whose plain-string arguments have their control characters escaped."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(plain(o) if isinstance(o, str) else o for o in objects), **options)


#: Standard output: tables and reports the user asked for.
out = _Console(markup=False, emoji=False, highlight=False)
#: Standard error: progress, summaries and error messages.
err = _Console(stderr=True, markup=False, emoji=False, highlight=False)



def renew() -> None:
    """Look at the standard streams again: colour, width and whether they are terminals
    (for a process that took over another's streams, see :mod:`qatron.warm.child`)."""
    for console, stderr in ((out, False), (err, True)):
        _Console.__init__(console, stderr=stderr, markup=False, emoji=False, highlight=False)


#: Terminal control characters (ESC sequences, bells, carriage returns…) in data are shown
#: as escapes, so a coloured service log or a hostile test name cannot drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FIELD = 0xE000  # private-use code points stand in for the values while the template is parsed
_formatter = string.Formatter()


def markup(template: str, /, **values: object) -> Text:
    """``template``'s rich markup, each ``{name}`` or ``{name:spec}`` replaced by its value.

    The values are inserted after the markup is parsed, so brackets,
    backslashes and emoji codes in them print as they are, in the style of
    the tags around their field.
    """
    pieces: list[str] = []
    fields: list[str] = []
    for literal, name, spec, conversion in _formatter.parse(template):
        pieces.append(literal)
        if name is not None:
            value = _formatter.convert_field(_formatter.get_field(name, (), values)[0],
                                             conversion)
            fields.append(plain(_formatter.format_field(value, spec or "")))
            pieces.append(chr(_FIELD + len(fields) - 1))
    skeleton = Text.from_markup("".join(pieces), emoji=False)
    if not fields:
        return skeleton
    result = Text(style=skeleton.style, end=skeleton.end)
    offsets = [i for i, char in enumerate(skeleton.plain) if _is_field(char, len(fields))]
    cuts = sorted({*offsets, *(i + 1 for i in offsets)})
    for piece in skeleton.divide(cuts):
        if len(piece.plain) == 1 and _is_field(piece.plain, len(fields)):
            value = Text(fields[ord(piece.plain) - _FIELD], style=piece.style)
            for span in piece.spans:
                value.stylize(span.style)
            piece = value
        result.append_text(piece)
    return result


def _is_field(char: str, count: int) -> bool:
    return _FIELD <= ord(char) < _FIELD + count


def show(template: str, /, *, console: Console | None = None, **values: object) -> None:
    """Print :func:`markup` of ``template`` and ``values`` on ``console`` (standard error).

    Long lines are left to the terminal to wrap, so a message stays one line in a log.
    """
    (console or err).print(markup(template, **values), soft_wrap=True)


def cell(value: object, style: str = "") -> Text:
    """A table cell or title holding ``value`` as it is."""
    return Text(plain(str(value)), style=style)


def plain(text: str) -> str:
    """``text`` with its terminal control characters written as escapes (``\\x1b``)."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
