"""The values that flow between a journey's steps, and the secrets among them.

A step's test reads its inputs from a JSON file (``QATRON_JOURNEY_INPUTS``) or from
environment variables (``QATRON_INPUT_<NAME>``: the input's name upper-cased, dots and
dashes as ``_``; strings as they are, other values as JSON), and publishes its outputs
by writing a JSON object to the file ``QATRON_JOURNEY_OUTPUTS`` names (the pytest
plugin's ``journey`` fixture, or a returned dict, does it for pytest). The key
``"$secret"`` lists the names of outputs that are secrets; outputs declared
``secret: true`` in qatron.yml are secrets too.

Both files live in a private folder outside the run folder and are removed as soon as
the step ends. Secret values are replaced by ``***`` in what is stored, reported and
logged, and in every file of the run folder once each step ends.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from qatron.journeys.config import ValueType
from qatron.journeys.plan import Binding

MASK = "***"
SECRET_KEY = "$secret"
#: Secrets shorter than this are not masked in free text (they would mask everything).
MIN_SECRET_LENGTH = 4
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": (float, int), "bool": (bool,),
    "dict": (dict,), "list": (list,),
}
_SCRUBBED_SUFFIXES = {".log", ".xml", ".jsonl", ".json", ".txt", ".html", ".md", ".nodeids"}


class Secrets:
    """The secret values met so far in a run; masks them in text and files."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: Any) -> None:
        """Remember ``value`` (every string inside it) as a secret."""
        for text in _strings(value):
            if len(text) >= MIN_SECRET_LENGTH:
                with self._lock:
                    self._values |= {text, json.dumps(text)[1:-1], escape(text, {'"': "&quot;"})}

    def __bool__(self) -> bool:
        return bool(self._values)

    def mask(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        if not values or not text:
            return text
        return re.sub("|".join(re.escape(v) for v in values), MASK, text)

    def scrub(self, folder: Path) -> list[Path]:
        """Mask the secrets in every text file under ``folder``; the files changed."""
        changed: list[Path] = []
        if not self or not folder.exists():
            return changed
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix not in _SCRUBBED_SUFFIXES:
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="surrogateescape")
            except OSError:
                continue
            masked = self.mask(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8", errors="surrogateescape")
                changed.append(path)
        return changed


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def masked(values: dict[str, Any], secret: Iterable[str]) -> dict[str, Any]:
    """``values`` with those named in ``secret`` replaced by the mask."""
    hidden = set(secret)
    return {k: MASK if k in hidden else v for k, v in values.items()}


def type_problem(name: str, value: Any, wanted: ValueType) -> str | None:
    """Why ``value`` is not of the declared type, or None."""
    if wanted == "any":
        return None
    ok = isinstance(value, _TYPES[wanted]) and not (
        wanted in ("int", "float") and isinstance(value, bool))
    return None if ok else f"{name}: expected {wanted}, got {type(value).__name__}"


def pick(outputs: dict[str, Any], binding: Binding) -> tuple[bool, Any]:
    """The value a binding reads from its source's outputs: (found, value)."""
    value: Any = outputs
    for key in binding.path:
        if not isinstance(value, dict) or key not in value:
            return False, None
        value = value[key]
    return True, value


def assemble(bindings: list[Binding], outputs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A step's inputs from the outputs of the steps before it; dotted input names make
    nested mappings (``headers.Authorization``)."""
    inputs: dict[str, Any] = {}
    for binding in bindings:
        found, value = pick(outputs.get(binding.source, {}), binding)
        if not found:
            continue
        *parents, last = binding.input.split(".")
        node = inputs
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return inputs


def input_environ(inputs: dict[str, Any]) -> dict[str, str]:
    """``QATRON_INPUT_<NAME>`` variables: nested names joined by ``_``, upper-cased."""
    env: dict[str, str] = {}

    def add(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                add(f"{prefix}_{key}", item)
            return
        name = re.sub(r"[^A-Za-z0-9]", "_", prefix).upper()
        env[f"QATRON_INPUT_{name}"] = value if isinstance(value, str) else json.dumps(value)

    for key, value in inputs.items():
        add(key, value)
    return env


def read_outputs(path: Path) -> tuple[dict[str, Any], list[str], str | None]:
    """(outputs, names of secret outputs, problem) from the file a step's test wrote."""
    if not path.exists():
        return {}, [], None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {}, [], f"its outputs file is not JSON ({exc})"
    if not isinstance(data, dict):
        return {}, [], f"its outputs file holds a {type(data).__name__}, not a JSON object"
    secret = data.pop(SECRET_KEY, [])
    if not isinstance(secret, list) or not all(isinstance(s, str) for s in secret):
        return data, [], f"{SECRET_KEY!r} in its outputs file is not a list of names"
    return data, secret, None
