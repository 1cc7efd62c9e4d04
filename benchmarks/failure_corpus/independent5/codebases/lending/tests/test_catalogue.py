import time

import pytest

from lending.catalogue import Record
from lending.errors import CatalogueError, ContractViolation

ISBNS = ["9780141439518", "9780141439600", "9780199535569", "9780140434262"]


def test_lookup_record(catalogue):
    record = catalogue.lookup("9780141439518")
    assert record.isbn == "9780141439518"
    assert record.year > 1500
    assert record.authors


def test_lookup_unknown_isbn(catalogue):
    with pytest.raises(CatalogueError, match="no catalogue record"):
        catalogue.lookup("9780000000000")


def test_enrich_batch(catalogue):
    records = catalogue.enrich(ISBNS)
    assert [r.isbn for r in records] == ISBNS
    assert all(len(r.language) == 2 for r in records)


def test_availability_per_branch(catalogue):
    shelves = catalogue.availability("9780199535569")
    assert set(shelves) == {"central", "harbour", "hillside"}
    assert all(n >= 0 for n in shelves.values())


def test_lookup_within_budget(catalogue):
    started = time.perf_counter()
    catalogue.lookup("9780141441146")
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"catalogue lookup took {elapsed:.3f}s, budget 0.5s"


def test_record_contract_rejects_bad_language():
    data = {"title": "Emma", "authors": ["Jane Austen"], "year": 1815, "language": "English"}
    with pytest.raises(ContractViolation, match="ISO 639-1"):
        Record.from_json("9780141439587", data)
