"""Message texts and channels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notifier import channels, templates


def test_render_deploy_event(event: Any) -> None:
    assert templates.render_event(event("deploy")) == "ci-bot deployed billing 4.2.1"


def test_render_incident_event(event: Any) -> None:
    assert templates.render_event(event("incident")) == "[major] incident on search"


def test_subject_info() -> None:
    assert templates.subject_for("info") == "[INFO] notification"


def test_subject_critical() -> None:
    assert templates.subject_for("critical").startswith("[CRIT]")


def test_load_teams_channel() -> None:
    assert channels.load("teams").fits("x" * 20000)


def test_load_slack_channel() -> None:
    assert not channels.load("slack").fits("x" * 5000)


def test_write_eml_copy(spool_dir: Path) -> None:
    path = templates.write_eml(spool_dir, "a@corp.test", "hello", "body")
    assert path.read_text(encoding="utf-8").startswith("To: a@corp.test")


def test_eml_headers(spool_dir: Path) -> None:
    path = templates.write_eml(spool_dir, "b@corp.test", "report", "body")
    assert "Subject: report" in path.read_text(encoding="utf-8")
