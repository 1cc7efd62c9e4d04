"""A small file-store cache: one JSON file per key, guarded by a lock."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class FileCache:
    def __init__(self, root: Path, ttl: float = 300.0) -> None:
        self.root = root
        self.ttl = ttl
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / f"{key.replace('/', '_')}.json"

    def get(self, key: str) -> Any | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text())
        except FileNotFoundError:
            return None
        if entry["stored_at"] + self.ttl < time.time():
            return None
        return entry["value"]

    def _write(self, key: str, value: Any) -> None:
        tmp = self._path(key).with_suffix(".tmp")
        tmp.write_text(json.dumps({"stored_at": time.time(), "value": value}))
        os.replace(tmp, self._path(key))

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._write(key, value)

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> Any:
        with self._lock:
            value = self.get(key)
            if value is None:
                value = compute()
                self._write(key, value)
            return value

    def keys(self) -> list[str]:
        return sorted(p.stem for p in self.root.glob("*.json"))
