"""96-well plates: well addressing, aliquot volumes, instrument runs and plate analysis."""

from __future__ import annotations

import json
import multiprocessing
import statistics
from pathlib import Path
from typing import Any

ROWS = "ABCDEFGH"


class RunFileError(Exception):
    """An instrument run file breaks the export format."""


def well_index(well: str) -> int:
    """0-based index of a well such as ``B12`` (row-major)."""
    row = ROWS.index(well[0].upper())
    column = int(well[1:]) - 1
    return row * 12 + column


def aliquot_volumes(total_ul: int, parts: int) -> list[int]:
    """Split a volume into ``parts``; the first aliquots take the remainder."""
    base, remainder = divmod(total_ul, parts)
    return [base + (1 if index < remainder else 0) for index in range(parts)]


def read_run(path: Path) -> list[dict[str, Any]]:
    """Wells of an instrument run export (JSON lines)."""
    wells = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        record = json.loads(line)
        well = str(record.get("well", ""))
        if not well or well[0] not in ROWS or not well[1:].isdigit() or int(well[1:]) > 12:
            raise RunFileError(f"{path.name}:{number}: bad well {well!r}")
        wells.append(record)
    return wells


def _analyse(values: list[float], out: Any) -> None:
    out.put({"mean": statistics.fmean(values), "max": max(values)})


def analyse_plate(values: list[float]) -> dict[str, float]:
    """Plate statistics computed in a separate process."""
    out: Any = multiprocessing.Queue()
    worker = multiprocessing.Process(target=_analyse, args=(values, out))
    worker.start()
    summary: dict[str, float] = out.get()
    worker.join()
    return summary
