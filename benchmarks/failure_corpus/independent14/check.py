"""Consistency check of the corpus: labels against the JUnit files, the plan and the split.

Exits non-zero on any mismatch; prints the numbers per category and per half otherwise.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import CATEGORIES, CAUSES  # noqa: E402
from make_corpus import JOBS, split  # noqa: E402

HEADER = ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]


def routing() -> dict[str, str]:
    teams = {}
    for line in (HERE / "routing.yml").read_text().splitlines():
        m = re.fullmatch(r"  (\w+): ([\w-]+)", line)
        if m:
            teams[m.group(1)] = m.group(2)
    return teams


def cases(path: Path) -> tuple[list[tuple[str, str]], set[tuple[str, str]]]:
    """Failed or errored test cases of a JUnit file, and the ones that passed."""
    failed, passed = [], set()
    for tc in ET.parse(path).getroot().iter("testcase"):
        key = (tc.get("classname", ""), tc.get("name", ""))
        if tc.find("failure") is not None or tc.find("error") is not None:
            failed.append(key)
        elif tc.find("skipped") is None:
            passed.add(key)
    return failed, passed


def main() -> int:
    errors: list[str] = []
    causes = {c.name: c for c in CAUSES}
    teams = routing()
    plan = json.loads((HERE / "plan.json").read_text())
    nights: list[list[str]] = plan["nights"]
    if not 8 <= len(nights) <= 10:
        errors.append(f"{len(nights)} nights, not 8-10")
    with (HERE / "labels.csv").open(newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != HEADER:
            errors.append(f"labels.csv header {reader.fieldnames}")
        rows = list(reader)
    labelled: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["night"], row["file"], row["classname"], row["name"])
        if key in labelled:
            errors.append(f"two labels for {key}")
        labelled[key] = row
        cause = causes.get(row["cause"])
        if cause is None:
            errors.append(f"unknown cause {row['cause']}")
            continue
        if row["category"] != cause.category:
            errors.append(f"{key}: category {row['category']} is not {cause.category}")
        if row["team"] != teams[row["category"]]:
            errors.append(f"{key}: team {row['team']} is not {teams[row['category']]}")
        if (row["flaky"] == "true") != (cause.category == "flaky"):
            errors.append(f"{key}: flaky {row['flaky']} for a {cause.category} cause")
        if row["cause"] not in nights[int(row["night"]) - 1]:
            errors.append(f"{key}: {row['cause']} was not active on night {row['night']}")
    seen: set[tuple[str, str, str, str]] = set()
    for n in range(1, len(nights) + 1):
        folder = HERE / "runs" / f"night-{n:02d}"
        for job in JOBS:
            first = folder / f"{job}-attempt1.xml"
            second = folder / f"{job}-attempt2.xml"
            if not first.exists():
                errors.append(f"missing {first.relative_to(HERE)}")
                continue
            failed1, _ = cases(first)
            if bool(failed1) != second.exists():
                errors.append(f"night {n} {job}: attempt 2 {'missing' if failed1 else 'extra'}")
            passed2 = cases(second)[1] if second.exists() else set()
            for path in (first, second):
                if not path.exists():
                    continue
                for classname, name in cases(path)[0]:
                    key = (str(n), str(path.relative_to(HERE)), classname, name)
                    seen.add(key)
                    row = labelled.get(key)
                    if row is None:
                        errors.append(f"unlabelled failure {key}")
                        continue
                    flaky = path == first and (classname, name) in passed2
                    if (row["flaky"] == "true") != flaky:
                        errors.append(f"{key}: flaky label {row['flaky']}, rerun says {flaky}")
    for key in labelled.keys() - seen:
        errors.append(f"label without a failure: {key}")
    active_hits = Counter((r["night"], r["cause"]) for r in rows)
    for n, names in enumerate(nights, 1):
        for name in names:
            if name not in causes:
                errors.append(f"plan names unknown cause {name}")
            elif not active_hits[(str(n), name)]:
                errors.append(f"night {n}: {name} was active and broke nothing")
    halves = json.loads((HERE / "split.json").read_text())
    if halves != split():
        errors.append("split.json differs from the split recomputed from causes.py")
    if set(halves["development"]) & set(halves["heldout"]):
        errors.append("a cause is in both halves")
    if set(halves["development"]) | set(halves["heldout"]) != set(causes):
        errors.append("the halves do not cover the catalogue")
    used = {r["cause"] for r in rows}
    if used != set(causes):
        errors.append(f"causes never labelled: {sorted(set(causes) - used)}")
    by_cat = Counter(r["category"] for r in rows)
    missing = [c for c in CATEGORIES if not by_cat[c]]
    if missing:
        errors.append(f"categories without failures: {missing}")
    if len(rows) < 350:
        errors.append(f"only {len(rows)} failures")
    if len(causes) < 45:
        errors.append(f"only {len(causes)} causes")
    if errors:
        print("\n".join(errors[:200]))
        print(f"{len(errors)} problems")
        return 1
    half_of = {name: h for h, names in halves.items() for name in names}
    print(f"{len(rows)} failures, {len(causes)} causes, {len(nights)} nights, "
          f"{sum(r['flaky'] == 'true' for r in rows)} flaky")
    for category in CATEGORIES:
        per_half = Counter(half_of[r["cause"]] for r in rows if r["category"] == category)
        n_causes = Counter(half_of[c.name] for c in CAUSES if c.category == category)
        print(f"{category:22} {by_cat[category]:4} failures  causes dev {n_causes['development']}"
              f" / heldout {n_causes['heldout']}  failures dev {per_half['development']}"
              f" / heldout {per_half['heldout']}")
    totals = Counter(half_of[r["cause"]] for r in rows)
    print(f"halves: development {len(halves['development'])} causes {totals['development']}"
          f" failures, heldout {len(halves['heldout'])} causes {totals['heldout']} failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
