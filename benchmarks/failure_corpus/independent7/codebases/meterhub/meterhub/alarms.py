"""Consumption alarms: a dispatcher thread writes an alarm file into the spool
volume for every reading above the meter's threshold."""

from __future__ import annotations

import json
import os
import queue
import threading
from pathlib import Path

from meterhub.errors import AlarmDeliveryError

_STOP = object()


def spool() -> Path:
    return Path(os.environ["METERHUB_SPOOL"])


def raise_alarm(serial: str, kwh: float, threshold: float) -> Path | None:
    """Write one alarm file if `kwh` is above `threshold`; returns its path."""
    if kwh <= threshold:
        return None
    path = spool() / f"alarm-{serial}-{int(kwh * 1000)}.json"
    path.write_text(json.dumps({"serial": serial, "kwh": kwh, "threshold": threshold}))
    return path


class Dispatcher:
    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._queue: queue.Queue = queue.Queue()
        self.written: list[Path] = []
        self.errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, name="alarm-dispatcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, serial: str, kwh: float) -> None:
        self._queue.put((serial, kwh))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            try:
                path = raise_alarm(item[0], item[1], self.threshold)
            except OSError as exc:
                self.errors.append(exc)
                continue
            if path is not None:
                self.written.append(path)

    def stop(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()
        if self.errors:
            raise AlarmDeliveryError(f"{len(self.errors)} alarms not delivered") from self.errors[0]
