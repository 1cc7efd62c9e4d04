"""Consistency check of the corpus: labels against the JUnit files, the plan and the split.

Exits non-zero on any mismatch.
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

from causes import ALL, CATEGORIES  # noqa: E402
from make_corpus import plan_nights, split, teams  # noqa: E402


def outcomes(xml: Path) -> dict[tuple[str, str], bool]:
    """``(classname, name)`` -> failed, for every test case of a JUnit file."""
    cases = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        key = (case.get("classname", ""), case.get("name", ""))
        cases[key] = cases.get(key, False) or failed
    return cases


def main() -> int:
    problems: list[str] = []
    causes = {cause.name: cause for cause in ALL}
    routing = teams()
    plan = json.loads((HERE / "plan.json").read_text())
    halves = json.loads((HERE / "split.json").read_text())
    with (HERE / "labels.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))

    if plan["nights"] != plan_nights(ALL):
        problems.append("plan.json differs from the seeded plan of the catalogue")
    nights = [set(names) for names in plan["nights"]]
    for name in causes:
        if name not in nights[0]:
            problems.append(f"{name} is not active on night 1")
        if not any(name in later for later in nights[1:]):
            problems.append(f"{name} never comes back after night 1")
    if halves != split(ALL):
        problems.append("split.json differs from the seeded split")
    if sorted(halves["development"] + halves["heldout"]) != sorted(causes):
        problems.append("split.json does not hold every cause exactly once")

    files = sorted((HERE / "runs").glob("night-*/*.xml"))
    results = {str(path.relative_to(HERE)): outcomes(path) for path in files}
    labelled: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        key = (row["file"], row["classname"], row["name"])
        labelled[key] += 1
        cause = causes.get(row["cause"])
        if cause is None:
            problems.append(f"unknown cause {row['cause']}")
            continue
        if row["category"] != cause.category or row["category"] not in CATEGORIES:
            problems.append(f"{key}: category {row['category']} is not {cause.category}")
        if row["team"] != routing.get(row["category"], "qa"):
            problems.append(f"{key}: team {row['team']} does not follow routing.yml")
        if not results.get(row["file"], {}).get((row["classname"], row["name"])):
            problems.append(f"{key}: labelled but not a failure in the XML")
        night = int(row["night"])
        if not row["file"].startswith(f"runs/night-{night:02d}/"):
            problems.append(f"{key}: night {night} does not match the file")
        if row["cause"] not in nights[night - 1]:
            problems.append(f"{key}: {row['cause']} is not active on night {night}")
        if f"{row['classname']}::{row['name']}" not in cause.tests:
            problems.append(f"{key}: not a test case {row['cause']} breaks")
        rerun = row["file"].replace("-attempt1.xml", "-attempt2.xml")
        passed_on_rerun = (rerun != row["file"] and rerun in results
                           and results[rerun].get((row["classname"], row["name"])) is False)
        if (row["flaky"] == "true") != (passed_on_rerun and cause.category == "flaky"):
            problems.append(f"{key}: flaky={row['flaky']} does not match the rerun")
    for file, cases in results.items():
        for (classname, name), failed in cases.items():
            count = labelled[(file, classname, name)]
            if failed and count != 1:
                problems.append(f"{file} {classname}::{name}: {count} labels for one failure")
        if file.endswith("-attempt1.xml"):
            rerun = file.replace("-attempt1.xml", "-attempt2.xml")
            if any(cases.values()) != (rerun in results):
                problems.append(f"{file}: a rerun file exists iff attempt 1 failed")
    active_hits = {(int(row["night"]), row["cause"]) for row in rows}
    for night, names in enumerate(nights, start=1):
        for name in names:
            if (night, name) not in active_hits:
                problems.append(f"{name} was active on night {night} but broke nothing")

    per_category = Counter(cause.category for cause in ALL)
    for category in CATEGORIES:
        needed = 4 if category == "flaky" else 6
        if per_category[category] < needed:
            problems.append(f"{category}: {per_category[category]} causes, fewer than {needed}")
    for problem in problems:
        print(problem)
    print(f"{len(rows)} labels, {len(causes)} causes, {len(files)} files,"
          f" {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
