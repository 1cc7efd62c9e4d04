"""Consistency check of labels.csv against the JUnit files, plan.json, split.json and causes.py.

Exits non-zero on any mismatch.
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
sys.path.insert(0, str(CORPUS))

from causes import CAUSES  # noqa: E402
from make_corpus import CATEGORIES, JOBS, NIGHTS, load_routing, make_split  # noqa: E402


def cases(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(failed or errored, passed) test cases of a JUnit file."""
    failed: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        seen.add(key)
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(key)
    return failed, seen - failed


def main() -> int:
    problems: list[str] = []
    by_name = {c.name: c for c in CAUSES}
    if len(by_name) != len(CAUSES):
        problems.append("cause names are not unique")
    teams = load_routing()
    plan = json.loads((CORPUS / "plan.json").read_text())
    nights: list[list[str]] = plan["nights"]
    if len(nights) != NIGHTS:
        problems.append(f"plan has {len(nights)} nights")
    if sorted(nights[0]) != sorted(by_name):
        problems.append("night 1 does not hold every cause")
    for name in by_name:
        if not any(name in later for later in nights[1:]):
            problems.append(f"{name} is active on night 1 only")
    for night in nights:
        for name in night:
            if name not in by_name:
                problems.append(f"plan names unknown cause {name}")
    per_category = Counter(c.category for c in CAUSES)
    for category in CATEGORIES:
        needed = 4 if category == "flaky" else 6
        if per_category[category] < needed:
            problems.append(f"{category} has {per_category[category]} causes (< {needed})")
    if set(per_category) - set(CATEGORIES):
        problems.append(f"unknown categories {set(per_category) - set(CATEGORIES)}")
    tests_seen: dict[str, str] = {}
    for cause in CAUSES:
        for test in cause.tests:
            if test in tests_seen:
                problems.append(f"{test} belongs to {tests_seen[test]} and {cause.name}")
            tests_seen[test] = cause.name

    split = json.loads((CORPUS / "split.json").read_text())
    if split != make_split():
        problems.append("split.json differs from the seeded split")
    halves = split["development"] + split["heldout"]
    if sorted(halves) != sorted(by_name) or len(set(halves)) != len(halves):
        problems.append("split is not a partition of the causes")

    with (CORPUS / "labels.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        rows = list(reader)
    if header != ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]:
        problems.append(f"labels header is {header}")
    labelled: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        labelled[(row["file"], row["classname"], row["name"])] += 1
        cause = by_name.get(row["cause"])
        if cause is None:
            problems.append(f"label with unknown cause {row['cause']}")
            continue
        night = int(row["night"])
        if row["cause"] not in nights[night - 1]:
            problems.append(f"{row['file']} {row['name']}: {row['cause']} not active that night")
        if row["category"] != cause.category:
            problems.append(f"{row['name']}: category {row['category']} != {cause.category}")
        if row["team"] != teams[row["category"]]:
            problems.append(f"{row['name']}: team {row['team']} for {row['category']}")
        if not row["file"].startswith(f"runs/night-{night:02d}/"):
            problems.append(f"{row['file']} is not under night {night}")
    for key, count in labelled.items():
        if count > 1:
            problems.append(f"{key} labelled {count} times")

    failures = 0
    for night in range(1, NIGHTS + 1):
        for job in JOBS:
            first = CORPUS / "runs" / f"night-{night:02d}" / f"{job}-attempt1.xml"
            second = first.with_name(f"{job}-attempt2.xml")
            if not first.exists():
                problems.append(f"missing {first.relative_to(CORPUS)}")
                continue
            failed1, _ = cases(first)
            if failed1 and not second.exists():
                problems.append(f"missing {second.relative_to(CORPUS)}")
            failed2, passed2 = cases(second) if second.exists() else (set(), set())
            for path, failed in ((first, failed1), (second, failed2)):
                relative = str(path.relative_to(CORPUS))
                failures += len(failed)
                for classname, name in failed:
                    if labelled[(relative, classname, name)] != 1:
                        problems.append(f"{relative} {classname}::{name} has no label")
                for (file, classname, name), _count in labelled.items():
                    if file == relative and (classname, name) not in failed:
                        problems.append(f"{relative} {classname}::{name} labelled, not failed")
            for row in rows:
                if row["file"] != str(first.relative_to(CORPUS)):
                    continue
                key = (row["classname"], row["name"])
                rerun_passed = key in passed2
                if (row["flaky"] == "true") != rerun_passed:
                    problems.append(f"{row['file']} {row['name']}: flaky={row['flaky']} but "
                                    f"rerun {'passed' if rerun_passed else 'failed'}")
                if (row["category"] == "flaky") != (row["flaky"] == "true"):
                    problems.append(f"{row['name']}: category {row['category']} flaky "
                                    f"{row['flaky']}")
    if failures != len(rows):
        problems.append(f"{failures} failed test cases but {len(rows)} labels")
    for problem in problems:
        print("MISMATCH", problem)
    print(f"{len(rows)} labelled failures, {len(CAUSES)} causes, {NIGHTS} nights, "
          f"{sum(r['flaky'] == 'true' for r in rows)} flaky; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
