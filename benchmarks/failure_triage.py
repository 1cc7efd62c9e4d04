"""Failure triage on failures its rules were not written against.

    .venv/bin/python benchmarks/failure_triage.py [--half development|heldout|both]
        [--corpus independent|independent2|all ...] [--wrong]

Reads benchmarks/failure_corpus/independent (or another corpus of its shape): JUnit XML
of several nights of three code bases (one an open-source project's own suite) run
against broken environments, each failed test labelled with its root cause, category
and team (see its README). The corpus is split by root cause; rules are tuned on the
development half only, and the held-out half is scored once per change of approach.

Per half it prints, for QAtron (built-in causes, ``routing.yml`` as qatron.yml's routing)
and for two baselines run on the same failures — ordered regexes on the exception type,
and clusters grouped on the masked first line of the message:

- category accuracy and team accuracy;
- the clusters' adjusted Rand index and pair precision/recall against the root causes;
- flaky precision/recall (a test that failed and passed on the night's rerun);
- milliseconds per failure in process;
- category accuracy by root cause (each cause's share of right verdicts, averaged over
  the causes), as one cause with hundreds of failures weighs on the figures above;
- learning: each root cause labelled once from its first night (the first failure's
  cluster gets its category and team, as ``qatron label-failure`` does), then the later
  nights analysed with those labels (a failure alike a labelled cluster takes its label)
  and their category accuracy.

Given several corpora (``--corpus`` repeated, or ``all``), it also prints category and
team accuracy pooled over their failures.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from math import comb
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from failures import adjusted_rand_index  # noqa: E402  (benchmarks/failures.py)

from qatron.config import FailureAnalysis  # noqa: E402
from qatron.failures import Analyser, Failure  # noqa: E402
from qatron.failures.clusters import normalise  # noqa: E402
from qatron.failures.frames import exception_type  # noqa: E402
from qatron.failures.labels import Label  # noqa: E402
from qatron.failures.model import Analysed, read_failures  # noqa: E402
from qatron.junit import read_tests  # noqa: E402

CORPORA = REPO / "benchmarks" / "failure_corpus"
_ATTEMPT = re.compile(r"^(?P<job>.+)-attempt(?P<n>\d+)\.xml$")


@dataclass(frozen=True)
class Labelled:
    """One failed test case of the corpus and what it really was."""

    night: str
    file: str
    failure: Failure
    cause: str
    category: str
    team: str
    flaky: bool


def load(corpus: Path, half: str) -> list[Labelled]:
    """The labelled failures of ``half`` (development, heldout or both) of ``corpus``; a
    test that failed and then passed in the night's rerun file (``<job>-attempt2.xml``, as
    a CI's rerun step writes it) is flaky."""
    split = json.loads((corpus / "split.json").read_text())
    causes = set(split.get("development", [])) | set(split.get("heldout", [])) \
        if half == "both" else set(split.get(half, []))
    if not causes:
        raise SystemExit(f"{corpus / 'split.json'}: no {half} causes")
    labels = {(row["file"], row["classname"], row["name"]): row
              for row in csv.DictReader((corpus / "labels.csv").open())}
    found: list[Labelled] = []
    for night in sorted(p for p in (corpus / "runs").iterdir() if p.is_dir()):
        for path in sorted(night.glob("*.xml")):
            file = path.relative_to(corpus).as_posix()
            passed = _passed_in(_rerun_of(path))
            for failure in read_failures(path):
                row = labels.get((file, failure.classname, failure.name))
                if row is None:
                    raise SystemExit(f"{file}: {failure.classname}::{failure.name} failed "
                                     "but has no label")
                if row["cause"] not in causes:
                    continue
                if (failure.classname, failure.name) in passed:
                    failure = replace(failure, flaky=True, attempts=failure.attempts + 1,
                                      reruns=[*failure.reruns, failure.message])
                found.append(Labelled(night.name, file, failure, row["cause"],
                                      row["category"], row["team"], row["flaky"] == "true"))
    return found


def _rerun_of(path: Path) -> Path | None:
    match = _ATTEMPT.match(path.name)
    return path.with_name(f"{match['job']}-attempt{int(match['n']) + 1}.xml") if match \
        else None


def _passed_in(path: Path | None) -> set[tuple[str, str]]:
    if path is None or not path.is_file():
        return set()
    return {(test.cases[0].classname, test.cases[0].name) for test in read_tests(path)
            if not test.result.outcome.is_failure}


# --- baselines ------------------------------------------------------------------------
#: An ordered regex per category over the exception type, first match wins.
TYPE_RULES = [
    ("infrastructure", r"MemoryError|BrokenProcessPool|OSError|Killed"),
    ("credentials_refused", r"Unauthori[sz]ed|Forbidden|PermissionDenied|Authentication"),
    ("integrity_violation", r"IntegrityError|UniqueViolation|ForeignKeyViolation|"
                            r"NotNullViolation|CheckViolation"),
    ("schema_drift", r"ProgrammingError|UndefinedTable|UndefinedColumn|NoSuchTable"),
    ("database_unavailable", r"OperationalError|InterfaceError"),
    ("missing_dependency", r"ImportError|ModuleNotFoundError"),
    ("slow_upstream", r"ReadTimeout|ConnectTimeout|Timeout"),
    ("upstream_unreachable", r"ConnectionError|ConnectError|ConnectionRefused|URLError"),
    ("upstream_5xx", r"HTTPError|HTTPStatusError"),
    ("data_contract", r"ValidationError|JSONDecodeError|SchemaError"),
    ("test_harness", r"FileNotFoundError|fixture"),
    ("wrong_behaviour", r"AssertionError"),
    ("product_bug", r"."),
]


def baseline_category(failure: Failure) -> str:
    kind = exception_type(failure.message, failure.traceback) or ""
    return next(category for category, pattern in TYPE_RULES if re.search(pattern, kind)) \
        if kind else "unknown"


def baseline_cluster(failure: Failure) -> str:
    first = next((line for line in failure.message.splitlines() if line.strip()), "")
    return normalise(first)


# --- scores ---------------------------------------------------------------------------
def pair_scores(truth: list[str], predicted: list[str]) -> tuple[float, float]:
    """Precision and recall of "these two failures share a root cause"."""
    together = sum(comb(n, 2) for n in Counter(zip(truth, predicted, strict=True)).values())
    predicted_pairs = sum(comb(n, 2) for n in Counter(predicted).values())
    true_pairs = sum(comb(n, 2) for n in Counter(truth).values())
    return (together / predicted_pairs if predicted_pairs else 1.0,
            together / true_pairs if true_pairs else 1.0)


def precision_recall(truth: list[bool], predicted: list[bool]) -> tuple[float, float]:
    hits = sum(t and p for t, p in zip(truth, predicted, strict=True))
    return (hits / sum(predicted) if any(predicted) else 1.0,
            hits / sum(truth) if any(truth) else 1.0)


@dataclass
class Score:
    name: str
    category: float
    team: float
    ari: float
    pair_precision: float
    pair_recall: float
    flaky_precision: float
    flaky_recall: float
    ms: float
    by_cause: float


def score(name: str, items: list[Labelled], categories: list[str], teams: list[str],
          clusters: list[str], flaky: list[bool], seconds: float) -> Score:
    n = len(items)
    precision, recall = pair_scores([i.cause for i in items], clusters)
    flaky_p, flaky_r = precision_recall([i.flaky for i in items], flaky)
    per_cause: dict[str, list[bool]] = defaultdict(list)
    for c, i in zip(categories, items, strict=True):
        per_cause[i.cause].append(c == i.category)
    return Score(name, sum(c == i.category for c, i in zip(categories, items, strict=True)) / n,
                 sum(t == i.team for t, i in zip(teams, items, strict=True)) / n,
                 adjusted_rand_index([i.cause for i in items], clusters), precision, recall,
                 flaky_p, flaky_r, seconds * 1000 / n,
                 sum(sum(right) / len(right) for right in per_cause.values()) / len(per_cause))


def run(corpus: Path, half: str, show_wrong: bool) -> tuple[int, Score]:
    items = load(corpus, half)
    routing = yaml.safe_load((corpus / "routing.yml").read_text())
    config = FailureAnalysis(routing=routing["categories"], default_team=routing["default_team"])
    analyser = Analyser(config)
    started = time.perf_counter()
    analysis = analyser.analyse(i.failure for i in items)
    qatron_s = time.perf_counter() - started
    ours = analysis.failures
    qatron = score("QAtron", items, [a.category for a in ours], [a.team for a in ours],
                   [a.cluster for a in ours], [a.category == "flaky" for a in ours], qatron_s)

    started = time.perf_counter()
    base_categories = [baseline_category(i.failure) for i in items]
    base_clusters = [baseline_cluster(i.failure) for i in items]
    base_s = time.perf_counter() - started
    base_teams = [config.routing.get(c, config.default_team) for c in base_categories]
    baseline = score("baselines", items, base_categories, base_teams, base_clusters,
                     [False] * len(items), base_s)

    nights = sorted({i.night for i in items})
    print(f"\n{half}: {len(items)} failures, {len({i.cause for i in items})} root causes, "
          f"{len(nights)} nights, {sum(i.flaky for i in items)} flaky")
    print(f"{'':<12}{'category':>9}{'team':>7}{'ARI':>7}{'pair P':>8}{'pair R':>8}"
          f"{'flaky P':>9}{'flaky R':>9}{'ms/fail':>9}{'cat/cause':>10}")
    for s in (qatron, baseline):
        print(f"{s.name:<12}{s.category:>9.1%}{s.team:>7.1%}{s.ari:>7.3f}"
              f"{s.pair_precision:>8.3f}{s.pair_recall:>8.3f}{s.flaky_precision:>9.3f}"
              f"{s.flaky_recall:>9.3f}{s.ms:>9.3f}{s.by_cause:>10.1%}")
    learned(items, ours, analyser)
    if show_wrong:
        by_cause: dict[str, Counter[str]] = defaultdict(Counter)
        for item, analysed in zip(items, ours, strict=True):
            by_cause[f"{item.category}/{item.cause}"][
                f"{analysed.category} :: {analysed.fingerprint[:90]}"] += 1
        for cause, verdicts in sorted(by_cause.items()):
            print(f"  {cause}")
            for verdict, count in verdicts.most_common():
                mark = "   " if verdict.startswith(cause.split("/")[0] + " ") else " x "
                print(f"   {mark}{count:3d} {verdict}")
    return len(items), qatron


def learned(items: list[Labelled], ours: list[Analysed], analyser: Analyser) -> None:
    """One label per root cause from its first night (its first failure's cluster gets
    its category and team, as ``qatron label-failure`` stores it), then the later nights
    analysed again with those labels: a failure alike a labelled cluster takes its label."""
    first_night: dict[str, str] = {}
    for item in items:
        first_night.setdefault(item.cause, item.night)
    labels: dict[str, Label] = {}
    when = datetime(2026, 1, 1, tzinfo=UTC)
    for item, analysed in zip(items, ours, strict=True):
        if item.night == first_night[item.cause] and not any(
                label.cluster == analysed.cluster for label in labels.values()):
            labels[analysed.fingerprint] = Label("corpus", analysed.cluster,
                                                 analysed.fingerprint, item.category,
                                                 item.team, "", when, "lead")
    later = [item for item in items if item.night != first_night[item.cause]]
    if later:
        relabelled = Analyser(labels=labels)
        relabelled.routing, relabelled.default_team = analyser.routing, analyser.default_team
        verdicts = relabelled.analyse(item.failure for item in later).failures
        right = sum(a.category == item.category for item, a in zip(later, verdicts,
                                                                    strict=True))
        print(f"after one label per root cause from its first night: {right}/{len(later)} "
              f"= {right / len(later):.1%} right on the later nights")


def _has_half(corpus: Path, half: str) -> bool:
    split = json.loads((corpus / "split.json").read_text())
    return bool(split.get("development") or split.get("heldout")) if half == "both" \
        else bool(split.get(half))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["development", "heldout", "both"],
                        default="development")
    parser.add_argument("--corpus", action="append",
                        help="a folder of benchmarks/failure_corpus, or all of them: `all` "
                             "(repeatable; default: independent)")
    parser.add_argument("--wrong", action="store_true",
                        help="list each root cause's verdicts (development half only)")
    args = parser.parse_args()
    if args.wrong and args.half != "development":
        parser.error("--wrong shows the rules' mistakes: only on the development half")
    names = args.corpus or ["independent"]
    if "all" in names:  # every corpus that has the half asked for
        names = sorted(path.name for path in CORPORA.iterdir()
                       if (path / "split.json").is_file() and _has_half(path, args.half))
    for name in names:
        if not (CORPORA / name / "split.json").is_file():
            parser.error(f"{CORPORA / name} is not a corpus (no split.json)")
    scored = []
    for name in names:
        print(f"\n== {name}")
        scored.append(run(CORPORA / name, args.half, args.wrong))
    if len(scored) > 1:
        total = sum(n for n, _ in scored)
        category = sum(n * s.category for n, s in scored) / total
        team = sum(n * s.team for n, s in scored) / total
        print(f"\npooled over {len(scored)} corpora ({total} failures, {args.half}): "
              f"category {category:.1%}, team {team:.1%}")


if __name__ == "__main__":
    main()
