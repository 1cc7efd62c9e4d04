"""QAtron's results store: runs, shards and per-test results, and their history.

::

    store = ResultsStore(default_database_url(project_dir))   # migrates on open
    run_id = store.create_run("shop", "smoke", "staging", branch="main")
    store.set_status(run_id, RunStatus.RUNNING)
    store.save_shard(run_id, shard_result)     # thread-safe; upserts by shard index
    store.set_status(run_id, RunStatus.COMPLETED)
    summary = store.load_summary(run_id)       # qatron.models.RunSummary

Facts learnt about a run later each have a column or table and a method of their
own (``set_owner``, ``set_sharding``, ``mark_folder_removed``, ``save_quarantine``,
``save_failure_analysis``, ``claim_notification``, ``save_label``, ``save_journey``),
so writers of different facts of one run never undo each other's writes; see
:mod:`qatron.store.run_facts`.

Any SQLAlchemy URL works (SQLite and PostgreSQL are tested). A database that
can't be reached or migrated raises :class:`StoreError`.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.errors import StoreError

if TYPE_CHECKING:
    from qatron.config import Project
    from qatron.store.failure_analyses import StoredAnalysis, StoredFailure
    from qatron.store.notification_claims import NotificationClaim
    from qatron.store.run_record import RunRecord
    from qatron.store.store import ResultsStore

__all__ = ["NotificationClaim", "ResultsStore", "RunRecord", "StoreError", "StoredAnalysis",
           "StoredFailure", "database_url", "default_database_url"]

#: Where each name is defined; it is imported on first use, so ``database_url`` costs no
#: SQLAlchemy.
_LAZY = {"NotificationClaim": "notification_claims", "ResultsStore": "store",
         "RunRecord": "run_record", "StoredAnalysis": "failure_analyses",
         "StoredFailure": "failure_analyses"}


def __getattr__(name: str) -> Any:
    """The store's classes, imported when first asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def default_database_url(project_dir: Path) -> str:
    """``$QATRON_DATABASE_URL`` if set, else SQLite at ``<project_dir>/.qatron/results.db``."""
    configured = os.environ.get("QATRON_DATABASE_URL", "").strip()
    if configured:
        return configured
    return f"sqlite:///{Path(project_dir).resolve() / '.qatron' / 'results.db'}"


def database_url(project: Project) -> str:
    """QATRON_DATABASE_URL, else qatron.yml's results.database_url, else SQLite in .qatron/."""
    configured = project.config.results.database_url
    if configured and "QATRON_DATABASE_URL" not in os.environ:
        return configured
    return default_database_url(project.root)
