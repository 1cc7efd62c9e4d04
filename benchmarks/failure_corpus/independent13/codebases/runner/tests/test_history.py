"""Run history and lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runner import history, lock


def state() -> Path:
    return Path(os.environ.get("C13_STATE", "/tmp"))


def test_history_record() -> None:
    assert history.record(str(state() / "history.db"), "build", 0, 12.5) > 0


def test_history_slowest() -> None:
    db = str(state() / "history.db")
    history.record(db, "lint", 0, 1.0)
    history.record(db, "package", 0, 99.0)
    assert history.slowest(db) == "package"


def test_acquire_run_lock() -> None:
    path = state() / "run.lock"
    lock.acquire(path)
    lock.release(path)
    assert not path.exists()


def test_release_missing_lock(tmp_path: Path) -> None:
    lock.release(tmp_path / "none.lock")
    assert not (tmp_path / "none.lock").exists()


def test_lock_held_by_live_run(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    path.write_text(str(os.getpid()))
    with pytest.raises(lock.Locked, match="in progress"):
        lock.acquire(path)


def test_history_fresh_database(tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    history.record(db, "test", 1, 3.0)
    assert history.slowest(db) == "test"
