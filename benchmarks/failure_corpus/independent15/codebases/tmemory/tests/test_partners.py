from __future__ import annotations

import pytest

from tmemory import mt


def test_translate_segment() -> None:
    assert mt.translate("Close the valve.", ("en", "de")) == "[de] Close the valve."


def test_translate_document() -> None:
    assert mt.translate_document("manual-v2.docx")["status"] == "queued"


def test_supported_languages() -> None:
    assert "de" in mt.languages()


def test_usage_quota() -> None:
    assert mt.usage()["characters"] >= 0


def test_mt_healthcheck() -> None:
    assert mt.healthcheck() is True


@pytest.mark.timeout(3)
def test_async_job_completes() -> None:
    assert mt.wait_for_job("job-77") == "done"


def test_quality_estimate() -> None:
    assert mt.quality("Close the valve.", "Schließen Sie das Ventil.") > 0.5


def test_translate_heading() -> None:
    assert mt.translate("Safety notes", ("en", "fr")) == "[fr] Safety notes"


@pytest.mark.timeout(5)
def test_batch_translate_many() -> None:
    sources = [f"Step {number}." for number in range(6)]
    assert mt.BatchTranslator().run(sources, ("en", "nl")) == [f"[nl] {s}" for s in sources]


def test_fetch_legal_terms() -> None:
    assert mt.terms("legal")[0]["term"] == "liability"
