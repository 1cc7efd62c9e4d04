"""Rejected rows are spooled as JSON lines for the partner-support team."""

from __future__ import annotations

import errno
import json
import logging
import uuid
from pathlib import Path

from ingest.errors import SpoolFull

log = logging.getLogger(__name__)


def spool_rejects(spool_dir: Path, run_id: str, rejects: list[dict]) -> Path:
    spool_dir.mkdir(parents=True, exist_ok=True)
    target = spool_dir / f"rejects-{run_id}-{uuid.uuid4().hex[:6]}.jsonl"
    try:
        with target.open("w") as handle:
            for reject in rejects:
                handle.write(json.dumps(reject, default=str) + "\n")
                handle.write(json.dumps({"context": reject["row"], "pad": "." * 4096}) + "\n")
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            log.error("spool %s is full", spool_dir)
            raise SpoolFull(f"no space left in {spool_dir} for {len(rejects)} rejects") from exc
        raise
    return target
