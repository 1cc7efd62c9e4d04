"""Failure triage on the development data of benchmarks/failure_corpus: real failures of
code bases (open-source projects' own suites among them) run against broken environments
over several nights, labelled by what was broken: the development halves of
``independent``, ``independent2``, ``independent3``, ``independent7``, ``independent8``,
``independent9``, ``independent11``, ``independent12``, ``independent13`` (a breadth
corpus: 113 causes over 40 libraries, few failures each), ``independent14``,
``independent15`` (another breadth corpus), ``independent16`` (toolz's and boltons' own
suites and a service) and ``independent17`` (five services, 90 causes). Held-out halves
are only scored by benchmarks/failure_triage.py, never asserted on here."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from qatron.failures import Analyser
from tests.projects import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from failure_triage import (  # noqa: E402
    CORPORA,
    Labelled,
    adjusted_rand_index,
    load,
    pair_scores,
)


@pytest.fixture(scope="module")
def development() -> list[Labelled]:
    return load(CORPORA / "independent", "development")


def test_causes_categories_and_teams_on_the_development_half(
        development: list[Labelled]) -> None:
    analysis = Analyser(config=None).analyse(item.failure for item in development)
    right = Counter(item.category == verdict.category
                    for item, verdict in zip(development, analysis.failures, strict=True))
    assert len(development) >= 400 and right[True] / len(development) >= 0.95
    truth = [item.cause for item in development]
    clusters = [verdict.cluster for verdict in analysis.failures]
    assert adjusted_rand_index(truth, clusters) >= 0.95
    precision, _ = pair_scores(truth, clusters)
    assert precision >= 0.98  # different causes are not merged


@pytest.mark.parametrize(("corpus", "accuracy", "ari"), [
    ("independent2", 0.97, 0.95), ("independent3", 0.95, 0.88), ("independent7", 0.96, 0.98),
    ("independent8", 0.97, 0.95), ("independent9", 0.97, 0.93),
    ("independent11", 0.95, 0.95), ("independent12", 0.97, 0.95),
    ("independent13", 0.96, 0.95), ("independent14", 0.98, 0.8),
    ("independent15", 0.95, 0.95), ("independent16", 0.97, 0.90),
    ("independent17", 0.97, 0.95)])
def test_causes_categories_and_clusters_of_the_later_corpora(
        corpus: str, accuracy: float, ari: float) -> None:
    items = load(CORPORA / corpus, "development")
    analysis = Analyser(config=None).analyse(item.failure for item in items)
    right = Counter(item.category == verdict.category
                    for item, verdict in zip(items, analysis.failures, strict=True))
    assert right[True] / len(items) >= accuracy
    clusters = [verdict.cluster for verdict in analysis.failures]
    assert adjusted_rand_index([item.cause for item in items], clusters) >= ari


def test_a_flaky_test_is_one_that_passed_in_the_nights_rerun(
        development: list[Labelled]) -> None:
    flaky = [item for item in development if item.failure.flaky]
    assert flaky and all(item.category == "flaky" for item in flaky)
    assert all(item.failure.attempts == 2 and item.failure.reruns for item in flaky)
