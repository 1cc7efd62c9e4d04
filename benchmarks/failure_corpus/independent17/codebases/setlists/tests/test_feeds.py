from __future__ import annotations

from setlists import config
from setlists.feeds import gateway_query, latest_show, lyrics, wiki_page


def test_lyrics(settings: config.Settings) -> None:
    assert "harbour" in lyrics(settings.partner_url, 17, settings.timeout)


def test_lyrics_first_line(settings: config.Settings) -> None:
    text = lyrics(settings.partner_url, 17, settings.timeout)
    assert text.splitlines()[0] == "down by the harbour"


def test_wiki_page(settings: config.Settings) -> None:
    assert wiki_page(settings.partner_url, "paper-moons", settings.timeout)["formed"] == 2011


def test_wiki_members(settings: config.Settings) -> None:
    page = wiki_page(settings.partner_url, "paper-moons", settings.timeout)
    assert len(page["members"]) == 4


def test_gateway_query_venues(settings: config.Settings) -> None:
    data = gateway_query(settings.partner_url, "{ venues(city: \"Porto\") { name } }",
                         settings.timeout)
    assert data["venues"][0]["name"] == "Coliseu"


def test_gateway_query_show_count(settings: config.Settings) -> None:
    data = gateway_query(settings.partner_url, "{ venues(city: \"Porto\") { shows } }",
                         settings.timeout)
    assert data["venues"][0]["shows"] == 41


def test_latest_show(settings: config.Settings) -> None:
    show = latest_show(settings.partner_url, settings.timeout)
    assert (show.artist, len(show.entries)) == ("Harbour Lights", 3)


def test_latest_show_encore(settings: config.Settings) -> None:
    show = latest_show(settings.partner_url, settings.timeout)
    assert [e.title for e in show.entries if e.encore] == ["Yellow Stairwell"]
