"""Fetching pages and APIs."""

from __future__ import annotations

from crawler import fetch
from tests.helpers import run_async


def test_fetch_docs_page() -> None:
    assert "Page /site/docs" in run_async(fetch.fetch_page(fetch.site() + "/docs"))


def test_fetch_blog_httpx() -> None:
    assert "<title>" in run_async(fetch.fetch_httpx(fetch.site() + "/blog"))


def test_fetch_cdn_asset() -> None:
    assert run_async(fetch.fetch_page(fetch.cdn() + "/cdn/app"))


def test_fetch_mirror() -> None:
    assert run_async(fetch.fetch_httpx(fetch.mirror() + "/mirror/index"))


def test_search_api() -> None:
    assert run_async(fetch.search("pricing")) == ["/site/p0", "/site/p1"]


def test_fetch_news_section() -> None:
    assert "news" in run_async(fetch.fetch_page(fetch.site() + "/news"))


def test_fetch_members_area() -> None:
    assert "members" in run_async(fetch.fetch_page(fetch.site() + "/members"))


def test_fetch_changelog() -> None:
    assert "changelog" in run_async(fetch.fetch_page(fetch.site() + "/changelog"))


def test_load_sitemap() -> None:
    entries = run_async(fetch.sitemap())
    assert [e.loc for e in entries] == ["/site/a", "/site/b"]


def test_fetch_many_limited() -> None:
    urls = [fetch.site() + f"/many/{i}" for i in range(4)]
    assert len(run_async(fetch.fetch_many(urls))) == 4


def test_proxy_client_settings() -> None:
    async def build() -> float:
        async with fetch.build_proxy_client() as client:
            return float(client.timeout.read or 0)
    assert run_async(build()) == fetch.TIMEOUT
