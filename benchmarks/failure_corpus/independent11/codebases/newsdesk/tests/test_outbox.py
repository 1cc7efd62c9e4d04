from __future__ import annotations

from pathlib import Path

from newsdesk.outbox import read_manifest, write_edition, write_page


class TestOutbox:
    def test_write_page(self, outbox: Path) -> None:
        path = write_page(outbox, "ferry-delays", "<article>Ferry delays</article>" * 50)
        assert path.read_text(encoding="utf-8").startswith("<article>")

    def test_write_edition_manifest(self, outbox: Path) -> None:
        pages = {f"story-{n}": f"<article>{n}</article>" * 40 for n in range(3)}
        manifest = read_manifest(write_edition(outbox, "morning", pages))
        assert manifest["pages"] == ["story-0.html", "story-1.html", "story-2.html"]

    def test_overwrite_page(self, outbox: Path) -> None:
        write_page(outbox, "weather", "<article>rain</article>")
        assert (
            write_page(outbox, "weather", "<article>sun</article>").read_text(encoding="utf-8")
            == "<article>sun</article>"
        )
