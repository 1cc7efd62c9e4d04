"""Consistency check of the corpus: labels against the JUnit files, the plan, the split, the
catalogue and routing.yml. Prints the corpus's figures; exits 1 on any mismatch."""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import CATEGORIES, CAUSES  # noqa: E402
from make_corpus import SEED, make_plan, make_split  # noqa: E402


def routing() -> dict[str, str]:
    teams: dict[str, str] = {}
    for line in (HERE / "routing.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            teams[key] = value.strip()
    return teams


def cases(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(failed or errored, passed) test cases of a JUnit file."""
    failed: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for case in ET.parse(path).iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        seen.add(key)
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(key)
    return failed, seen - failed


def main() -> int:
    errors: list[str] = []
    catalogue = {c.name: c for c in CAUSES}
    teams = routing()
    plan = json.loads((HERE / "plan.json").read_text())
    split = json.loads((HERE / "split.json").read_text())
    nights = plan["nights"]
    if plan["seed"] != SEED or nights != make_plan(SEED):
        errors.append("plan.json differs from the plan its seed gives")
    if set(nights[0]) != set(catalogue):
        errors.append("night 1 does not hold every cause")
    for name in catalogue:
        if not any(name in n for n in nights[1:]):
            errors.append(f"{name} never comes back after night 1")
    if split != make_split():
        errors.append("split.json differs from the split the catalogue gives")
    if set(split["development"]) & set(split["heldout"]) or \
            set(split["development"]) | set(split["heldout"]) != set(catalogue):
        errors.append("split is not a partition of the causes")
    if set(teams) != set(CATEGORIES):
        errors.append("routing.yml does not list exactly the 15 categories")

    results: dict[str, tuple[set[tuple[str, str]], set[tuple[str, str]]]] = {}
    for path in sorted((HERE / "runs").glob("night-*/*.xml")):
        results[str(path.relative_to(HERE))] = cases(path)
    for rel, (failed, _) in results.items():
        if rel.endswith("attempt1.xml"):
            second = rel.replace("attempt1", "attempt2")
            if bool(failed) != (second in results):
                errors.append(f"{rel}: a rerun file exists iff attempt 1 failed")

    labelled: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with open(HERE / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    broke: dict[tuple[str, int], int] = Counter()
    for row in rows:
        key = (row["classname"], row["name"])
        where = f"{row['file']} {key}"
        if row["file"] not in results or key not in results[row["file"]][0]:
            errors.append(f"label matches no failure: {where}")
        if key in labelled[row["file"]]:
            errors.append(f"two labels for {where}")
        labelled[row["file"]].add(key)
        cause = catalogue.get(row["cause"])
        if cause is None:
            errors.append(f"unknown cause {row['cause']}")
            continue
        night = int(row["night"])
        if f"night-{night:02d}/" not in row["file"] or f"/{cause.job}-attempt" not in row["file"]:
            errors.append(f"{where}: night or job does not match {cause.name}")
        if cause.name not in nights[night - 1]:
            errors.append(f"{where}: {cause.name} is not active on night {night}")
        if row["category"] != cause.category or row["team"] != teams.get(cause.category):
            errors.append(f"{where}: category or team differs from the catalogue and routing")
        passed_on_rerun = row["file"].endswith("attempt1.xml") and \
            key in results.get(row["file"].replace("attempt1", "attempt2"), (set(), set()))[1]
        if (row["flaky"] == "true") != (cause.flaky and passed_on_rerun):
            errors.append(f"{where}: flaky flag does not match the rerun")
        if not cause.flaky and row["file"].endswith("attempt1.xml") and passed_on_rerun:
            errors.append(f"{where}: {cause.name} is not flaky but passed on the rerun")
        broke[(cause.name, night)] += 1
    for rel, (failed, _) in results.items():
        for key in failed - labelled[rel]:
            errors.append(f"unlabelled failure: {rel} {key}")
    for night, names in enumerate(nights, start=1):
        for name in names:
            if (name, night) not in broke:
                errors.append(f"{name} broke nothing on night {night}")

    half = {n: h for h, names in split.items() for n in names}
    per_cat = Counter(r["category"] for r in rows)
    causes_per_cat = Counter(c.category for c in CAUSES)
    print(f"{len(rows)} labelled failures ({sum(r['file'].endswith('attempt1.xml') for r in rows)} on attempt 1), "
          f"{len(catalogue)} causes, {len(nights)} nights, {sum(r['flaky'] == 'true' for r in rows)} flaky")
    for category in CATEGORIES:
        dev = sum(1 for c in CAUSES if c.category == category and half[c.name] == "development")
        print(f"  {category:22} causes {causes_per_cat[category]:3} (dev {dev}, heldout "
              f"{causes_per_cat[category] - dev})  failures {per_cat[category]:4}")
    for name in ("development", "heldout"):
        print(f"  {name}: {len(split[name])} causes, {sum(half[r['cause']] == name for r in rows)} failures")
    print(f"  libraries: {len({c.library for c in CAUSES})}")
    for error in errors:
        print("ERROR", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
