"""The features index: Gherkin parsed, step definitions found, undefined steps named."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.features import FeatureError, index_features
from tests.features.project import write_shop


def test_index_of_a_realistic_feature(tmp_path: Path) -> None:
    index = index_features(write_shop(tmp_path / "shop"))
    [feature] = index.features
    assert (feature.name, feature.path, feature.line, feature.tags) == (
        "Checkout", "features/checkout.feature", 2, ["checkout"])
    assert [(s.keyword, s.text, s.line) for s in feature.background] == [
        ("Given", "a cart with 2 items", 6)]
    names = [(s.name, s.line, s.tags, s.outline, s.examples) for s in feature.scenarios]
    assert names == [
        ("Pay with a valid card", 9, ["smoke"], False, 0),
        ("Pay with a declined card", 14, ["regression"], False, 0),
        ("Pay by <method>", 19, ["regression", "edge-case"], True, 2),
        ("Pay with a voucher", 31, ["wip"], False, 0),
    ]
    outline = feature.scenarios[2]
    assert [(s.keyword, s.text, s.has_data_table) for s in outline.steps] == [
        ("When", "I pay by <method>", True), ("Then", "the order is confirmed", False)]
    assert {(d.type, d.parser, d.line) for d in index.definitions} == {
        ("given", "parse", 10), ("when", "parse", 15), ("when", "re", 20), ("then", "string", 25)}
    # "cash" matches no `I pay by` pattern; the voucher step has no definition at all.
    assert [(u.file, u.line, u.text) for u in index.undefined] == [
        ("features/checkout.feature", 20, "I pay by <method>"),
        ("features/checkout.feature", 32, "I redeem a voucher"),
    ]


def test_a_then_definition_does_not_define_a_given_step(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "a.feature").write_text("Feature: F\n  Scenario: S\n    Given it rains\n"
                                   "    And it pours\n", encoding="utf-8")
    (app / "steps.py").write_text("from pytest_bdd import given, then\n"
                                  "@then('it rains')\ndef a(): ...\n"
                                  "@given('it pours')\ndef b(): ...\n", encoding="utf-8")
    assert [(u.line, u.text) for u in index_features(app).undefined] == [(3, "it rains")]


def test_a_malformed_feature_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    app = write_shop(tmp_path / "shop")
    (app / "features" / "broken.feature").write_text(
        "Feature: Broken\n  Scenario: one\n    Given a step\n  Sceanrio: typo\n",
        encoding="utf-8")
    with pytest.raises(FeatureError) as raised:
        index_features(app)
    assert str(raised.value).startswith("features/broken.feature:4: malformed Gherkin: expected:")
    assert "got 'Sceanrio: typo'" in str(raised.value)
