"""A run's Gherkin features in the HTML report: per feature, its scenarios' status and the
steps with no definition. All text is escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence

from qatron.features import FeatureStatus

#: Colour of each scenario status (the report's outcome colours).
STATUS_COLORS = {"passed": "#2f9e5b", "failed": "#d64545", "skipped": "#a0aab4",
                 "not run": "#718096"}


def features_section(statuses: Sequence[FeatureStatus]) -> str:
    """A card per feature: its scenarios with status and tests, then its undefined steps;
    "" without features."""
    return "\n".join(_feature_card(feature) for feature in statuses)


def _feature_card(feature: FeatureStatus) -> str:
    title = feature.name if feature.name == feature.path else f"{feature.name} ({feature.path})"
    counts = (f"{feature.count('passed')} passed, {feature.count('failed')} failed, "
              f"{feature.count('not run')} not run")
    rows = "".join(
        f"<tr><td>{_esc(s.name)}</td><td>{s.line}</td>"
        f'<td><span style="color:{STATUS_COLORS.get(s.status, "#1f2933")};font-weight:600">'
        f"{_esc(s.status)}</span></td><td>{len(s.tests)}</td></tr>"
        for s in feature.scenarios
    )
    undefined = "".join(
        f"<li><code>{_esc(f'{u.file}:{u.line}')}</code> {_esc(u.text)}</li>"
        for u in feature.undefined
    )
    undefined_html = f"<h3>Steps with no definition</h3><ul>{undefined}</ul>" if undefined else ""
    return (
        f'<section class="card"><h2>Feature: {_esc(title)}</h2>'
        f"<p>{_esc(counts)}</p>"
        "<table><thead><tr><th>Scenario</th><th>Line</th><th>Status</th><th>Tests</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>{undefined_html}</section>"
    )


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)
