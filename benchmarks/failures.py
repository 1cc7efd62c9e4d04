"""Failure analysis: accuracy on real failures, and speed on 10,000.

    .venv/bin/python benchmarks/failures.py [--count 10000]

1. Accuracy: runs benchmarks/failure_corpus twice through QAtron's shard runner
   (one rerun, so the flaky test is seen as flaky). Its tests fail for known
   reasons (connection refused on a closed port, HTTP 401/500/503 from a real
   local server, client timeouts, SQL errors, assertion diffs, import and type
   errors in test code, a broken fixture, a flaky test) with ids, ports, paths
   and times that differ between the runs. Both runs are analysed together;
   the script prints the category accuracy against the labels in the test
   names and the adjusted Rand index of the clusters against the labelled causes.
2. Speed: 10,000 failures made from the corpus's real ones with fresh volatile
   values, classified and clustered; the peer, in the same process, is
   Allure-style categories.json matching (ordered regexes over message and
   trace, first match wins, no clustering) with QAtron's built-in patterns.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import uuid
from collections import Counter
from math import comb
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.failures import Analyser, Failure  # noqa: E402
from qatron.failures.categories import _SIGNALS  # noqa: E402
from tests.failures.corpus import failures, label, run_corpus  # noqa: E402


def adjusted_rand_index(truth: list[str], predicted: list[str]) -> float:
    """Hubert and Arabie's ARI: 1 for identical partitions, about 0 for chance."""
    pairs = Counter(zip(truth, predicted, strict=True))
    sum_cells = sum(comb(n, 2) for n in pairs.values())
    sum_truth = sum(comb(n, 2) for n in Counter(truth).values())
    sum_pred = sum(comb(n, 2) for n in Counter(predicted).values())
    expected = sum_truth * sum_pred / comb(len(truth), 2)
    maximum = (sum_truth + sum_pred) / 2
    return 1.0 if maximum == expected else (sum_cells - expected) / (maximum - expected)


def accuracy(runs: int = 2) -> list[Failure]:
    found: list[Failure] = []
    for _ in range(runs):
        found += failures(run_corpus())
    analysis = Analyser().analyse(found)
    truth = [label(item.failure.nodeid) for item in analysis.failures]
    right = sum(item.category == expected for item, (expected, _) in zip(
        analysis.failures, truth, strict=True))
    ari = adjusted_rand_index([cause for _, cause in truth],
                              [item.cluster for item in analysis.failures])
    print(f"corpus: {len(found)} real failures from {runs} runs, {len(set(truth))} causes, "
          f"{len(analysis.clusters)} clusters")
    print(f"category accuracy {right}/{len(found)} = {100 * right / len(found):.1f}%; "
          f"adjusted Rand index of the clusters {ari:.3f}")
    for item, (expected, _) in zip(analysis.failures, truth, strict=True):
        if item.category != expected:
            print(f"  wrong: {item.failure.nodeid}: {item.category} (expected {expected}): "
                  f"{item.evidence}")
    return found


_VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
                       r"127\.0\.0\.1:\d+|port=\d+|/tmp/[^\s'\"]+|\b\d{4,}\b")


def varied(seed: list[Failure], count: int) -> list[Failure]:
    """``count`` failures: the real ones over and over, each with fresh volatile values."""
    rng = random.Random(7)

    def fresh(match: re.Match[str]) -> str:
        text = match.group(0)
        if text.startswith("127.0.0.1:"):
            return f"127.0.0.1:{rng.randint(1024, 65535)}"
        if text.startswith("port="):
            return f"port={rng.randint(1024, 65535)}"
        if text.startswith("/tmp/"):
            return f"/tmp/pytest-of-ci/pytest-{rng.randint(1, 999)}/t{rng.randint(0, 9)}/x"
        if "-" in text:
            return str(uuid.UUID(int=rng.getrandbits(128)))
        return str(rng.randint(1000, 10**9))

    made = []
    for index in range(count):
        base = seed[index % len(seed)]
        made.append(Failure(nodeid=f"{base.nodeid}[{index}]",
                            message=_VOLATILE.sub(fresh, base.message),
                            traceback=_VOLATILE.sub(fresh, base.traceback),
                            output=base.output, phase=base.phase, flaky=base.flaky,
                            attempts=base.attempts))
    return made


def allure_style(items: list[Failure]) -> list[str]:
    """categories.json as Allure applies it: ordered regexes over message and trace."""
    rules = [(category, pattern) for category, pattern, _, _ in _SIGNALS]
    found = []
    for failure in items:
        text = failure.message + "\n" + failure.traceback
        found.append(next((name for name, pattern in rules if pattern.search(text)), "unknown"))
    return found


def speed(seed: list[Failure], count: int) -> None:
    items = varied(seed, count)
    analyser = Analyser()
    began = time.perf_counter()
    analysis = analyser.analyse(items)
    ours = time.perf_counter() - began
    began = time.perf_counter()
    allure_style(items)
    peer = time.perf_counter() - began
    print(f"\n{count} failures ({sum(len(f.traceback) for f in items) / count:.0f} chars of "
          f"traceback each on average), {len(analysis.clusters)} clusters")
    print(f"{'runner':<44}{'total s':>9}{'ms/failure':>12}{'vs peer':>9}")
    for name, seconds in (("QAtron: categorise + cluster + route + hint", ours),
                          ("Allure-style ordered regexes (no clusters)", peer)):
        print(f"{name:<44}{seconds:>9.2f}{1000 * seconds / count:>12.3f}"
              f"{seconds / peer:>8.2f}x")
    print(f"target < 1 ms per failure: {'met' if 1000 * ours / count < 1 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    seed = accuracy()
    speed(seed, args.count)


if __name__ == "__main__":
    main()
