"""Catalogue of the root causes applied to the code bases, one breakage each.

A cause names the job it breaks, its category, the library where its error is raised or
detected, and how it is applied to that night's working copy and environment:

- ``patches``: ``(file, old, new)`` text replacements in the job's working copy;
- ``deletes``: files removed from the working copy;
- ``env``: environment variables of the job's pytest run (``{closed_port}``, ``{work}``,
  ``{pg_port}``, ``{redis_port}`` ... are filled in by ``make_corpus.py``);
- ``faults``: ``(partner, "METHOD /path", spec)`` served by the partner stub;
- ``sql``: statements run on the job's freshly migrated database;
- ``steps``: named environment actions done by ``make_corpus.py`` around the run.

``tests`` lists the test cases the breakage takes down, as ``classname::name`` of the JUnit XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = (
    "credentials_refused",
    "data_contract",
    "database_unavailable",
    "flaky",
    "hang",
    "infrastructure",
    "integrity_violation",
    "missing_dependency",
    "product_bug",
    "schema_drift",
    "slow_upstream",
    "test_harness",
    "upstream_5xx",
    "upstream_unreachable",
    "wrong_behaviour",
)


@dataclass(frozen=True)
class Cause:
    """One breakage and the test cases it takes down."""

    name: str
    category: str
    job: str
    library: str
    how: str
    tests: tuple[str, ...]
    patches: tuple[tuple[str, str, str], ...] = ()
    deletes: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    faults: tuple[tuple[str, str, dict[str, Any]], ...] = ()
    sql: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


def t(module: str, *names: str) -> tuple[str, ...]:
    """Test-case keys of ``tests/<module>.py``."""
    return tuple(f"tests.{module}::{name}" for name in names)


KIOSK = [
    Cause(
        "kiosk-due-date-ignores-branch-timezone", "wrong_behaviour", "kiosk", "zoneinfo",
        "due date computed from the UTC day instead of the branch's local day",
        t("test_loans", "test_due_date_is_three_weeks_later_in_branch_time"),
        patches=(("loankiosk/loans.py", "local = checked_out.astimezone(ZoneInfo(branch_tz))",
                  "local = checked_out"),),
    ),
    Cause(
        "kiosk-fine-rounds-down", "wrong_behaviour", "kiosk", "decimal",
        "fines rounded down instead of half up",
        t("test_loans", "test_fine_rounds_half_up"),
        patches=(
            ("loankiosk/loans.py", "from decimal import ROUND_HALF_UP, Decimal",
             "from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal"),
            ("loankiosk/loans.py", "rounding=ROUND_HALF_UP)", "rounding=ROUND_DOWN)"),
        ),
    ),
    Cause(
        "kiosk-fine-total-string-start", "product_bug", "kiosk", "builtins (sum)",
        "keypad total summed from a string start value (TypeError in product code)",
        t("test_loans", "test_fine_total_of_keypad_amounts"),
        patches=(("loankiosk/loans.py", 'for text in amounts), Decimal("0.00"))',
                  'for text in amounts), "0.00")'),),
    ),
    Cause(
        "kiosk-stale-open-loan-row", "integrity_violation", "kiosk", "sqlite3",
        "the deployed database holds an open loan for an item that is on the shelf",
        t("test_loans", "test_checkout_creates_open_loan"),
        sql=("INSERT INTO loans (card, barcode, due) VALUES ('c-1001', 'B-0007', '2026-01-05')",),
    ),
    Cause(
        "kiosk-renewals-column-dropped", "schema_drift", "kiosk", "sqlite3",
        "the loans table of the deployed database lacks the renewals column",
        t("test_loans", "test_renew_extends_due_date", "test_renewals_are_limited"),
        sql=("ALTER TABLE loans DROP COLUMN renewals",),
    ),
    Cause(
        "kiosk-holds-table-missing", "schema_drift", "kiosk", "sqlite3",
        "the holds table was never created in the deployed database",
        t("test_loans", "test_place_hold", "test_hold_queue_position"),
        sql=("DROP TABLE holds",),
    ),
    Cause(
        "kiosk-negative-fine-rate", "integrity_violation", "kiosk", "sqlite3",
        "east branch's fine rate set negative, so a fine breaks the CHECK constraint",
        t("test_loans", "test_return_overdue_at_east_branch"),
        sql=("UPDATE branch_rules SET fine_per_day_cents = -25 WHERE branch = 'east'",),
    ),
    Cause(
        "kiosk-patron-file-renamed-column", "data_contract", "kiosk", "csv",
        "delivered patron file names its email column e-mail",
        t("test_patrons", "test_import_patrons"),
        patches=(("data/incoming/patrons.csv", "card,name,email,branch",
                  "card,name,e-mail,branch"),),
    ),
    Cause(
        "kiosk-patron-file-duplicate-card", "integrity_violation", "kiosk", "sqlite3",
        "delivered east patron file repeats a card number (UNIQUE)",
        t("test_patrons", "test_import_east_patrons"),
        patches=(("data/incoming/patrons_east.csv", "c-3002,Fa Lund", "c-3001,Fa Lund"),),
    ),
    Cause(
        "kiosk-relay-password-rotated", "credentials_refused", "kiosk", "smtplib",
        "the relay password was rotated; the kiosk still sends the old one",
        t("test_notices", "test_overdue_reminder_is_relayed"),
        env={"KIOSK_SMTP_PASSWORD": "kiosk-relay-2025"},
    ),
    Cause(
        "kiosk-notice-relay-down", "upstream_unreachable", "kiosk", "smtplib/socket",
        "hold notices go to a relay address where nothing listens (error returned, not raised)",
        t("test_notices", "test_hold_ready_notice"),
        env={"KIOSK_NOTICE_RELAY": "127.0.0.1:{closed_port}"},
    ),
    Cause(
        "kiosk-catalogue-lookup-500", "upstream_5xx", "kiosk", "requests",
        "catalogue answers 500 for a record lookup (raise_for_status, wrapped from exc)",
        t("test_partners", "test_lookup_title"),
        faults=(("catalogue", "GET /items/9780140449136",
                 {"status": 500, "body": "Internal Server Error"}),),
    ),
    Cause(
        "kiosk-search-graphql-upstream-error", "upstream_5xx", "kiosk", "requests",
        "GraphQL search answers 200 with an errors body saying its index failed",
        t("test_partners", "test_search_by_author"),
        faults=(("catalogue", "POST /graphql", {"status": 200, "body": {
            "data": None, "errors": [{"message": "upstream search index returned 503"}]}}),),
    ),
    Cause(
        "kiosk-availability-slow", "slow_upstream", "kiosk", "requests",
        "availability endpoint answers after 3 s; the kiosk waits 1 s",
        t("test_partners", "test_branch_availability"),
        faults=(("catalogue", "GET /availability/9780199535569", {"delay": 3}),),
    ),
    Cause(
        "kiosk-covers-token-revoked", "credentials_refused", "kiosk", "requests",
        "the kiosk is configured with a revoked covers API token (401)",
        t("test_partners", "test_cover_url"),
        env={"KIOSK_COVERS_TOKEN": "covers-6012"},
    ),
    Cause(
        "kiosk-branches-service-down", "upstream_unreachable", "kiosk", "requests",
        "branches service address refuses connections (logged, then re-raised)",
        t("test_partners", "test_branch_hours"),
        env={"KIOSK_BRANCHES_URL": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        "kiosk-receipt-volume-full", "infrastructure", "kiosk", "io/os",
        "receipt spool device is full (ENOSPC)",
        t("test_devices", "test_print_receipt"),
        env={"KIOSK_RECEIPT_PRINTER": "/dev/full"},
    ),
    Cause(
        "kiosk-session-lock-not-reentrant", "hang", "kiosk", "threading",
        "terminal session lock made non-reentrant: nested actions deadlock",
        t("test_devices", "test_session_nested_actions"),
        patches=(("loankiosk/devices.py", "self._lock = threading.RLock()",
                  "self._lock = threading.Lock()"),),
    ),
    Cause(
        "kiosk-conveyor-never-stopped", "hang", "kiosk", "queue/threading",
        "return conveyor is never sent its stop marker; the join waits forever",
        t("test_devices", "test_return_conveyor_sorts_items"),
        patches=(("loankiosk/devices.py", "    belt.put(None)\n", ""),),
    ),
    Cause(
        "kiosk-barcodes-module-not-shipped", "missing_dependency", "kiosk", "importlib",
        "the barcodes module is missing from the build (collection error)",
        ("::tests.test_barcodes",),
        deletes=("loankiosk/barcodes.py",),
    ),
    Cause(
        "kiosk-report-uses-itertools-batched", "missing_dependency", "kiosk", "itertools",
        "report paging written against Python 3.12's itertools.batched",
        t("test_reports", "test_daily_report_batches"),
        patches=(("loankiosk/reports.py",
                  "    return [barcodes[start : start + size]"
                  " for start in range(0, len(barcodes), size)]",
                  "    from itertools import batched\n\n"
                  "    return [list(page) for page in batched(barcodes, size)]"),),
    ),
    Cause(
        "kiosk-live-database-locked", "database_unavailable", "kiosk", "sqlite3",
        "a backup job holds an exclusive lock on the live kiosk database",
        t("test_reports", "test_daily_report_records_run"),
        steps=("lock_kiosk_db",),
    ),
    Cause(
        "kiosk-overdue-test-data-missing", "test_harness", "kiosk", "pathlib/json",
        "the overdue fixture's data file was not committed (fixture error)",
        t("test_loans", "test_overdue_listing"),
        deletes=("tests/data/overdue.json",),
    ),
    Cause(
        "kiosk-display-name-test-typo", "test_harness", "kiosk", "pytest (test body)",
        "the test refers to an undefined name",
        t("test_patrons", "test_patron_display_name"),
        patches=(("tests/test_patrons.py", "({row['card']})\"", "({raw['card']})\""),),
    ),
    Cause(
        "kiosk-shelf-label-wrong-key", "product_bug", "kiosk", "builtins (dict)",
        "shelf label reads a key items do not have (KeyError in product code)",
        t("test_loans", "test_shelf_label"),
        patches=(("loankiosk/loans.py", "{item['shelf']} /", "{item['call_number']} /"),),
    ),
    Cause(
        "kiosk-thumbnail-cache-cold", "flaky", "kiosk", "requests",
        "thumbnail cache is cold on the first request of the night (slow once, then fast)",
        t("test_partners", "test_cover_thumbnail"),
        faults=(("catalogue", "GET /thumbs/9780141439518", {"delay": 2, "fail_first": 1}),),
    ),
]

ALL: list[Cause] = [*KIOSK]
