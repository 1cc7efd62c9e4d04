"""Kiosk hardware: receipt printer, terminal session and the return-slot conveyor."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path


def print_receipt(lines: list[str]) -> int:
    """Write a receipt to the printer device; returns the bytes written."""
    device = Path(os.environ.get("KIOSK_RECEIPT_PRINTER", "/tmp/kiosk-receipt.txt"))
    payload = ("\n".join(lines) + "\n\f").encode()
    with device.open("wb") as printer:
        printer.write(payload)
        printer.flush()
    return len(payload)


class TerminalSession:
    """One patron's session; nested actions re-enter the session lock."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.actions: list[str] = []

    def act(self, name: str) -> None:
        with self._lock:
            self.actions.append(name)

    def checkout_many(self, barcodes: list[str]) -> list[str]:
        with self._lock:
            for barcode in barcodes:
                self.act(f"checkout {barcode}")
        return self.actions


def drain_returns(barcodes: list[str]) -> list[str]:
    """Feed returned items through the conveyor thread; returns them in sorting order."""
    belt: queue.Queue[str | None] = queue.Queue()
    sorted_items: list[str] = []

    def conveyor() -> None:
        while (item := belt.get()) is not None:
            sorted_items.append(item)

    worker = threading.Thread(target=conveyor, daemon=True)
    worker.start()
    for barcode in barcodes:
        belt.put(barcode)
    belt.put(None)
    worker.join()
    return sorted(sorted_items)
