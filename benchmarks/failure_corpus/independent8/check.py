"""Consistency check of the corpus: labels against the JUnit files, the plan and the split.

Usage: ``python check.py``; prints the figures and exits non-zero on any mismatch.
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import AREAS, BY_NAME, CATEGORIES, CAUSES  # noqa: E402
from make_corpus import split, team_of_category  # noqa: E402

HEADER = ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]


def cases(xml: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(all test cases, failed or errored test cases) of a JUnit file."""
    root = ET.parse(xml).getroot()
    every: set[tuple[str, str]] = set()
    failed: set[tuple[str, str]] = set()
    for tc in root.iter("testcase"):
        key = (tc.get("classname", ""), tc.get("name", ""))
        every.add(key)
        if tc.find("failure") is not None or tc.find("error") is not None:
            failed.add(key)
    return every, failed


def main() -> int:
    problems: list[str] = []
    plan = json.loads((HERE / "plan.json").read_text())
    nights: list[list[str]] = plan["nights"]
    if not 8 <= len(nights) <= 12:
        problems.append(f"{len(nights)} nights")
    for n, names in enumerate(nights, start=1):
        for name in names:
            if name not in BY_NAME:
                problems.append(f"plan night {n}: unknown cause {name}")
        taken: set[tuple[str, str]] = set()
        for name in names:
            cause = BY_NAME[name]
            areas = {(cause.job, a) for a in cause.areas}
            if areas & taken:
                problems.append(f"plan night {n}: {name} shares an area with another cause")
            taken |= areas

    with (HERE / "labels.csv").open(newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != HEADER:
            problems.append(f"labels.csv header {reader.fieldnames}")
        rows = list(reader)
    routing = team_of_category()
    labelled: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["file"], row["classname"], row["name"])
        if key in labelled:
            problems.append(f"label twice: {key}")
        labelled[key] = row

    failed_by_file: dict[str, set[tuple[str, str]]] = {}
    every_by_file: dict[str, set[tuple[str, str]]] = {}
    for xml in sorted((HERE / "runs").glob("night-*/*.xml")):
        rel = str(xml.relative_to(HERE))
        every_by_file[rel], failed_by_file[rel] = cases(xml)
        root = ET.parse(xml).getroot()
        suite = next(root.iter("testsuite"))
        if suite.get("name") != "pytest":
            problems.append(f"{rel}: not written by pytest")
    for n in range(1, len(nights) + 1):
        for job in AREAS:
            if f"runs/night-{n:02d}/{job}-attempt1.xml" not in failed_by_file:
                problems.append(f"night {n}: no attempt 1 of {job}")
    for rel, failed in failed_by_file.items():
        for classname, name in failed:
            if (rel, classname, name) not in labelled:
                problems.append(f"unlabelled failure {rel} {classname}::{name}")
        if rel.endswith("attempt1.xml") and failed:
            second = rel.replace("attempt1", "attempt2")
            if second not in failed_by_file:
                problems.append(f"{rel}: failures but no rerun")

    hit: set[tuple[int, str]] = set()
    for (rel, classname, name), row in labelled.items():
        where = f"{rel} {classname}::{name}"
        if rel not in failed_by_file or (classname, name) not in failed_by_file[rel]:
            problems.append(f"label without failure: {where}")
            continue
        night = int(row["night"])
        if not rel.startswith(f"runs/night-{night:02d}/"):
            problems.append(f"night mismatch: {where}")
        cause = BY_NAME.get(row["cause"])
        if cause is None:
            problems.append(f"unknown cause {row['cause']}: {where}")
            continue
        hit.add((night, cause.name))
        if cause.name not in nights[night - 1]:
            problems.append(f"{cause.name} not active on night {night}: {where}")
        job = Path(rel).name.split("-attempt")[0]
        if cause.job != job:
            problems.append(f"{cause.name} breaks {cause.job}, not {job}: {where}")
        full = f"{classname}.{name}".lstrip(".")
        if not any(full == s or full.startswith(s + ".") for s in cause.selectors()):
            problems.append(f"{cause.name} is not meant to break {where}")
        if row["category"] != cause.category:
            problems.append(f"category {row['category']} != {cause.category}: {where}")
        if row["team"] != routing[cause.category]:
            problems.append(f"team {row['team']}: {where}")
        second = rel.replace("attempt1", "attempt2")
        rerun = failed_by_file.get(second)
        if cause.category == "flaky":
            if row["team"] != "qa":
                problems.append(f"flaky row not routed to qa: {where}")
            if rel.endswith("attempt1.xml"):
                passed = (rerun is not None and (classname, name) in every_by_file[second]
                          and (classname, name) not in rerun)
                if row["flaky"] != ("true" if passed else "false") or not passed:
                    problems.append(f"flaky test did not pass on the rerun: {where}")
            elif row["flaky"] != "false":
                problems.append(f"flaky mark on a rerun row: {where}")
        else:
            if row["flaky"] != "false":
                problems.append(f"flaky mark on a {cause.category} row: {where}")
            if rel.endswith("attempt1.xml") and (rerun is None or (classname, name) not in rerun):
                problems.append(f"{cause.name} failure passed on the rerun: {where}")
    for n, names in enumerate(nights, start=1):
        for name in names:
            if (n, name) not in hit:
                problems.append(f"night {n}: {name} was active but broke nothing")

    halves = json.loads((HERE / "split.json").read_text())
    if halves != split():
        problems.append("split.json differs from the split computed from the catalogue")
    if sorted(halves["development"] + halves["heldout"]) != sorted(c.name for c in CAUSES):
        problems.append("split.json does not hold every cause exactly once")

    categories = Counter(row["category"] for row in rows)
    causes_used = {row["cause"] for row in rows}
    missing = set(CATEGORIES) - set(categories)
    if missing:
        problems.append(f"categories without failures: {sorted(missing)}")
    if len(rows) < 400:
        problems.append(f"only {len(rows)} labelled failures")
    if len(causes_used) < 44:
        problems.append(f"only {len(causes_used)} causes with failures")

    dev = set(halves["development"])
    print(f"{len(rows)} labelled failures, {len(causes_used)} causes, {len(nights)} nights, "
          f"{sum(r['flaky'] == 'true' for r in rows)} flaky")
    print(f"{'category':22} {'failures':>8} {'causes':>6} {'dev':>5} {'heldout':>7}")
    for category in sorted(CATEGORIES):
        mine = [r for r in rows if r["category"] == category]
        names = {c.name for c in CAUSES if c.category == category}
        print(f"{category:22} {len(mine):8} {len(names):6} "
              f"{sum(r['cause'] in dev for r in mine):5} "
              f"{sum(r['cause'] not in dev for r in mine):7}")
    for problem in problems:
        print("MISMATCH", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
