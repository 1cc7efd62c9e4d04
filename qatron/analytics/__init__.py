"""Quality analytics over the results store's history: metrics with targets and statuses,
trends, anomalies, insights with recommendations, a quality score and a summary.

    >>> from qatron.analytics import analyse_project
    >>> quality = analyse_project(store, load_project(Path(".")))
    >>> print(quality.summary)
    >>> json.dumps(quality.to_json())

Modules: :mod:`.metrics` (what each metric is, statuses, trends), :mod:`.stats` (least
squares, robust z), :mod:`.anomalies`, :mod:`.insights`, :mod:`.quality` (score,
summaries), :mod:`.changes` (changed lines from git). The store's queries are in
:mod:`qatron.store.history`. Nothing here imports Prefect, pandas or plotly.
"""

from qatron.analytics.models import (
    Anomaly,
    Direction,
    Insight,
    Metric,
    ProjectQuality,
    RunPoint,
    ScopeQuality,
    Severity,
    SlowTest,
    Status,
    Trend,
)
from qatron.analytics.quality import SCORE_WEIGHTS, analyse_project, analyse_scope, quality_score

__all__ = ["SCORE_WEIGHTS", "Anomaly", "Direction", "Insight", "Metric", "ProjectQuality",
           "RunPoint", "ScopeQuality", "Severity", "SlowTest", "Status", "Trend",
           "analyse_project", "analyse_scope", "quality_score"]
