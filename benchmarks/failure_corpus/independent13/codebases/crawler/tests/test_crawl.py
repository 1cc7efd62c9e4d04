"""Whole-site crawls."""

from __future__ import annotations

from crawler import fetch
from crawler.crawl import crawl
from tests.helpers import run_async


def test_crawl_counts_pages() -> None:
    titles = run_async(crawl(fetch.site() + "/handbook", max_pages=7))
    assert len(titles) == 7


def test_crawl_titles() -> None:
    titles = run_async(crawl(fetch.site() + "/guide", max_pages=3))
    assert titles[fetch.site() + "/guide"] == "Page /site/guide"
