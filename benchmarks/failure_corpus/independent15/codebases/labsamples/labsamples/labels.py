"""Printable tube labels (HTML for the label printer's web driver)."""

from __future__ import annotations

from markupsafe import Markup, escape


def tube_label(barcode: str, kind: str) -> Markup:
    return Markup("<div class='tube'><b>{}</b> {}</div>").format(escape(barcode), escape(kind))
