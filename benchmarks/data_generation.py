"""How fast QAtron generates, writes and loads test data, and how much memory it takes.

    .venv/bin/python benchmarks/data_generation.py [--rows 1000 1000000] [--load-rows 100000]
                                                   [--naive-rows 100000] [--json]

The schema is the users + payment_methods example of the docs: users has 7
columns (uuid, name, unique email, timestamp, int range, nullable float, enum);
payment_methods has 4 (uuid, a reference to users.id, enum, JSON text). Each
size generates that many rows in *both* tables, so "rows/s" counts 2 × rows.

For each size: generation wall time and rows/s (including the content hash
and the pandas frames), peak memory (the process's resident high-water mark
reset before the run, tracemalloc's peak of numpy/Python allocations, and the
growth of Arrow's allocator), then writing CSV and Parquet. Then loading
``--load-rows`` rows per table into a throwaway SQLite file.

The peer, in the same process: Faker is not installed (and QAtron adds no
dependency for it), so it is a naive per-row Python generator written the way
a Faker-style script would be (``random``, ``uuid``, f-strings, one dict per
row, then a DataFrame), on ``--naive-rows`` rows per table; the ratio compares
rows/s at that same size. Target: at least 100,000 rows/s at 1,000,000 rows.

Other benchmarks can ``from data_generation import bench_generation``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import yaml  # noqa: E402

from qatron.testdata import DataSchema, generate, load_into  # noqa: E402
from qatron.testdata.words import EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES  # noqa: E402

SCHEMA = """
tables:
  users:
    columns:
      id: uuid
      name: name
      email: {type: email, unique: true}
      created_at: timestamp
      age: int:18..90
      balance: {type: float, min: 0, max: 1000, nullable: 0.1}
      status: enum:active,blocked
  payment_methods:
    columns:
      id: uuid
      user_id: ref:users.id
      type: enum:credit_card,paypal,bank_transfer
      details: json
"""
MB = 1024 * 1024


def shop_schema() -> DataSchema:
    return DataSchema.from_mapping(yaml.safe_load(SCHEMA))


def bench_generation(rows: int, *, write: bool = True, seed: int = 1) -> dict[str, Any]:
    """Generate ``rows`` users and ``rows`` payment methods; time, memory and file writes."""
    schema = shop_schema()
    gc.collect()
    _reset_peak_rss()
    rss_before, arrow_before = _rss_mb(), pa.total_allocated_bytes()
    tracemalloc.start()
    began = time.perf_counter()
    data = generate(schema, rows={"users": rows, "payment_methods": rows}, seed=seed)
    seconds = time.perf_counter() - began
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result: dict[str, Any] = {
        "rows_per_table": rows, "total_rows": 2 * rows, "seconds": seconds,
        "rows_per_s": 2 * rows / seconds, "peak_rss_mb": _peak_rss_mb(),
        "rss_growth_mb": _peak_rss_mb() - rss_before,
        "tracemalloc_peak_mb": traced_peak / MB,
        "arrow_held_mb": (pa.total_allocated_bytes() - arrow_before) / MB,
        "content_hash": data.content_hash,
    }
    if write:
        with tempfile.TemporaryDirectory(prefix="qatron-bench-") as folder:
            for kind in ("csv", "parquet"):
                began = time.perf_counter()
                files = data.write(Path(folder) / kind, format=kind)
                result[f"{kind}_seconds"] = time.perf_counter() - began
                result[f"{kind}_mb"] = sum(path.stat().st_size for path in files.values()) / MB
    return result


def bench_load(rows: int) -> dict[str, Any]:
    """Load ``rows`` users and payment methods into a throwaway SQLite file."""
    data = generate(shop_schema(), rows={"users": rows, "payment_methods": rows}, seed=1)
    with tempfile.TemporaryDirectory(prefix="qatron-bench-") as folder:
        began = time.perf_counter()
        counts = load_into(data, f"sqlite:///{folder}/load.db")
        seconds = time.perf_counter() - began
    total = sum(counts.values())
    return {"rows": total, "seconds": seconds, "rows_per_s": total / seconds}


def naive_generation(rows: int, seed: int = 1) -> dict[str, pd.DataFrame]:
    """The peer: one Python dict per row, the way a Faker-style script builds test data."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1)
    users = []
    for index in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{index + 1}@{rng.choice(EMAIL_DOMAINS)}",
            "created_at": start + timedelta(seconds=rng.randrange(366 * 86_400)),
            "age": rng.randint(18, 90),
            "balance": None if rng.random() < 0.1 else rng.randint(0, 100_000) / 100,
            "status": rng.choice(("active", "blocked")),
        })
    user_ids = [user["id"] for user in users]
    methods = []
    for _ in range(rows):
        details = {"code": "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=6)),
                   "last4": f"{rng.randrange(10_000):04d}",
                   "score": rng.randrange(1000) / 100, "count": rng.randrange(10)}
        methods.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "user_id": rng.choice(user_ids),
            "type": rng.choice(("credit_card", "paypal", "bank_transfer")),
            "details": json.dumps(details),
        })
    return {"users": pd.DataFrame(users), "payment_methods": pd.DataFrame(methods)}


def bench_naive(rows: int) -> dict[str, Any]:
    began = time.perf_counter()
    naive_generation(rows)
    seconds = time.perf_counter() - began
    return {"rows_per_table": rows, "seconds": seconds, "rows_per_s": 2 * rows / seconds}


def _reset_peak_rss() -> None:
    with contextlib.suppress(OSError):  # Linux: "5" resets this process's VmHWM
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--load-rows", type=int, default=100_000)
    parser.add_argument("--naive-rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    bench_generation(1_000, write=False)  # warm imports and caches
    sizes = [bench_generation(rows) for rows in args.rows]
    load = bench_load(args.load_rows)
    ours = bench_generation(args.naive_rows, write=False)
    naive = bench_naive(args.naive_rows)
    results = {"generation": sizes, "load_sqlite": load, "naive_peer": naive,
               "same_size_engine": ours, "speedup": ours["rows_per_s"] / naive["rows_per_s"]}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("generation (users + payment_methods, rows per table each):")
    for r in sizes:
        print(f"  {r['rows_per_table']:>9,} rows: {r['seconds']:7.3f} s  "
              f"{r['rows_per_s']:>11,.0f} rows/s  peak RSS {r['peak_rss_mb']:7.1f} MB "
              f"(+{r['rss_growth_mb']:.1f})  tracemalloc peak {r['tracemalloc_peak_mb']:6.1f} MB"
              f"  Arrow held {r['arrow_held_mb']:6.1f} MB")
        print(f"  {'':>9}       write CSV {r['csv_seconds']:6.3f} s ({r['csv_mb']:.1f} MB), "
              f"Parquet {r['parquet_seconds']:6.3f} s ({r['parquet_mb']:.1f} MB)")
    print(f"load into SQLite: {load['rows']:,} rows in {load['seconds']:.3f} s "
          f"({load['rows_per_s']:,.0f} rows/s)")
    print(f"peer (Faker not installed): naive per-row Python loop, {naive['rows_per_table']:,} "
          f"rows per table: {naive['seconds']:.3f} s ({naive['rows_per_s']:,.0f} rows/s); "
          f"QAtron at the same size: {ours['seconds']:.3f} s ({ours['rows_per_s']:,.0f} rows/s)"
          f" = {results['speedup']:.1f}× faster")


if __name__ == "__main__":
    main()
