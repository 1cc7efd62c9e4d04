from __future__ import annotations

from tmemory import db, store


def test_database_ping() -> None:
    assert db.ping() == 1


def test_add_and_lookup_segment(acme_de: int, unique: str) -> None:
    store.add_segment(acme_de, ("en", "de"), f"Open  the lid {unique}.", f"Öffnen {unique}.")
    assert store.lookup(acme_de, f"Open the lid {unique}.") == f"Öffnen {unique}."


def test_lookup_normalised_text(acme_de: int, unique: str) -> None:
    store.add_segment(acme_de, ("en", "de"), f"Cafe\u0301 menu {unique}", f"Café-Karte {unique}")
    assert store.lookup(acme_de, f"Caf\u00e9 menu {unique}") == f"Café-Karte {unique}"


def test_best_fuzzy_match(unique: str) -> None:
    project = store.project_id("ACME-FR")
    store.add_segment(project, ("en", "fr"), f"Press the green button {unique}", f"vert {unique}")
    store.add_segment(project, ("en", "fr"), f"Press the green buttons now {unique}", f"x {unique}")
    candidates = store.fuzzy(project, f"Press the green button {unique}")
    assert candidates[0][1] == f"vert {unique}"


def test_add_warranty_segment(acme_de: int) -> None:
    store.add_segment(acme_de, ("en", "de"), "Warranty void if opened.", "Garantie erlischt.")


def test_create_project_for_nordtext(unique: str) -> None:
    assert store.create_project(f"NT-{unique}", 3) > 0


def test_approve_segment(acme_de: int, unique: str) -> None:
    segment = store.add_segment(acme_de, ("en", "de"), f"Approve me {unique}", f"Ja {unique}")
    store.approve(segment, "reviewer-ana")


def test_project_word_total(unique: str) -> None:
    project = store.project_id("LEX-NL")
    store.add_segment(project, ("en", "nl"), f"three little words {unique}", f"drie {unique}")
    assert store.word_total(project) >= 4


def test_client_projects() -> None:
    assert store.client_projects("Lexon") == ["LEX-NL", "LEX-SV"]


def test_set_glossary_term() -> None:
    store.set_term("valve", "de", "Ventil")


def test_queue_batch(acme_de: int) -> None:
    assert store.queue_batch(acme_de, ["a", "b"]) >= 2


def test_archive_stats() -> None:
    assert store.archive_stats()["bytes"] > 0
