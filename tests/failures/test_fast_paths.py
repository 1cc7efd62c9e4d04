"""The cached and pre-filtered paths of failure analysis give what the plain definitions
give: on the texts of the development half of benchmarks/failure_corpus/independent and on
variants of them (a line alone, its second half, upper and lower case)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

import pytest

from qatron.failures import Failure
from qatron.failures.categories import _SIGNALS, _Facts, _first_signal, built_in, error_lines
from qatron.failures.frames import _FRAMES, Frame, frames
from qatron.failures.needles import lowered, may_match, needles
from tests.projects import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from failure_triage import CORPORA, load  # noqa: E402

#: Frames of the runners a Python corpus has none of.
OTHER_RUNNERS = """\
Error: expected 200
    at Object.<anonymous> (src/orders.test.ts:12:5)
    at fetchOrder (/app/src/api/orders.js:40:11)
    at new Promise (<anonymous>)
java.lang.IllegalStateException: closed
\tat com.shop.Orders.load(Orders.java:77)
\tat com.shop.OrdersTest.loads(OrdersTest.kt:12)
    orders_test.go:31: expected 3 orders, got 0
File "/srv/app/shop/orders.py", line 9, in total
shop/orders.py:9: in total
"""

#: Messages of causes the corpus's development half has few or none of.
MESSAGES = ["requests.exceptions.ReadTimeout: HTTPConnectionPool(host='pay', port=80): "
            "Read timed out. (read timeout=2)",
            "TimeoutError: The read operation timed out\n",
            "E   Failed: Timeout >5.0s",
            "redis.exceptions.ConnectionError: Error 111 connecting to cache:6379. ECONNREFUSED",
            "Größe: ValidationError: 1 validation error for Order — field required",
            "OSError: [Errno 28] No space left on device: '/var/lib/ſhop'"]


@pytest.fixture(scope="module")
def failures() -> list[Failure]:
    return [item.failure for corpus in ("independent",)
            for item in load(CORPORA / corpus, "development")]


def variants(text: str) -> Iterator[str]:
    yield from (text, text.upper(), text.lower(), text[len(text) // 2:])
    yield from text.splitlines()


def texts(failures: list[Failure]) -> list[str]:
    found: dict[str, None] = {}
    for failure in failures:
        facts = _Facts.of(failure)
        for text in (facts.said, facts.captured, error_lines(failure)):
            found.update(dict.fromkeys(variants(text)))
    for text in MESSAGES:
        found.update(dict.fromkeys(variants(text)))
    return list(found)


def plain_first_signal(text: str) -> tuple[int, str] | None:
    for index, (_, pattern, _, _) in enumerate(_SIGNALS):
        match = pattern.search(text)
        if match is not None:
            return index, match.group(0)
    return None


def plain_frames(traceback: str) -> list[Frame]:
    found: list[tuple[int, Frame]] = []
    for pattern, _ in _FRAMES:
        for match in pattern.finditer(traceback):
            found.append((match.start(), Frame(match.group("path"), int(match.group("line")),
                                               match.groupdict().get("func") or "")))
    return [frame for _, frame in sorted(found, key=lambda item: item[0])]


def test_the_first_signal_is_the_first_pattern_that_matches(failures: list[Failure]) -> None:
    every = texts(failures)
    assert len(every) > 500
    shown = {found[0] for text in every if (found := plain_first_signal(text)) is not None}
    assert shown == set(range(len(_SIGNALS)))  # every signal is tried on texts showing it
    for text in every:
        assert _first_signal(text) == plain_first_signal(text), text
        assert _first_signal(text) == plain_first_signal(text), text  # and from the cache


def test_every_text_a_signal_matches_holds_one_of_its_needles(failures: list[Failure]) -> None:
    every = texts(failures)
    for _, pattern, _, _ in _SIGNALS:
        found = needles(pattern)
        assert found
        for text in every:
            if pattern.search(text):
                assert may_match(found, lowered(text)), (pattern.pattern, text)


def test_needles_are_the_longest_literal_run_each_match_needs() -> None:
    assert needles(re.compile(r"abc|de(f|g)h", re.IGNORECASE)) == {"abc", "de"}
    assert needles(re.compile(r"\bsocket\.timeout|(?-i:\bE(CONN)+REFUSED\b)", re.I)) == {
        "socket.timeout", "refused"}
    assert needles(re.compile(r"x?y*|abc")) is None  # a match may be empty
    assert needles(re.compile(r"[Ff]ield (is )?required")) == {"required"}
    assert needles(re.compile(r"Größe: (\w+) fehlt")) == {" fehlt"}
    assert not may_match(needles(re.compile("Bad Gateway", re.I)), lowered("BAD GATEWA"))
    assert may_match(needles(re.compile("Bad Gateway", re.I)), lowered("a BAD GATEWAY"))
    assert lowered("ſhop") is None and may_match(frozenset(["shop"]), lowered("ſhop"))


def test_frames_are_found_as_without_the_pre_filter(failures: list[Failure]) -> None:
    tracebacks = {failure.traceback for failure in failures} | {OTHER_RUNNERS}
    for traceback in tracebacks:
        for text in variants(traceback):
            assert frames(text) == plain_frames(text), text
    assert {frame.path for frame in frames(OTHER_RUNNERS)} == {
        "src/orders.test.ts", "/app/src/api/orders.js", "Orders.java", "OrdersTest.kt",
        "orders_test.go", "/srv/app/shop/orders.py", "shop/orders.py"}


def test_a_needle_of_each_frame_pattern_is_in_every_frame_it_matches() -> None:
    for pattern, marks in _FRAMES:
        for match in pattern.finditer(OTHER_RUNNERS):
            assert any(mark in match.group(0) for mark in marks), match.group(0)


def test_the_captured_output_counts_for_infrastructure_alone_before_the_other_signals(
        ) -> None:
    said_5xx = Failure("t.py::test_a", message="requests.HTTPError: 503 Service Unavailable",
                       log="ERROR worker Killed by signal 9")
    verdict = built_in(said_5xx)
    assert (verdict.category, verdict.evidence) == (
        "infrastructure", "the test process, worker or machine failed: 'Killed by signal'")
    said_oom = Failure("t.py::test_b", message="MemoryError", log="Killed by signal 9")
    assert built_in(said_oom).evidence.endswith("'MemoryError'")
    captured_other = Failure("t.py::test_c", message="requests.HTTPError: 503 Service "
                             "Unavailable", log="ERROR Bad Gateway from the proxy")
    assert built_in(captured_other).evidence == ("a service answered with a server error: "
                                                 "'requests.HTTPError: 503'")
