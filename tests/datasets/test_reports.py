"""The dataset section of the HTML report and the markdown artifact: failed first, escaped."""

from __future__ import annotations

from qatron.datasets import DatasetReport, ExpectationOutcome
from reports.datasets import dataset_markdown, dataset_section


def unhealthy() -> DatasetReport:
    return DatasetReport.of("users", [
        ExpectationOutcome("expect_table_row_count_to_be_between", {"min_value": 1}, True,
                           observed_value=3),
        ExpectationOutcome("expect_column_values_to_match_regex",
                           {"column": "email", "regex": "^a|b$"}, False, unexpected_count=2,
                           unexpected_percent=66.7, sample=["<script>x</script>", "a|b"]),
        ExpectationOutcome("expect_column_values_to_not_be_null", {"column": "phone"}, False,
                           exception='The column "phone" in BatchData does not exist.'),
    ], rows=3, content_hash="0123456789abcdef" * 4, duration=0.1, source="data/users.csv")


def test_the_html_section_lists_failed_expectations_with_escaped_bad_values() -> None:
    section = dataset_section(unhealthy())

    assert section.startswith('<section class="card dataset"><h2>Dataset users <span')
    assert "unhealthy" in section and "1 of 3 expectations met · 3 rows · sha256 0123456789ab" \
        in section
    assert "&#x27;&lt;script&gt;x&lt;/script&gt;&#x27;, &#x27;a|b&#x27;" in section
    assert "<script>" not in section
    assert "error: The column &quot;phone&quot; in BatchData does not exist." in section
    assert "expect_table_row_count_to_be_between" not in section  # only the failed ones
    assert section.index("match_regex") < section.index("not_be_null")


def test_a_healthy_section_says_so_without_a_table() -> None:
    healthy = DatasetReport.of("users", [ExpectationOutcome("expect_column_to_exist",
                                                            {"column": "id"}, True)],
                               rows=1, content_hash=None, duration=0.1)

    assert dataset_section(healthy) == (
        '<section class="card dataset"><h2>Dataset users <span class="pill" '
        'style="background:#2f9e5b">healthy</span></h2>'
        '<p class="msg">1 of 1 expectations met · 1 row</p></section>')


def test_the_markdown_artifact_puts_failures_first_and_escapes_pipes() -> None:
    lines = dataset_markdown(unhealthy()).splitlines()

    assert lines[0] == "# Dataset users: UNHEALTHY"
    assert lines[1] == ("1 of 3 expectations met on 3 rows; sha256 `0123456789ab`; "
                        "`data/users.csv`.")
    rows = lines[lines.index("| --- | --- | --- | --- | --- | --- |") + 1:]
    assert rows == [
        "| **FAILED** | `expect_column_values_to_match_regex` | email | regex='^a\\|b$' "
        "| 2 (67%) | '&lt;script&gt;x&lt;/script&gt;', 'a\\|b' |",
        "| **FAILED** | `expect_column_values_to_not_be_null` | phone |  |  "
        "| error: The column \"phone\" in BatchData does not exist. |",
        "| ok | `expect_table_row_count_to_be_between` |  | min_value=1 |  | observed 3 |",
    ]
