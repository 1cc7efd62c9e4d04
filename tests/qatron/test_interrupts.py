"""A Ctrl-C that lands in a weakref callback (where Python cannot raise it) still stops
the program, in a real Python process sent a real SIGINT."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.projects import REPO

PROGRAM = """
import signal
import time
import weakref

{install}


class Cache:
    '''What the program keeps, until it forgets it.'''


def forget(ref):
    signal.raise_signal(signal.SIGINT)  # Ctrl-C, arriving while the callback runs
    sum(range(10_000))


cache = Cache()
ref = weakref.ref(cache, forget)
try:
    del cache
    time.sleep(5)
    print("went on")
except KeyboardInterrupt:
    print("interrupted")
"""


@pytest.mark.parametrize(("install", "ends"), [
    ("from qatron import interrupts; interrupts.install()", "interrupted"),
    ("", "went on"),
])
def test_a_ctrl_c_landing_in_a_weakref_callback_is_not_lost(install: str, ends: str) -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(PROGRAM.format(install=install))],
                          cwd=REPO, capture_output=True, text=True, timeout=30, check=False)
    assert done.stdout.strip() == ends, done.stderr


def test_the_qatron_command_installs_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from qatron.cli import entry; "
         "sys.argv = ['qatron', '--help']; before = sys.unraisablehook\n"
         "try:\n    entry.main()\nexcept SystemExit:\n    pass\n"
         "print(sys.unraisablehook is not before and "
         "sys.unraisablehook.__module__ == 'qatron.interrupts')"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip().splitlines()[-1] == "True", done.stderr
