"""A stored run as an Allure 2 ``allure-results`` folder.

::

    export = export_run(Path("examples/shop"), 42)        # <run folder>/allure-results
    export.results, export.attachments, export.history    # 31, 3, True

Written: one ``<uuid>-result.json`` per test (:mod:`qatron.allure.model`), each evidence
file of a test as ``<uuid>-attachment.<ext>``, ``categories.json``
(:mod:`qatron.allure.categories`), ``environment.properties``, ``executor.json`` and
``history/``: Allure keeps its trend in the report it generates (``allure-report/history``),
so the export of run N copies the ``allure-report/history`` of the project's previous run of
the same suite and environment when that run's report was generated in its run folder.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.allure.categories import categories_json, with_cause
from qatron.allure.model import TestNames, label, result_json, tags_of
from qatron.errors import ConfigError
from qatron.models import RunSummary, TestResult

if TYPE_CHECKING:
    from qatron.failures.owners import OwnerRule
    from qatron.store.failure_analyses import StoredFailure

RESULTS_DIR = "allure-results"
REPORT_DIR = "allure-report"
_NAMESPACE = uuid.UUID("6f1f4b0e-9a55-4c1e-8f0a-51a7e0a11e12")
_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
          "svg": "image/svg+xml", "html": "text/html", "htm": "text/html", "json":
          "application/json", "xml": "application/xml", "txt": "text/plain",
          "log": "text/plain", "csv": "text/csv", "webm": "video/webm", "mp4": "video/mp4"}
_OWN_FILES = ("categories.json", "environment.properties", "executor.json", "history")


@dataclass(frozen=True)
class Cause:
    """What the failure analysis said of one test: its category and its team."""

    category: str
    team: str


@dataclass
class AllureSource:
    """Everything an export reads besides the summary's results.

    ``causes`` by node id (the stored failure analysis); ``owners`` the project's owners
    files, ``tests_root`` the node ids' folder relative to where they apply; ``exclude_tags``
    markers that are folder names, not tags; ``report_url`` where the Allure report of the run
    will be (Allure links a test's history entries to ``<reportUrl>/#testresult/<uid>``),
    ``build_url`` QAtron's own report of it; ``history`` the previous report's history.
    """

    summary: RunSummary
    causes: dict[str, Cause] = field(default_factory=dict)
    layer: str | None = None
    owners: list[OwnerRule] = field(default_factory=list)
    tests_root: str = ""
    exclude_tags: set[str] = field(default_factory=set)
    report_url: str | None = None
    build_url: str | None = None
    history: Path | None = None


@dataclass(frozen=True)
class AllureExport:
    """An ``allure-results`` folder written: where, and how many of each file."""

    path: Path
    results: int
    attachments: int
    categories: int
    history: bool


def causes_of(failures: Iterable[StoredFailure]) -> dict[str, Cause]:
    return {failure.nodeid: Cause(failure.category, failure.team) for failure in failures}


def write_allure_results(source: AllureSource, out: Path) -> AllureExport:
    """Write ``out`` (replacing an earlier export there) from ``source``."""
    _clear(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = source.summary
    features = _feature_names(summary)
    analysed: list[tuple[str, str, bool]] = []
    attachments = 0
    for result in summary.results:
        test_uuid = str(uuid.uuid5(_NAMESPACE, f"{summary.run_id}/{result.nodeid}"))
        cause = source.causes.get(result.nodeid)
        files = _attach(result, out)
        attachments += len(files)
        document = result_json(
            result, test_uuid, labels=_labels(source, result, cause, features),
            trace=with_cause(result.traceback, cause.category if cause else None),
            attachments=files, fallback_start=summary.started_at)
        if cause is not None:
            analysed.append((cause.category, document["status"], result.flaky))
        _write_json(out / f"{test_uuid}-result.json", document)
    categories = categories_json(analysed, _descriptions())
    _write_json(out / "categories.json", categories)
    (out / "environment.properties").write_text(_properties(_environment(summary)),
                                                encoding="utf-8")
    _write_json(out / "executor.json", _executor(summary, source.report_url, source.build_url))
    copied = _copy_history(source.history, out / "history")
    return AllureExport(out, len(summary.results), attachments, len(categories), copied)


def _clear(out: Path) -> None:
    """Remove an earlier export at ``out``; refuse a folder holding anything else."""
    if not out.exists():
        return
    if not out.is_dir():
        raise ConfigError(f"{out} is a file, not a folder for Allure results: choose another "
                          f"--out")
    strangers = [entry.name for entry in out.iterdir()
                 if entry.name not in _OWN_FILES and "-result" not in entry.name
                 and "-attachment" not in entry.name and "-container" not in entry.name]
    if strangers:
        raise ConfigError(f"{out} holds files that are not Allure results ({strangers[0]}, …): "
                          f"choose an empty folder with --out")
    shutil.rmtree(out)


def _labels(source: AllureSource, result: TestResult, cause: Cause | None,
            features: dict[str, str]) -> list[dict[str, str]]:
    names = TestNames.of(result.nodeid)
    labels = []
    if source.layer:
        labels.append(label("layer", source.layer))
    owner = cause.team if cause else _owner(source, result.nodeid)
    if owner:
        labels.append(label("owner", owner))
    labels += [label("tag", tag) for tag in tags_of(result, names, source.exclude_tags)]
    if result.scenario:
        path = str(result.scenario.get("feature", ""))
        labels.append(label("feature", features.get(path, path)))
        labels.append(label("story", str(result.scenario.get("name", names.name))))
    return labels


def _owner(source: AllureSource, nodeid: str) -> str | None:
    if not source.owners:
        return None
    from qatron.failures.owners import owners_of

    path = "/".join(part for part in (source.tests_root, nodeid.split("::")[0]) if part)
    found = owners_of(path, source.owners)
    return " ".join(found[0]) if found else None


def _feature_names(summary: RunSummary) -> dict[str, str]:
    return {str(feature.path): str(feature.name) for feature in summary.features}


def _attach(result: TestResult, out: Path) -> list[dict[str, str]]:
    """Copy the test's evidence files and its captured output next to the results."""
    attached = []
    for name in result.attachments:
        path = Path(name)
        if not path.is_file():  # the run folder was cleaned up since: nothing to copy
            continue
        extension = path.suffix.lstrip(".").lower() or "txt"
        target = f"{uuid.uuid4()}-attachment.{extension}"
        shutil.copyfile(path, out / target)
        attached.append({"name": path.name, "source": target,
                         "type": _TYPES.get(extension, "application/octet-stream")})
    if result.output_tail.strip():
        target = f"{uuid.uuid4()}-attachment.txt"
        (out / target).write_text(result.output_tail, encoding="utf-8")
        attached.append({"name": "output", "source": target, "type": "text/plain"})
    return attached


def _descriptions() -> dict[str, str]:
    from qatron.failures.categories import CATEGORIES

    return dict(CATEGORIES)


def _environment(summary: RunSummary) -> dict[str, str]:
    values = {"project": summary.project, "suite": summary.suite,
              "environment": summary.environment, "branch": summary.branch or "",
              "commit": summary.commit or "", "run": str(summary.run_id)}
    return {key: value for key, value in values.items() if value}


def _properties(values: dict[str, str]) -> str:
    """Java ``.properties`` lines, ISO-8859-1 safe: any other character as a ``\\u`` escape of
    its four hex digits."""
    def escape(text: str, key: bool) -> str:
        out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        if key:
            out = out.replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ")
        return "".join(c if ord(c) < 0x7F else _unicode_escape(c) for c in out)

    return "".join(f"{escape(k, True)}={escape(v, False)}\n" for k, v in values.items())


def _unicode_escape(char: str) -> str:
    units = char.encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def _executor(summary: RunSummary, report_url: str | None,
              build_url: str | None) -> dict[str, Any]:
    executor: dict[str, Any] = {
        "name": "QAtron", "type": "qatron", "buildOrder": summary.run_id,
        "buildName": f"{summary.project} {summary.suite} on {summary.environment}, "
                     f"run {summary.run_id}",
        "reportName": f"QAtron run {summary.run_id}",
    }
    if report_url:
        executor["reportUrl"] = report_url
    if build_url:
        executor["buildUrl"] = build_url
    return executor


def _copy_history(history: Path | None, target: Path) -> bool:
    if history is None or not history.is_dir():
        return False
    shutil.copytree(history, target)
    return True


def _write_json(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
