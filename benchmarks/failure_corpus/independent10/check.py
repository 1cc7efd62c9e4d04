"""Consistency check of labels.csv against the JUnit runs, plan.json, split.json and routing.yml.

Exits non-zero on any mismatch.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from causes import BY_NAME, JOBS, conflict, matches
from make_corpus import make_split, read_routing, testcases

HERE = Path(__file__).resolve().parent
CATEGORIES = {
    "flaky", "infrastructure", "credentials_refused", "database_unavailable", "schema_drift",
    "integrity_violation", "missing_dependency", "slow_upstream", "hang", "upstream_unreachable",
    "upstream_5xx", "data_contract", "test_harness", "product_bug", "wrong_behaviour",
}


def main() -> int:
    """Run every check and report the problems."""
    problems: list[str] = []
    plan = json.loads((HERE / "plan.json").read_text())["nights"]
    split = json.loads((HERE / "split.json").read_text())
    teams = read_routing()
    with (HERE / "labels.csv").open(newline="") as handle:
        labels = list(csv.DictReader(handle))

    if not 8 <= len(plan) <= 10:
        problems.append(f"{len(plan)} nights")
    planned = {n for night in plan for n in night}
    if planned != set(BY_NAME):
        problems.append(f"causes never planned: {sorted(set(BY_NAME) - planned)}")
    for i, night in enumerate(plan, start=1):
        for a in night:
            for b in night:
                if a < b and conflict(BY_NAME[a], BY_NAME[b]):
                    problems.append(f"night {i}: {a} and {b} can break the same tests")

    dev, held = set(split["development"]), set(split["heldout"])
    if dev & held or dev | held != set(BY_NAME):
        problems.append("split is not a partition of the causes")
    if make_split(sorted(BY_NAME)) != split:
        problems.append("split.json differs from the seeded split")

    labelled: dict[tuple[str, str], dict[str, str]] = {}
    for row in labels:
        test_id = f"{row['classname']}.{row['name']}" if row["classname"] else row["name"]
        key = (row["file"], test_id)
        if key in labelled:
            problems.append(f"duplicate label {key}")
        labelled[key] = row
        cause = BY_NAME.get(row["cause"])
        if cause is None:
            problems.append(f"unknown cause {row['cause']}")
            continue
        night = int(row["night"].split("-")[1])
        if row["cause"] not in plan[night - 1]:
            problems.append(f"{key}: {row['cause']} not active on {row['night']}")
        if not row["file"].startswith(f"runs/{row['night']}/{cause.job}-"):
            problems.append(f"{key}: file is not of job {cause.job} on {row['night']}")
        if row["category"] != cause.category or row["category"] not in CATEGORIES:
            problems.append(f"{key}: category {row['category']} but cause is {cause.category}")
        if row["team"] != teams.get(row["category"], teams["default"]):
            problems.append(f"{key}: team {row['team']} does not follow routing.yml")
        if not matches(key[1], cause):
            problems.append(f"{key}: outside the targets of {cause.name}")
        if row["flaky"] == "true" and (cause.category != "flaky" or "attempt1" not in row["file"]):
            problems.append(f"{key}: flaky but not a first attempt of a flaky cause")

    failed_total = 0
    for xml in sorted((HERE / "runs").glob("night-*/*.xml")):
        rel = xml.relative_to(HERE).as_posix()
        if not any(xml.name.startswith(job + "-attempt") for job in JOBS):
            problems.append(f"unexpected file {rel}")
        cases = testcases(xml)
        rerun_path = xml.with_name(xml.name.replace("attempt1", "attempt2"))
        rerun = testcases(rerun_path) if "attempt1" in xml.name and rerun_path.exists() else {}
        for test_id, (_, _, failed) in cases.items():
            row = labelled.pop((rel, test_id), None)
            if failed:
                failed_total += 1
                if row is None:
                    problems.append(f"{rel} {test_id}: failed without a label")
                    continue
                again = rerun.get(test_id)
                passed_again = again is not None and not again[2]
                if "attempt1" in rel and (row["flaky"] == "true") != passed_again:
                    problems.append(f"{rel} {test_id}: flaky={row['flaky']}"
                                    f" but passed on rerun={passed_again}")
            elif row is not None:
                problems.append(f"{rel} {test_id}: labelled but did not fail")
        any_failed = any(f for _, _, f in cases.values())
        if "attempt1" in xml.name and any_failed and not rerun_path.exists():
            problems.append(f"{rel}: failures without a rerun")
    for key in labelled:
        problems.append(f"label {key} matches no test case")

    categories = Counter(r["category"] for r in labels)
    if set(categories) != CATEGORIES:
        problems.append(f"categories without failures: {sorted(CATEGORIES - set(categories))}")
    if failed_total < 350:
        problems.append(f"only {failed_total} failed test cases")
    if len({r['cause'] for r in labels}) < 40:
        problems.append("fewer than 40 causes with failures")

    for problem in problems:
        print(problem)
    causes = len({r["cause"] for r in labels})
    flaky = sum(r["flaky"] == "true" for r in labels)
    verdict = "OK" if not problems else "MISMATCH"
    print(f"{failed_total} failed test cases, {causes} causes, {len(plan)} nights,"
          f" {flaky} flaky: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
