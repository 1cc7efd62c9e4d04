"""Quality gates: limits on a run's results against its history, checked once the
verdict is decided (``qatron.yml``'s ``quality_gates:``, see :mod:`qatron.config_gates`).

    min_pass_rate       passed / (passed + failed + errors), quarantined failures left out
                        (as the report's pass rate); a run with no such test fails it
    max_new_failures    tests failing now that did not fail, or did not run, in the previous
                        ended run of the same suite, environment and branch
    max_flaky           results that failed, then passed on a rerun
    max_coverage_drop   points of line coverage lost against the newest earlier run on the
                        same branch that measured the layer (none, or a run that measures
                        no coverage: nothing to compare, the gate passes)

A gate that fails turns a ``completed`` run ``failed``; a run that already failed
(``failed``, ``partial_failed``) keeps its status and its message names the failed gates
too. Runs that did not get to run their tests to the end (cancelled, timed out,
infrastructure or dataset failures) and journeys or load tests run alone are not checked::

    verdict = gate_verdict(ctx, summary, decide(outcome, summary))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qatron.config_gates import QualityGates, effective_gates
from qatron.coverage_summary import format_percent
from qatron.errors import StoreError
from qatron.models import RunStatus, RunSummary, TestResult
from qatron.verdict import Verdict

if TYPE_CHECKING:
    from qatron.run import RunContext
    from qatron.store import ResultsStore

__all__ = ["CHECKED", "GateResult", "apply_gates", "evaluate", "gate_verdict"]

#: The statuses whose runs are checked: their tests ran to the end.
CHECKED = frozenset({RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.PARTIAL_FAILED})
#: Tests named in a gate's message; the others are counted.
NAMED = 5


@dataclass(frozen=True)
class GateResult:
    """One gate checked: its name, whether the run kept within it, and why not."""

    gate: str
    passed: bool
    message: str


def gate_verdict(ctx: RunContext, summary: RunSummary, verdict: Verdict) -> Verdict:
    """The verdict once the run's quality gates are checked against the results store."""
    gates = effective_gates(ctx.project.config.quality_gates, ctx.suite_config.quality_gates)
    if not gates.active or verdict.status not in CHECKED or ctx.standalone:
        return verdict
    try:
        with ctx.store() as store:
            results = evaluate(gates, summary, store)
    except StoreError as exc:
        return Verdict(verdict.status, f"{verdict.message}; quality gates not checked: {exc}")
    return apply_gates(verdict, results)


def apply_gates(verdict: Verdict, results: list[GateResult]) -> Verdict:
    """``completed`` → ``failed`` when a gate failed; every failed gate in the message."""
    failed = [result.message for result in results if not result.passed]
    if not failed:
        return verdict
    status = RunStatus.FAILED if verdict.status is RunStatus.COMPLETED else verdict.status
    return Verdict(status, "; ".join([verdict.message, *failed]))


def evaluate(gates: QualityGates, summary: RunSummary, store: ResultsStore
             ) -> list[GateResult]:
    """Check each configured gate on the run ``summary`` (its history read from ``store``)."""
    checked = []
    if gates.min_pass_rate is not None:
        checked.append(_pass_rate(gates.min_pass_rate, summary.results))
    if gates.max_new_failures is not None:
        checked.append(_new_failures(gates.max_new_failures, summary, store))
    if gates.max_flaky is not None:
        flaky = [r.nodeid for r in summary.results if r.flaky]
        checked.append(GateResult("max_flaky", len(flaky) <= gates.max_flaky,
                                  f"quality gate max_flaky: {_count(flaky, 'flaky test')} "
                                  f"({_names(flaky)}), at most {gates.max_flaky} allowed"))
    if gates.max_coverage_drop is not None:
        checked.append(_coverage_drop(gates.max_coverage_drop, summary, store))
    return checked


def _pass_rate(minimum: float, results: list[TestResult]) -> GateResult:
    passed = sum(1 for r in results if r.outcome.value in ("passed", "xpassed"))
    failed = sum(1 for r in results if r.outcome.is_failure and not r.quarantined)
    judged = passed + failed
    wanted = f"at least {minimum:.1%} required"
    if not judged:
        return GateResult("min_pass_rate", False, f"quality gate min_pass_rate: no test passed "
                                                  f"or failed, {wanted}")
    rate = passed / judged
    return GateResult("min_pass_rate", rate >= minimum,
                      f"quality gate min_pass_rate: pass rate {rate:.1%} ({passed} of "
                      f"{judged}), {wanted}")


def _new_failures(maximum: int, summary: RunSummary, store: ResultsStore) -> GateResult:
    failing = [r.nodeid for r in summary.results if r.outcome.is_failure and not r.quarantined]
    previous = store.previous_run_id(summary.project, summary.suite, summary.environment,
                                     summary.branch, before=summary.run_id)
    before = set(store.failed_nodeids(previous)) if previous is not None else set()
    new = [nodeid for nodeid in dict.fromkeys(failing) if nodeid not in before]
    return GateResult("max_new_failures", len(new) <= maximum,
                      f"quality gate max_new_failures: {_count(new, 'new failure')} "
                      f"({_names(new)}), at most {maximum} allowed")


def _coverage_drop(maximum: float, summary: RunSummary, store: ResultsStore) -> GateResult:
    now = summary.coverage
    if now is None:  # a suite that does not measure coverage, under a project-wide gate
        return GateResult("max_coverage_drop", True,
                          "quality gate max_coverage_drop: the run measured no coverage")
    before = store.previous_coverage(summary.project, now.layer, summary.branch,
                                     before=summary.run_id)
    if before is None:
        return GateResult("max_coverage_drop", True, "quality gate max_coverage_drop: no "
                                                     "earlier coverage on this branch")
    drop = round(before.percent - now.percent, 2)
    return GateResult("max_coverage_drop", drop <= maximum,
                      f"quality gate max_coverage_drop: coverage {format_percent(now.percent)}%"
                      f" is {drop:.2f} points below {format_percent(before.percent)}% of run "
                      f"{before.run_id}, at most {maximum:.2f} allowed")


def _count(items: list[str], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _names(nodeids: list[str]) -> str:
    if not nodeids:
        return "none"
    shown = ", ".join(nodeids[:NAMED])
    return shown if len(nodeids) <= NAMED else f"{shown} and {len(nodeids) - NAMED} more"
