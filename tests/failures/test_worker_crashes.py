"""pytest-xdist workers killed under their tests, read from pytest's own JUnit XML of a
small project run with ``-n 2``: a worker that crashed is infrastructure, and the
crashes of one night are one cluster whatever node ids xdist quotes, short or long."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

TESTS = '''
import os
import signal


def test_labels():
    os.kill(os.getpid(), signal.SIGKILL)


def test_labels_are_printed_for_every_parcel_of_a_large_manifest_evening():
    os.kill(os.getpid(), signal.SIGKILL)


def test_passes():
    assert True
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    project: Path = tmp_path_factory.mktemp("workers")
    failures: dict[str, Failure] = pytest_failures(
        project, {"tests/test_labels.py": TESTS}, options=("-n", "2", "tests"))
    return [(item.category, item.cluster)
            for item in Analyser().analyse(failures.values()).failures]


def test_crashed_workers_are_infrastructure_one_cluster(
        analysed: list[tuple[str, str]]) -> None:
    assert len(analysed) == 2
    assert {category for category, _ in analysed} == {"infrastructure"}
    assert len({cluster for _, cluster in analysed}) == 1
