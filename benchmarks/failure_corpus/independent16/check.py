"""Consistency check of the corpus: labels against the JUnit files, the plan and the split.

Exits non-zero on any mismatch.
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from causes import CATEGORY_TEAMS, CAUSES  # noqa: E402
from make_corpus import JOBS, NIGHTS, split  # noqa: E402

CORPUS = Path(__file__).resolve().parent


def routing() -> dict[str, str]:
    """The category -> team map of routing.yml."""
    teams = {}
    for line in (CORPUS / "routing.yml").read_text().splitlines():
        if line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            teams[key] = value.strip()
    return teams


def cases(xml: Path) -> dict[tuple[str, str], bool]:
    """(classname, name) of every test case, mapped to whether it failed or errored; a test
    with an error in teardown appears twice in the file and counts as one failed case."""
    found: dict[tuple[str, str], bool] = {}
    for case in ET.parse(xml).iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        failed = any(child.tag in ("failure", "error") for child in case)
        found[key] = found.get(key, False) or failed
    return found


def main() -> int:
    problems: list[str] = []
    by_name = {c.name: c for c in CAUSES}
    if len(by_name) != len(CAUSES):
        problems.append("cause names are not unique")
    teams = routing()
    if teams != CATEGORY_TEAMS:
        problems.append("routing.yml and the catalogue's teams differ")
    plan = json.loads((CORPUS / "plan.json").read_text())
    nights: list[list[str]] = plan["nights"]
    if len(nights) != NIGHTS:
        problems.append(f"plan has {len(nights)} nights")
    active_nights: dict[str, list[int]] = defaultdict(list)
    for index, names in enumerate(nights, start=1):
        for name in names:
            if name not in by_name:
                problems.append(f"plan names unknown cause {name}")
            active_nights[name].append(index)
    for cause in CAUSES:
        got = active_nights.get(cause.name, [])
        if 1 not in got or len(got) < 3:
            problems.append(f"{cause.name} is active on nights {got}")
    per_category = Counter(c.category for c in CAUSES)
    for category in CATEGORY_TEAMS:
        if per_category[category] < 3:
            problems.append(f"category {category} has {per_category[category]} causes")

    with (CORPUS / "labels.csv").open() as f:
        rows = list(csv.DictReader(f))
    labelled: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["night"], row["file"], row["classname"], row["name"])
        if key in labelled:
            problems.append(f"two labels for {key}")
        labelled[key] = row
        cause = by_name.get(row["cause"])
        if cause is None:
            problems.append(f"label names unknown cause {row['cause']}")
            continue
        if int(row["night"]) not in active_nights[cause.name]:
            problems.append(f"{cause.name} labelled on night {row['night']}, not active")
        expected = "flaky" if row["flaky"] == "true" else cause.category
        if row["category"] != expected or row["team"] != teams.get(expected):
            problems.append(f"{key}: category/team {row['category']}/{row['team']}")
        if row["flaky"] not in ("true", "false"):
            problems.append(f"{key}: flaky is {row['flaky']!r}")

    failures_seen: set[tuple[str, str]] = set()
    for index in range(1, NIGHTS + 1):
        folder = CORPUS / "runs" / f"night-{index:02d}"
        for job in JOBS:
            first = folder / f"{job}-attempt1.xml"
            second = folder / f"{job}-attempt2.xml"
            if not first.exists():
                problems.append(f"missing {first.relative_to(CORPUS)}")
                continue
            first_cases = cases(first)
            failed_first = any(first_cases.values())
            if failed_first != second.exists():
                problems.append(f"{second.relative_to(CORPUS)}: present={second.exists()}, "
                                f"attempt 1 failed={failed_first}")
            second_cases = cases(second) if second.exists() else {}
            for xml, found in ((first, first_cases), (second, second_cases)):
                rel = str(xml.relative_to(CORPUS))
                for (classname, name), failed in found.items():
                    key = (str(index), rel, classname, name)
                    if failed and key not in labelled:
                        problems.append(f"unlabelled failure {key}")
                    if not failed and key in labelled:
                        problems.append(f"label of a test that did not fail {key}")
                    if failed and key in labelled:
                        failures_seen.add((str(index), labelled[key]["cause"]))
                        flaky = xml == first and second_cases.get((classname, name)) is False
                        if (labelled[key]["flaky"] == "true") != flaky:
                            problems.append(f"{key}: flaky label disagrees with the rerun")
    for key in labelled:
        path = CORPUS / key[1]
        if not path.exists() or not cases(path).get((key[2], key[3]), False):
            problems.append(f"label without a failure {key}")
    for name, indices in active_nights.items():
        for index in indices:
            if (str(index), name) not in failures_seen:
                problems.append(f"{name} is active on night {index} but broke nothing")

    halves = json.loads((CORPUS / "split.json").read_text())
    if halves != split():
        problems.append("split.json differs from the split recomputed with random.Random(16)")
    together = halves["development"] + halves["heldout"]
    if sorted(together) != sorted(by_name) or set(halves["development"]) & set(halves["heldout"]):
        problems.append("split does not partition the causes")

    for problem in problems:
        print(problem)
    flaky = sum(r["flaky"] == "true" for r in rows)
    print(f"{len(rows)} labelled failures, {len(CAUSES)} causes, {len(nights)} nights, "
          f"{flaky} flaky; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
