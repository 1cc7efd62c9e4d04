"""Catalogue of the root causes applied to the newsdesk and click jobs, and how each is applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Patch = tuple[str, str, str]


@dataclass(frozen=True)
class Cause:
    """One breakage: its category, the job it breaks and the means of breaking it.

    ``sql`` runs on the night's fresh newsroom database; ``sql_admin`` runs on the cluster
    before the suite and ``sql_revert`` after it; ``locks`` are statements a background session
    holds during the run; ``faults`` go to the partner stubs; ``env`` overrides the suite's
    environment; ``patches`` replace text once in the job's working copy (``click/...`` is the
    installed library, ``src/...`` and ``tests/...`` the code base); ``deletes`` removes files
    there; ``uninstall`` removes packages from the job's virtualenv for the run; ``volume``
    mounts the outbox volume ``full`` or ``readonly``; ``rota`` replaces the delivered
    rota file; ``library`` swaps the installed click for another release; ``once`` keeps the
    cause to one night.
    """

    name: str
    category: str
    job: str
    how: str
    sql: tuple[str, ...] = ()
    sql_admin: tuple[str, ...] = ()
    sql_revert: tuple[str, ...] = ()
    locks: tuple[str, ...] = ()
    faults: dict[str, dict[str, Any]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    patches: tuple[Patch, ...] = ()
    deletes: tuple[str, ...] = ()
    uninstall: tuple[str, ...] = ()
    volume: str = ""
    rota: str = ""
    library: str = ""
    once: bool = False


N = "newsdesk"
K = "click"

CAUSES: list[Cause] = [
    # credentials_refused
    Cause(
        "syndication_token_rotated",
        "credentials_refused",
        N,
        "the syndication partner rotated its bearer token; ours is refused with 401",
        faults={"syndicate-token": {"accepted": "syndication-2027"}},
    ),
    Cause(
        "agency_b_subscription_lapsed",
        "credentials_refused",
        N,
        "agency B answers 403 to our lapsed subscription",
        faults={"agency:b": {"status": 403}},
    ),
    Cause(
        "archive_role_password_rotated",
        "credentials_refused",
        N,
        "the archive role's password was changed on the cluster, the suite keeps the old one",
        sql_admin=("ALTER ROLE newsdesk_archive PASSWORD 'rotated-2026'",),
        sql_revert=("ALTER ROLE newsdesk_archive PASSWORD 'archive-pw'",),
    ),
    Cause(
        "reports_role_password_expired",
        "credentials_refused",
        N,
        "the reporting role's password expired (VALID UNTIL in the past)",
        sql_admin=("ALTER ROLE newsdesk_reports VALID UNTIL '2020-01-01'",),
        sql_revert=("ALTER ROLE newsdesk_reports VALID UNTIL 'infinity'",),
        once=True,
    ),
    # database_unavailable
    Cause(
        "archive_db_not_accepting",
        "database_unavailable",
        N,
        "the archive database is closed to connections (ALLOW_CONNECTIONS false)",
        sql_admin=("ALTER DATABASE nd_archive ALLOW_CONNECTIONS false",),
        sql_revert=("ALTER DATABASE nd_archive ALLOW_CONNECTIONS true",),
    ),
    Cause(
        "reports_connection_limit",
        "database_unavailable",
        N,
        "the reporting role's connection limit is 0: too many connections",
        sql_admin=("ALTER ROLE newsdesk_reports CONNECTION LIMIT 0",),
        sql_revert=("ALTER ROLE newsdesk_reports CONNECTION LIMIT -1",),
    ),
    Cause(
        "publications_table_locked",
        "database_unavailable",
        N,
        "a maintenance session holds an ACCESS EXCLUSIVE lock on publications for the whole run",
        locks=("LOCK TABLE publications IN ACCESS EXCLUSIVE MODE",),
    ),
    # schema_drift
    Cause(
        "publications_ref_column_missing",
        "schema_drift",
        N,
        "the migration adding publications.syndication_ref was not applied",
        sql=("ALTER TABLE publications DROP COLUMN syndication_ref",),
    ),
    Cause(
        "corrections_table_missing",
        "schema_drift",
        N,
        "the corrections table migration was not applied",
        sql=("DROP TABLE corrections",),
    ),
    Cause(
        "story_tags_table_missing",
        "schema_drift",
        N,
        "the story_tags migration was not applied",
        sql=("DROP TABLE story_tags",),
    ),
    Cause(
        "authors_email_renamed",
        "schema_drift",
        N,
        "a migration renamed authors.email to email_address ahead of the code",
        sql=("ALTER TABLE authors RENAME COLUMN email TO email_address",),
        once=True,
    ),
    # integrity_violation
    Cause(
        "stale_agency_a_row",
        "integrity_violation",
        N,
        "a failed earlier import left story a-wire-2 behind;"
        " re-ingesting agency A breaks the unique slug",
        sql=(
            "INSERT INTO stories"
            " (slug, headline, body, word_count, priority, status, source, desk_code) "
            "VALUES ('a-wire-2', 'Stale import', '', 0, 3, 'draft', 'a', 'metro')",
        ),
    ),
    Cause(
        "sport_desk_row_missing",
        "integrity_violation",
        N,
        "the sport desk reference row was deleted; sport stories break the desk foreign key",
        sql=("DELETE FROM desks WHERE code = 'sport'",),
    ),
    Cause(
        "revision_note_not_null",
        "integrity_violation",
        N,
        "revisions.note was made NOT NULL on the database; revisions without a note are refused",
        sql=("ALTER TABLE revisions ALTER COLUMN note SET NOT NULL",),
    ),
    Cause(
        "culture_headline_check",
        "integrity_violation",
        N,
        "a CHECK constraint demands culture headlines longer than 18 characters",
        sql=(
            "ALTER TABLE stories ADD CONSTRAINT culture_long_headline "
            "CHECK (desk_code <> 'culture' OR length(headline) > 18)",
        ),
    ),
    # missing_dependency
    Cause(
        "markdown_not_installed",
        "missing_dependency",
        N,
        "the markdown package is missing from the virtualenv",
        uninstall=("markdown",),
    ),
    Cause(
        "h2_not_installed",
        "missing_dependency",
        N,
        "h2 (needed by httpx for http2=True) is missing from the virtualenv",
        uninstall=("h2",),
    ),
    Cause(
        "click_804_installed",
        "missing_dependency",
        K,
        "click 8.0.4 is installed while the suite is the one of click 8.1.7",
        library="8.0.4",
    ),
    # slow_upstream
    Cause(
        "agency_a_slow",
        "slow_upstream",
        N,
        "agency A answers after 2.5 s (client timeout 1 s)",
        faults={"agency:a": {"delay": 2.5}},
    ),
    Cause(
        "syndication_slow",
        "slow_upstream",
        N,
        "the syndication partner answers after 2.5 s",
        faults={"syndicate": {"delay": 2.5}},
    ),
    Cause(
        "photos_slow",
        "slow_upstream",
        N,
        "the photo agency answers after 2.5 s",
        faults={"photos": {"delay": 2.5}},
        once=True,
    ),
    # upstream_unreachable
    Cause(
        "syndication_down",
        "upstream_unreachable",
        N,
        "nothing listens on the syndication partner's port",
        env={"NEWSDESK_SYNDICATION_URL": "http://127.0.0.1:{closed_port}"},
    ),
    Cause(
        "agency_c_unknown_host",
        "upstream_unreachable",
        N,
        "agency C's host name does not resolve",
        env={"AGENCY_C_URL": "http://wire-c.newsdesk.invalid"},
    ),
    Cause(
        "photos_connection_reset",
        "upstream_unreachable",
        N,
        "the photo agency closes every connection without answering",
        faults={"photos": {"drop": True}},
    ),
    # upstream_5xx
    Cause(
        "agency_b_503",
        "upstream_5xx",
        N,
        "agency B answers 503",
        faults={"agency:b": {"status": 503}},
    ),
    Cause(
        "syndication_502",
        "upstream_5xx",
        N,
        "the syndication gateway answers 502",
        faults={"syndicate": {"status": 502}},
    ),
    Cause(
        "photos_500",
        "upstream_5xx",
        N,
        "the photo agency answers 500",
        faults={"photos": {"status": 500}},
    ),
    Cause(
        "agency_e_504",
        "upstream_5xx",
        N,
        "agency E's gateway answers 504",
        faults={"agency:e": {"status": 504}},
    ),
    # data_contract
    Cause(
        "agency_a_headline_missing",
        "data_contract",
        N,
        "agency A items arrive without a headline",
        faults={"agency:a": {"mutate": "drop_headline"}},
    ),
    Cause(
        "agency_c_priority_words",
        "data_contract",
        N,
        "agency C sends priorities as words",
        faults={"agency:c": {"mutate": "priority_words"}},
    ),
    Cause(
        "photos_licence_unknown",
        "data_contract",
        N,
        "photo licences arrive with an undeclared value",
        faults={"photos": {"mutate": "licence_unknown"}},
    ),
    Cause(
        "rota_shift_column_missing",
        "data_contract",
        N,
        "the delivered rota has no shift column",
        rota="day,desk,editor\n2026-12-07,metro,ana\n2026-12-07,metro,ben\n",
    ),
    Cause(
        "rota_unknown_shift",
        "data_contract",
        N,
        "the delivered rota uses an undeclared shift value",
        rota="day,desk,editor,shift\n2026-12-07,metro,ana,early\n2026-12-07,metro,ben,graveyard\n",
    ),
    # test_harness
    Cause(
        "published_story_fixture_keyword",
        "test_harness",
        N,
        "the published_story fixture calls create_story with a keyword it does not take",
        patches=(
            (
                "tests/conftest.py",
                '        "metro",\n        "Council approves tram extension",\n',
                '        desk="metro",\n        headline="Council approves tram extension",\n',
            ),
        ),
    ),
    Cause(
        "wire_sample_missing",
        "test_harness",
        N,
        "the suite's tests/data/wire_sample.json was not checked in",
        deletes=("tests/data/wire_sample.json",),
    ),
    Cause(
        "samples_parametrize_typo",
        "test_harness",
        N,
        "a parametrize names an argument the test does not take (collection error)",
        patches=(
            (
                "tests/test_samples.py",
                '@pytest.mark.parametrize("slug",',
                '@pytest.mark.parametrize("slug_name",',
            ),
        ),
        once=True,
    ),
    Cause(
        "outbox_teardown_wrong_path",
        "test_harness",
        N,
        "the outbox fixture's teardown removes a folder that does not exist",
        patches=(
            (
                "tests/conftest.py",
                "shutil.rmtree(folder)",
                'shutil.rmtree(folder.parent / "staging")',
            ),
        ),
    ),
    Cause(
        "click_compat_syntax_error",
        "test_harness",
        K,
        "tests/test_compat.py has a syntax error",
        patches=(("tests/test_compat.py", "def test_", "def test_ broken("),),
    ),
    # product_bug
    Cause(
        "byline_required_keyerror",
        "product_bug",
        N,
        "the wire contract indexes the optional byline",
        patches=(
            ("src/newsdesk/contract.py", 'byline = raw.get("byline")', 'byline = raw["byline"]'),
        ),
    ),
    Cause(
        "edit_note_strip",
        "product_bug",
        N,
        "edit_story strips a note that may be None",
        patches=(
            (
                "src/newsdesk/desk.py",
                "editor=editor, note=note)",
                "editor=editor, note=note.strip())",
            ),
        ),
    ),
    Cause(
        "manifest_datetime_json",
        "product_bug",
        N,
        "the edition manifest puts a datetime into JSON",
        patches=(
            (
                "src/newsdesk/outbox.py",
                '"written_at": datetime.now(UTC).isoformat()',
                '"written_at": datetime.now(UTC)',
            ),
        ),
    ),
    Cause(
        "staff_byline_attribute_error",
        "product_bug",
        N,
        "front_page_lines reads author.name of authorless stories",
        patches=(
            (
                "src/newsdesk/desk.py",
                'story.author.name if story.author is not None else "Staff"',
                "story.author.name",
            ),
        ),
    ),
    Cause(
        "rota_night_shift_keyerror",
        "product_bug",
        N,
        "editors_on's shift order lacks the night shift",
        patches=(("src/newsdesk/rota.py", '"late": 1, "night": 2}', '"late": 1}'),),
    ),
    Cause(
        "click_short_help_typeerror",
        "product_bug",
        K,
        "click's make_default_short_help calls split(maxsplit=None)",
        patches=(
            (
                "click/utils.py",
                "    words = help.split()\n",
                "    words = help.split(maxsplit=None)\n",
            ),
        ),
    ),
    # wrong_behaviour
    Cause(
        "front_page_priority_reversed",
        "wrong_behaviour",
        N,
        "the front page sorts priority descending",
        patches=(("src/newsdesk/desk.py", "Story.priority.asc()", "Story.priority.desc()"),),
    ),
    Cause(
        "slug_drops_digits",
        "wrong_behaviour",
        N,
        "slugify drops digits",
        patches=(("src/newsdesk/desk.py", 'r"[^a-z0-9]+"', 'r"[^a-z]+"'),),
    ),
    Cause(
        "embargo_boundary_exclusive",
        "wrong_behaviour",
        N,
        "the embargo lifts only after its moment",
        patches=(
            ("src/newsdesk/desk.py", "now >= story.embargo_until", "now > story.embargo_until"),
        ),
    ),
    Cause(
        "revision_numbers_from_zero",
        "wrong_behaviour",
        N,
        "revisions are numbered from 0",
        patches=(
            (
                "src/newsdesk/desk.py",
                "number=len(story.revisions) + 1",
                "number=len(story.revisions)",
            ),
        ),
    ),
    Cause(
        "reading_minutes_rounded",
        "wrong_behaviour",
        N,
        "reading time is rounded instead of rounded up",
        patches=(
            (
                "src/newsdesk/desk.py",
                "math.ceil(words / WORDS_PER_MINUTE)",
                "round(words / WORDS_PER_MINUTE)",
            ),
        ),
    ),
    Cause(
        "click_help_indent_three",
        "wrong_behaviour",
        K,
        "click's HelpFormatter indents by 3",
        patches=(
            ("click/formatting.py", "indent_increment: int = 2,", "indent_increment: int = 3,"),
        ),
    ),
    Cause(
        "click_bool_y_rejected",
        "wrong_behaviour",
        K,
        "click's boolean type no longer accepts 'y'",
        patches=(
            (
                "click/types.py",
                '{"1", "true", "t", "yes", "y", "on"}',
                '{"1", "true", "t", "yes", "on"}',
            ),
        ),
    ),
    # hang
    Cause(
        "paging_offset_stuck",
        "hang",
        N,
        "slugs_in_pages sets the offset to the page length, looping forever",
        patches=(("src/newsdesk/desk.py", "offset += len(page)", "offset = len(page)"),),
    ),
    Cause(
        "word_counter_self_deadlock",
        "hang",
        N,
        "count_many holds the counter lock the workers need",
        patches=(
            (
                "src/newsdesk/cache.py",
                "            return list(pool.map(self.count, bodies))\n",
                "            with self._lock:\n"
                "                return list(pool.map(self.count, bodies))\n",
            ),
        ),
    ),
    Cause(
        "wire_semaphore_zero",
        "hang",
        N,
        "fetch_all's semaphore admits no request",
        patches=(
            (
                "src/newsdesk/wire.py",
                "asyncio.Semaphore(concurrency)",
                "asyncio.Semaphore(len(agencies) // concurrency - 1)",
            ),
        ),
    ),
    # infrastructure
    Cause(
        "outbox_volume_full",
        "infrastructure",
        N,
        "the outbox volume (a tmpfs) is full",
        volume="full",
    ),
    Cause(
        "outbox_volume_readonly",
        "infrastructure",
        N,
        "the outbox volume is mounted read-only",
        volume="readonly",
    ),
    Cause(
        "inbox_volume_missing",
        "infrastructure",
        N,
        "the inbox volume is not mounted",
        env={"NEWSDESK_INBOX": "{run}/volumes/inbox"},
    ),
    # flaky
    Cause(
        "agency_d_first_call_stall",
        "flaky",
        N,
        "agency D stalls 2 s on its first request of the night",
        faults={"agency:d": {"first": 1, "delay": 2}},
    ),
    Cause(
        "photos_first_call_reset",
        "flaky",
        N,
        "the photo agency drops its first connection of the night",
        faults={"photos": {"first": 1, "drop": True}},
    ),
    Cause(
        "syndication_first_call_503",
        "flaky",
        N,
        "the syndication gateway answers 503 to its first request",
        faults={"syndicate": {"first": 1, "status": 503}},
    ),
]

BY_NAME = {cause.name: cause for cause in CAUSES}
