"""Catalogue of the corpus's root causes: each is one breakage of code, data, dependency
set, database, partner service or runner, applied before a job runs, and the test cases
(`classname::name` patterns, fnmatch) it is expected to break.

`make_corpus.py` stops when a test fails that no active cause declares, or when an
active cause breaks nothing, so the labels are checked against what really happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEAMS = {
    "schema_drift": "platform-data",
    "integrity_violation": "platform-data",
    "database_unavailable": "platform-data",
    "missing_dependency": "release-engineering",
    "product_bug": "product-dev",
    "wrong_behaviour": "product-dev",
    "data_contract": "data-engineering",
    "hang": "product-dev",
    "slow_upstream": "integrations",
    "upstream_5xx": "integrations",
    "upstream_unreachable": "integrations",
    "credentials_refused": "integrations",
    "test_harness": "qa",
    "flaky": "qa",
    "infrastructure": "ci-infra",
}

# Test cases of the lending job by what they touch (JUnit classname::name patterns).
DB = [
    "tests.test_loans::*",
    "tests.test_holds::*",
    "tests.test_reports::test_overdue_list_oldest_first",
    "tests.test_reports::test_export_overdue_per_branch",
]
LENDS = [
    "tests.test_loans::test_lend_sets_due_date",
    "tests.test_loans::test_copy_cannot_*",
    "tests.test_loans::test_return_*",
    "tests.test_loans::test_late_return_*",
    "tests.test_loans::test_renew_*",
    "tests.test_loans::test_open_loans_*",
    "tests.test_loans::test_child_loan_limit",
    "tests.test_loans::test_second_copy_*",
    "tests.test_reports::test_overdue_list_oldest_first",
    "tests.test_reports::test_export_overdue_per_branch",
]
RECORDS = [
    "tests.test_catalogue::test_lookup_record",
    "tests.test_catalogue::test_enrich_batch",
    "tests.test_catalogue::test_lookup_within_budget",
]
CATALOGUE = [
    *RECORDS,
    "tests.test_catalogue::test_lookup_unknown_isbn",
    "tests.test_catalogue::test_availability_per_branch",
]
NOTICES = ["tests.test_notices::test_send_*", "tests.test_notices::test_hold_ready_notice"]
CONSUMER = [
    "tests.test_spool::test_publish_and_consume",
    "tests.test_spool::test_consumer_*",
    "tests.test_spool::test_hold_ready_*",
]
SPOOL = ["tests.test_spool::*"]
FEED = [
    "tests.test_acquisitions::test_feed_matches_contract",
    "tests.test_acquisitions::test_spend_by_branch",
]
EXPORTS = [
    "tests.test_reports::test_export_overdue_per_branch",
    "tests.test_reports::test_publish_summary",
    "tests.test_reports::test_render_labels",
]
PGSPECIAL_DB = ["tests.test_specials::*"]


@dataclass(frozen=True, kw_only=True)
class Cause:
    """One root cause. Mechanisms (all optional, combined as given):

    patch       (file, old text, new text) edits of the code base's copy
    rename      (old path, new path) in the code base's copy
    sql         statements run as the superuser in the job's database (or sql_database)
    migrations  only migrations whose number is at most this one are deployed
    server      "stop": the night's PostgreSQL is stopped before the job
    hba         a line put first in pg_hba.conf
    venv        the virtualenv the job runs in
    env         environment overrides ({closed_port} is a port nobody listens on)
    faults      partner-stub faults (environment/partners.py's Fault)
    feed        variant of the supplier's acquisitions feed
    volume      (folder, state): the export or spool folder on a full, read-only or
                inode-starved tmpfs
    """

    name: str
    category: str
    job: str
    breaks: tuple[str, ...]
    story: str
    patch: tuple[tuple[str, str, str], ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    sql: str = ""
    sql_database: str = ""
    migrations: int = 4
    server: str = ""
    hba: str = ""
    venv: str = ""
    env: dict[str, str] = field(default_factory=dict)
    faults: tuple[dict[str, Any], ...] = ()
    feed: str = ""
    volume: tuple[str, str] | None = None

    @property
    def team(self) -> str:
        return TEAMS[self.category]

    @property
    def flaky(self) -> bool:
        return self.category == "flaky"


def lending(name: str, category: str, breaks: list[str], story: str, **how: Any) -> Cause:
    return Cause(
        name=f"lending-{name}",
        category=category,
        job="lending",
        breaks=tuple(breaks),
        story=story,
        **how,
    )


def pgspecial(name: str, category: str, breaks: list[str], story: str, **how: Any) -> Cause:
    return Cause(
        name=f"pgspecial-{name}",
        category=category,
        job="pgspecial",
        breaks=tuple(breaks),
        story=story,
        **how,
    )


RULES, STORE, REPORTS = "lending/rules.py", "lending/store.py", "lending/reports.py"

CAUSES: list[Cause] = [
    # schema_drift
    lending(
        "renewals-column-dropped",
        "schema_drift",
        LENDS,
        "a DBA's clean-up script dropped loans.renewals",
        sql="ALTER TABLE loans DROP COLUMN renewals",
    ),
    lending(
        "holds-migration-not-deployed",
        "schema_drift",
        DB,
        "the deploy stopped before migration 004 (no holds table; the fixture's clean-up "
        "truncates it)",
        migrations=3,
    ),
    lending(
        "members-renamed-patrons",
        "schema_drift",
        DB,
        "the members table renamed to patrons by another team's migration",
        sql="ALTER TABLE members RENAME TO patrons",
    ),
    # integrity_violation
    lending(
        "card-number-from-surname",
        "integrity_violation",
        ["tests.test_loans::test_register_family_members"],
        "card numbers derived from branch and surname (UNIQUE card_number)",
        patch=(
            (
                STORE,
                'return f"{branch[:3].upper()}-{uuid.uuid4().hex[:8].upper()}"',
                'return f"{branch[:3].upper()}-{name.split()[-1].upper()}"',
            ),
        ),
    ),
    lending(
        "member-kind-title-cased",
        "integrity_violation",
        DB,
        "member kinds stored title-cased for display (CHECK kind IN …)",
        patch=(
            (
                STORE,
                "(name, kind, email, card_number(name, branch))",
                "(name, kind.title(), email, card_number(name, branch))",
            ),
        ),
    ),
    lending(
        "copies-unique-isbn-per-branch",
        "integrity_violation",
        ["tests.test_loans::test_second_copy_*"],
        "a DBA added UNIQUE (isbn, branch) to copies, assuming one copy per branch",
        sql="ALTER TABLE copies ADD CONSTRAINT copies_isbn_branch_key UNIQUE (isbn, branch)",
    ),
    lending(
        "member-email-not-null",
        "integrity_violation",
        [
            "tests.test_loans::test_register_member_gets_card",
            "tests.test_loans::test_register_family_members",
            "tests.test_loans::test_copy_cannot_*",
            "tests.test_loans::test_renew_refused_*",
            "tests.test_loans::test_child_loan_limit",
            "tests.test_loans::test_second_copy_*",
        ],
        "members.email made NOT NULL for e-mail notices; children and walk-ins have none",
        sql="ALTER TABLE members ALTER COLUMN email SET NOT NULL",
    ),
    # database_unavailable
    lending(
        "db-server-stopped",
        "database_unavailable",
        DB,
        "the staging PostgreSQL is down",
        server="stop",
    ),
    lending(
        "db-closed-for-maintenance",
        "database_unavailable",
        DB,
        "the lending database set to refuse connections during a maintenance window",
        sql="ALTER DATABASE lending ALLOW_CONNECTIONS false",
        sql_database="postgres",
    ),
    lending(
        "db-role-connection-limit",
        "database_unavailable",
        DB,
        "the application role's connection limit set to 0 by a capacity change",
        sql="ALTER ROLE lending_app CONNECTION LIMIT 0",
    ),
    pgspecial(
        "test-db-closed",
        "database_unavailable",
        PGSPECIAL_DB,
        "the CI server's _test_db left closed to connections by a maintenance job",
        sql="ALTER DATABASE _test_db ALLOW_CONNECTIONS false",
    ),
    # credentials_refused
    lending(
        "db-password-rotated",
        "credentials_refused",
        DB,
        "lending_app's password rotated in the vault, staging still has the old one",
        sql="ALTER ROLE lending_app PASSWORD 'rotated-{token}'",
    ),
    lending(
        "catalogue-token-rotated",
        "credentials_refused",
        CATALOGUE,
        "the catalogue token rotated (401)",
        env={"CATALOGUE_TOKEN": "cat-old-{token}"},
    ),
    lending(
        "notices-key-revoked",
        "credentials_refused",
        NOTICES,
        "the notice service revoked the library's key (403)",
        env={"NOTICES_KEY": "ntc-revoked-{token}"},
    ),
    pgspecial(
        "test-db-refused-by-hba",
        "credentials_refused",
        PGSPECIAL_DB,
        "the database host's pg_hba.conf rejects the CI role on _test_db",
        hba="host _test_db postgres 127.0.0.1/32 reject",
    ),
    # missing_dependency
    lending(
        "aiohttp-not-installed",
        "missing_dependency",
        ["*test_notices*"],
        "the lock file lost aiohttp (collection error of test_notices)",
        venv="lending-noaiohttp",
    ),
    lending(
        "urllib3-1-26",
        "missing_dependency",
        [*RECORDS, "tests.test_catalogue::test_availability_per_branch"],
        "urllib3 pinned back to 1.26 by another package (no HTTPResponse.json)",
        venv="lending-urllib3-126",
    ),
    pgspecial(
        "configobj-not-installed",
        "missing_dependency",
        ["*test_named_queries*"],
        "the dev requirements lost configobj (collection error)",
        venv="pgspecial-noconfigobj",
    ),
    # product_bug
    lending(
        "loan-days-title-cased",
        "product_bug",
        [*LENDS, "tests.test_rules::test_due_date_by_kind*"],
        "loan periods looked up by title-cased kind (KeyError)",
        patch=(
            (RULES, "timedelta(days=LOAN_DAYS[kind])", "timedelta(days=LOAN_DAYS[kind.title()])"),
        ),
    ),
    lending(
        "notice-id-read-as-attribute",
        "product_bug",
        NOTICES,
        "the notice service's JSON answer read as an attribute (AttributeError)",
        patch=(
            ("lending/notices.py", 'return str(body["notice_id"])', "return str(body.notice_id)"),
        ),
    ),
    lending(
        "copies-left-as-text",
        "product_bug",
        [*FEED, "tests.test_acquisitions::test_parse_row_rejects_short_isbn"],
        "feed copies no longer converted to int (TypeError on totals)",
        patch=(("lending/acquisitions.py", 'int(row["copies"])', 'row["copies"]'),),
    ),
    lending(
        "average-of-no-loans",
        "product_bug",
        ["tests.test_rules::test_average_loan_days"],
        "average loan length divides by zero for members without loans",
        patch=(
            (
                RULES,
                "return sum(durations) / len(durations) if durations else 0.0",
                "return sum(durations) / len(durations)",
            ),
        ),
    ),
    lending(
        "fines-by-branch-as-list",
        "product_bug",
        [
            "tests.test_rules::test_fines_by_branch",
            "tests.test_reports::test_fines_summary_*",
            "tests.test_reports::test_publish_summary",
        ],
        "fines per branch returned as a sorted list of pairs (AttributeError in callers)",
        patch=((RULES, "    return totals\n", "    return sorted(totals.items())\n"),),
    ),
    lending(
        "labels-with-branch-prefix",
        "product_bug",
        ["tests.test_reports::test_render_labels"],
        "barcodes passed to the label renderer with a LIB- prefix (ValueError in the child)",
        patch=(
            (REPORTS, "str(target), *barcodes]", 'str(target), *(f"LIB-{b}" for b in barcodes)]'),
        ),
    ),
    # wrong_behaviour
    lending(
        "fine-cap-dropped",
        "wrong_behaviour",
        ["tests.test_rules::test_fine_table?row4?"],
        "the per-loan fine cap no longer applied",
        patch=(
            (
                RULES,
                "return min(late * FINE_PER_DAY_CENTS[kind], FINE_CAP_CENTS)",
                "return late * FINE_PER_DAY_CENTS[kind]",
            ),
        ),
    ),
    lending(
        "child-loan-period-21-days",
        "wrong_behaviour",
        ["tests.test_rules::test_due_date_by_kind?child-14?"],
        "children's loan period set to the adults' 21 days",
        patch=((RULES, '"child": 14, "staff": 28}', '"child": 21, "staff": 28}'),),
    ),
    lending(
        "renewal-adds-two-weeks",
        "wrong_behaviour",
        ["tests.test_loans::test_renew_extends_*"],
        "a renewal extends by a fixed 14 days instead of a loan period",
        patch=(
            (
                STORE,
                '(rules.due_date(loan["kind"], loan["due_on"]), loan_id)',
                '(loan["due_on"] + timedelta(days=14), loan_id)',
            ),
            (STORE, "from datetime import date\n", "from datetime import date, timedelta\n"),
        ),
    ),
    lending(
        "open-loans-by-title",
        "wrong_behaviour",
        ["tests.test_loans::test_open_loans_*"],
        "a member's open loans sorted by title instead of due date",
        patch=(
            (
                STORE,
                'ORDER BY l.due_on, l.id",\n        (member_id,)',
                'ORDER BY c.title, l.id",\n        (member_id,)',
            ),
        ),
    ),
    lending(
        "overdue-newest-first",
        "wrong_behaviour",
        ["tests.test_reports::test_overdue_list_oldest_first"],
        "the overdue list sorted newest first",
        patch=(
            (
                STORE,
                "l.due_on < %s ORDER BY l.due_on, l.id",
                "l.due_on < %s ORDER BY l.due_on DESC, l.id",
            ),
        ),
    ),
    lending(
        "staff-fined",
        "wrong_behaviour",
        ["tests.test_rules::test_fine_table?row3?"],
        "staff charged the adult fine",
        patch=((RULES, '"child": 10, "staff": 0}', '"child": 10, "staff": 25}'),),
    ),
    lending(
        "three-renewals-allowed",
        "wrong_behaviour",
        ["tests.test_rules::test_renewal_refused_after_two"],
        "the renewal limit raised to three",
        patch=((RULES, "MAX_RENEWALS = 2", "MAX_RENEWALS = 3"),),
    ),
    # data_contract
    lending(
        "feed-copies-renamed-quantity",
        "data_contract",
        FEED,
        "the supplier renamed the feed's copies column to quantity",
        feed="quantity",
    ),
    lending(
        "feed-price-with-currency",
        "data_contract",
        FEED,
        "the supplier writes prices with a currency sign (EUR 12.50)",
        feed="currency",
    ),
    lending(
        "catalogue-year-as-text",
        "data_contract",
        RECORDS,
        "catalogue records carry the year as a string",
        faults=({"route": "records", "fields": {"year": "1871"}},),
    ),
    lending(
        "catalogue-language-names",
        "data_contract",
        RECORDS,
        "catalogue records name the language instead of its ISO code",
        faults=({"route": "records", "fields": {"language": "English"}},),
    ),
    # hang
    lending(
        "consumer-lock-reentered",
        "hang",
        CONSUMER,
        "the consumer counts handled events under the lock it already holds (deadlock)",
        patch=(
            (
                "lending/spool.py",
                "            self.count += 1\n",
                "            self._bump()\n\n    def _bump(self) -> None:\n"
                "        with self._lock:\n            self.count += 1\n",
            ),
        ),
    ),
    lending(
        "consumer-watches-other-suffix",
        "hang",
        [
            *CONSUMER,
            "tests.test_spool::test_stop_consumer",
            "tests.test_spool::test_events_survive_restart",
        ],
        "publishers write .json events, the consumer waits for .evt ones",
        patch=(
            (
                "lending/spool.py",
                'sorted((self.root / "new").iterdir())',
                'sorted((self.root / "new").glob("*.evt"))',
            ),
        ),
    ),
    lending(
        "stop-joins-before-signal",
        "hang",
        [*CONSUMER, "tests.test_spool::test_stop_consumer"],
        "stop() joins the consumer thread before telling it to stop",
        patch=(
            (
                "lending/spool.py",
                "        self._stop.set()\n        self._thread.join()",
                "        self._thread.join()\n        self._stop.set()",
            ),
        ),
    ),
    # slow_upstream
    lending(
        "catalogue-records-slow",
        "slow_upstream",
        RECORDS,
        "catalogue records answer after 1.6 s (1 s read budget, urllib3)",
        faults=({"route": "records", "delay": 1.6},),
    ),
    lending(
        "catalogue-availability-slow",
        "slow_upstream",
        ["tests.test_catalogue::test_availability_per_branch"],
        "availability answers after 1.6 s",
        faults=({"route": "availability", "delay": 1.6},),
    ),
    lending(
        "notices-slow",
        "slow_upstream",
        NOTICES,
        "the notice service answers after 2.6 s (2 s total, aiohttp)",
        faults=({"route": "notices", "delay": 2.6},),
    ),
    # upstream_5xx
    lending(
        "catalogue-records-503",
        "upstream_5xx",
        RECORDS,
        "catalogue records answer 503",
        faults=({"route": "records", "status": 503},),
    ),
    lending(
        "catalogue-availability-502",
        "upstream_5xx",
        ["tests.test_catalogue::test_availability_per_branch"],
        "availability answers 502 from the catalogue's gateway",
        faults=({"route": "availability", "status": 502},),
    ),
    lending(
        "notices-500",
        "upstream_5xx",
        NOTICES,
        "the notice service answers 500",
        faults=({"route": "notices", "status": 500},),
    ),
    # upstream_unreachable
    lending(
        "catalogue-host-unresolvable",
        "upstream_unreachable",
        CATALOGUE,
        "the catalogue's host name no longer resolves",
        env={"CATALOGUE_URL": "http://catalogue-{token}.lending.invalid"},
    ),
    lending(
        "notices-port-closed",
        "upstream_unreachable",
        NOTICES,
        "the notice service moved; nothing listens on the configured port",
        env={"NOTICES_URL": "http://127.0.0.1:{closed_port}"},
    ),
    lending(
        "catalogue-port-closed",
        "upstream_unreachable",
        CATALOGUE,
        "the catalogue's proxy is down; its port refuses connections",
        env={"CATALOGUE_URL": "http://127.0.0.1:{closed_port}"},
    ),
    # test_harness
    lending(
        "tests-branches-file-renamed",
        "test_harness",
        [*DB, "tests.test_acquisitions::test_spend_by_branch"],
        "tests/data/branches.json renamed to branch_list.json; conftest loads the old name",
        rename=(("tests/data/branches.json", "tests/data/branch_list.json"),),
    ),
    lending(
        "tests-fines-table-renamed",
        "test_harness",
        ["*test_rules*"],
        "the expected-fines table renamed; test_rules reads it at import",
        rename=(("tests/data/fines_expected.csv", "tests/data/expected_fines.csv"),),
    ),
    lending(
        "tests-fixture-misspelt",
        "test_harness",
        [
            "tests.test_catalogue::test_enrich_batch",
            "tests.test_catalogue::test_availability_per_branch",
        ],
        "two catalogue tests ask for a fixture `catalog` that does not exist",
        patch=(
            (
                "tests/test_catalogue.py",
                "def test_enrich_batch(catalogue):\n    records = catalogue.",
                "def test_enrich_batch(catalog):\n    records = catalog.",
            ),
            (
                "tests/test_catalogue.py",
                "def test_availability_per_branch(catalogue):\n    shelves = catalogue.",
                "def test_availability_per_branch(catalog):\n    shelves = catalog.",
            ),
        ),
    ),
    lending(
        "tests-spool-teardown-wrong-folder",
        "test_harness",
        SPOOL,
        "the spool fixture's teardown removes a folder that was never created",
        patch=(
            (
                "tests/conftest.py",
                "    shutil.rmtree(root)\n",
                '    shutil.rmtree(root.parent / "spool" / request.node.name)\n',
            ),
        ),
    ),
    # flaky
    lending(
        "catalogue-502-once",
        "flaky",
        ["tests.test_catalogue::test_lookup_record"],
        "one 502 from catalogue records, gone in the rerun",
        faults=({"route": "records", "status": 502, "times": 1},),
    ),
    lending(
        "notices-503-once",
        "flaky",
        ["tests.test_notices::test_send_overdue_notice"],
        "one 503 from the notice service, gone in the rerun",
        faults=({"route": "notices", "status": 503, "times": 1},),
    ),
    lending(
        "catalogue-latency-blip",
        "flaky",
        ["tests.test_catalogue::test_lookup_within_budget"],
        "one catalogue lookup takes 0.7 s against the test's 0.5 s budget",
        faults=({"route": "records", "delay": 0.7, "times": 1, "only": "9780141441146"},),
    ),
    lending(
        "catalogue-connection-dropped-once",
        "flaky",
        ["tests.test_catalogue::test_availability_per_branch"],
        "the catalogue's proxy drops one connection, gone in the rerun",
        faults=({"route": "availability", "drop": True, "times": 1},),
    ),
    # infrastructure
    lending(
        "export-volume-full",
        "infrastructure",
        EXPORTS,
        "the export volume (tmpfs) is full",
        volume=("export", "full"),
    ),
    lending(
        "spool-volume-read-only",
        "infrastructure",
        SPOOL,
        "the spool volume mounted read-only after a storage fault",
        volume=("spool", "readonly"),
    ),
    lending(
        "spool-volume-out-of-inodes",
        "infrastructure",
        SPOOL,
        "the spool volume ran out of inodes (ENOSPC while blocks are free)",
        volume=("spool", "inodes"),
    ),
]

BY_NAME = {cause.name: cause for cause in CAUSES}
