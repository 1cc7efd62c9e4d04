"""Vectorised column generators: numpy draws, pyarrow string building, no per-row Python.

``make_column(name, column, rows, rng, parent)`` returns a ``pyarrow.Array`` of
``rows`` values; ``parent`` holds the non-null values a ``ref`` column draws from.
Unique columns sample without replacement (or embed the row number, for emails).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qatron.testdata import schema as s
from qatron.testdata.words import EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, WORDS

_HEX_PAIRS = np.array([ord(f"{i:02x}"[0]) | ord(f"{i:02x}"[1]) << 8 for i in range(256)],
                      dtype="<u2")
_CODE_ALPHABET = np.frombuffer(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", dtype=np.uint8)
_NAMES = pa.array([f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES])
_EMAIL_NAMES = pa.array([f"{first}.{last}".lower() for first in FIRST_NAMES
                         for last in LAST_NAMES])
_AT_DOMAINS = pa.array([f"@{domain}" for domain in EMAIL_DOMAINS])
_JSON = b'{"code": "XXXXXX", "last4": "0000", "score": 0.00, "count": 0}'
_JSON_CODE = slice(10, 16)
_JSON_DIGITS = [29, 30, 31, 32, 45, 47, 48, 60]
_WORDS = pa.array(WORDS)

Maker = Callable[[Any, np.random.Generator, int, bool, "pa.Array | None"], pa.Array]


def make_column(name: str, column: Any, rows: int, rng: np.random.Generator,
                parent: pa.Array | None = None) -> pa.Array:
    """``rows`` values of ``column``; exactly round(rows * nullable) of them NULL."""
    nulls = s.null_count(rows, column.nullable)
    unique = s.DataSchema.is_unique(name, column)
    values = _MAKERS[column.type](column, rng, rows - nulls, unique, parent)
    if not nulls:
        return values
    valid = np.ones(rows, dtype=bool)
    valid[rng.choice(rows, nulls, replace=False)] = False
    positions = pa.array(np.cumsum(valid) - 1, mask=~valid)
    return values.take(positions)


def distinct_integers(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """``n`` distinct int64 values in ``[low, high]`` (the caller checked there are enough)."""
    size = high - low + 1
    if size <= 4 * n + 1024:
        return low + rng.permutation(size)[:n].astype(np.int64)
    values = rng.integers(low, high, n, endpoint=True, dtype=np.int64)
    while (again := duplicates(values)).any():
        values[again] = rng.integers(low, high, int(again.sum()), endpoint=True, dtype=np.int64)
    return values


def duplicates(values: np.ndarray) -> np.ndarray:
    """A mask of every value that already occurred earlier in ``values``."""
    ordered = np.sort(values)
    if not (ordered[1:] == ordered[:-1]).any():  # the usual case, ten times faster
        return np.zeros(len(values), dtype=bool)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    mask = np.zeros(len(values), dtype=bool)
    mask[order[1:][ordered[1:] == ordered[:-1]]] = True
    return mask


def fixed_width_strings(chars: np.ndarray) -> pa.Array:
    """An Arrow string array whose row ``i`` is the ASCII bytes ``chars[i]`` (n × width)."""
    rows, width = chars.shape
    kind, dtype = (pa.string(), np.int32) if rows * width < 2**31 else (pa.large_string(),
                                                                       np.int64)
    offsets = np.arange(0, width * (rows + 1), width, dtype=dtype)
    data = np.ascontiguousarray(chars, dtype=np.uint8)
    return pa.Array.from_buffers(kind, rows, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _uuid(column: Any, rng: np.random.Generator, n: int, unique: bool, parent: Any) -> pa.Array:
    raw = _uuid_bytes(rng, n)
    if unique:  # 60 random bits in the first 8 bytes: redraw rows whose prefix repeats
        while (again := duplicates(raw[:, :8].copy().view("<u8")[:, 0])).any():
            raw[again] = _uuid_bytes(rng, int(again.sum()))
    hexed = _HEX_PAIRS[raw].view(np.uint8)  # n × 32 hex digits
    chars = np.empty((n, 36), dtype=np.uint8)
    chars[:, [8, 13, 18, 23]] = ord("-")
    for start, end, source in ((0, 8, 0), (9, 13, 8), (14, 18, 12), (19, 23, 16), (24, 36, 20)):
        chars[:, start:end] = hexed[:, source:source + end - start]
    return fixed_width_strings(chars)


def _uuid_bytes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Random version-4 UUIDs as an n × 16 byte matrix."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return raw


def _serial(column: s.SerialColumn, rng: np.random.Generator, n: int, unique: bool,
            parent: Any) -> pa.Array:
    return pa.array(np.arange(column.start, column.start + n, dtype=np.int64))


def _name(column: Any, rng: np.random.Generator, n: int, unique: bool, parent: Any) -> pa.Array:
    chosen = (distinct_integers(rng, 0, len(_NAMES) - 1, n) if unique
              else rng.integers(0, len(_NAMES), n))
    return _NAMES.take(pa.array(chosen))


def _email(column: Any, rng: np.random.Generator, n: int, unique: bool, parent: Any) -> pa.Array:
    """``first.last<number>@<domain>``: letters then digits, so the row number makes it unique."""
    names = _EMAIL_NAMES.take(pa.array(rng.integers(0, len(_EMAIL_NAMES), n)))
    numbers = np.arange(1, n + 1) if unique else rng.integers(1, 1000, n)
    domains = _AT_DOMAINS.take(pa.array(rng.integers(0, len(_AT_DOMAINS), n)))
    return pc.binary_join_element_wise(names, pc.cast(pa.array(numbers), pa.string()), domains,
                                       "")


def _timestamp(column: s.TimestampColumn, rng: np.random.Generator, n: int, unique: bool,
               parent: Any) -> pa.Array:
    low, high = column.seconds()
    seconds = (distinct_integers(rng, low, high - 1, n) if unique
               else rng.integers(low, high, n, dtype=np.int64))
    return pa.array(seconds, type=pa.timestamp("s"))


def _int(column: s.IntColumn, rng: np.random.Generator, n: int, unique: bool,
         parent: Any) -> pa.Array:
    if unique:
        return pa.array(distinct_integers(rng, column.min, column.max, n))
    return pa.array(rng.integers(column.min, column.max, n, endpoint=True, dtype=np.int64))


def _float(column: s.FloatColumn, rng: np.random.Generator, n: int, unique: bool,
           parent: Any) -> pa.Array:
    low, high = column.grid()
    steps = (distinct_integers(rng, low, high, n) if unique
             else rng.integers(low, high, n, endpoint=True, dtype=np.int64))
    return pa.array(steps / 10**column.decimals)


def _enum(column: s.EnumColumn, rng: np.random.Generator, n: int, unique: bool,
          parent: Any) -> pa.Array:
    values = list(dict.fromkeys(column.values)) if unique else column.values
    if unique:
        chosen = rng.permutation(len(values))[:n]
    elif column.weights is not None:
        weights = np.asarray(column.weights, dtype=float)
        chosen = rng.choice(len(values), n, p=weights / weights.sum())
    else:
        chosen = rng.integers(0, len(values), n)
    return pa.array(values).take(pa.array(chosen))


def _bool(column: s.BoolColumn, rng: np.random.Generator, n: int, unique: bool,
          parent: Any) -> pa.Array:
    if unique:
        return pa.array(rng.permutation(np.array([True, False]))[:n])
    return pa.array(rng.random(n) < column.true_share)


def _ref(column: s.RefColumn, rng: np.random.Generator, n: int, unique: bool,
         parent: pa.Array | None) -> pa.Array:
    assert parent is not None, "a ref column needs its parent's values"
    rows = len(parent)
    chosen = (distinct_integers(rng, 0, rows - 1, n) if unique
              else rng.integers(0, rows, n, dtype=np.int64) if rows else np.zeros(0, np.int64))
    return parent.take(pa.array(chosen))


def _json(column: Any, rng: np.random.Generator, n: int, unique: bool, parent: Any) -> pa.Array:
    """``{"code": "K7F2Q9", "last4": "4821", "score": 6.43, "count": 7}``: one fixed template."""
    chars = np.empty((n, len(_JSON)), dtype=np.uint8)
    chars[:] = np.frombuffer(_JSON, dtype=np.uint8)
    chars[:, _JSON_CODE] = _CODE_ALPHABET[rng.integers(0, len(_CODE_ALPHABET), (n, 6),
                                                       dtype=np.uint8)]
    chars[:, _JSON_DIGITS] = rng.integers(ord("0"), ord("9"), (n, len(_JSON_DIGITS)),
                                          endpoint=True, dtype=np.uint8)
    return fixed_width_strings(chars)


def _text(column: s.TextColumn, rng: np.random.Generator, n: int, unique: bool,
          parent: Any) -> pa.Array:
    lengths = rng.integers(column.min_words, column.max_words, n, endpoint=True)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    words = _WORDS.take(pa.array(rng.integers(0, len(_WORDS), int(offsets[-1]))))
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), words), " ")


_MAKERS: dict[str, Maker] = {
    "uuid": _uuid, "serial": _serial, "name": _name, "email": _email,
    "timestamp": _timestamp, "int": _int, "float": _float, "enum": _enum, "bool": _bool,
    "ref": _ref, "json": _json, "text": _text,
}
