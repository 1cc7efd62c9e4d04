"""Partitioned export: each partition file is written by a worker process."""

from __future__ import annotations

import os
import resource
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _limit_file_size() -> None:
    limit = os.environ.get("INGEST_WORKER_MAX_FILE_MB")
    if limit:
        size = int(limit) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def _write_partition(target: str, rows: int) -> int:
    line = ("x" * 1020 + "\n").encode()
    with open(target, "wb") as handle:
        for _ in range(rows):
            handle.write(line)
    return os.path.getsize(target)


def export_partitions(out_dir: Path, partitions: int, rows_per_partition: int) -> list[int]:
    """Write the partitions in parallel; return their sizes in bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=2, initializer=_limit_file_size) as pool:
        jobs = [pool.submit(_write_partition, str(out_dir / f"part-{n:03d}.dat"),
                            rows_per_partition) for n in range(partitions)]
        return [job.result() for job in jobs]
