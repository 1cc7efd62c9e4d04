"""Consistency of the corpus: labels against the JUnit files, the plan, the catalogue, the split.

``python check.py`` prints the figures and every mismatch; it exits 1 if there is any.
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

from causes import BY_NAME, CAUSES, PAYROLL  # noqa: E402
from make_corpus import make_split, read_routing  # noqa: E402


def failed_cases(xml: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(failed, all) ``(classname, name)`` pairs of a JUnit file."""
    failed, seen = set(), set()
    for node in ET.parse(xml).getroot().iter("testcase"):
        key = (node.get("classname", ""), node.get("name", ""))
        seen.add(key)
        if node.find("failure") is not None or node.find("error") is not None:
            failed.add(key)
    return failed, seen


def check() -> list[str]:
    problems: list[str] = []
    plan = json.loads((HERE / "plan.json").read_text())
    split = json.loads((HERE / "split.json").read_text())
    routing = read_routing()
    nights = {number: set(names) for number, names in enumerate(plan["nights"], start=1)}
    rows = list(csv.DictReader((HERE / "labels.csv").open()))

    planned = {name for names in nights.values() for name in names}
    problems += [f"plan names unknown cause {n}" for n in sorted(planned - set(BY_NAME))]
    problems += [f"cause {c.name} is on no night" for c in CAUSES if c.name not in planned]
    if not 8 <= len(nights) <= 12:
        problems.append(f"{len(nights)} nights")

    halves = split["development"] + split["heldout"]
    if sorted(halves) != sorted(BY_NAME) or len(set(halves)) != len(halves):
        problems.append("split does not hold every cause exactly once")
    if split != make_split():
        problems.append("split.json differs from the seeded split")

    labels: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["file"], row["classname"], row["name"])
        if key in labels:
            problems.append(f"label twice: {key}")
        labels[key] = row
        cause = BY_NAME.get(row["cause"])
        if cause is None:
            problems.append(f"{key}: unknown cause {row['cause']}")
            continue
        if row["category"] != cause.category:
            problems.append(f"{key}: category {row['category']} but {cause.name} is "
                            f"{cause.category}")
        if row["team"] != routing.get(row["category"], routing["default_team"]):
            problems.append(f"{key}: team {row['team']} not routed for {row['category']}")
        if row["cause"] not in nights.get(int(row["night"]), set()):
            problems.append(f"{key}: {row['cause']} not active on night {row['night']}")
        if not row["file"].startswith(f"runs/night-{int(row['night']):02d}/{cause.job}-"):
            problems.append(f"{key}: file does not belong to night {row['night']}/{cause.job}")
        attempt1 = row["file"].endswith("-attempt1.xml")
        flaky = cause.first_attempt_only and attempt1
        if row["flaky"] != ("true" if flaky else "false"):
            problems.append(f"{key}: flaky column {row['flaky']}")

    failures: set[tuple[str, str, str]] = set()
    hit: Counter[tuple[int, str]] = Counter()
    for number in nights:
        folder = HERE / "runs" / f"night-{number:02d}"
        for job in {c.job for c in CAUSES}:
            first = folder / f"{job}-attempt1.xml"
            if not first.exists():
                problems.append(f"missing {first.relative_to(HERE)}")
                continue
            first_failed, _ = failed_cases(first)
            second = folder / f"{job}-attempt2.xml"
            if job == PAYROLL and first_failed and not second.exists():
                problems.append(f"night {number}: {job} failed without a rerun")
            if second.exists():
                second_failed, second_seen = failed_cases(second)
                if second_seen != first_failed:
                    problems.append(f"night {number}: rerun does not hold the failed cases")
                for key in first_failed:
                    row = labels.get((str(first.relative_to(HERE)), *key))
                    passed = key in second_seen and key not in second_failed
                    if row and (row["flaky"] == "true") != passed:
                        problems.append(f"{first.name} {key}: flaky {row['flaky']} but rerun "
                                        f"{'passed' if passed else 'failed'}")
        for xml in sorted(folder.glob("*.xml")):
            rel = str(xml.relative_to(HERE))
            failed, _ = failed_cases(xml)
            for classname, name in failed:
                failures.add((rel, classname, name))
                row = labels.get((rel, classname, name))
                if row is None:
                    problems.append(f"unlabelled failure {rel} {classname}::{name}")
                else:
                    hit[(number, row["cause"])] += 1
    for key in sorted(set(labels) - failures):
        problems.append(f"label without a failure: {key}")
    for number, names in nights.items():
        for name in sorted(names):
            if not hit[(number, name)]:
                problems.append(f"night {number}: {name} active but no failure labelled")
    return problems


def summary() -> None:
    rows = list(csv.DictReader((HERE / "labels.csv").open()))
    split = json.loads((HERE / "split.json").read_text())
    half = {name: h for h, names in split.items() for name in names}
    print(f"{len(rows)} failed test cases, {len({r['cause'] for r in rows})} causes, "
          f"{sum(r['flaky'] == 'true' for r in rows)} flaky")
    for category in sorted({c.category for c in CAUSES}):
        in_cat = [r for r in rows if r["category"] == category]
        causes = {c.name for c in CAUSES if c.category == category}
        dev = sum(half[r["cause"]] == "development" for r in in_cat)
        print(f"  {category:22} {len(in_cat):4} cases {len(causes):2} causes "
              f"(development {dev}, heldout {len(in_cat) - dev})")


def main() -> int:
    problems = check()
    summary()
    for problem in problems:
        print("MISMATCH", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
