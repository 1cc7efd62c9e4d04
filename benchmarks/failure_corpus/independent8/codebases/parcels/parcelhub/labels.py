"""Shipping labels, rendered by a child process so a renderer crash cannot take the hub down."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from parcelhub.errors import RenderError

log = logging.getLogger("parcelhub.labels")


def render_label(tracking_no: str, postcode: str, outdir: Path, timeout: float = 20.0) -> Path:
    """Render a label for a parcel into ``outdir``; return the file's path."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{tracking_no}.pbm"
    request = json.dumps({"tracking_no": tracking_no, "postcode": postcode, "path": str(path)})
    proc = subprocess.run(
        [sys.executable, "-m", "parcelhub.render"],
        input=request, capture_output=True, text=True, timeout=timeout, check=False,
    )
    if proc.returncode != 0:
        log.error("renderer exited with %d: %s", proc.returncode, proc.stderr.strip()[-300:])
        raise RenderError(f"renderer exited with {proc.returncode} for {tracking_no}")
    written = int(proc.stdout.strip())
    log.info("label %s: %d bytes", path.name, written)
    return path


def render_batch(parcels: list[tuple[str, str]], outdir: Path) -> list[Path]:
    """Render labels for several parcels."""
    return [render_label(no, postcode, outdir) for no, postcode in parcels]
