"""Song titles: normalising fan-typed titles and counting distinct songs."""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

ALIASES = {"tnd": "the night drive", "ys": "yellow stairwell"}


class SetlistError(Exception):
    """A setlist could not be processed."""


def normalise(title: str) -> str:
    key = re.sub(r"[^a-z0-9 ]", "", title.lower()).strip()
    try:
        return ALIASES.get(key, key)
    except KeyError as exc:
        log.error("no alias for %r", key)
        raise SetlistError(f"cannot normalise title {title!r}") from exc


def distinct_songs(titles: list[str]) -> int:
    return len({t.strip().casefold() for t in titles})


def meta_flat(meta: dict[str, object], prefix: str = "") -> dict[str, object]:
    """Nested show metadata as dotted keys."""
    from collections.abc import Mapping

    flat: dict[str, object] = {}
    for key, value in meta.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(meta_flat(dict(value), name + "."))
        else:
            flat[name] = value
    return flat
