"""Mask secrets in every log record, whichever logger made it.

:func:`install` wraps the logging record factory, so QAtron's, Prefect's
(including the records Prefect ships to its API as flow-run logs) and httpx's
records are masked once, when they are made, before any handler sees them.
:func:`redact` masks a string:

* passwords in URLs: ``scheme://user:PASSWORD@host`` → ``scheme://user:***@host``
  (also when a message cut the URL short: ``scheme://user:PASSW…``);
* ``Authorization:`` values, ``Bearer`` tokens and ``Basic`` credentials;
* ``password=``, ``token=``, ``secret=``, ``api_key=`` … (query strings,
  headers, ``key: value`` and dict reprs);
* the values of known secrets: PREFECT_API_KEY, PREFECT_API_AUTH_STRING and
  every environment variable named like a secret (``*_PASSWORD``, ``*_TOKEN``,
  ``*_SECRET``, ``*_KEY`` …), plus those :func:`register`\\ ed (e.g. a
  notifier's ``secret_env``).
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import threading
from collections.abc import Callable
from urllib.parse import quote

__all__ = ["MASK", "install", "installed", "redact", "register", "register_env"]

MASK = "***"
MIN_SECRET_LENGTH = 6  # shorter values would mask ordinary words
ALWAYS_SECRET_ENV = ("PREFECT_API_KEY", "PREFECT_API_AUTH_STRING",
                     "PREFECT_SERVER_API_AUTH_STRING")
SECRET_ENV_NAME = re.compile(
    r"(?i)(PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|ACCESS_KEY|PRIVATE_KEY|AUTH_STRING|CREDENTIALS?)$")

_URL_PASSWORD = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@\s]*:)[^@/?#\s…]+(@|…)")
_AUTHORIZATION = re.compile(
    r"(?i)(\b(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?)"
    r"(?:(bearer|basic|token|digest)\s+)?[^\s\"',;}]+")
_BEARER = re.compile(r"\b(Bearer\s+)[A-Za-z0-9._~+/-]+=*")
_BASIC = re.compile(r"\b(Basic\s+)([A-Za-z0-9+/]{4,}={0,2})")
_KEY_VALUE = re.compile(
    r"(?i)(\b[\w-]*?(?:password|passwd|token|secret|api[_-]?key|apikey|access[_-]?key"
    r"|auth[_-]?string|credentials?)[\"']?\s*[:=]\s*[\"']?)([^\s\"'&,;}\]]+)")

_registered: set[str] = set()
_lock = threading.Lock()


def register(*secrets: str | None) -> None:
    """Mask these values wherever they appear (values under 6 characters are ignored), in
    this process's log records from now on: :func:`install` is done if it was not."""
    with _lock:
        _registered.update(s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH)
    install()


def register_env(name: str | None) -> None:
    """Mask the value of environment variable ``name`` (e.g. a notifier's ``secret_env``)."""
    if name:
        register(os.environ.get(name))


def _env_secrets() -> set[str]:
    found: set[str] = set()
    for name, value in os.environ.items():
        if name in ALWAYS_SECRET_ENV or SECRET_ENV_NAME.search(name):
            found.update(_variants(value))
    return found


def _variants(value: str) -> set[str]:
    """A secret as it may appear: itself, URL-quoted, a ``user:password``'s password and
    its ``Basic`` encoding."""
    found = {value, quote(value, safe="")}
    user, colon, password = value.partition(":")
    if colon and "/" not in value:
        found |= {password, quote(password, safe=""), base64.b64encode(value.encode()).decode()}
    return {v for v in found if len(v) >= MIN_SECRET_LENGTH}


def _basic(match: re.Match[str]) -> str:
    """Mask ``Basic <base64 of user:password>``; leave prose like "Basic usage" alone."""
    try:
        decoded = base64.b64decode(match.group(2), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return match.group(0)
    return match.group(1) + MASK if ":" in decoded else match.group(0)


def redact(text: str) -> str:
    """``text`` with every secret it shows replaced by ``***``."""
    if not text:
        return text
    with _lock:
        known = _registered | _env_secrets()
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(rf"\1{MASK}\2", text)
    text = _AUTHORIZATION.sub(lambda m: f"{m.group(1)}{m.group(2) + ' ' if m.group(2) else ''}"
                                        f"{MASK}", text)
    text = _BEARER.sub(rf"\1{MASK}", text)
    text = _BASIC.sub(_basic, text)
    return _KEY_VALUE.sub(rf"\1{MASK}", text)


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string is logging's to report
        return
    masked = redact(message)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class _RedactingFactory:
    """A record factory that masks what the factory it wraps makes."""

    def __init__(self, wrapped: Callable[..., logging.LogRecord]) -> None:
        self.wrapped = wrapped

    def __call__(self, *args: object, **kwargs: object) -> logging.LogRecord:
        record = self.wrapped(*args, **kwargs)
        _redact_record(record)
        return record


def installed() -> bool:
    """Whether log records are masked in this process."""
    return isinstance(logging.getLogRecordFactory(), _RedactingFactory)


def install() -> None:
    """Mask secrets in every log record made from now on; calling it again does nothing."""
    with _lock:
        if not installed():
            logging.setLogRecordFactory(_RedactingFactory(logging.getLogRecordFactory()))
