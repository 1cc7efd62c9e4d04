"""HTML parsing and URL rules."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data


def normalise(base: str, href: str) -> str:
    """Absolute URL without its fragment."""
    url, _ = urldefrag(urljoin(base, href))
    return url


def links(base: str, html: str) -> list[str]:
    parser = _Parser()
    parser.feed(html)
    seen: list[str] = []
    for href in parser.links:
        url = normalise(base, href)
        if url not in seen:
            seen.append(url)
    return seen


def title(html: str) -> str:
    parser = _Parser()
    parser.feed(html)
    return parser.title.strip() if parser.title is not None else ""
