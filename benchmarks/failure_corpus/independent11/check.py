"""Consistency check of the corpus: labels against the JUnit files, the plan, catalogue and split.

Exits 1 and lists every mismatch, or prints the corpus figures and exits 0.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from causes import BY_NAME

ROOT = Path(__file__).resolve().parent
CATEGORIES = {
    "flaky",
    "infrastructure",
    "credentials_refused",
    "database_unavailable",
    "schema_drift",
    "integrity_violation",
    "missing_dependency",
    "slow_upstream",
    "hang",
    "upstream_unreachable",
    "upstream_5xx",
    "data_contract",
    "test_harness",
    "product_bug",
    "wrong_behaviour",
}
HEADER = ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]


def routing() -> dict[str, str]:
    """Category to team, read from routing.yml."""
    teams = {}
    for line in (ROOT / "routing.yml").read_text().splitlines():
        if line.startswith("  ") and ":" in line:
            category, team = line.strip().split(":", 1)
            teams[category] = team.strip()
    return teams


def cases(path: Path) -> tuple[list[tuple[str, str]], set[tuple[str, str]]]:
    """Failed testcases (in order, repeated as often as they appear) and all testcases of a file."""
    failed, seen = [], set()
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        seen.add(key)
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(key)
    return failed, seen


def expected_split() -> dict[str, list[str]]:
    rng = random.Random(10)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    turn = 0
    for category in sorted({c.category for c in BY_NAME.values()}):
        names = sorted(n for n, c in BY_NAME.items() if c.category == category)
        rng.shuffle(names)
        for name in names:
            halves["development" if turn % 2 == 0 else "heldout"].append(name)
            turn += 1
    return {half: sorted(names) for half, names in halves.items()}


def check() -> list[str]:
    problems: list[str] = []
    teams = routing()
    plan = json.loads((ROOT / "plan.json").read_text())
    nights = plan["nights"]
    with (ROOT / "labels.csv").open(newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != HEADER:
            problems.append(f"labels.csv header is {reader.fieldnames}")
        rows = list(reader)
    labelled = Counter((r["file"], r["classname"], r["name"]) for r in rows)
    failed_total: Counter[tuple[str, str, str]] = Counter()
    all_cases: dict[str, set[tuple[str, str]]] = {}
    failed_by_file: dict[str, list[tuple[str, str]]] = {}
    for xml in sorted((ROOT / "runs").glob("night-*/*.xml")):
        rel = xml.relative_to(ROOT).as_posix()
        failed, seen = cases(xml)
        all_cases[rel], failed_by_file[rel] = seen, failed
        failed_total.update((rel, *key) for key in failed)
    for key in (failed_total - labelled) + (labelled - failed_total):
        problems.append(f"failed testcases and labels differ at {key}")
    for rel, failed in failed_by_file.items():
        if rel.endswith("attempt1.xml") and rel.startswith("runs/") and "newsdesk" in rel:
            rerun = rel.replace("attempt1", "attempt2")
            if bool(failed) != (rerun in all_cases):
                problems.append(f"{rel}: a rerun file must exist exactly when attempt 1 failed")
    active_hits: Counter[tuple[int, str]] = Counter()
    for row in rows:
        night, cause = int(row["night"]), BY_NAME.get(row["cause"])
        where = f"{row['file']} {row['classname']}::{row['name']}"
        if cause is None:
            problems.append(f"{where}: unknown cause {row['cause']}")
            continue
        if not row["file"].startswith(f"runs/night-{night:02d}/"):
            problems.append(f"{where}: night {night} does not match the file")
        if row["cause"] not in nights[night - 1]:
            problems.append(f"{where}: {row['cause']} not active on night {night}")
        if row["category"] != cause.category or row["team"] != teams.get(row["category"], "qa"):
            problems.append(
                f"{where}: category/team {row['category']}/{row['team']} off the catalogue"
            )
        active_hits[(night, row["cause"])] += 1
        is_flaky = row["flaky"] == "true"
        if is_flaky != (cause.category == "flaky"):
            problems.append(f"{where}: flaky={row['flaky']} for a {cause.category} cause")
        rerun = row["file"].replace("attempt1", "attempt2")
        key = (row["classname"], row["name"])
        if is_flaky:
            if not row["file"].endswith("attempt1.xml") or rerun not in all_cases:
                problems.append(f"{where}: flaky failure without a rerun")
            elif key not in all_cases[rerun] or key in failed_by_file[rerun]:
                problems.append(f"{where}: flaky failure did not pass on the rerun")
        elif (
            row["file"].endswith("attempt1.xml")
            and rerun in all_cases
            and key not in failed_by_file[rerun]
        ):
            problems.append(f"{where}: non-flaky failure passed on the rerun")
    for index, names in enumerate(nights, start=1):
        for name in names:
            if name not in BY_NAME:
                problems.append(f"plan night {index}: unknown cause {name}")
            elif not active_hits[(index, name)]:
                problems.append(f"plan night {index}: {name} was active but failed nothing")
    split = json.loads((ROOT / "split.json").read_text())
    if split != expected_split():
        problems.append("split.json is not the seeded alternation of the catalogue")
    if set(split["development"]) & set(split["heldout"]):
        problems.append("split halves overlap")
    categories = {r["category"] for r in rows}
    if categories != CATEGORIES:
        problems.append(f"categories missing: {sorted(CATEGORIES - categories)}")
    if len(rows) < 350 or len({r["cause"] for r in rows}) < 40 or not 8 <= len(nights) <= 10:
        problems.append(
            f"too small: {len(rows)} failures, {len({r['cause'] for r in rows})} causes"
        )
    return problems


def figures() -> None:
    with (ROOT / "labels.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    split = json.loads((ROOT / "split.json").read_text())
    half = {name: h for h, names in split.items() for name in names}
    print(
        f"{len(rows)} failed testcases, {len({r['cause'] for r in rows})} causes,"
        f" {sum(r['flaky'] == 'true' for r in rows)} flaky"
    )
    by_category = Counter(r["category"] for r in rows)
    for category in sorted(by_category):
        causes = {r["cause"] for r in rows if r["category"] == category}
        dev = sum(
            1 for r in rows if r["category"] == category and half[r["cause"]] == "development"
        )
        print(
            f"  {category:22} {by_category[category]:4} failures  {len(causes):2} causes"
            f"  development {dev:4}  heldout {by_category[category] - dev:4}"
        )
    print("  per half:", dict(Counter(half[r["cause"]] for r in rows)))
    print("  per job:", dict(Counter(r["file"].split("/")[-1].split("-")[0] for r in rows)))


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        return 1
    figures()
    return 0


if __name__ == "__main__":
    sys.exit(main())
