"""Verify the corpus: labels.csv covers exactly the failed/errored test cases of runs/**.xml.

Usage: .venv/bin/python benchmarks/failure_corpus/independent7/check.py
Exits 1 and lists every problem found; prints the corpus numbers otherwise.
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CATEGORIES = {
    "schema_drift",
    "integrity_violation",
    "database_unavailable",
    "missing_dependency",
    "product_bug",
    "wrong_behaviour",
    "data_contract",
    "hang",
    "slow_upstream",
    "upstream_5xx",
    "upstream_unreachable",
    "credentials_refused",
    "test_harness",
    "flaky",
    "infrastructure",
}
MINIMUM = {
    "failures": 500,
    "causes": 30,
    "categories": 15,
    "nights": 8,
    "codebases": 2,
    "recurring_causes": 10,
    "flaky": 3,
}
MIN_CAUSES_PER_CATEGORY = 2
MAX_CAUSE_SHARE = 0.25
MAX_XML_BYTES = 5 * 1024 * 1024


def outcomes(xml: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(failed or errored, passed) test case keys of one JUnit file."""
    failed: set[tuple[str, str]] = set()
    passed: set[tuple[str, str]] = set()
    for case in ET.parse(xml).getroot().iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        bad = case.find("failure") is not None or case.find("error") is not None
        (failed if bad else passed).add(key)
    return failed, passed - failed


def check_rows(
    rows: list[dict[str, str]], routing: dict[str, Any], results: dict[str, Any]
) -> list[str]:
    problems = []
    teams = routing["categories"]
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for n, row in enumerate(rows, start=2):
        key = (row["classname"], row["name"])
        if key in seen[row["file"]]:
            problems.append(f"labels.csv:{n}: duplicate row for {row['file']} {key}")
        seen[row["file"]].add(key)
        if row["category"] not in CATEGORIES:
            problems.append(f"labels.csv:{n}: unknown category {row['category']!r}")
        elif row["team"] != teams.get(row["category"], routing.get("default_team")):
            problems.append(f"labels.csv:{n}: team {row['team']} does not follow routing.yml")
        if row["flaky"] not in ("true", "false") or (row["flaky"] == "true") != (
            row["category"] == "flaky"
        ):
            problems.append(f"labels.csv:{n}: flaky column disagrees with the category")
        if not row["file"].startswith(f"runs/{row['night']}/"):
            problems.append(f"labels.csv:{n}: night {row['night']} but file {row['file']}")
        if row["flaky"] == "true":
            rerun = row["file"].replace("-attempt1.xml", "-attempt2.xml")
            if rerun not in results or key not in results[rerun][1]:
                problems.append(f"labels.csv:{n}: flaky {key} did not pass in {rerun}")
    for file, (failed, _) in results.items():
        for key in sorted(failed - seen.get(file, set())):
            problems.append(f"{file}: failed test case {key} has no label")
        for key in sorted(seen.get(file, set()) - failed):
            problems.append(f"{file}: label for {key}, which did not fail")
    for file in set(seen) - set(results):
        problems.append(f"labels.csv names {file}, which does not exist")
    return problems


def check_split(causes: set[str]) -> list[str]:
    """split.json puts every labelled cause in exactly one half."""
    split = json.loads((HERE / "split.json").read_text())
    problems = []
    if set(split) != {"development", "heldout"}:
        return ["split.json must have exactly the keys development and heldout"]
    halves = split["development"] + split["heldout"]
    for cause, count in Counter(halves).items():
        if count > 1:
            problems.append(f"split.json names {cause} {count} times")
    for cause in sorted(causes - set(halves)):
        problems.append(f"split.json lacks cause {cause}")
    for cause in sorted(set(halves) - causes):
        problems.append(f"split.json names {cause}, which labels no failure")
    return problems


def check_plan(seen: set[tuple[str, str]]) -> list[str]:
    """Every cause of plan.json's nights labels a failure that night, and no other."""
    nights = json.loads((HERE / "plan.json").read_text())["nights"]
    planned = {
        (f"night-{n:02d}", cause) for n, causes in enumerate(nights, start=1) for cause in causes
    }
    problems = [f"{night}: planned cause {cause} labels nothing" for night, cause in
                sorted(planned - seen)]
    problems += [f"{night}: cause {cause} labels failures but was not planned" for night, cause in
                 sorted(seen - planned)]
    return problems


def main() -> int:
    routing = yaml.safe_load((HERE / "routing.yml").read_text())
    problems = []
    if set(routing["categories"]) != CATEGORIES or "default_team" not in routing:
        problems.append("routing.yml must map every category and name a default_team")
    rows = list(csv.DictReader((HERE / "labels.csv").open()))
    xmls = sorted((HERE / "runs").glob("night-*/*.xml"))
    results = {str(x.relative_to(HERE)): outcomes(x) for x in xmls}
    problems += check_rows(rows, routing, results)

    cause_category: dict[str, set[str]] = defaultdict(set)
    cause_nights: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        cause_category[row["cause"]].add(row["category"])
        cause_nights[row["cause"]].add(row["night"])
    for cause, kinds in cause_category.items():
        if len(kinds) > 1:
            problems.append(f"cause {cause} has several categories: {sorted(kinds)}")
    categories = Counter(row["category"] for row in rows)

    numbers = {
        "failures": len(rows),
        "causes": len(cause_category),
        "nights": len({row["night"] for row in rows}),
        "codebases": len({Path(f).name.split("-attempt")[0] for f in results}),
        "recurring_causes": sum(len(n) > 1 for n in cause_nights.values()),
        "categories": len(categories),
        "flaky": categories["flaky"],
    }
    for name, least in MINIMUM.items():
        if numbers[name] < least:
            problems.append(f"only {numbers[name]} {name}; at least {least} required")
    causes_per_category = Counter(next(iter(kinds)) for kinds in cause_category.values())
    for category in sorted(CATEGORIES):
        if causes_per_category[category] < MIN_CAUSES_PER_CATEGORY:
            problems.append(f"{category} has {causes_per_category[category]} causes")
    per_cause = Counter(row["cause"] for row in rows)
    for cause, count in per_cause.items():
        if count > MAX_CAUSE_SHARE * len(rows):
            problems.append(f"cause {cause} has {count} of {len(rows)} rows")
    problems += check_split(set(cause_category))
    problems += check_plan({(row["night"], row["cause"]) for row in rows})
    size = sum(x.stat().st_size for x in xmls)
    if size > MAX_XML_BYTES:
        problems.append(f"the XML files take {size} bytes, more than {MAX_XML_BYTES}")

    for problem in problems:
        print("PROBLEM:", problem)
    print(
        json.dumps(
            {
                **numbers,
                "xml_bytes": size,
                "per_category": dict(sorted(categories.items())),
                "per_night": dict(sorted(Counter(r["night"] for r in rows).items())),
            },
            indent=2,
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
