"""Clusters by similar fingerprints and labels carried to alike failures, on exceptions
raised by really calling a closed port with requests and httpx."""

from __future__ import annotations

import socket
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
import requests

from qatron.config import FailureAnalysis, FailureCategory
from qatron.failures import Analyser, Failure
from qatron.failures.labels import Label
from qatron.failures.similarity import merge, similarity


class InventoryUnavailable(Exception):
    """A domain exception wrapping the HTTP client's error."""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def failed(call: Callable[[], object], nodeid: str, wrap: bool = False) -> Failure:
    """The failure of a test that made ``call``, its traceback as Python prints it."""
    try:
        try:
            call()
        except Exception as exc:
            if wrap:
                raise InventoryUnavailable(f"inventory: cannot connect: {exc}") from exc
            raise
    except Exception as exc:  # noqa: BLE001 - any error is the failure under test
        text = "".join(traceback.format_exception(exc))
        return Failure(nodeid=nodeid, message=text.strip().splitlines()[-1], traceback=text)
    raise AssertionError("the call to a closed port succeeded")


@pytest.fixture(scope="module")
def refused() -> list[Failure]:
    ports = [closed_port(), closed_port()]
    return [failed(lambda: httpx.get(f"http://127.0.0.1:{ports[0]}/stock/SKU-1?n=1", timeout=2),
                   "tests/test_stock.py::test_lookup"),
            failed(lambda: httpx.get(f"http://127.0.0.1:{ports[1]}/stock/SKU-9", timeout=2),
                   "tests/test_stock.py::test_reserve", wrap=True),
            failed(lambda: requests.get(f"http://127.0.0.1:{ports[0]}/stock/SKU-2", timeout=2),
                   "tests/test_stock.py::test_legacy_client")]


def test_one_cause_through_different_wrappers_is_one_cluster(refused: list[Failure]) -> None:
    analysis = Analyser().analyse(refused)
    assert {item.category for item in analysis.failures} == {"upstream_unreachable"}
    assert len(analysis.clusters) == 1 and analysis.clusters[0].count == 3


def test_different_causes_of_one_category_stay_apart() -> None:
    bug = "product_bug | pricing.py:48 | keyerror <str> | shop/pricing.py"
    other = "product_bug | pricing.py:60 | zerodivisionerror division by zero | shop/pricing.py"
    assert similarity(bug, other) == 0.0  # two lines of code: two causes
    assert similarity(bug, bug.replace("product_bug", "hang")) == 0.0  # across categories
    full = "infrastructure |  | oserror [Errno 28] No space left on device | shop/reports.py"
    too_big = "infrastructure |  | oserror [Errno 27] File too large | shop/reports.py"
    assert merge([full, too_big, full]) == {full: full, too_big: too_big}


def test_the_setup_prefix_and_volatile_text_do_not_split() -> None:
    def setup_error(message: str) -> Failure:
        return Failure(nodeid="tests/test_a.py::test_x", phase="setup", message=message)

    prefixed = setup_error('failed on setup with "KeyError: \'ord-7f3a9\'"')
    plain = setup_error("KeyError: 'ord-b81c2'")
    first, second = Analyser().analyse([prefixed, plain]).failures
    assert first.fingerprint == second.fingerprint


def test_a_failure_alike_a_labelled_cluster_takes_its_label(refused: list[Failure]) -> None:
    first = Analyser().analyse(refused[:1]).failures[0]
    label = Label("shop", first.cluster, first.fingerprint, "upstream_5xx", "inventory-team",
                  "the inventory service is down for migration", datetime(2026, 11, 2, tzinfo=UTC),
                  "lead")
    later = Analyser(labels={label.fingerprint: label}).analyse(refused[1:]).failures
    assert [(item.category, item.team) for item in later] == [
        ("upstream_5xx", "inventory-team")] * 2
    assert later[0].evidence.startswith(f"like cluster {first.cluster}, labelled on 2026-11-02")

    ruled = FailureAnalysis(categories=[FailureCategory(name="network",
                                                        patterns=["Connection refused"])])
    kept = Analyser(ruled, labels={label.fingerprint: label}).analyse(refused[1:]).failures
    assert {item.category for item in kept} == {"network"}  # the user's rule wins


def test_a_failure_unlike_any_label_keeps_its_own_verdict(refused: list[Failure]) -> None:
    label = Label("shop", "c1", "product_bug | pricing.py:48 | keyerror <str> | shop/pricing.py",
                  "wrong_behaviour", "pricing", "", datetime(2026, 11, 2, tzinfo=UTC), "lead")
    verdicts = Analyser(labels={label.fingerprint: label}).analyse(refused).failures
    assert {item.category for item in verdicts} == {"upstream_unreachable"}


def test_the_same_error_in_two_checkouts_has_one_fingerprint() -> None:
    def missing(folder: str) -> Failure:
        text = (f'  File "{folder}/shop/reports.py", line 41, in export_csv\n'
                f"    with target.open('w') as handle:\n"
                f"FileNotFoundError: [Errno 2] No such file or directory: "
                f"{folder}/exports/finance/sales.csv\n")
        return Failure(nodeid="tests/test_reports.py::test_export", traceback=text,
                       message=text.splitlines()[-1])

    analysis = Analyser().analyse([missing("/home/ci/builds/7f3a/shop"),
                                   missing("/var/lib/jenkins/workspace/shop-nightly")])
    first, second = analysis.failures
    assert first.fingerprint == second.fingerprint and "sales.csv" in first.fingerprint


def raised_in(test_file: str, source: str, nodeid: str) -> Failure:
    """The failure of a test whose module ``test_file`` runs ``source`` (its frames in that
    file, the error raised by the library it calls), as pytest reports it."""
    code = compile(source, test_file, "exec")
    try:
        exec(code, {"socket": socket})  # noqa: S102 - the test module's own code
    except Exception as exc:  # noqa: BLE001 - any error is the failure under test
        text = "".join(traceback.format_exception(exc))
        return Failure(nodeid=nodeid, message=text.strip().splitlines()[-1], traceback=text)
    raise AssertionError(f"{test_file} did not fail")


def test_one_library_error_in_several_test_modules_is_one_cluster() -> None:
    port = closed_port()
    call = f"socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
    failures = [raised_in(f"tests/{module}.py", call, f"tests/{module}.py::test_{n}")
                for module in ("test_lock", "test_pipeline", "test_encoding") for n in (1, 2)]
    analysis = Analyser().analyse(failures)

    assert {f.category for f in analysis.failures} == {"upstream_unreachable"}
    assert [cluster.count for cluster in analysis.clusters] == [6]


def test_two_errors_in_two_test_modules_stay_two_clusters() -> None:
    refused = raised_in("tests/test_lock.py",
                        f"socket.create_connection(('127.0.0.1', {closed_port()}), timeout=2)\n",
                        "tests/test_lock.py::test_1")
    unknown = raised_in("tests/test_pipeline.py",
                        "socket.create_connection(('no-such-host.invalid', 80), timeout=2)\n",
                        "tests/test_pipeline.py::test_1")
    analysis = Analyser().analyse([refused, unknown])

    assert len(analysis.clusters) == 2
