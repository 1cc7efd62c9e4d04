"""The cached and pre-filtered paths of failure analysis give what the plain definitions
give: on the texts of the development half of benchmarks/failure_corpus/independent and on
variants of them (a line alone, its second half, upper and lower case)."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator

import pytest

from qatron.failures import Failure
from qatron.failures.categories import _SIGNALS, _Facts, _first_signal, built_in, error_lines
from qatron.failures.chain import exception_chain
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


def terms(pattern: str, flags: int = re.IGNORECASE) -> list[list[set[str]]] | None:
    found = needles(re.compile(pattern, flags))
    return None if found is None else [[set(needed) for needed in term]
                                       for term in found.terms]


def test_needles_are_the_literal_runs_and_parts_each_alternative_needs() -> None:
    assert terms(r"abc|de(f|g)h") == [[{"abc"}], [{"de"}, {"h"}]]
    assert terms(r"\bsocket\.timeout|(?-i:\bE(CONN)+REFUSED\b)") == [
        [{"socket.timeout"}], [{"e"}, {"conn"}, {"refused"}]]
    assert terms(r"(status|HTTP)[^\n]{0,12}\b(401|403)\b|<Response \[(401|403)\]>") == [
        [{"status", "http"}, {"40"}], [{"<response ["}, {"40"}, {"]>"}]]
    assert terms(r"(?:Read|Connect)Timeout|(Pool|Queue)(Limit|Full)?Error") == [
        [{"read", "connect"}, {"timeout"}], [{"pool", "queue"}, {"error"}]]
    assert terms(r"[Ff]ield (is )?required") == [[{"ield "}, {"required"}]]
    assert terms(r"Größe: (\w+) fehlt") == [[{"gr"}, {"e: "}, {" fehlt"}]]
    assert terms(r"x?y*|abc") is None  # a match of one alternative may be empty
    assert terms(r"(a|b*)c|d") == [[{"c"}], [{"d"}]]


def test_texts_made_of_a_signals_own_words_match_it_only_where_they_hold_its_needles(
        ) -> None:
    """Random texts from the words, numbers and marks of each signal's expression: the
    expression matches only those in which one of its alternatives finds all it needs."""
    rng = random.Random(3)
    fillers = [" ", "\n", ": ", "=", "== ", "[", "]", "(", ")", "'", "401", "403", "503",
               "111", "2.5s", "x", "/", "-"]
    matched = 0
    for _, pattern, _, _ in _SIGNALS:
        found = needles(pattern)
        assert found is not None
        words = sorted({word for word in re.findall(r"[A-Za-z_]+|\d+|\S", pattern.pattern)})
        for _ in range(1000):
            parts = rng.choices(words + fillers, k=rng.randint(1, 12))
            text = "".join(rng.choice([part, part.upper(), part.title()]) +
                           rng.choice(["", " "]) for part in parts)
            if pattern.search(text):
                matched += 1
                assert may_match(found, lowered(text)), (pattern.pattern, text)
    assert matched > 500


def test_a_text_may_match_only_where_an_alternative_finds_all_it_needs() -> None:
    found = needles(re.compile(r"(status|HTTP)[^\n]{0,12}\b(401|403)\b|Bad Gateway", re.I))
    assert not may_match(found, lowered("HTTP 500 Server Error"))
    assert not may_match(found, lowered("BAD GATEWA"))
    assert may_match(found, lowered("got HTTP status 403"))
    assert may_match(found, lowered("502 bad gateway"))
    assert lowered("ſtatus 403") is None and may_match(found, lowered("ſtatus 403"))
    assert may_match(None, lowered("anything"))


def test_a_tracebacks_chain_is_read_once_whatever_the_message(failures: list[Failure]) -> None:
    for failure in failures:
        chain = exception_chain(failure.traceback, failure.message)
        if exception_chain(failure.traceback):
            assert chain is exception_chain(failure.traceback, "failed on setup with \"x\"")
    stand_in = exception_chain("no exception here", "ValueError: bad total")
    assert [(e.type, e.message, e.section) for e in stand_in] == [
        ("ValueError", "bad total", "no exception here")]
    assert exception_chain("no exception here", "") == []


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
