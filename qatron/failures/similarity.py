"""How alike two failure fingerprints are, and grouping of alike fingerprints.

A fingerprint (:func:`qatron.failures.clusters.fingerprint`) is four fields joined by
``" | "``: the category, the subject (the service, table, module… the root cause is about;
empty when none was found), the root exception's family and its masked message, and the
in-app place it was raised in. Each field's words are weighted tokens; two fingerprints
of one category are alike by the cosine of their token weights, as ReportPortal's
unique-error analysis compares error logs. Some differences make two fingerprints unlike
whatever the rest shares, as they name which thing broke or what happened to it:
different categories; two subjects without a word in common (two tables, two services);
two HTTP statuses or errnos (a 500 and a 502, ``Errno 28`` and ``Errno 27``); two
messages not alike on their own (:data:`DETAIL_FLOOR`: "database is locked" and "unable
to open database file" of one database in one module); two lines of test support code
(``conftest.py:46`` and ``conftest.py:302``: two fixtures or helpers); a fault of the
machine raised in two code bases' modules (``shop/…`` and ``lending/…``: two jobs'
volumes). One line of product code raising one kind of error is one cause whatever each
message says (``dict`` and a callback each refusing the arguments one call passed)::

    similarity("hang | | timeout failed | shop/service.py", "hang | | timeout | shop")
    merge(["a | …", "a | …"], threshold=MERGE_THRESHOLD)  # {fingerprint: its group's}
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from qatron.failures.clusters import is_test_module

__all__ = ["DETAIL_FLOOR", "LABEL_THRESHOLD", "MERGE_THRESHOLD", "by_similarity", "merge",
           "most_similar", "similarity"]

#: Alike enough to be one cluster. Calibrated on the development halves of the five
#: corpora of benchmarks/failure_corpus pooled into one analysis (see
#: benchmarks/failure_triage.py): pair precision is highest from 0.84 to 0.95 (0.997), and
#: 0.85 keeps every half's figures. 0.75 has the best recall (0.981, one cause's failures
#: in different test files join) but, as 0.8, keeps one message raised in two code bases
#: together (precision 0.989 and 0.988). Merging two causes hides one, splitting one
#: costs a second label: precision first.
MERGE_THRESHOLD = 0.85
#: Alike enough for a new failure to take a labelled cluster's label.
LABEL_THRESHOLD = 0.8
#: How alike two fingerprints' messages (family and masked message) must be on their own:
#: a shared subject and place do not make two different errors one cause. Calibrated on
#: the development halves of the five corpora of benchmarks/failure_corpus pooled into one
#: analysis: 0.6 to 0.7 score alike; up to 0.55 a PostgreSQL server's "too many clients"
#: and "Connection refused" stay one cluster, and from 0.75 one cause's differently
#: wrapped messages split.
DETAIL_FLOOR = 0.6
#: Causes of the machine or the database: where the code met one (a fixture, the product)
#: says little of which one it is. A partner's is told apart by the code that calls it.
_ENVIRONMENT = frozenset({"infrastructure", "database_unavailable"})
#: Weight of a word by the field it is in: subject, detail (family and message), place.
_WEIGHTS = (3.0, 1.0, 1.5)
_WORD = re.compile(r"[A-Za-z_][\w.-]*(?::\d+)?|\d+")
#: What names which thing broke in a message: an HTTP status or an errno.
_KEY = re.compile(r"(?<![\w.<>])[1-5]\d\d(?![\w.<>])|\bErrno -?\d+")
_NOISE = {"str", "id", "tmp", "hex", "uuid", "addr", "time", "ip", "port", "query", "the",
          "a", "an", "of", "to", "in", "at", "is", "for", "and", "or", "on", "with", "e"}


@lru_cache(maxsize=4096)
def _vector(fingerprint: str
            ) -> tuple[str, tuple[dict[str, float], ...], frozenset[str], str, bool, str]:
    """The fingerprint's category, the word weights of its subject, detail and place, the
    statuses and errnos of its detail, its place if a line of test support code, whether
    its place is a test module, and the package of an in-app place (``shop`` of
    ``shop/reports.py``)."""
    category, _, rest = fingerprint.partition(" | ")
    fields = [*rest.split(" | "), "", ""]
    vectors: list[dict[str, float]] = []
    for weight, field in zip(_WEIGHTS, fields, strict=False):
        words = (word for word in _WORD.findall(field.lower()) if word not in _NOISE)
        vectors.append(dict.fromkeys(words, weight))
    place = fields[2].strip()
    helper = ":" in place
    return (category, tuple(vectors), frozenset(_KEY.findall(fields[1])),
            place if helper else "", bool(place) and not helper and is_test_module(place),
            place.partition("/")[0] if "/" in place and not helper else "")


def similarity(first: str, second: str) -> float:
    """Cosine similarity of two fingerprints' weighted words; 0 where a difference names
    another thing or another error (see the module docstring). A subject or place only
    one of them names counts at half its weight: not finding one is a weak difference; so
    do two different test modules, as one error of a library or service reaches every
    test module that calls it, and the places of one fault of the machine or the database
    outside test modules (a fixture and the product meeting one full disk, one lock)."""
    if first == second:
        return 1.0
    category, (subject_a, detail_a, place_a), keys_a, helper_a, test_a, package_a = \
        _vector(first)
    other, (subject_b, detail_b, place_b), keys_b, helper_b, test_b, package_b = \
        _vector(second)
    if category == other == "product_bug" and subject_a and subject_a == subject_b \
            and ":" in next(iter(subject_a)) and _family(first) == _family(second):
        return 1.0  # one line of product code raising one kind of error: whatever it says
    if (category != other
            or (subject_a and subject_b and not subject_a.keys() & subject_b.keys())
            or (keys_a and keys_b and keys_a != keys_b)
            or (helper_a and helper_b and helper_a != helper_b)
            or (category == "infrastructure" and package_a and package_b
                and package_a != package_b)
            or _cosine(detail_a, detail_b) < DETAIL_FLOOR):
        return 0.0
    a, b = dict(detail_a), dict(detail_b)
    weak_places = test_a and test_b and place_a != place_b or (
        category in _ENVIRONMENT and not test_a and not test_b)
    for one, two, weak in ((subject_a, subject_b, False), (place_a, place_b, weak_places)):
        both = bool(one) and bool(two) and not weak
        a.update(one if both else _halved(one))
        b.update(two if both else _halved(two))
    return _cosine(a, b)


def _family(fingerprint: str) -> str:
    """The exception family a fingerprint's detail begins with (``typeerror``)."""
    fields = fingerprint.split(" | ")
    return fields[2].split(" ", 1)[0] if len(fields) > 2 else ""


def _halved(weights: dict[str, float]) -> dict[str, float]:
    return {word: weight / 2 for word, weight in weights.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    if not norm:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[word] for word, w in a.items() if word in b) / norm


def most_similar(fingerprint: str, candidates: Iterable[str],
                 threshold: float) -> str | None:
    """The candidate most like ``fingerprint`` at ``threshold`` or above, if any."""
    best, best_score = None, threshold
    for candidate in candidates:
        score = similarity(fingerprint, candidate)
        if score >= best_score:
            best, best_score = candidate, score
    return best


def merge(fingerprints: Sequence[str], threshold: float = MERGE_THRESHOLD) -> dict[str, str]:
    """Each fingerprint's group, named by its leader: the most frequent fingerprints lead,
    and each other joins the most similar leader at ``threshold`` or above."""
    counts: dict[str, int] = {}
    for printed in fingerprints:
        counts[printed] = counts.get(printed, 0) + 1
    leaders: dict[str, list[str]] = {}  # by category
    group: dict[str, str] = {}
    for printed in sorted(counts, key=lambda p: (-counts[p], p)):
        same = leaders.setdefault(printed.partition(" | ")[0], [])
        leader = most_similar(printed, same, threshold)
        if leader is None:
            same.append(printed)
            leader = printed
        group[printed] = leader
    return group


def by_similarity(fingerprint: str, known: Mapping[str, object],
                  threshold: float = LABEL_THRESHOLD) -> str | None:
    """The key of ``known`` equal to ``fingerprint``, else the most similar one."""
    if fingerprint in known:
        return fingerprint
    return most_similar(fingerprint, known, threshold)
