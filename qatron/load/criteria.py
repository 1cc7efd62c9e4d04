"""Judging a load test: one verdict per criterion of ``qatron.yml``, then its status.

::

    verdicts = judge(result, test.criteria, store.load_baseline(project, name, run_id))
    result.status, result.message = conclude(result, verdicts)   # or: settle(...) for all

Absolute criteria compare the whole test's figures (``LoadResult.total``) with their
limit; ``regression`` criteria compare them with the last passing run's, and fail when
the figure is worse by more than the allowed fraction (latencies and error rate: higher is
worse; ``rps``: lower is worse).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qatron.load.config import Criteria
from qatron.load.models import CriterionVerdict, EndpointStats, LoadResult, LoadStatus

__all__ = ["REGRESSION_PREFIX", "conclude", "figure", "judge", "settle"]

#: A regression criterion's name: ``regression.<metric>`` (``regression.p95_ms``).
REGRESSION_PREFIX = "regression."
NO_BASELINE = "no earlier passing run to compare with"
UNJUDGED = (LoadStatus.INFRA_FAILED, LoadStatus.CANCELLED)


@dataclass(frozen=True)
class _Metric:
    """How a figure is read from the aggregate, named and printed."""

    label: str
    read: Callable[[EndpointStats], float]
    show: Callable[[float], str]
    higher_is_worse: bool = True


def _ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _rps(value: float) -> str:
    return f"{value:.1f} rps"


def _rate(value: float) -> str:
    return f"{value * 100:.1f}%"


def _plain(value: float) -> str:
    return f"{value:g}"


def _share(fraction: float) -> str:
    """0.2 → ``20%``, 0.125 → ``12.5%``."""
    return f"{round(fraction * 100, 1):g}%"


METRICS: dict[str, _Metric] = {
    "p50_ms": _Metric("p50", lambda s: s.p50_ms, _ms),
    "p90_ms": _Metric("p90", lambda s: s.p90_ms, _ms),
    "p95_ms": _Metric("p95", lambda s: s.p95_ms, _ms),
    "p99_ms": _Metric("p99", lambda s: s.p99_ms, _ms),
    "max_response_ms": _Metric("max response", lambda s: s.max_ms, _ms),
    "rps": _Metric("throughput", lambda s: s.rps, _rps, higher_is_worse=False),
    "error_rate": _Metric("error rate", lambda s: s.error_rate, _rate),
}


def figure(result: LoadResult, metric: str) -> float:
    """The whole test's figure ``metric`` (a key of :data:`METRICS`)."""
    return METRICS[metric].read(result.total)


def judge(result: LoadResult, criteria: Criteria,
          baseline: tuple[int, LoadResult] | None) -> list[CriterionVerdict]:
    """A verdict per criterion given, in the order of :class:`Criteria`'s fields.

    ``baseline`` is (run id, result) of the last passing run of the same load test, for
    the ``regression`` criteria. A test that could not run (infra failed, cancelled) is
    not judged: ``[]``.
    """
    if result.status in UNJUDGED:
        return []
    verdicts = [_ceiling(result, name, metric, limit) for name, metric, limit in (
        ("p50_ms", "p50_ms", criteria.p50_ms), ("p90_ms", "p90_ms", criteria.p90_ms),
        ("p95_ms", "p95_ms", criteria.p95_ms), ("p99_ms", "p99_ms", criteria.p99_ms),
        ("max_response_ms", "max_response_ms", criteria.max_response_ms),
        ("max_error_rate", "error_rate", criteria.max_error_rate)) if limit is not None]
    if criteria.min_rps is not None:
        verdicts.append(_floor(result, "min_rps", criteria.min_rps, _rps(result.total.rps),
                               _plain(criteria.min_rps) + " rps", "throughput"))
    if criteria.min_requests is not None:
        verdicts.append(_floor(result, "min_requests", criteria.min_requests,
                               str(result.total.requests), _plain(criteria.min_requests),
                               "requests", measured=float(result.total.requests)))
    verdicts += [_regression(result, metric, limit, baseline)
                 for metric, limit in criteria.regression.items()]
    return verdicts


def conclude(result: LoadResult, verdicts: list[CriterionVerdict]) -> tuple[LoadStatus, str]:
    """The test's status and message: failed, naming each criterion not met, or passed
    ("3 criteria met"). A test that could not run keeps its status and message."""
    if result.status in UNJUDGED:
        return result.status, result.message
    failed = [v.text for v in verdicts if not v.passed]
    if failed:
        return LoadStatus.FAILED, "; ".join(failed)
    if not verdicts:
        return LoadStatus.PASSED, f"no criteria given; {result.total.requests} requests made"
    return LoadStatus.PASSED, f"{len(verdicts)} {_plural(len(verdicts))} met"


def settle(result: LoadResult, criteria: Criteria,
           baseline: tuple[int, LoadResult] | None) -> LoadResult:
    """Judge ``result`` in place: its verdicts, status, message and the baseline run a
    regression criterion compared with; return it."""
    result.verdicts = judge(result, criteria, baseline)
    result.status, result.message = conclude(result, result.verdicts)
    result.baseline_run_id = next((v.baseline_run_id for v in result.verdicts
                                   if v.baseline_run_id is not None), None)
    return result


def _plural(count: int) -> str:
    return "criterion" if count == 1 else "criteria"


def _unmeasured(criterion: str, limit: float, label: str) -> CriterionVerdict:
    return CriterionVerdict(criterion, limit, None, False,
                            f"{label}: no requests were made, nothing to measure")


def _ceiling(result: LoadResult, criterion: str, metric: str, limit: float) -> CriterionVerdict:
    """A figure that may be at most ``limit``."""
    spec = METRICS[metric]
    if not result.total.requests:
        return _unmeasured(criterion, limit, spec.label)
    measured = spec.read(result.total)
    passed = measured <= limit
    shown_limit = _share(limit) if metric == "error_rate" else _ms(limit)
    text = f"{spec.label} {spec.show(measured)} {'<=' if passed else '>'} {shown_limit}"
    return CriterionVerdict(criterion, limit, measured, passed, text)


def _floor(result: LoadResult, criterion: str, limit: float, shown: str, shown_limit: str,
           label: str, measured: float | None = None) -> CriterionVerdict:
    """A figure that must be at least ``limit``."""
    value = result.total.rps if measured is None else measured
    passed = value >= limit
    return CriterionVerdict(criterion, limit, value, passed,
                            f"{label} {shown} {'>=' if passed else '<'} {shown_limit}")


def _regression(result: LoadResult, metric: str, limit: float,
                baseline: tuple[int, LoadResult] | None) -> CriterionVerdict:
    """The figure may be at most ``limit`` (a fraction) worse than the baseline run's."""
    criterion, spec = REGRESSION_PREFIX + metric, METRICS[metric]
    if baseline is None:
        return CriterionVerdict(criterion, limit, None, True, NO_BASELINE)
    run_id, earlier = baseline
    if not result.total.requests:
        return _unmeasured(criterion, limit, spec.label)
    measured, before = spec.read(result.total), spec.read(earlier.total)
    then = f"run {run_id}'s {spec.show(before)}"
    if before == 0:  # no fraction of 0: any worsening fails
        worse = measured > 0 if spec.higher_is_worse else False
        relation = "is worse than" if worse else "is no worse than"
        text = (f"{spec.label} {spec.show(measured)} {relation} {then} (a limit of "
                f"{_share(limit)} of 0 allows no increase)")
        return CriterionVerdict(criterion, limit, measured, not worse, text, run_id, before)
    change = (measured - before) / before if spec.higher_is_worse else (before - measured) / before
    relation = ("the same as" if change == 0 else
                f"{abs(change):.0%} {'worse' if change > 0 else 'better'} than")
    text = f"{spec.label} {spec.show(measured)} is {relation} {then} (limit {_share(limit)})"
    return CriterionVerdict(criterion, limit, measured, change <= limit, text, run_id, before)
