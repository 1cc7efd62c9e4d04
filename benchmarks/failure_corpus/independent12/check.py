"""Consistency check of labels.csv against the runs, plan.json, split.json and routing.yml.

Exits non-zero on any mismatch; prints the figures per category and per half otherwise.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import BY_NAME  # noqa: E402
from make_corpus import case_key, make_split, read_cases  # noqa: E402

CATEGORIES = 15


def routing() -> dict[str, str]:
    teams: dict[str, str] = {}
    for line in (HERE / "routing.yml").read_text().splitlines():
        if line.startswith("  ") and ":" in line:
            category, team = line.strip().split(":", 1)
            teams[category] = team.strip()
    return teams


def main() -> int:
    errors: list[str] = []
    plan = json.loads((HERE / "plan.json").read_text())["nights"]
    split = json.loads((HERE / "split.json").read_text())
    teams = routing()
    with (HERE / "labels.csv").open(newline="") as handle:
        labels = list(csv.DictReader(handle))

    failed: dict[tuple[str, str], str] = {}
    outcomes: dict[str, dict[str, str]] = {}
    for xml in sorted((HERE / "runs").glob("night-*/*.xml")):
        rel = str(xml.relative_to(HERE))
        outcomes[rel] = {}
        for cls, name, outcome in read_cases(xml):
            key = case_key(cls, name)
            if outcomes[rel].get(key) != "failed":
                outcomes[rel][key] = outcome
            if outcome == "failed":
                failed[(rel, key)] = rel
    labelled: set[tuple[str, str]] = set()
    for row in labels:
        key = (row["file"], case_key(row["classname"], row["name"]))
        if key in labelled:
            errors.append(f"duplicate label {key}")
        labelled.add(key)
        if key not in failed:
            errors.append(f"label without a failure: {key}")
        cause = BY_NAME.get(row["cause"])
        if cause is None:
            errors.append(f"unknown cause {row['cause']}")
            continue
        night = int(row["night"])
        if not row["file"].startswith(f"runs/night-{night:02d}/"):
            errors.append(f"{key}: file not of night {night}")
        if row["cause"] not in plan[night - 1]:
            errors.append(f"{key}: {row['cause']} not active on night {night}")
        if row["category"] != cause.category:
            errors.append(f"{key}: category {row['category']} != {cause.category}")
        if row["team"] != teams.get(row["category"]):
            errors.append(f"{key}: team {row['team']} does not follow routing.yml")
        is_flaky = row["flaky"] == "true"
        if is_flaky != (cause.category == "flaky"):
            errors.append(f"{key}: flaky={row['flaky']} for a {cause.category} cause")
        if is_flaky:
            rerun = row["file"].replace("attempt1", "attempt2")
            if "attempt1" not in row["file"] or outcomes.get(rerun, {}).get(key[1]) != "passed":
                errors.append(f"{key}: flaky but not passed on the rerun")
        if not row["file"].split("/")[-1].startswith(cause.job + "-"):
            errors.append(f"{key}: cause of job {cause.job} in another job's file")
    for key in failed:
        if key not in labelled:
            errors.append(f"failure without a label: {key}")

    used = sorted({name for night in plan for name in night})
    if sorted(split["development"] + split["heldout"]) != used:
        errors.append("split does not cover exactly the planned causes")
    if make_split(used) != split:
        errors.append("split.json differs from the Random(10) alternation")
    caused = Counter(row["cause"] for row in labels)
    for name in used:
        if not caused[name]:
            errors.append(f"cause {name} produced no failure")
    categories = Counter(row["category"] for row in labels)
    if len(categories) != CATEGORIES:
        errors.append(f"{len(categories)} categories have failures, expected {CATEGORIES}")

    for error in errors:
        print(error)
    half = {n: h for h, names in split.items() for n in names}
    print(f"{len(labels)} failures, {len(caused)} causes, {len(plan)} nights, "
          f"{sum(r['flaky'] == 'true' for r in labels)} flaky")
    for category in sorted(categories):
        per_half = Counter(half[r["cause"]] for r in labels if r["category"] == category)
        ncauses = len({r["cause"] for r in labels if r["category"] == category})
        print(f"  {category:22} {categories[category]:4} failures  {ncauses:2} causes  "
              f"development {per_half['development']:4}  heldout {per_half['heldout']:4}")
    totals = Counter(half[r["cause"]] for r in labels)
    print(f"  halves: development {totals['development']} failures "
          f"({len(split['development'])} causes), heldout {totals['heldout']} failures "
          f"({len(split['heldout'])} causes)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
