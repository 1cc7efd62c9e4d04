"""Delivered data the product structures, read from pytest's own JUnit XML of a small
project using real ``cattrs`` and ``zipfile``: a partner's feed that does not structure
into the product's classes (cattrs' nested exception groups, a strict hook of the
product's raising ``TypeError`` on purpose) is a data contract, one cluster whichever
entry broke it, while a hook's own programming error stays a product bug; a delivered
archive the product finds a part missing in is a data contract."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.failures.small_project import Analysed, analysed_project

FEEDS = '''
import json
import zipfile

import attrs
import cattrs

converter = cattrs.Converter()


def strict_int(value, _type):
    if not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


converter.register_structure_hook(int, strict_int)
sloppy = cattrs.Converter()
sloppy.register_structure_hook(int, lambda value, _type: value + "")


class CardError(Exception):
    """A camera card's dump the catalogue cannot read."""


@attrs.define
class Entry:
    song: str
    position: int


@attrs.define
class Show:
    venue: str
    entries: list[Entry]


def show(payload, strict=True):
    return (converter if strict else sloppy).structure(json.loads(payload), Show)


def read_card(path):
    with zipfile.ZipFile(path) as archive:
        try:
            return json.loads(archive.read("manifest.json"))
        except KeyError:
            raise CardError(f"{path.name}: card dump has no manifest") from None
'''

TESTS = '''
import json
from pathlib import Path

from app import feeds

INBOX = Path(__file__).parent.parent / "inbox"


def test_show_tuesday():
    assert feeds.show((INBOX / "tuesday.json").read_text()).venue


def test_show_wednesday():
    assert feeds.show((INBOX / "wednesday.json").read_text()).venue


def test_show_sloppy():
    assert feeds.show((INBOX / "thursday.json").read_text(), strict=False).venue


def test_card():
    assert feeds.read_card(INBOX / "card-0412.zip")
'''


def _entries(*positions: object) -> str:
    return json.dumps({"venue": "Roundhouse",
                       "entries": [{"song": f"s{n}", "position": p}
                                   for n, p in enumerate(positions)]})


def _card() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("img-0001.jpg", b"\xff\xd8")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    project: Path = tmp_path_factory.mktemp("setlists")
    (project / "inbox").mkdir()
    (project / "inbox" / "card-0412.zip").write_bytes(_card())
    return analysed_project(project, {
        "app/__init__.py": "", "app/feeds.py": FEEDS, "tests/test_feeds.py": TESTS,
        "inbox/tuesday.json": _entries("1", 2), "inbox/wednesday.json": _entries(1, 2, "3"),
        "inbox/thursday.json": _entries(1)})


def test_a_feed_that_does_not_structure_is_a_data_contract_one_cluster(
        analysed: dict[str, Analysed]) -> None:
    tuesday, wednesday = analysed["test_show_tuesday"], analysed["test_show_wednesday"]
    assert (tuesday[0], wednesday[0]) == ("data_contract", "data_contract"), tuesday[2]
    assert tuesday[1] == wednesday[1]


def test_a_hooks_own_programming_error_stays_a_product_bug(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_show_sloppy"]
    assert category == "product_bug", evidence


def test_a_delivered_archive_missing_a_part_is_a_data_contract(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_card"]
    assert category == "data_contract", evidence
