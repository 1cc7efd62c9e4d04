"""Stand-up summaries and exports."""

from __future__ import annotations

from tests.conftest import load_page
from tests.test_store import make


def test_summary_order() -> None:
    from helpdesk.report import summary
    lines = summary(load_page("page_closed.json"))
    assert lines[0].startswith("[urgent] #3")
    assert lines[-1].startswith("[low] #6")


def test_csv_header() -> None:
    from helpdesk.report import to_csv
    assert to_csv([make(1)]).splitlines()[0] == "id,title,status,priority,assignee"


def test_summary_unassigned() -> None:
    from helpdesk.report import summary
    assert summary([make(4, assignee=None)]) == ["[low] #4 T4 (unassigned)"]


def test_csv_rows() -> None:
    from helpdesk.report import to_csv
    rows = to_csv(load_page("page_open.json")).splitlines()
    assert rows[1] == "1,Fan,open,high,agent1"
    assert len(rows) == 3
