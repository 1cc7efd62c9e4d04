"""The ``qatron`` entry point: runs the command tree and turns every error into one line
on standard error and an exit code (see README, "Run statuses and exit codes")."""

from __future__ import annotations

import errno
import os
import sys
from typing import NoReturn

import typer

from qatron import interrupts, redaction
from qatron.cli.commands import app
from qatron.errors import QatronError
from qatron.exit_codes import EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_OUTPUT_CLOSED, EXIT_USAGE


def main() -> None:
    """Entry point: every QatronError becomes a message and its exit code."""
    redaction.install()
    interrupts.install()
    try:
        code = app(standalone_mode=False)  # click returns, not raises, typer.Exit's code here
    except QatronError as exc:
        from qatron.console import show

        show("[red]error:[/] {message}", message=exc)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(EXIT_INTERRUPTED)
    except typer.TyperException as exc:  # typer's bundled click: every command-line mistake
        _usage_error(exc)
    except OSError as exc:
        if not _output_failed(exc):
            raise
        sys.exit(_closed_output(exc))
    except Exception as exc:
        import click

        if isinstance(exc, click.ClickException):
            _usage_error(exc)
        raise
    try:
        sys.stdout.flush()
    except OSError as exc:
        sys.exit(_closed_output(exc))
    sys.exit(code if isinstance(code, int) else 0)


def _output_failed(exc: OSError) -> bool:
    """Whether ``exc`` is a failed write to standard output (a closed pipe, a full disk)."""
    return isinstance(exc, BrokenPipeError) or exc.errno in (errno.ENOSPC, errno.EIO)


def _closed_output(exc: OSError) -> int:
    """Standard output can't be written: a reader that stopped early (``| head``) ends the
    command quietly (EXIT_OUTPUT_CLOSED), as rich does; anything else (``> /dev/full``) is one
    line on standard error and EXIT_OUTPUT."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
    if isinstance(exc, BrokenPipeError):
        return EXIT_OUTPUT_CLOSED
    from qatron.console import show

    show("[red]error:[/] cannot write the output: {reason}", reason=exc.strerror or exc)
    return EXIT_OUTPUT


def _usage_error(exc: Exception) -> NoReturn:
    """One line naming the command, the option and what was wrong; exit 2."""
    from qatron.console import err as console
    from qatron.console import show

    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        help_text = ctx.get_help()  # typer's rich help prints itself and returns ""
        if help_text:
            console.print(help_text)
        sys.exit(EXIT_USAGE)
    command = ctx.command_path if ctx is not None else "qatron"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    message = message.replace("Value error, ", "").rstrip(".")
    given = _given_value(exc)
    if given is not None and repr(given) not in message:
        message = f"{message} (got {given!r})"
    show("[red]error:[/] {command}: {message}; see `{command} --help`",
         command=command, message=" ".join(message.split()))
    sys.exit(EXIT_USAGE)


def _given_value(exc: Exception) -> object | None:
    """The value typer rejected, from the pydantic validation error behind it."""
    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors):
        return None
    try:
        first: dict[str, object] = next(iter(errors()), {})
        return first.get("input")
    except (TypeError, AttributeError):
        return None
