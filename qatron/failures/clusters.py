"""Group failures with one root cause, whatever their volatile details.

A failure's fingerprint is its exception type, its first error line with the
volatile parts masked (ids, uuids, hex addresses, timestamps, IP addresses,
ports, temporary paths, URL queries, quoted values, long numbers) and the
innermost frame's file and function (not its line). Equal fingerprints are one
cluster, across tests, shards and runs.
"""

from __future__ import annotations

import hashlib
import re

from qatron.failures.frames import exception_type, innermost_frame
from qatron.failures.model import Failure

_MASKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(https?://[^\s?'\"]*)\?[^\s'\")]*"), r"\1?<query>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I),
     "<uuid>"),
    (re.compile(r"\b0x[0-9a-f]+\b", re.I), "<addr>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b"),
     "<time>"),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(\.\d+)?\b"), "<time>"),
    (re.compile(r"\b(\d{1,3}\.){3}\d{1,3}(:\d+)?\b"), "<ip>"),
    (re.compile(r"\blocalhost:\d+\b"), "localhost:<port>"),
    (re.compile(r"(port[ =:]+)\d+", re.I), r"\1<port>"),
    (re.compile(r"(/private)?/(tmp|var/folders|var/tmp)/[^\s'\"),:]*"), "<tmp>"),
    (re.compile(r"\b[0-9a-f]{12,}\b", re.I), "<hex>"),
    (re.compile(r"'[^'\n]{0,60}'|\"[^\"\n]{0,60}\""), "<str>"),  # quoted values: data
    (re.compile(r"\b[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*\d[A-Za-z0-9_-]*\b"),
     "<id>"),
    (re.compile(r"\d+\.\d+|\d{4,}"), "<n>"),  # short integers (statuses, errnos) stay
    (re.compile(r"\s+"), " "),
]


def normalise(text: str) -> str:
    """``text`` with its volatile parts masked."""
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text.strip()


def fingerprint(failure: Failure, category: str) -> str:
    """The text that names the failure's root cause."""
    kind = exception_type(failure.message, failure.traceback) or category
    line = _first_error_line(failure)
    frame = innermost_frame(failure.traceback)
    where = f"{frame.path.rsplit('/', 1)[-1]}:{frame.func}" if frame else ""
    return f"{kind} | {normalise(line)[:300]} | {where}"


def cluster_id(fingerprint_text: str) -> str:
    return hashlib.sha1(fingerprint_text.encode()).hexdigest()[:12]


def _first_error_line(failure: Failure) -> str:
    text = failure.message or failure.traceback
    for line in text.splitlines():
        if line.strip():
            return line.removeprefix("E ").strip()
    return ""
