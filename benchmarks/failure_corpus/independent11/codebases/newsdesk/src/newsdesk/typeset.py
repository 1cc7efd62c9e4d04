"""Typesetter: reads a story as JSON on stdin and writes its article page."""

from __future__ import annotations

import html
import json
import sys

import markdown


def typeset(story: dict[str, str]) -> str:
    """The article page of one story."""
    body = markdown.markdown(story["body"])
    return (
        f'<article id="{html.escape(story["slug"])}">'
        f"<h1>{html.escape(story['headline'])}</h1>{body}</article>\n"
    )


def main() -> int:
    """Typeset the story on stdin."""
    sys.stdout.write(typeset(json.load(sys.stdin)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
