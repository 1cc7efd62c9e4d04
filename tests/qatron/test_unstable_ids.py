"""Matching planned ids to the new ids a test's own process gives it (pure functions)."""

from __future__ import annotations

import pytest

from qatron.unstable_ids import function_of, stand_ins

F = "tests/test_t.py::test_at"


@pytest.mark.parametrize(("nodeid", "function"), [
    (f"{F}[1796298460154527375]", F),
    (f"{F}[a::b[c]]", F),
    ("tests/test_t.py::TestC::test_x[1-2]", "tests/test_t.py::TestC::test_x"),
    (F, F),
    ("tests/test_t.py", "tests/test_t.py"),
])
def test_function_of_drops_the_parameter_part(nodeid: str, function: str) -> None:
    assert function_of(nodeid) == function


def test_nothing_stands_in_when_every_planned_id_was_collected() -> None:
    assert stand_ins([f"{F}[1]", f"{F}[2]"], [f"{F}[2]"], [f"{F}[1]", f"{F}[2]"]) == {}


def test_a_new_id_stands_in_at_the_planned_ids_position() -> None:
    collected = [f"{F}[fixed]", f"{F}[111]", f"{F}[aaa]"]
    here = [f"{F}[fixed]", f"{F}[222]", f"{F}[bbb]"]
    assert stand_ins(here, [f"{F}[aaa]"], collected) == {f"{F}[bbb]": f"{F}[aaa]"}
    assert stand_ins(here, [f"{F}[111]", f"{F}[fixed]"], collected) == {f"{F}[222]": f"{F}[111]"}


def test_a_test_planned_elsewhere_never_stands_in() -> None:
    # The planned id's position holds a test whose id the collection knew (another shard's),
    # and two new ids could be the planned one: no match.
    collected = [f"{F}[111]", f"{F}[fixed]", f"{F}[aaa]"]
    here = [f"{F}[fixed]", f"{F}[222]", f"{F}[bbb]"]
    assert stand_ins(here, [f"{F}[111]"], collected) == {}


def test_without_the_collection_new_ids_match_only_when_their_number_is_the_same() -> None:
    here = [f"{F}[fixed]", f"{F}[222]", f"{F}[bbb]"]
    both = stand_ins(here, [f"{F}[fixed]", f"{F}[111]", f"{F}[aaa]"])
    assert both == {f"{F}[222]": f"{F}[111]", f"{F}[bbb]": f"{F}[aaa]"}
    # [fixed] may be another shard's: two candidates for one missing id is no match.
    assert stand_ins(here[:2], [f"{F}[111]"]) == {}


def test_a_planned_id_the_collection_does_not_know_takes_the_new_ids_in_order() -> None:
    # A resumed run collected again: the plan's ids are in neither collection.
    here = [f"{F}[333]", "tests/test_t.py::test_other"]
    assert stand_ins(here, [f"{F}[111]"], [f"{F}[222]", "tests/test_t.py::test_other"]) == {
        f"{F}[333]": f"{F}[111]"}


def test_a_renamed_or_removed_test_has_no_stand_in() -> None:
    here = [f"{F}[1]", "tests/test_t.py::test_new"]
    assert stand_ins(here, ["tests/test_t.py::test_old", f"{F}[1]"],
                     [f"{F}[1]", "tests/test_t.py::test_old"]) == {}
    # Another function's new id is not this one's.
    assert stand_ins(["tests/test_t.py::test_b[2]"], [f"{F}[1]"], [f"{F}[1]"]) == {}


def test_a_changed_number_of_parametrisations_matches_only_by_count() -> None:
    collected = [f"{F}[1]", f"{F}[2]"]
    assert stand_ins([f"{F}[3]", f"{F}[4]", f"{F}[5]"], [f"{F}[1]"], collected) == {}
