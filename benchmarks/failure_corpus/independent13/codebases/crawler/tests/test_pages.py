"""Parsing and URL rules."""

from __future__ import annotations

from crawler import pages
from tests.helpers import expected_title


def test_normalise_strips_fragment() -> None:
    assert pages.normalise("http://h/a/", "b#top") == "http://h/a/b"


def test_links_unique() -> None:
    html = '<a href="/x">1</a><a href="/x#y">2</a><a href="/z">3</a>'
    assert pages.links("http://h/", html) == ["http://h/x", "http://h/z"]


def test_title_missing() -> None:
    assert pages.title("<html><body>no title</body></html>") == ""


def test_title_present() -> None:
    assert pages.title("<title> Home </title>") == "Home"


def test_page_title_matches() -> None:
    assert pages.title("<title>Page /site/a</title>") == expected_title("/site/a")
