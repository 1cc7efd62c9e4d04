"""Catalogue of the breakages this corpus applies: each cause, its category and how it is applied.

Paths of patches and deletions are relative to a night's working folder, which holds
``claims/`` (the claims service and its tests), ``feeds/`` (files delivered by partners) and
``cachetools/`` (the cachetools sdist's ``src`` and ``tests``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLAIMS = "claims"
CACHETOOLS = "cachetools"
JOBS = (CLAIMS, CACHETOOLS)


@dataclass(frozen=True)
class Patch:
    """Replace ``old`` (which must occur exactly once) by ``new`` in ``path``."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class Cause:
    """One root cause and the means of applying it."""

    name: str
    category: str
    job: str
    summary: str
    targets: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    stub: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stub_down: tuple[str, ...] = ()
    patches: tuple[Patch, ...] = ()
    deletes: tuple[str, ...] = ()
    adds: dict[str, str] = field(default_factory=dict)
    holder: tuple[str, str] | None = None
    old_audit_schema: bool = False
    lean_venv: bool = False


T = "tests.test_"
FRAUD = (T + "fraud_score", T + "fraud_history")
SETTLE = T + "payouts.test_settle"
BANK = T + "bank"
FEED_TESTS = (T + "policies.test_feed_import", T + "policies.test_feed_products")
ROSTER_FIXTURE = (
    '''    data: dict[str, list[str]] = json.loads((DATA / "adjusters.json").read_text())'''
)
FIFO_CONFTEST = '''"""Shared fixtures of the cachetools tests."""

import json
import pathlib

import pytest


@pytest.fixture(autouse=True)
def fifo_cases(request):
    """Eviction cases of the FIFO tests, kept next to the tests."""
    if request.module.__name__.endswith("test_fifo"):
        path = pathlib.Path(__file__).with_name("fifo_cases.json")
        return json.loads(path.read_text())
    return None
'''

CAUSES: tuple[Cause, ...] = (
    # flaky
    Cause("fraud_cold_start", "flaky", CLAIMS,
          "the fraud partner drops the first score requests after it starts",
          (T + "fraud_score",), stub={"fraud": ("--cold-start", "3")}),
    Cause("premium_override_leaks", "flaky", CLAIMS,
          "a premium test overrides a region factor without restoring it,"
          " so later tests depend on order",
          (T + "premiums.test_quote",),
          patches=(Patch("claims/tests/test_premiums.py",
                         'monkeypatch.setitem(premiums.REGION_FACTORS, "north", Decimal("1.50"))',
                         'premiums.REGION_FACTORS["north"] = Decimal("1.50")'),)),
    # infrastructure
    Cause("spool_disk_full", "infrastructure", CLAIMS,
          "the intake spool volume is full", (T + "intake.test_submit_single",
              T + "intake.test_batch_numbers"),
          env={"CLAIMS_SPOOL": "/dev/full"}),
    Cause("documents_volume_missing", "infrastructure", CLAIMS,
          "the documents volume is not mounted", (T + "documents",),
          env={"CLAIMS_DOCUMENT_ROOT": "/mnt/claims-documents-volume"}),
    Cause("report_worker_oom", "infrastructure", CLAIMS,
          "the report worker's container memory limit is too small",
              (T + "reports.test_build_report",),
          env={"CLAIMS_WORKER_MEMORY_MB": "24"}),
    # credentials_refused
    Cause("payments_token_revoked", "credentials_refused", CLAIMS,
          "the payments partner revoked the service's token", (SETTLE, BANK),
          stub={"payments": ("--reject", "revoked")}),
    Cause("fraud_key_expired", "credentials_refused", CLAIMS,
          "the fraud partner's API key expired", FRAUD, stub={"fraud": ("--reject", "expired")}),
    Cause("bank_scope_denied", "credentials_refused", CLAIMS,
          "the payments token lost the account-validation scope", (BANK,),
          stub={"payments": ("--deny", "/accounts/validate")}),
    Cause("fraud_key_rotated", "credentials_refused", CLAIMS,
          "the fraud partner rotated keys and the CI secret still holds the old one", FRAUD,
          env={"CLAIMS_FRAUD_KEY": "fraud-key-previous"}),
    # database_unavailable
    Cause("audit_db_locked", "database_unavailable", CLAIMS,
          "the backup job holds an exclusive lock on the audit database", (T + "audit",),
          holder=("audit", "EXCLUSIVE")),
    Cause("ledger_volume_unreachable", "database_unavailable", CLAIMS,
          "the finance database's volume path does not exist", (T + "ledger",),
          env={"CLAIMS_LEDGER_DB": "/srv/finance-unmounted/ledger.db"}),
    Cause("ledger_write_locked", "database_unavailable", CLAIMS,
          "a long write transaction holds the ledger database", (T + "ledger.test_balance",),
          holder=("ledger", "IMMEDIATE")),
    # schema_drift
    Cause("appeals_migration_missing", "schema_drift", CLAIMS,
          "the deployment stops at migration 2, so the appeals table does not exist",
          (T + "appeals.test_file_appeal",), env={"CLAIMS_MIGRATIONS_UPTO": "2"}),
    Cause("payouts_currency_dropped", "schema_drift", CLAIMS,
          "the payouts migration lost the currency column", (SETTLE,),
          patches=(Patch("claims/claims/migrations/002_payouts.sql",
              "    currency TEXT NOT NULL,\n", ""),)),
    Cause("audit_schema_old", "schema_drift", CLAIMS,
          "the shared audit database still has the old schema (user instead of actor)",
              (T + "audit",),
          old_audit_schema=True),
    # integrity_violation
    Cause("claim_number_reuse", "integrity_violation", CLAIMS,
          "claim numbers are derived from paid claims, so new claims reuse a number",
          (T + "intake.test_batch_numbers",),
          patches=(Patch("claims/claims/intake.py", 'SELECT MAX(id) FROM claims"',
                         "SELECT COUNT(*) FROM claims WHERE status = 'paid'\""),)),
    Cause("payout_wrong_claim_id", "integrity_violation", CLAIMS,
          "payouts are recorded against an offset claim id", (SETTLE,),
          patches=(Patch("claims/claims/payouts.py", '(claim["id"], amount, "EUR"',
                         '(claim["id"] + 1000, amount, "EUR"'),)),
    Cause("appeal_reason_out_of_range", "integrity_violation", CLAIMS,
          "reason codes were renumbered beyond the range the table allows",
          (T + "appeals.test_file_appeal",),
          patches=(Patch("claims/claims/appeals.py", '"fraud-flag": 4, "other": 9}',
                         '"fraud-flag": 14, "other": 19}'),)),
    Cause("feed_duplicate_policy", "integrity_violation", CLAIMS,
          "the policy feed delivers one policy twice", FEED_TESTS,
          patches=(Patch("feeds/policies.csv", "P-2006,Olli Rask,MOTOR,north,250.00\n",
                         "P-2006,Olli Rask,MOTOR,north,250.00\nP-2003,Ana Lopes,TRAVEL,east,0\n"),
                             )),
    # missing_dependency
    Cause("requests_missing", "missing_dependency", CLAIMS,
          "the job's image was built without requests", (T + "payouts", BANK), lean_venv=True),
    Cause("formatting_helper_renamed", "missing_dependency", CLAIMS,
          "reports import a formatting helper by a name the module does not have", (T + "reports",),
          patches=(Patch("claims/claims/reports.py", "from claims.formatting import money\n",
                         "from claims.formatting import format_money as money\n"),)),
    Cause("cachetools_func_import", "missing_dependency", CACHETOOLS,
          "cachetools.func imports a decorator the package does not provide", ("tests.test_func",),
          patches=(Patch("cachetools/src/cachetools/func.py", "from . import cached\n",
                         "from . import cached, cachedfunc\n"),)),
    Cause("cachetools_keys_missing", "missing_dependency", CACHETOOLS,
          "the build left cachetools/keys.py out of the package", ("tests",),
          deletes=("cachetools/src/cachetools/keys.py",)),
    # slow_upstream
    Cause("fraud_score_slow", "slow_upstream", CLAIMS,
          "the fraud partner takes 3 s to score", (T + "fraud_score",),
          stub={"fraud": ("--delay", "/score=3")}),
    Cause("payouts_slow", "slow_upstream", CLAIMS,
          "the payments partner takes 3 s to accept payouts", (SETTLE,),
          stub={"payments": ("--delay", "/payouts=3")}),
    Cause("bank_validation_slow", "slow_upstream", CLAIMS,
          "account validation takes 3 s", (BANK,),
          stub={"payments": ("--delay", "/accounts/validate=3")}),
    # hang
    Cause("reassign_self_deadlock", "hang", CLAIMS,
          "reassign takes the board's lock twice", (T + "adjusters.test_reassign",),
          patches=(Patch("claims/claims/adjusters.py", "load = dict(self._load)",
              "load = self.load()"),)),
    Cause("instalment_balancing_loop", "hang", CLAIMS,
          "instalment balancing only ever adds a cent", (T + "premiums.test_instalments",),
          patches=(Patch("claims/claims/premiums.py", "step = CENT if sum(plan) < total else -CENT",
                         "step = CENT"),)),
    Cause("cachetools_rr_loop", "hang", CACHETOOLS,
          "RRCache.popitem draws again while the drawn key is cached",
          ("tests.test_rr", "tests.test_func.RRDecoratorTest"),
          patches=(Patch("cachetools/src/cachetools/__init__.py",
              "key = self.__choice(list(self))\n",
                         "key = self.__choice(list(self))\n"
                         "            while key in self:\n"
                         "                key = self.__choice(list(self))\n"),)),
    # upstream_unreachable
    Cause("fraud_service_down", "upstream_unreachable", CLAIMS,
          "the fraud partner is not running", FRAUD, stub_down=("fraud",)),
    Cause("payments_dns_unknown", "upstream_unreachable", CLAIMS,
          "the payments host name does not resolve", (SETTLE, BANK),
          env={"CLAIMS_PAYMENTS_URL": "http://payments.claims.invalid:8443"}),
    Cause("bank_connection_reset", "upstream_unreachable", CLAIMS,
          "a proxy resets connections to account validation", (BANK,),
          stub={"payments": ("--reset", "/accounts/validate")}),
    # upstream_5xx
    Cause("fraud_score_500", "upstream_5xx", CLAIMS,
          "fraud scoring answers 500", (T + "fraud_score",), stub={"fraud": ("--fail",
              "/score=500")}),
    Cause("fraud_history_503", "upstream_5xx", CLAIMS,
          "fraud history answers 503", (T + "fraud_history",), stub={"fraud": ("--fail",
              "/history=503")}),
    Cause("payouts_502", "upstream_5xx", CLAIMS,
          "the payouts endpoint answers 502", (SETTLE,), stub={"payments": ("--fail",
              "/payouts=502")}),
    Cause("bank_504", "upstream_5xx", CLAIMS,
          "account validation answers 504", (BANK,), stub={"payments": ("--fail",
              "/accounts/validate=504")}),
    # data_contract
    Cause("fraud_verdict_missing", "data_contract", CLAIMS,
          "fraud scores arrive without a verdict", (T + "fraud_score",),
          stub={"fraud": ("--drop-field", "/score=verdict")}),
    Cause("fraud_history_list_missing", "data_contract", CLAIMS,
          "fraud history arrives without its claims list", (T + "fraud_history",),
          stub={"fraud": ("--drop-field", "/history=claims")}),
    Cause("payout_status_unknown", "data_contract", CLAIMS,
          "the payments partner answers a payout status outside the contract", (SETTLE,),
          stub={"payments": ("--status", "settled_partially")}),
    Cause("feed_unknown_product", "data_contract", CLAIMS,
          "the policy feed carries a product code outside the contract", FEED_TESTS,
          patches=(Patch("feeds/policies.csv", "P-2004,Kofi Mensah,PET,",
              "P-2004,Kofi Mensah,LIFE,"),)),
    Cause("feed_missing_deductible", "data_contract", CLAIMS,
          "the policy feed arrives without the deductible column", FEED_TESTS,
          patches=(Patch("feeds/policies.csv", "region,deductible\n", "region\n"),)),
    # test_harness
    Cause("adjuster_roster_renamed", "test_harness", CLAIMS,
          "the roster fixture reads a test-data file under a name it does not have",
              (T + "adjusters",),
          patches=(Patch("claims/tests/conftest.py", ROSTER_FIXTURE,
                         ROSTER_FIXTURE.replace("adjusters.json", "adjuster_roster.json")),)),
    Cause("appeals_test_syntax", "test_harness", CLAIMS,
          "a test module of appeals does not parse", (T + "appeals",),
          patches=(Patch("claims/tests/test_appeals.py",
                         "def test_appeal_for_unknown_claim(db: sqlite3.Connection) -> None:",
                         "def test_appeal_for_unknown_claim(db: sqlite3.Connection) -> None"),)),
    Cause("claims_batch_missing", "test_harness", CLAIMS,
          "the batch test-data file is not in the checkout", (T + "intake.test_batch_numbers",),
          deletes=("claims/tests/data/claims_batch.json",)),
    Cause("documents_teardown_rmdir", "test_harness", CLAIMS,
          "the store fixture's teardown removes a non-empty folder with rmdir", (T + "documents",),
          patches=(Patch("claims/tests/test_documents.py",
                         "shutil.rmtree(settings.document_root / unique_claim, ignore_errors=True)",
                         "(settings.document_root / unique_claim).rmdir()"),)),
    Cause("cachetools_fifo_fixture", "test_harness", CACHETOOLS,
          "an autouse fixture of the FIFO tests reads a case file that is not there",
              ("tests.test_fifo",),
          adds={"cachetools/tests/conftest.py": FIFO_CONFTEST}),
    # product_bug
    Cause("tariff_lookup_lowercase", "product_bug", CLAIMS,
          "tariffs are looked up by the lower-case product code", (T + "premiums.test_quote",
              T + "premiums.test_regional_override"),
          patches=(Patch("claims/claims/premiums.py", "TARIFFS[product.upper()]",
              "TARIFFS[product.lower()]"),)),
    Cause("submission_amount_context", "product_bug", CLAIMS,
          "the amount parser passes a precision where Decimal takes a context",
          (T + "intake.test_submit_single", T + "intake.test_batch_numbers"),
          patches=(Patch("claims/claims/intake.py", 'Decimal(str(raw["amount"]))',
                         'Decimal(str(raw["amount"]), 2)'),)),
    Cause("ledger_balance_row", "product_bug", CLAIMS,
          "the ledger converts the whole result row to int", (T + "ledger",),
          patches=(Patch("claims/claims/ledger.py", "return int(row[0])", "return int(row)"),)),
    Cause("cachetools_typedkey_concat", "product_bug", CACHETOOLS,
          "typedkey adds a type object to the key tuple", ("tests.test_keys", "tests.test_func",
                                                            "tests.test_cached",
                                                                "tests.test_cachedmethod"),
          patches=(Patch("cachetools/src/cachetools/keys.py", "key += tuple(type(v) for v in args)",
                         "key += type(args)"),)),
    Cause("cachetools_ttl_expire_link", "product_bug", CACHETOOLS,
          "TTLCache.expire follows a link attribute that does not exist", ("tests.test_ttl",
              "tests.test_func"),
          patches=(Patch("cachetools/src/cachetools/__init__.py", "            curr = next\n",
                         "            curr = next.following\n"),)),
    # wrong_behaviour
    Cause("region_factor_after_rounding", "wrong_behaviour", CLAIMS,
          "the region factor is applied after rounding the premium", (T + "premiums.test_quote",),
          patches=(Patch("claims/claims/premiums.py",
                         "return (insured_value * rate * factor)"
                         ".quantize(CENT, rounding=ROUND_HALF_UP)",
                         "return (insured_value * rate)"
                         ".quantize(CENT, rounding=ROUND_HALF_UP) * factor"),)),
    Cause("deductible_ignored", "wrong_behaviour", CLAIMS,
          "payouts ignore the policy's deductible", (T + "payouts.test_payable", SETTLE),
          patches=(Patch("claims/claims/payouts.py", "max(claim_amount - deductible, 0)",
              "max(claim_amount, 0)"),)),
    Cause("report_totals_overwrite", "wrong_behaviour", CLAIMS,
          "the report worker keeps the last amount of a kind instead of the sum",
              (T + "reports.test_build_report",),
          patches=(Patch("claims/claims/report_worker.py", 'totals[str(row["kind"])] +=',
                         'totals[str(row["kind"])] ='),)),
    Cause("round_robin_skips", "wrong_behaviour", CLAIMS,
          "the round-robin turn advances by two", (T + "adjusters.test_round_robin",
                                                  T + "adjusters.test_assign_all_balances"),
          patches=(Patch("claims/claims/adjusters.py", "self._turn[region] += 1",
              "self._turn[region] += 2"),)),
    Cause("cachetools_lru_no_refresh", "wrong_behaviour", CACHETOOLS,
          "LRUCache no longer moves a key to the recent end when it is used",
          ("tests.test_lru", "tests.test_func", "tests.test_cachedmethod"),
          patches=(Patch("cachetools/src/cachetools/__init__.py",
                         "            self.__order.move_to_end(key)\n        except KeyError:\n"
                         "            self.__order[key] = None\n\n\nclass MRUCache",
                         "            self.__order[key] = self.__order[key]\n"
                         "        except KeyError:\n"
                         "            self.__order[key] = None\n\n\nclass MRUCache"),)),
    Cause("cachetools_lfu_evicts_most_used", "wrong_behaviour", CACHETOOLS,
          "LFUCache evicts the most frequently used key", ("tests.test_lfu", "tests.test_func"),
          patches=(Patch("cachetools/src/cachetools/__init__.py", "self.__counter.most_common(1)",
                         "self.__counter.most_common()[-1:]"),)),
)

BY_NAME = {c.name: c for c in CAUSES}


def overlaps(a: str, b: str) -> bool:
    """Whether two dotted test prefixes can name the same test."""
    def within(x: str, y: str) -> bool:
        return x == y or x.startswith(y + ".") or x.startswith(y + "[")
    return within(a, b) or within(b, a)


def matches(test_id: str, cause: Cause) -> bool:
    """Whether a dotted test id (classname.name) lies in a cause's targets."""
    return any(test_id == t or test_id.startswith((t + ".", t + "[")) for t in cause.targets)


def conflict(a: Cause, b: Cause) -> bool:
    """Causes of one job whose targets overlap cannot be active on the same night."""
    return a.job == b.job and any(overlaps(x, y) for x in a.targets for y in b.targets)
