"""Where a load test's bottleneck may be, read from its figures: one sentence per hint.

::

    result.hints = bottleneck_hints(result)
    # ["GET /search is the slowest endpoint: p95 820 ms, 6.8× the median endpoint's 120 ms.",
    #  "HTTPError 503: 412 failures (POST /payments), the first 14 s into the test.",
    #  "p95 stays under 40 ms up to 12 users, then grows 8 ms per user.",
    #  "memory grew 180 MB over the test (220 MB → 400 MB): a leak?"]

Each hint looks at one thing: endpoints much slower than the others, errors and when
they began, latency that rises faster past some number of users (the knee), and the
target's CPU and memory. A test where nothing stands out gets no hint.
"""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from collections.abc import Sequence

from qatron.load.models import ErrorGroup, LoadResult, ResourceSample, TimePoint

__all__ = ["bottleneck_hints"]

#: An endpoint is "slow" at this many times the median endpoint's p95 …
SLOW_FACTOR = 2.0
#: … and at least this many milliseconds slower.
SLOW_MARGIN_MS = 20.0
MAX_SLOW, MAX_ERRORS = 3, 3
#: A knee: p95 grows this many times faster per user after it than before, …
KNEE_FACTOR = 3.0
#: … and grows at least this much in all past it (ms, and as a share of its level before).
KNEE_GROWTH_MS, KNEE_GROWTH_SHARE = 20.0, 0.5
#: Fewest distinct user counts to fit latency against users.
KNEE_POINTS = 4
#: CPU at this share of every core (or of one core on a machine with several) is saturated.
CPU_SATURATED = 0.9
#: Memory "grew" by at least this many MB and this share of where it started, steadily.
LEAK_MB, LEAK_SHARE, LEAK_FIT = 50.0, 0.2, 0.8
#: Fewest resource samples to call memory growth steady.
MEMORY_SAMPLES = 5


def bottleneck_hints(result: LoadResult, cores: int | None = None) -> list[str]:
    """Hints at the bottleneck, most telling first; ``[]`` when nothing stands out.

    ``cores``: the target machine's CPU count (default: this machine's, where the
    resources were sampled).
    """
    origin = _origin(result)
    return [*_slow_endpoints(result), *_errors(result, origin), *_knee(result.timeline),
            *_cpu(result.resources, cores or os.cpu_count() or 1),
            *_memory(result.resources)]


def _origin(result: LoadResult) -> float:
    """When the test started: its start, else its first sample."""
    if result.started_at is not None:
        return result.started_at
    return min((p.t for p in result.timeline), default=0.0)


def _num(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}".removesuffix(".0")


def _slow_endpoints(result: LoadResult) -> list[str]:
    """Endpoints whose p95 is far above the median endpoint's."""
    measured = [e for e in result.endpoints if e.requests and e.name != "Aggregated"]
    if len(measured) < 2:
        return []
    median = statistics.median(e.p95_ms for e in measured)
    slow = sorted((e for e in measured if e.p95_ms >= SLOW_FACTOR * median
                   and e.p95_ms - median >= SLOW_MARGIN_MS), key=lambda e: -e.p95_ms)
    hints = []
    for rank, endpoint in enumerate(slow[:MAX_SLOW]):
        label = " ".join(filter(None, [endpoint.method, endpoint.name]))
        which = "the slowest endpoint" if rank == 0 else "slow too"
        times = f"{endpoint.p95_ms / median:.1f}×" if median else "far above"
        hints.append(f"{label} is {which}: p95 {_num(endpoint.p95_ms)} ms, {times} the "
                     f"median endpoint's {_num(median)} ms.")
    return hints


def _errors(result: LoadResult, origin: float) -> list[str]:
    """Each kind of error (most frequent first): how many, where, and when it began."""
    by_error: dict[str, list[ErrorGroup]] = defaultdict(list)
    for group in result.errors:
        by_error[group.error].append(group)
    ranked = sorted(by_error.items(), key=lambda item: -sum(g.occurrences for g in item[1]))
    started = _failures_began(result.timeline, origin)
    hints = []
    for error, groups in ranked[:MAX_ERRORS]:
        count = sum(g.occurrences for g in groups)
        where = ", ".join(" ".join(filter(None, [g.method, g.name])) for g in groups[:3])
        more = f" and {len(groups) - 3} more" if len(groups) > 3 else ""
        seen = [g.first_seen for g in groups if g.first_seen is not None]
        began = min(seen) - origin if seen else started
        when = f", the first {max(began, 0):.0f} s into the test" if began is not None else ""
        hints.append(f"{error}: {count} {'failure' if count == 1 else 'failures'} "
                     f"({where}{more}){when}.")
    return hints


def _failures_began(timeline: Sequence[TimePoint], origin: float) -> float | None:
    """Seconds into the test when failures per second first rose above 0."""
    return next((p.t - origin for p in sorted(timeline, key=lambda p: p.t)
                 if p.failures_per_s > 0), None)


def _knee(timeline: Sequence[TimePoint]) -> list[str]:
    """p95 against users: the user count after which it grows much faster, if any."""
    by_users: dict[int, list[float]] = defaultdict(list)
    for point in timeline:
        if point.users > 0 and point.p95_ms > 0:
            by_users[point.users].append(point.p95_ms)
    users = sorted(by_users)
    if len(users) < KNEE_POINTS:
        return []
    p95 = [statistics.median(by_users[u]) for u in users]
    best = min(range(2, len(users) - 1), key=lambda k: _split_error(users, p95, k))
    before, after = _slope(users[:best], p95[:best]), _slope(users[best - 1:], p95[best - 1:])
    level = max(p95[:best])
    growth = p95[-1] - p95[best - 1]
    if after <= KNEE_FACTOR * max(before, 0.0) or growth < max(KNEE_GROWTH_MS,
                                                               KNEE_GROWTH_SHARE * level):
        return []
    return [f"p95 stays under {_num(_ceil(level))} ms up to {users[best - 1]} users, then grows "
            f"{_num(after)} ms per user (to {_num(p95[-1])} ms at {users[-1]} users)."]


def _ceil(value: float) -> float:
    """Round up to a figure worth reading: 37 → 40, 183 → 190, 6.2 → 7."""
    step = 10.0 if value >= 10 else 1.0
    return -(-value // step) * step


def _split_error(x: list[int], y: list[float], k: int) -> float:
    """Squared error of two lines fitted to the points before ``k`` and from ``k - 1``."""
    return _residual(x[:k], y[:k]) + _residual(x[k - 1:], y[k - 1:])


def _fit(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """Least-squares (slope, intercept)."""
    mean_x, mean_y = statistics.fmean(x), statistics.fmean(y)
    spread = sum((a - mean_x) ** 2 for a in x)
    slope = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True)) / spread \
        if spread else 0.0
    return slope, mean_y - slope * mean_x


def _slope(x: Sequence[float], y: Sequence[float]) -> float:
    return _fit(x, y)[0]


def _residual(x: Sequence[float], y: Sequence[float]) -> float:
    slope, intercept = _fit(x, y)
    return sum((b - (slope * a + intercept)) ** 2 for a, b in zip(x, y, strict=True))


def _cpu(samples: Sequence[ResourceSample], cores: int) -> list[str]:
    """The target's CPU at its busiest quarter of the test, against its cores."""
    if not samples:
        return []
    busiest = sorted((s.cpu_percent for s in samples), reverse=True)
    busy = statistics.median(busiest[:max(1, len(busiest) // 4)])
    if busy >= CPU_SATURATED * 100 * cores:
        return [f"The target used {busy:.0f}% CPU at its busiest ({busy / cores:.0f}% of "
                f"{cores} {'core' if cores == 1 else 'cores'}): it is CPU-bound."]
    if cores > 1 and CPU_SATURATED * 100 <= busy <= 110:
        return [f"The target used {busy:.0f}% CPU at its busiest, one core's worth of "
                f"{cores}: a single-threaded server, bound to one core?"]
    return []


def _memory(samples: Sequence[ResourceSample]) -> list[str]:
    """Memory that grew steadily through the test."""
    if len(samples) < MEMORY_SAMPLES:
        return []
    ordered = sorted(samples, key=lambda s: s.t)
    times, memory = [s.t for s in ordered], [s.memory_mb for s in ordered]
    slope, _ = _fit(times, memory)
    grew = slope * (times[-1] - times[0])
    total = sum((m - statistics.fmean(memory)) ** 2 for m in memory)
    steady = total > 0 and 1 - _residual(times, memory) / total >= LEAK_FIT
    if grew < max(LEAK_MB, LEAK_SHARE * memory[0]) or not steady:
        return []
    return [f"memory grew {grew:.0f} MB over the test ({memory[0]:.0f} MB → "
            f"{memory[-1]:.0f} MB): a leak?"]
