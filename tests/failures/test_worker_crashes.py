"""pytest-xdist workers killed under their tests, read from pytest's own JUnit XML of a
small project run with ``-n 2``: a worker that crashed is infrastructure, and the
crashes of one night are one cluster whatever node ids xdist quotes, short or long."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

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
def analysed(tmp_path_factory: pytest.TempPathFactory) -> list[Analysed]:
    return list(analysed_project(tmp_path_factory.mktemp("workers"),
                                 {"tests/test_labels.py": TESTS},
                                 options=("-n", "2", "tests")).values())


def test_crashed_workers_are_infrastructure_one_cluster(
        analysed: list[Analysed]) -> None:
    assert len(analysed) == 2
    assert {item.category for item in analysed} == {"infrastructure"}
    assert len({item.cluster for item in analysed}) == 1
