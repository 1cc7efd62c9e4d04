"""A failure's category: the user's rules first, then QAtron's built-in signals.

User rules are qatron.yml's ``failure_analysis.categories``: ordered, each a
name and regular expressions matched (case-insensitively) against the
message, traceback and captured output; the first rule with a matching
pattern wins, as in Allure's categories.json. Then the built-ins, in order:

    flaky                   passed on a rerun, or flaky by its history
    infrastructure          the test process or its worker died, out of memory, disk full
    timeout                 a timeout in the test, a client or the suite
    database_connection     the database could not be reached
    network                 connection refused / reset, unknown host
    authentication          HTTP 401/403, bad credentials or token
    dependency_unavailable  HTTP 502/503/504, or a service failing its health check
    fixture_setup           an error in a fixture (setup), not in the test body
    data_validation         SQL errors, constraint and validation errors, bad payloads
    test_code               TypeError/AttributeError/NameError/ImportError… raised in test code
    product_error           any other exception raised in product code
    product_assertion       an assertion about the product's behaviour failed
    unknown                 none of the above
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qatron.failures.frames import exception_type, innermost_frame, is_test_path
from qatron.failures.model import Failure, Verdict

FLAKY_SCORE = 0.3
_TEST_CODE_ERRORS = {"TypeError", "AttributeError", "NameError", "ImportError",
                     "ModuleNotFoundError", "SyntaxError", "IndentationError",
                     "UnboundLocalError", "fixture"}


@dataclass(frozen=True)
class Rule:
    """A category named by a pattern over a failure's text."""

    category: str
    pattern: re.Pattern[str]
    confidence: float
    evidence: str


def compile_rules(categories: Sequence[tuple[str, Sequence[str]]], source: str) -> list[Rule]:
    """User rules from (name, patterns) pairs; ``source`` names them in the evidence."""
    return [Rule(name, re.compile(pattern, re.IGNORECASE), 0.99,
                 f"{source} rule {name!r}: /{pattern}/")
            for name, patterns in categories for pattern in patterns]


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


#: Built-in text signals, in order; each is (category, pattern, confidence, what it means).
_SIGNALS: list[tuple[str, re.Pattern[str], float, str]] = [
    ("infrastructure", _r(r"test process (was killed by signal|ended \(exit code|died)|"
                          r"ended without saving its results|no heartbeat from the shard|"
                          r"\bMemoryError\b|out of memory|OOM[- ]?kill|Cannot allocate memory|"
                          r"No space left on device|Disk quota exceeded|worker (crashed|died)|"
                          r"Errno 28\b"),
     0.95, "the test process, worker or machine failed"),
    ("timeout", _r(r"\bTimeout(Error|Expired)?\b|\b(Read|Connect|Pool)Timeout\b|timed out|"
                   r"deadline exceeded|Failed: Timeout >|suite timed out"),
     0.9, "a timeout"),
    ("database_connection", _r(r"(OperationalError|InterfaceError|DatabaseError)[^\n]*"
                               r"(could not connect|connection (to server|refused)|"
                               r"server closed the connection|unable to open database|"
                               r"password authentication failed|the database system is|"
                               r"database \S+ does not exist|Is the server running)|"
                               r"database is unreachable|could not connect to server|"
                               r"psycopg\S*\.OperationalError: connection"),
     0.92, "the database could not be reached"),
    ("network", _r(r"ConnectionRefusedError|Connection refused|\[Errno 111\]|"
                   r"ConnectionResetError|Connection reset by peer|NewConnectionError|"
                   r"Max retries exceeded|Name or service not known|"
                   r"Temporary failure in name resolution|nodename nor servname|"
                   r"No route to host|Network is unreachable|httpx\.ConnectError|"
                   r"RemoteDisconnected|ECONNREFUSED|ECONNRESET"),
     0.9, "a network connection failed"),
    ("authentication", _r(r"\b(401|403)\b[^\n]{0,40}(Unauthori[sz]ed|Forbidden|Client Error)|"
                          r"(status(_code)?|HTTP)[^\n]{0,12}\b(401|403)\b|\b(401|403) [!=]= |"
                          r"[!=]= (401|403)\b|<Response \[(401|403)\]>|Unauthori[sz]ed|"
                          r"\bForbidden\b|Invalid token|"
                          r"token (has )?expired|Authentication failed|"
                          r"PermissionDenied|not authenticated|invalid credentials"),
     0.88, "authentication or authorization was refused"),
    ("dependency_unavailable", _r(r"\b(502|503|504)\b[^\n]{0,40}(Bad Gateway|Service Unavailable|"
                                  r"Gateway Time-?out|Server Error)|"
                                  r"(status(_code)?|HTTP)[^\n]{0,12}\b(502|503|504)\b|"
                                  r"\b(502|503|504) [!=]= |[!=]= (502|503|504)\b|"
                                  r"<Response \[50[234]\]>|"
                                  r"Service Unavailable|Bad Gateway|service unavailable|"
                                  r"failed (its|the) health check"),
     0.85, "a service the product depends on was unavailable"),
]
_DATA = (_r(r"\b(IntegrityError|DataError|ProgrammingError|ValidationError|"
            r"JSONDecodeError|UnicodeDecodeError|SchemaError|InvalidRequestError)\b|"
            r"sqlite3\.OperationalError|\bOperationalError\b[^\n]*(no such (table|column)|"
            r"syntax error)|UNIQUE constraint failed|NOT NULL constraint failed|"
            r"violates (unique|foreign key|not-null|check) constraint|invalid input|"
            r"required field|expectation[^\n]*failed|dataset::"),
         0.85, "the data was invalid or a query failed")


def categorise(failure: Failure, rules: Sequence[Rule] = ()) -> Verdict:
    """The failure's category with a confidence and the evidence that decided it."""
    text = "\n".join((failure.message, failure.traceback, failure.output))
    for rule in rules:
        if rule.pattern.search(text):
            return Verdict(rule.category, rule.confidence, rule.evidence)
    for check in _CHECKS:
        verdict = check(failure, text)
        if verdict is not None:
            return verdict
    return Verdict("unknown", 0.3, "no rule or signal matched")


def _flaky(failure: Failure, text: str) -> Verdict | None:
    if failure.flaky:
        return Verdict("flaky", 0.95, f"passed on attempt {failure.attempts} after failing")
    if failure.flakiness > FLAKY_SCORE:
        return Verdict("flaky", 0.7, f"flakiness score {failure.flakiness:.2f} in its history")
    return None


def _signals(failure: Failure, text: str) -> Verdict | None:
    head = "\n".join((failure.message, _last_error_lines(failure.traceback), failure.output))
    for category, pattern, confidence, meaning in _SIGNALS:
        match = pattern.search(head) or (pattern.search(text) if category ==
                                         "infrastructure" else None)
        if match:
            return Verdict(category, confidence, f"{meaning}: {_quote(match.group(0))}")
    return None


def _unhealthy(failure: Failure, text: str) -> Verdict | None:
    sick = sorted(name for name, health in failure.services.items() if health != "ok")
    if sick:
        return Verdict("dependency_unavailable", 0.8,
                       f"service {sick[0]} failed its health check: {failure.services[sick[0]]}")
    return None


def _setup(failure: Failure, text: str) -> Verdict | None:
    if failure.phase == "setup" or re.search(r"failed on setup|error at setup of|"
                                             r"fixture '[^']+' not found", text):
        kind = exception_type(failure.message, failure.traceback) or "an error"
        return Verdict("fixture_setup", 0.85, f"{kind} in a fixture, before the test body ran")
    return None


def _data(failure: Failure, text: str) -> Verdict | None:
    pattern, confidence, meaning = _DATA
    match = pattern.search("\n".join((failure.message, _last_error_lines(failure.traceback))))
    return Verdict("data_validation", confidence, f"{meaning}: {_quote(match.group(0))}") \
        if match else None


def _raised(failure: Failure, text: str) -> Verdict | None:
    kind = exception_type(failure.message, failure.traceback)
    if kind is None or kind in ("AssertionError", "Failed", "AssertError"):
        return None
    frame = innermost_frame(failure.traceback)
    in_test = frame is None and is_test_path(failure.test_file) or \
        frame is not None and is_test_path(frame.path)
    where = f"{frame.path}:{frame.line}" if frame else failure.test_file
    if kind in _TEST_CODE_ERRORS and in_test:
        return Verdict("test_code", 0.85, f"{kind} raised in test code at {where}")
    if not in_test:
        return Verdict("product_error", 0.75, f"{kind} raised in product code at {where}")
    return None


def _assertion(failure: Failure, text: str) -> Verdict | None:
    if re.search(r"\bAssertionError\b|^\s*(E\s+)?assert\b|\bassert .+|expected .+ (but|got)|"
                 r"\bexpect\(|toEqual|toBe\b|\bFailed\b", text, re.MULTILINE):
        frame = innermost_frame(failure.traceback)
        where = f" at {frame.path}:{frame.line}" if frame else ""
        return Verdict("product_assertion", 0.8, f"an assertion about the product failed{where}")
    kind = exception_type(failure.message, failure.traceback)
    if kind:
        return Verdict("product_error", 0.6, f"{kind} raised")
    return None


_CHECKS: list[Callable[[Failure, str], Verdict | None]] = [
    _flaky, _signals, _unhealthy, _setup, _data, _raised, _assertion,
]


def _last_error_lines(traceback: str) -> str:
    """The ``E …`` lines of a pytest traceback (or its last lines for other runners)."""
    lines = traceback.splitlines()
    errors = [line for line in lines if line.startswith("E ")]
    return "\n".join(errors or lines[-8:])


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:80]}'"
