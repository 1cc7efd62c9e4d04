"""A short, specific hint per cluster: where to look first."""

from __future__ import annotations

import re

from qatron.failures.frames import exception_type, innermost_frame
from qatron.failures.model import Analysed

_ADDRESS = re.compile(r"(?:host=)?'?(\d{1,3}(?:\.\d{1,3}){3}|localhost)'?(?:, |:|.{0,12}port=)"
                      r"(\d{2,5})")
_URL = re.compile(r"https?://[^\s'\")]+")


def suggest(item: Analysed) -> str:
    """Deterministic: from the category, the innermost frame and the message."""
    failure = item.failure
    frame = innermost_frame(failure.traceback)
    where = f"{frame.path}:{frame.line} ({frame.func})" if frame and frame.func else \
        (f"{frame.path}:{frame.line}" if frame else failure.test_file)
    kind = exception_type(failure.message, failure.traceback) or "the error"
    first = _first_line(failure.message)
    sick = sorted(name for name, health in failure.services.items() if health != "ok")
    category = item.category
    if sick:
        return f"service {sick[0]} failed its health check ({failure.services[sick[0]]}): " \
               f"look at its log before the tests"
    if category == "upstream_unreachable":
        address = _ADDRESS.search(failure.message + failure.traceback)
        target = f"{address.group(1)}:{address.group(2)}" if address else _url(failure)
        return f"nothing accepted the connection to {target or 'the service'}: is it running " \
               f"and on that port? (raised at {where})"
    if category == "database_unavailable":
        return f"the database could not be used from {where} ({first[:120]}): check the " \
               f"server, its URL, its connection limit and long transactions holding locks"
    if category == "schema_drift":
        return f"the schema differs from what the code expects ({first[:120]}): apply the " \
               f"migrations or update the queries at {where}"
    if category == "integrity_violation":
        return f"a write broke a constraint ({first[:120]}) at {where}: check the data the " \
               f"test writes and the product's uniqueness rules"
    if category == "credentials_refused":
        return f"the credentials were refused{_url_in(failure)}: check the secret, token or " \
               f"password the environment gives (used at {where})"
    if category == "upstream_5xx":
        return f"a service answered a server error ({first[:120]}){_url_in(failure)}: look " \
               f"at that service's log, not the test"
    if category == "slow_upstream":
        return f"a service was too slow{_url_in(failure)} (at {where}): check its latency " \
               f"or the client's timeout"
    if category == "hang":
        return f"our code did not finish in time at {where}: look for a lock, a loop or a " \
               f"wait that never ends"
    if category == "missing_dependency":
        return f"{first[:160]}: install the package or the version the code needs " \
               f"(raised at {where})"
    if category == "data_contract":
        return f"data broke its contract at {where}: {first[:160]}"
    if category == "test_harness":
        return f"{kind} in the test code or its set-up at {where}: {first[:160]}"
    if category == "infrastructure":
        return f"the test process or its machine failed: {first[:160]}; see the shard's log"
    if category == "flaky":
        return f"intermittent: {item.evidence}; see `qatron metrics flakiness` and consider " \
               f"quarantine with an owner"
    if category == "wrong_behaviour":
        return f"the product did not do what the test at {where} expects: {first[:160]}"
    if category == "product_bug":
        return f"{kind} raised in product code at {where}: {first[:160]}"
    return f"{first[:160] or 'no message'} (at {where}); rule '{category}'"


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _url(failure: object) -> str:
    match = _URL.search(getattr(failure, "message", "") + getattr(failure, "traceback", ""))
    return match.group(0) if match else ""


def _url_in(failure: object) -> str:
    url = _url(failure)
    return f" to {url}" if url else ""
