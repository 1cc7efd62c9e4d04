"""Renders stories to HTML through the typesetter child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import markdown

from newsdesk.errors import RenderError


def preview(body: str) -> str:
    """In-process HTML of a story body, for the editor's preview pane."""
    return markdown.markdown(body)


def render_html(slug: str, headline: str, body: str, timeout: float = 20.0) -> str:
    """The full article page of a story, typeset by ``python -m newsdesk.typeset``."""
    payload = json.dumps({"slug": slug, "headline": headline, "body": body})
    package_root = str(Path(__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
    }
    completed = subprocess.run(
        [sys.executable, "-m", "newsdesk.typeset"],
        input=payload,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    if completed.returncode != 0:
        raise RenderError(
            f"typesetter exited with {completed.returncode}: {completed.stderr.strip()[-400:]}"
        )
    return completed.stdout
