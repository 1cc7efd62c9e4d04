"""A short, specific hint per cluster: where to look first."""

from __future__ import annotations

import re

from qatron.failures.frames import exception_type, innermost_frame, is_test_path
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
    if category == "network":
        address = _ADDRESS.search(failure.message + failure.traceback)
        target = f"{address.group(1)}:{address.group(2)}" if address else _url(failure)
        return f"nothing accepted the connection to {target or 'the service'}: is it running " \
               f"and on that port? (raised at {where})"
    if category == "database_connection":
        return f"the database was unreachable from {where}: check the server, its URL and " \
               f"credentials in the environment"
    if category == "authentication":
        return f"the request{_url_in(failure)} was refused (401/403): check the credentials " \
               f"or token the test uses at {where}"
    if category == "dependency_unavailable":
        return f"a dependency answered {first[:120]!r}{_url_in(failure)}: check that " \
               f"service's health, not the test"
    if category == "timeout":
        return f"timed out at {where}: a slow or hung service, or a timeout too tight"
    if category == "fixture_setup":
        return f"{kind} in fixture set-up at {where}: the test body never ran"
    if category == "test_code":
        return f"{kind} in test code at {where}: {first[:160]}"
    if category == "data_validation":
        return f"{kind} at {where}: {first[:160]} (check the test data or the query)"
    if category == "infrastructure":
        return f"the test process or its machine failed: {first[:160]}; see the shard's log"
    if category == "flaky":
        return f"intermittent: {item.evidence}; see `qatron metrics flakiness` and consider " \
               f"quarantine with an owner"
    if category == "product_assertion":
        if frame is not None and not is_test_path(frame.path):
            return f"an assertion in product code failed at {where}: {first[:160]}"
        return f"the product did not do what the test at {where} expects: {first[:160]}"
    if category == "product_error":
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
