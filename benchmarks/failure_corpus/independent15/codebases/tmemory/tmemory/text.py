"""Text handling: normalisation, checksums, word counts, placeholders, similarity."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%[sd]")


def normalise(text: str) -> str:
    """NFC form with collapsed white space: the key the memory matches on."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def checksum(text: str) -> str:
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def placeholders(text: str) -> list[str]:
    """Placeholders that a translation must keep, in order."""
    return PLACEHOLDER.findall(text)


def placeholders_kept(source: str, target: str) -> bool:
    return sorted(placeholders(source)) == sorted(placeholders(target))


def similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two segments, by longest matching blocks."""
    matcher = difflib.SequenceMatcher(None, normalise(a), normalise(b))
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return round(2.0 * matched / max(len(a) + len(b), 1), 3)


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return parts[0]
