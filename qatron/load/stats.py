"""Locust's output files read into :mod:`qatron.load.models`.

    >>> total, endpoints, errors = read_results(folder)   # locust.json, locust_failures.csv
    >>> timeline = read_timeline(folder)                   # locust_stats_history.csv

The JSON file is final (the CSV files lag by about the last second), so the figures come
from its response-time histograms; the "Aggregated" row merges them.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from qatron.load.models import EndpointStats, ErrorGroup, TimePoint

JSON_FILE = "locust.json"
FAILURES_FILE = "locust_failures.csv"
HISTORY_FILE = "locust_stats_history.csv"
#: Written by QAtron's locustfile when Locust quits (see :mod:`.locustfile`).
ERRORS_FILE = "locust_errors.json"
AGGREGATED = "Aggregated"
_KIND = re.compile(r"^\w+(?=\()")
_ERRNO = re.compile(r"\[Errno -?\d+\] [^\"'()]+")
_WRAPPED = re.compile(r"^CatchResponseError\((['\"])(?P<text>.*)\1\)$")


def percentile(histogram: Mapping[float, int], fraction: float) -> float:
    """The nearest-rank ``fraction`` percentile of ``{value: count}`` (0 when empty)."""
    count = sum(histogram.values())
    if not count:
        return 0.0
    rank, seen = max(1, math.ceil(fraction * count)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return float(value)
    return float(max(histogram))


def read_entries(folder: Path) -> list[dict[str, Any]] | None:
    """Locust's JSON list of endpoints, or None when Locust wrote none."""
    try:
        data = json.loads((folder / JSON_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, list) else None


def read_results(folder: Path) -> tuple[EndpointStats, list[EndpointStats], list[ErrorGroup]]:
    """The aggregate, each endpoint and the errors of the test whose outputs are in
    ``folder`` (an empty aggregate when Locust wrote no results)."""
    entries = read_entries(folder) or []
    endpoints = [_endpoint(e["name"], e["method"] or "", [e]) for e in entries]
    return _endpoint(AGGREGATED, "", entries), endpoints, read_errors(folder)


def read_span(folder: Path) -> tuple[float, float] | None:
    """When the first request started and the last one was made (epoch seconds)."""
    entries = [e for e in read_entries(folder) or [] if e.get("num_requests")]
    if not entries:
        return None
    return (min(float(e["start_time"]) for e in entries),
            max(float(e["last_request_timestamp"] or e["start_time"]) for e in entries))


def _endpoint(name: str, method: str, entries: list[dict[str, Any]]) -> EndpointStats:
    histogram: Counter[float] = Counter()
    for entry in entries:
        histogram.update({float(ms): int(n) for ms, n in entry["response_times"].items()})
    requests = sum(int(e["num_requests"]) for e in entries)
    timed = sum(histogram.values())
    span = read_entries_span(entries)
    return EndpointStats(
        name=name, method=method, requests=requests,
        failures=sum(int(e["num_failures"]) for e in entries),
        rps=requests / span if span > 0 else float(requests),
        avg_ms=sum(float(e["total_response_time"]) for e in entries) / timed if timed else 0.0,
        min_ms=min((float(e["min_response_time"]) for e in entries
                    if e.get("min_response_time") is not None), default=0.0),
        max_ms=max((float(e["max_response_time"]) for e in entries), default=0.0),
        p50_ms=percentile(histogram, 0.50), p90_ms=percentile(histogram, 0.90),
        p95_ms=percentile(histogram, 0.95), p99_ms=percentile(histogram, 0.99))


def read_entries_span(entries: Iterable[Mapping[str, Any]]) -> float:
    """Seconds from the first request's start to the last request, over ``entries``."""
    spans = [(float(e["start_time"]), float(e["last_request_timestamp"] or e["start_time"]))
             for e in entries if e.get("num_requests")]
    return max(end for _, end in spans) - min(start for start, _ in spans) if spans else 0.0


def read_errors(folder: Path) -> list[ErrorGroup]:
    """The failures grouped by endpoint and error, most frequent first: the final ones the
    locustfile wrote, else Locust's failures CSV (which lags the last second)."""
    try:
        final = json.loads((folder / ERRORS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        final = None
    if isinstance(final, list):
        groups = [ErrorGroup(method=str(e.get("method") or ""), name=str(e.get("name") or ""),
                             error=clean_error(str(e.get("error") or "")),
                             occurrences=int(e.get("occurrences") or 0),
                             first_seen=e.get("first_seen")) for e in final]
        return sorted(groups, key=lambda g: -g.occurrences)
    groups = [ErrorGroup(method=row.get("Method") or "", name=row.get("Name") or "",
                         error=clean_error(row.get("Error") or ""),
                         occurrences=int(row.get("Occurrences") or 0),
                         first_seen=_epoch(row.get("First Seen")))
              for row in _rows(folder / FAILURES_FILE)]
    return sorted(groups, key=lambda g: -g.occurrences)


def clean_error(error: str) -> str:
    """``CatchResponseError('HTTP 500, expected …')`` → ``HTTP 500, expected …``;
    ``ConnectionError(MaxRetryError(… [Errno 111] Connection refused …))`` →
    ``ConnectionError: [Errno 111] Connection refused``."""
    error = error.strip()
    if match := _WRAPPED.match(error):
        return match.group("text")
    if (kind := _KIND.match(error)) and (cause := _ERRNO.search(error)):
        return f"{kind.group(0)}: {cause.group(0)}"
    return error


def read_timeline(folder: Path) -> list[TimePoint]:
    """The whole test about once a second: the "Aggregated" rows of the stats history."""
    return read_timeline_rows(_rows(folder / HISTORY_FILE))


def read_timeline_rows(rows: list[dict[str, str]]) -> list[TimePoint]:
    """The "Aggregated" rows among the stats history's ``rows``, as points."""
    return [TimePoint(t=_number(row.get("Timestamp")),
                      users=int(_number(row.get("User Count"))),
                      rps=_number(row.get("Requests/s")),
                      failures_per_s=_number(row.get("Failures/s")),
                      p50_ms=_number(row.get("50%")), p95_ms=_number(row.get("95%")))
            for row in rows if row.get("Name") == AGGREGATED]


def read_latest(folder: Path) -> tuple[TimePoint, int, int, float] | None:
    """The last "Aggregated" row of the stats history: the point, the requests and
    failures so far, and when the history began (epoch seconds)."""
    rows = [r for r in _rows(folder / HISTORY_FILE) if r.get("Name") == AGGREGATED]
    if not rows:
        return None
    point = read_timeline_rows(rows[-1:])[0]
    return (point, int(_number(rows[-1].get("Total Request Count"))),
            int(_number(rows[-1].get("Total Failure Count"))), _number(rows[0].get("Timestamp")))


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except OSError:
        return []


def _number(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:  # "N/A" before the first response
        return 0.0


def _epoch(text: str | None) -> float | None:
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    return None
