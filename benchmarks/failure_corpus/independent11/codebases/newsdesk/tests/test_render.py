from __future__ import annotations

from newsdesk.render import preview, render_html


class TestRender:
    def test_preview_paragraphs(self) -> None:
        assert preview("First.\n\nSecond.") == "<p>First.</p>\n<p>Second.</p>"

    def test_render_page(self) -> None:
        page = render_html("rail-strike", "Rail strike called off", "Talks *succeeded*.")
        assert page.startswith('<article id="rail-strike"><h1>Rail strike called off</h1>')
        assert "<em>succeeded</em>" in page

    def test_render_escapes_headline(self) -> None:
        assert "<h1>Q&amp;A with the mayor</h1>" in render_html("qa", "Q&A with the mayor", "Text.")
