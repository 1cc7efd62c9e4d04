"""A Ctrl-C that is not lost.

Python raises ``KeyboardInterrupt`` in whatever code the main thread runs when SIGINT
arrives. If that is a weakref callback or a ``__del__`` the garbage collector called,
the exception cannot propagate: Python prints "Exception ignored in: …" and goes on,
and the user's Ctrl-C is lost. :func:`install` sends such an interrupt again to the main
thread, a moment later, once that callback has returned.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

#: How long the repeated SIGINT waits for the callback it was lost in to return.
REDELIVERY_DELAY = 0.1


def install() -> None:
    """Repeat a SIGINT whose ``KeyboardInterrupt`` could not propagate; any other
    unraisable exception goes to the hook that was there before."""
    previous = sys.unraisablehook
    main = threading.main_thread().ident

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and main is not None:
            again = threading.Timer(REDELIVERY_DELAY, signal.pthread_kill, (main, signal.SIGINT))
            again.daemon = True
            again.start()
            return
        previous(unraisable)

    sys.unraisablehook = hook
