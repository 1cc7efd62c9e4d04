"""A failure's category: the user's rules first, then QAtron's built-in causes.

User rules are qatron.yml's ``failure_analysis.categories``: ordered, each a name and
regular expressions matched (case-insensitively) against the message, traceback and
captured output; the first rule with a matching pattern wins, as in Allure's
categories.json. Then the built-in causes (:data:`CATEGORIES`), decided from the whole
exception chain (every exception, root cause first; see :mod:`qatron.failures.chain`),
the phase the test failed in and where the root exception was raised. Captured logs and
output count for infrastructure faults, and only where the chain shows a mere symptom
otherwise (the log's ERROR lines; a WARNING the product logged before an assertion on
its answer): a log line about another problem must not decide the cause.
"""

from __future__ import annotations

import builtins
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qatron.failures.api_changes import known_change
from qatron.failures.chain import ChainedException, exception_chain
from qatron.failures.frames import (
    SYNTAX_ERRORS,
    Frame,
    installed_package,
    is_library,
    is_product,
    is_test_path,
    syntax_error_place,
)
from qatron.failures.model import Failure, Verdict
from qatron.failures.needles import lowered, may_match, needles
from qatron.failures.plugins import missing_plugin

#: The built-in causes, in the order they are tried, with what each means.
CATEGORIES: dict[str, str] = {
    "flaky": "failed, then passed on a rerun in the same run (or flaky by its history)",
    "infrastructure": "the test process or machine failed: killed by a signal, out of "
                      "memory, disk full, a read-only or missing volume, a worker crashed",
    "credentials_refused": "a service or database refused the credentials: HTTP 401/403, "
                           "a wrong database password, an expired token",
    "database_unavailable": "the database could not be used: unreachable, locked, too many "
                            "connections, starting up or shutting down",
    "schema_drift": "the database schema is not what the code expects: a missing table or "
                    "column, a migration not applied",
    "integrity_violation": "a write broke a database constraint: unique, foreign key, not "
                           "null, check",
    "missing_dependency": "a module or a name in it cannot be imported, or an installed "
                          "library's API is not the one the code was written for",
    "slow_upstream": "a service the product calls was too slow: a client read or connect "
                     "timeout, or a hang waiting on the network",
    "hang": "our own code did not finish in time: a test timeout while it computed, "
            "waited on a lock or looped",
    "upstream_unreachable": "a service the product calls could not be reached: connection "
                            "refused or reset, unknown host, no route",
    "upstream_5xx": "a service answered with a server error: HTTP 500, 502, 503 or 504",
    "data_contract": "data broke its declared contract: a required field missing, a wrong "
                     "type or enum value, a schema or expectation failed",
    "test_harness": "the test code itself is wrong: a broken fixture, missing test data, an "
                    "error raised in test code, a failure at collection",
    "product_bug": "a programming error in product code: an exception (TypeError, KeyError, "
                   "…) raised there",
    "wrong_behaviour": "the product ran but did the wrong thing: an assertion on its output "
                       "failed",
    "unknown": "none of the above",
}
#: The categories of earlier versions, for routing and rules in existing qatron.yml files.
LEGACY: dict[str, tuple[str, ...]] = {
    "hang": ("timeout",), "slow_upstream": ("timeout",),
    "database_unavailable": ("database_connection",),
    "upstream_unreachable": ("network",), "credentials_refused": ("authentication",),
    "upstream_5xx": ("dependency_unavailable",),
    "test_harness": ("fixture_setup", "test_code"), "missing_dependency": ("test_code",),
    "schema_drift": ("data_validation",), "integrity_violation": ("data_validation",),
    "data_contract": ("data_validation",), "product_bug": ("product_error",),
    "wrong_behaviour": ("product_assertion",),
}
FLAKY_SCORE = 0.3
#: Exceptions a failing ``assert`` or a test framework's own check raises.
ASSERTIONS = frozenset({"AssertionError", "Failed", "AssertError", "AssertionFailedError",
                        "ComparisonFailure", "DocTestFailure"})


@dataclass(frozen=True)
class Rule:
    """A category named by a pattern over a failure's text."""

    category: str
    pattern: re.Pattern[str]
    confidence: float
    evidence: str


def compile_rules(categories: Sequence[tuple[str, Sequence[str]]], source: str) -> list[Rule]:
    """User rules from (name, patterns) pairs; ``source`` names them in the evidence."""
    return [Rule(name, re.compile(pattern, re.IGNORECASE), 0.99,
                 f"{source} rule {name!r}: /{pattern}/")
            for name, patterns in categories for pattern in patterns]


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_HTTP = r"(HTTP|status(_code)?|response|<Response|Server Error|Client Error|urllib|requests|" \
        r"httpx|aiohttp|url)"
#: A service's answer in a domain error's words: "answered 503", "refused with 401".
_ANSWERED = r"\b(answered|responded|replied|returned|refused|rejected|denied|failed)" \
            r"( (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS))?( /?[\w./{}-]+)?( with)?" \
            r"( an?)?( (HTTP|status|code|status code))?:? "
#: Built-in text signals over the exception chain, in order: (category, pattern,
#: confidence, what it means). Checked after the flaky and before the structural checks.
_SIGNALS: list[tuple[str, re.Pattern[str], float, str]] = [
    ("infrastructure", _r(r"test process (was killed by signal|ended \(exit code|died)|"
                          r"ended without saving its results|no heartbeat from the shard|"
                          r"\bMemoryError\b|out of memory|OOM[- ]?kill|Cannot allocate memory|"
                          r"No space left on device|Disk quota exceeded|\bENOSPC\b|"
                          r"\[Errno 28\]|database or disk is full|"
                          r"worker (crashed|died|'\w+' crashed)|"
                          r"Killed by signal|\bSIGKILL\b|node down:|crashed while running|"
                          r"File too large|\bEFBIG\b|\[Errno 27\]|BrokenProcessPool|"
                          r"terminated abruptly|Read-only file system|\[Errno 30\]|"
                          r"Signals\.SIG(KILL|SEGV|BUS|ABRT)\b|non-zero exit status -(6|7|9|11)\b|"
                          r"Segmentation fault|core dumped|Too many open files|\[Errno 24\]|"
                          r"\bEMFILE\b|disk I/O error|\[Errno 5\] Input/output error|"
                          r"OutOfMemory(Error)?\b|used memory > 'maxmemory'|\bOOM command not "
                          r"allowed|Address already in use|\[Errno 98\]|\bEADDRINUSE\b"),
     0.95, "the test process, worker or machine failed"),
    ("credentials_refused", _r(
        r"password authentication failed|Access denied for user|authentication failed|"
        r"pg_hba\.conf rejects connection|no pg_hba\.conf entry|"
        r"\b(401|403)\b[^\n]{0,40}(Unauthori[sz]ed|Forbidden|Client Error)|"
        r"(status(_code)?|HTTP)[^\n]{0,12}\b(401|403)\b|\b(401|403) [!=]= |[!=]= (401|403)\b|"
        r"<Response \[(401|403)\]>|\bUnauthori[sz]ed\b|\bForbidden\b|invalid (api )?token|"
        r"token (has )?expired|not authenticated|invalid credentials|bad credentials|"
        r"invalid api key|InvalidPassword|permission denied for (table|relation|schema|database)|"
        r"NoCredentialsError|Unable to locate credentials|\((InvalidAccessKeyId|"
        r"SignatureDoesNotMatch|ExpiredToken(Exception)?|InvalidClientTokenId|"
        r"UnrecognizedClientException|AccessDenied(Exception)?)\)|"
        r"StatusCode\.(UNAUTHENTICATED|PERMISSION_DENIED)\b|NOAUTH Authentication required|"
        r"\bWRONGPASS\b|Authentication(Error|Failed|Exception)\b|Authentication required|"
        rf"{_ANSWERED}(401|403)\b|invalid (api[ _-]?)?(key|token)\b|Signature has expired|"
        r"\bExpiredSignatureError\b|\berror_perm: 530\b|\b530 Login incorrect\b"),
     0.9, "the credentials were refused"),
    ("database_unavailable", _r(
        r"database is locked|database table is locked|too many (clients|connections)|"
        r"remaining connection slots are reserved|the database system is (starting up|"
        r"shutting down|in recovery)|unable to open database file|"
        r"server closed the connection unexpectedly|could not connect to server|"
        r"connection to server (at|on) [^\n]* failed|Is the server running|"
        r"(OperationalError|InterfaceError|DatabaseError)[^\n]*(could not connect|"
        r"connection (to server|refused|already closed)|terminating connection)|"
        r"database \S+ does not exist|QueuePool limit|pool[^\n]{0,20}timed? ?out|"
        r"database is unreachable|cannot connect to (the )?database|"
        r"could not translate host name|attempt to write a readonly database|"
        r"redis\.exceptions\.(ConnectionError|TimeoutError|BusyLoadingError)|"
        r"Error \d+ connecting to [\w.-]+:\d+|Redis is loading|MySQL server has gone away|"
        r"Lost connection to MySQL server|Can't connect to (local )?MySQL server|"
        r"Lock wait timeout exceeded|Deadlock found when trying to get lock|deadlock detected|"
        r"could not obtain lock|\bLockNotAvailable\b|\bPoolTimeout\b|"
        r"couldn't get a connection after|Can't create a connection to host|"
        r"connection timeout expired|canceling statement due to statement timeout|"
        r"in a read-only transaction|"
        r"\bReadOnlySqlTransaction\b|running with the --read-only option|"
        r"write against a read only replica|max number of clients reached|\bMISCONF\b"),
     0.92, "the database could not be used"),
    ("schema_drift", _r(
        r"no such (table|column)|has no column named|(relation|column|table) \"?[\w.]+\"? "
        r"does not exist|\bUndefined(Table|Column)\b|Unknown column|Table '[^']+' doesn't "
        r"exist|no such function|table \w+ has \d+ columns but \d+ values|"
        r"column [\w.\"]+ (is of type|cannot be cast)|"
        r"(migration|schema)[^\n]{0,40}(not applied|out of date|mismatch|pending)|"
        r"\bNoSuch(Table|Column)Error\b|\bUndefinedFunction\b|function [\w.]+\([^)]*\) does "
        r"not exist|Target database is not up to date|Can't locate revision identified by|"
        r"(relation|table|column|index) \"?[\w.]+\"? (of relation \"?[\w.]+\"? )?already "
        r"exists|\bDuplicate(Table|Column)\b|duplicate column name"),
     0.92, "the schema is not what the code expects"),
    ("integrity_violation", _r(
        r"\bIntegrityError\b|(UNIQUE|NOT NULL|FOREIGN KEY|CHECK|PRIMARY KEY) constraint "
        r"failed|violates (unique|foreign key|not-null|check|exclusion) constraint|"
        r"duplicate key value|Duplicate entry|\b(Unique|ForeignKey|NotNull|Check)Violation\b|"
        r"null value in column|Cannot (add or update a child|delete or update a parent) row|"
        r"Column '\w+' cannot be null"),
     0.92, "a write broke a database constraint"),
    ("missing_dependency", _r(
        r"\bModuleNotFoundError\b|No module named|\bImportError\b|cannot import name|"
        r"DistributionNotFound|VersionConflict|PackageNotFoundError|"
        r"module '[\w.]+' has no attribute|requires [\w-]+[<>=!~]=?[\d.]+ but|"
        r"incompatible (library|version)|version mismatch|SessionNotCreatedException|"
        r"only supports \w+ version \d+|cannot open shared object file|"
        r"cannot load library"),
     0.9, "a module or an API of a library is missing"),
    ("slow_upstream", _r(
        r"\b(Read|Connect|Write|Pool)Timeout(Error)?\b|Read timed out|"
        r"timed out while (reading|waiting for (the )?(response|upstream))|"
        r"socket\.timeout|TimeoutException|urlopen error timed out|"
        r"upstream[^\n]{0,40}(timed out|too slow)|"
        r"StatusCode\.DEADLINE_EXCEEDED\b|(Read|Connect) timeout on endpoint URL|"
        r"(?m:\b(TimeoutError|socket\.timeout): (timed out|The (read|write|handshake) "
        r"operation timed out)\s*$)"),
     0.88, "a service the product calls was too slow"),
    ("hang", _r(
        r"Failed: Timeout \(?>|\bTimeout \(?>\s*[\d.]+s|suite timed out|deadline exceeded|"
        r"deadlock|\bTimeoutError\b|timed out after [\d.]+ ?s|took longer than|"
        r"did not (finish|complete|return) (with)?in"),
     0.85, "our own code did not finish in time"),
    ("upstream_unreachable", _r(
        r"ConnectionRefusedError|Connection refused|\[Errno 111\]|ConnectionResetError|"
        r"Connection reset by peer|NewConnectionError|Failed to establish a new connection|"
        r"Name or service not known|Temporary failure in name resolution|"
        r"nodename nor servname|getaddrinfo failed|No route to host|Network is unreachable|"
        r"httpx\.ConnectError|\bConnectError\b|RemoteDisconnected|"
        r"(?-i:\bE(CONNREFUSED|CONNRESET|NOTFOUND|HOSTUNREACH)\b)|Connection aborted|"
        r"server disconnected|cannot reach|unreachable|Cannot connect to host|"
        r"ERR_(CONNECTION_(REFUSED|RESET|TIMED_OUT)|NAME_NOT_RESOLVED)|"
        r"StatusCode\.UNAVAILABLE\b|failed to connect to all addresses|"
        r"CERTIFICATE_VERIFY_FAILED|\bSSLError\b|\bIncompleteRead\b|Connection broken:|"
        r"peer closed connection without sending|\bRemoteProtocolError\b|"
        r"Response payload is not completed|Not enough data to satisfy content length|"
        r"\bSMTP(ServerDisconnected|ConnectError)\b|Connection unexpectedly closed"),
     0.9, "a service could not be reached"),
    ("upstream_5xx", _r(
        r"\b(500|502|503|504)\b[^\n]{0,40}(Bad Gateway|Service Unavailable|Gateway Time-?out|"
        r"Server Error|Internal Server Error)|"
        rf"{_HTTP}[^\n]{{0,24}}\b50[0-4]\b|\b50[0-4] [!=]= |[!=]= 50[0-4]\b|"
        r"<Response \[50[0-4]\]>|Internal Server Error|Service Unavailable|Bad Gateway|"
        r"failed (its|the) health check|Gateway Time-?out|\b50[0-4] (from|returned)|"
        r"returned 50[0-4]|"
        r"\((ServiceUnavailable|InternalError|InternalFailure|SlowDown)\)|"
        r"StatusCode\.INTERNAL\b|too many 50\d error responses|"
        rf"{_ANSWERED}50[0-4]\b"),
     0.87, "a service answered with a server error"),
    ("data_contract", _r(
        r"\b(Class|Iterable)?ValidationError\b|While structuring \w|is a required property|"
        r"[Ff]ield required|missing required "
        r"(field|property|key)|required field|is not of type|is not one of|"
        r"is not valid under any of the given schemas|Additional properties are not allowed|"
        r"\bSchemaError\b|\b\w*Contract(Error|Violation|Breach)\b|contract (violat|broken)|"
        r"does not match (the )?"
        r"(schema|contract|pattern)|\bJSONDecodeError\b|Expecting value: line|"
        r"decode JSON with unexpected mimetype|"
        r"unexpected (field|column|key)\b|invalid (enum|literal) value|"
        r"expectation[^\n]*failed|dataset::|not a valid (enum|choice|value)|"
        r"\blacks (the )?(columns?|fields?|keys?|propert(y|ies)|attributes?)\b|\blacks \[['\"]|"
        r"\bmissing (required )?(columns?|fields?|keys?|propert(y|ies))\b|"
        r"\b(answer|response|reply|payload|body|record|row|message|document|event|entry) "
        r"without ['\"]\w+['\"]|codec can't decode byte|\bXMLSyntaxError\b|"
        r"ParseError: (not well-formed|no element found|mismatched tag|junk after document|"
        r"unclosed token)|\b_?csv\.Error\b|\byaml\.(scanner|parser|composer)\.\w+Error\b|"
        r"Error tokenizing data|Compressed file ended before the end-of-stream marker|"
        r"Not a gzipped file|\bBad(Gzip|Zip)File\b|File is not a zip file|"
        r"Error -3 while decompressing data"),
     0.85, "data broke its declared contract"),
]
#: What a product's own exception says in plain words, when it dropped the library's error
#: (``raise … from None``): read only from exceptions, never from an assertion's values
#: (a test may assert on these very words). In order: (category, pattern, what it means).
_SAID_IN_WORDS: list[tuple[str, re.Pattern[str], str]] = [
    ("infrastructure", _r(r"\bdisk (is )?full\b|out of disk space"),
     "the machine failed, the product says"),
    ("credentials_refused", _r(
        r"\b(token|credentials?|api[ _-]?key|password|login)s? (was |were |is |are |has been )?"
        r"(rejected|refused|revoked|expired|not accepted)\b|\b(rejected|refused|revoked) "
        r"(the |our )?(token|credentials?|api[ _-]?key|password|login)\b|\baccess denied\b|"
        r"\bnot authori[sz]ed\b"), "the credentials were refused, the product says"),
    ("database_unavailable", _r(
        r"(could not|couldn't|unable to|cannot|can't|failed to) (connect to|reach|open) "
        r"(the )?([\w-]+ )?(database|postgres(ql)?|mysql|sqlite)\b|"
        r"\bno (free |available )?(database )?connections? (available|left)\b|"
        r"\bdatabase (is )?(unavailable|down|not reachable|unreachable)\b"),
     "the database could not be used, the product says"),
    ("schema_drift", _r(r"\btable ['\"]?[\w.]+['\"]? (not found|is missing|doesn't exist)"),
     "the schema is not what the code expects, the product says"),
    ("slow_upstream", _r(
        r"\b(gateway|partner|api|upstream|endpoint|provider|remote|backend)\b[^\n]{0,40}\b"
        r"(timed out|took too long|too slow|did not (answer|respond))|"
        r"\bno (answer|response|reply) (from|within)\b"),
     "a service the product calls was too slow, the product says"),
    ("upstream_unreachable", _r(
        r"(could not|couldn't|unable to|failed to) (reach|contact|connect to)\b|"
        r"refused the connection|\bhost not found\b"),
     "a service could not be reached, the product says"),
    ("data_contract", _r(
        r"\b[\w.-]+\.(jsonl?|ndjson|csv|tsv|xml|ya?ml)(:\d+)+: |\bmissing ['\"]\w+['\"]|"
        r"\b(feed|payload|row|record|file|document|message|entry|line|field)s?\b[^\n]{0,40}"
        r"\b(invalid|malformed|unparseable)\b|"
        r"\b[\w.-]+\.(jsonl?|ndjson|csv|tsv|xml|ya?ml|zip|gz|tar|parquet|xlsx): [^\n]{0,40}"
        r"\b(has no|lacks|is missing|without)\b"),
     "data broke its declared contract, the product says"),
]
#: Exceptions a programming error raises, whatever error wraps them.
_PROGRAMMING_ERRORS = {"TypeError", "AttributeError", "NameError", "UnboundLocalError",
                       "ZeroDivisionError"}
#: A call that does not fit the signature of the function called.
_SIGNATURE = (r"unexpected keyword argument|takes \d+ positional arguments? but|"
              r"missing \d+ required (positional|keyword)|got multiple values for argument")
_SIGNATURE_MISMATCH = re.compile(_SIGNATURE)
#: A call that does not fit a library's API: its signature, or a name it lacks.
_API_MISMATCH = re.compile(rf"{_SIGNATURE}|has no attribute|not (callable|subscriptable)")
#: A data file of the test suite's own, as a traceback shows it (a fixture's path).
_OWN_DATA = re.compile(r"[/\\]tests?[/\\](data|fixtures|samples|testdata|resources)[/\\]"
                       r"[^'\"\s]+\.(jsonl?|ndjson|csv|tsv|xml|ya?ml|txt)\b", re.IGNORECASE)
#: A product call on a test's line handed a record the test wrote itself: a literal dict
#: (``validate({**GOOD, "status": "x"})``, ``load([{"id": 1}])``).
_LITERAL_RECORD = re.compile(r"\w\((?:[^()]*,\s*)?(?:\[\s*)?\{")
#: pytest's location line after a frame's source: ``path.py:12: in func`` or ``: Error``.
_LOCATION = re.compile(r"^([^\s:][^:\n]*\.py):\d+: ")


def _handed_literal(failure: Failure) -> bool:
    """Whether a test's own line (a ``>`` line of a frame in a test module) called the
    product with a record it wrote itself, rather than one read from a partner or a file."""
    pending = ""
    for line in failure.traceback.splitlines():
        if line.startswith(">"):
            pending = line[1:].strip()
            continue
        located = _LOCATION.match(line)
        if located and pending:
            if is_test_path(located.group(1)):
                call = pending.split("(", 1)[0]
                return "." in call and not pending.startswith("with ") \
                    and _LITERAL_RECORD.search(pending) is not None
            pending = ""
    return False


_ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL|FATAL)\b")
#: A call of a module's function in a source line (``shlex`` of ``shlex.quote(…)``).
_MODULE_CALL = re.compile(r"(?<![\w.])([a-z_]\w*)\.\w+\(")
#: A call that creates a file or directory (``mkdir``, ``open(…, "w")``, ``write_text``…).
_WRITES = re.compile(r"\b(mkdir|makedirs|write_text|write_bytes|mkstemp|mkdtemp|"
                     r"NamedTemporaryFile|touch)\(|\bopen\([^)]*['\"][wax]b?\+?['\"]")
_WARNING_LINE = re.compile(r"\bWARN(ING)?\b")
#: A wait on a child process the code started (``communicate``, ``wait``).
_CHILD_WAIT = re.compile(r"[/\\]subprocess\.py|multiprocessing[/\\]")
#: pytest's locals of an event loop's selector polling with nothing scheduled.
_IDLE_LOOP = re.compile(r"^self = <selectors\.\w+Selector object at \w+>, timeout = -1$",
                        re.MULTILINE)
#: Exceptions Python itself defines: a programming error's, unlike a domain error's.
_BUILT_IN_ERRORS = frozenset(name for name, value in vars(builtins).items()
                             if isinstance(value, type) and issubclass(value, BaseException))
_SOCKET_WAIT = re.compile(r"(socket|ssl|selectors|http/client|urllib3|httpx|httpcore|"
                          r"requests)([/\\.][\w/\\.]*)?\.py", re.IGNORECASE)


def categorise(failure: Failure, rules: Sequence[Rule] = ()) -> Verdict:
    """The failure's category with a confidence and the evidence that decided it."""
    return match_rules(failure, rules) or built_in(failure)


def match_rules(failure: Failure, rules: Sequence[Rule]) -> Verdict | None:
    """The first user rule matching the failure's text, if any."""
    if not rules:
        return None
    text = "\n".join((failure.message, failure.traceback, failure.output, failure.log,
                      failure.stdout, failure.stderr))
    for rule in rules:
        if rule.pattern.search(text):
            return Verdict(rule.category, rule.confidence, rule.evidence)
    return None


def built_in(failure: Failure, under_test: frozenset[str] = frozenset()) -> Verdict:
    """The failure's built-in cause (:data:`CATEGORIES`); ``under_test`` names installed
    packages that are the product here (see :mod:`qatron.failures.under_test`)."""
    facts = _Facts.of(failure, under_test)
    for check in _CHECKS:
        verdict = check(failure, facts)
        if verdict is not None:
            return verdict
    return Verdict("unknown", 0.3, "no rule or signal matched")


@dataclass(frozen=True)
class _Facts:
    """What the checks read: the chain, its text, and where the root was raised."""

    chain: list[ChainedException]
    said: str  # every exception's "Type: message" and the E lines, root cause first
    captured: str  # the captured log and output
    frame: Frame | None  # the root exception's innermost frame outside libraries
    under_test: frozenset[str]  # installed packages that are the product here

    @classmethod
    def of(cls, failure: Failure, under_test: frozenset[str] = frozenset()) -> _Facts:
        chain = exception_chain(failure.traceback, failure.message)
        errors = [line[1:].strip() for line in failure.traceback.splitlines()
                  if line.startswith("E ")]
        said = "\n".join(dict.fromkeys([failure.message, *(e.text for e in chain), *errors]))
        root = chain[0] if chain else None
        own = [f for f in (root.frames if root else []) if is_product(f.path, under_test)]
        captured = "\n".join((failure.output, failure.log, failure.stdout, failure.stderr))
        return cls(chain, said, captured, own[-1] if own else None, under_test)

    @property
    def root(self) -> ChainedException | None:
        return self.chain[0] if self.chain else None

    def kinds(self) -> set[str]:
        return {e.name for e in self.chain}

    @property
    def in_words(self) -> tuple[str, str, str] | None:
        """What the chain's exceptions say in plain words (see :data:`_SAID_IN_WORDS`)."""
        return _said_in_words("\n".join(e.text for e in self.chain))

    @property
    def raised_in_product(self) -> bool:
        """Whether the root was raised in product code itself (its innermost frame is ours,
        not a test's), rather than in a library it called."""
        root, frame = self.root, self.frame
        return root is not None and frame is not None and bool(root.frames) \
            and frame is root.frames[-1] and not is_test_path(frame.path)


def _flaky(failure: Failure, facts: _Facts) -> Verdict | None:
    if failure.flaky:
        return Verdict("flaky", 0.95, f"passed on attempt {failure.attempts} after failing")
    if failure.flakiness > FLAKY_SCORE:
        return Verdict("flaky", 0.7, f"flakiness score {failure.flakiness:.2f} in its history")
    return None


def _signals(failure: Failure, facts: _Facts) -> Verdict | None:
    """The first built-in signal the chain's text shows; infrastructure faults also from
    what the test captured."""
    root = facts.root
    expected_raise = root is not None and root.message.startswith("DID NOT RAISE")
    found = None if expected_raise else _first_signal(facts.said)
    if found is not None and _SIGNALS[found[0]][0] == "data_contract" and root is not None \
            and root.name in _PROGRAMMING_ERRORS and found[1] not in root.text \
            and not _raising_line(root.section).lstrip().startswith("raise "):
        found = None  # a validation error wrapping a programming error: the code broke
    if found is None or found[0] > _INFRASTRUCTURE:
        captured = _signal_in(_INFRASTRUCTURE, facts.captured)
        if captured is not None:
            found = _INFRASTRUCTURE, captured
    if found is None:
        return None
    index, matched = found
    category, _, confidence, meaning = _SIGNALS[index]
    if category == "upstream_unreachable" and _DATABASE_DRIVER.search(failure.traceback):
        return Verdict("database_unavailable", 0.85, "a database driver could not reach "
                                                     f"its server: {_quote(matched)}")
    if category == "hang" and _waits_on_network(failure.traceback):
        return Verdict("slow_upstream", 0.8, "timed out while waiting on the network: "
                                             f"{_quote(matched)}")
    if category == "hang" and root is not None and root.name not in ASSERTIONS:
        said = facts.in_words
        if said is not None and said[0] == "slow_upstream":
            return Verdict("slow_upstream", 0.75, f"{said[2]}: {_quote(said[1])}")
    if category == "hang" and _thread_waits_on_network(facts.captured):
        return Verdict("slow_upstream", 0.75, "timed out while a thread of the product "
                                              f"waited on the network: {_quote(matched)}")
    if category == "missing_dependency" and _test_import(failure, facts):
        return Verdict("test_harness", 0.8, f"the test code imports what does not exist: "
                                            f"{_quote(matched)}")
    if category == "data_contract" and (_OWN_DATA.search(failure.traceback)
                                        or _handed_literal(failure)):
        return Verdict("test_harness", 0.8, "the test's own data breaks its format: "
                                            f"{_quote(matched)}")
    if category == "missing_dependency" and _test_attribute(facts):
        return Verdict("test_harness", 0.75, "the test code asks a module for a name it does "
                                             f"not have: {_quote(matched)}")
    if category == "missing_dependency" and _teardown_name(failure, facts):
        return Verdict("test_harness", 0.8, "the test's teardown names what does not "
                                            f"exist: {_quote(matched)}")
    return Verdict(category, confidence, f"{meaning}: {_quote(matched)}")


#: Where the infrastructure signal is in :data:`_SIGNALS`: it alone also reads what the
#: test captured.
_INFRASTRUCTURE = next(index for index, (category, *_) in enumerate(_SIGNALS)
                       if category == "infrastructure")


#: Per signal, texts one of which every text it matches holds (see qatron.failures.needles).
_SIGNAL_NEEDLES = [needles(pattern) for _, pattern, _, _ in _SIGNALS]


@lru_cache(maxsize=4096)
def _first_signal(text: str) -> tuple[int, str] | None:
    """The index in :data:`_SIGNALS` of the first signal ``text`` shows, and the text it
    matched; a signal none of whose needles ``text`` holds is not searched for. Cached:
    the failures of one cause repeat their messages."""
    lowered_text = lowered(text)
    for index, (_, pattern, _, _) in enumerate(_SIGNALS):
        if not may_match(_SIGNAL_NEEDLES[index], lowered_text):
            continue
        match = pattern.search(text)
        if match is not None:
            return index, match.group(0)
    return None


@lru_cache(maxsize=1024)
def _signal_in(index: int, text: str) -> str | None:
    """What the signal ``_SIGNALS[index]`` matched in ``text``, if it shows there."""
    if not may_match(_SIGNAL_NEEDLES[index], lowered(text)):
        return None
    match = _SIGNALS[index][1].search(text)
    return match.group(0) if match is not None else None


def _said(failure: Failure, facts: _Facts) -> Verdict | None:
    """A cause the chain's exceptions name in plain words (see :data:`_SAID_IN_WORDS`); not
    where an assertion failed or a programming error is the root."""
    root = facts.root
    if root is None or root.name in ASSERTIONS or root.name in _PROGRAMMING_ERRORS \
            or facts.kinds() & ASSERTIONS:
        return None
    found = facts.in_words
    if found is None:
        return None
    category, matched, meaning = found
    return Verdict(category, 0.75, f"{meaning}: {_quote(matched)}")


def _said_in_words(text: str) -> tuple[str, str, str] | None:
    for category, pattern, meaning in _SAID_IN_WORDS:
        match = pattern.search(text)
        if match is not None:
            return category, match.group(0), meaning
    return None


def _known_api_change(failure: Failure, facts: _Facts) -> Verdict | None:
    """A well-known breaking change of a library or of Python, wherever it was raised:
    the code was written for another version (see :mod:`qatron.failures.api_changes`)."""
    root = facts.root
    change = known_change(facts.said) if root is not None else None
    if root is None or change is None:
        return None
    return Verdict("missing_dependency", 0.85, f"{change}: the installed version is not the "
                                               f"one the code was written for: "
                                               f"{_quote(root.message)}")


def _plugin_missing(failure: Failure, facts: _Facts) -> Verdict | None:
    """A fixture or marker of a well-known pytest plugin that is not there: the plugin is
    not installed (see :mod:`qatron.failures.plugins`)."""
    found = missing_plugin(f"{failure.message}\n{failure.traceback}")
    if found is None:
        return None
    return Verdict("missing_dependency", 0.85, f"{found[1]} was not found: {found[0]}, which "
                                               "provides it, is not installed")


def _api_mismatch(failure: Failure, facts: _Facts) -> Verdict | None:
    """A TypeError or AttributeError raised inside an installed library, saying our call
    does not fit its API: the library is not the version the code was written for."""
    root = facts.root
    if root is None or root.name not in ("TypeError", "AttributeError") \
            or not _API_MISMATCH.search(root.message):
        return None
    innermost = root.frames[-1] if root.frames else None
    if innermost is not None and failure.phase == "call" and is_test_path(innermost.path) \
            and _SIGNATURE_MISMATCH.search(root.message) and (
                facts.under_test or _calls_standard_library(_raising_line(root.section))):
        return Verdict("missing_dependency", 0.7, "the test calls an API the installed code "
                                                  f"does not have: {_quote(root.message)}")
    if innermost is None or not is_library(innermost.path) or _reads_own_attribute(facts):
        return None
    return Verdict("missing_dependency", 0.8, f"{root.name} inside "
                                              f"{installed_package(innermost.path)}: "
                                              f"{_quote(root.message)}")


def _calls_standard_library(line: str) -> bool:
    """Whether a source line calls a function of a standard library module (``shlex.quote(``)."""
    return any(module in sys.stdlib_module_names for module in _MODULE_CALL.findall(line))


def _reads_own_attribute(facts: _Facts) -> bool:
    """An ``AttributeError`` a library's attribute hook raised (a pydantic model's
    ``__getattr__``) for a name product code read at its own line: the product asked its
    object for what it does not have."""
    root = facts.root
    if root is None or root.name != "AttributeError" or facts.frame is None \
            or facts.frame is root.frames[-1] or is_test_path(facts.frame.path):
        return False
    name = re.search(r"has no attribute '(\w+)'", root.message)
    return name is not None and re.search(
        rf"\.{name.group(1)}\b", _raising_line(root.section, facts.frame)) is not None


def _deprecated(failure: Failure, facts: _Facts) -> Verdict | None:
    """A library's deprecation warning raised as an error: the installed version is not the
    one the code was written for."""
    root = facts.root
    if root is None or not re.search(r"Deprecat|^FutureWarning$", root.name):
        return None
    return Verdict("missing_dependency", 0.75, f"{root.name}: the installed library's API "
                                               f"is going away: {_quote(root.message)}")


def _logged(failure: Failure, facts: _Facts) -> Verdict | None:
    """When the chain shows only a symptom (a missing key, a wrong status), the errors the
    test's log recorded may name the cause: its ERROR and CRITICAL lines, signals only."""
    errors = error_lines(failure)
    if not errors:
        return None
    found = _first_signal(errors)
    if found is None:
        return None
    category, _, confidence, meaning = _SIGNALS[found[0]]
    return Verdict(category, round(confidence - 0.15, 2),
                   f"{meaning}, the test's log says: {_quote(found[1])}")


def _warned(failure: Failure, facts: _Facts) -> Verdict | None:
    """An assertion on the product's answer that says nothing more, where the product
    logged a WARNING naming a cause and went on (an error returned, not raised): the
    warning's signal. A client's retry that may have succeeded does not count."""
    root = facts.root
    if root is None or root.name not in ASSERTIONS:
        return None
    warnings = "\n".join(line for line in _captured_lines(failure, _WARNING_LINE)
                         if "Retrying (" not in line)
    found = _first_signal(warnings) if warnings else None
    if found is None:
        return None
    category, _, confidence, meaning = _SIGNALS[found[0]]
    return Verdict(category, round(confidence - 0.25, 2),
                   f"{meaning}, the product's warning says: {_quote(found[1])}")


def error_lines(failure: Failure) -> str:
    """The ERROR and CRITICAL lines of what the test captured (log, stderr, output)."""
    return "\n".join(_captured_lines(failure, _ERROR_LINE))


def _captured_lines(failure: Failure, level: re.Pattern[str]) -> list[str]:
    """The lines of what the test captured (log, stderr, output) that ``level`` matches."""
    text = "\n".join((failure.log, failure.stderr, failure.output))
    return [line for line in text.splitlines() if level.search(line)]


def _unhealthy(failure: Failure, facts: _Facts) -> Verdict | None:
    sick = sorted(name for name, health in failure.services.items() if health != "ok")
    if not sick:
        return None
    health = failure.services[sick[0]]
    category = "upstream_5xx" if re.search(r"\b50\d\b", health) else "upstream_unreachable"
    return Verdict(category, 0.8, f"service {sick[0]} failed its health check: {health}")


def _child_failed(failure: Failure, facts: _Facts) -> Verdict | None:
    """A command the test body ran (the product's CLI, a script) exited with an error."""
    root = facts.root
    if failure.phase not in ("", "call") or root is None or root.name != "CalledProcessError":
        return None
    status = re.search(r"non-zero exit status (\d+)", root.message)
    if status is None:
        return None
    command = re.search(r"Command '(.{0,80})", root.message)
    if status.group(1) == "127":
        return Verdict("missing_dependency", 0.75, "a program the test ran is not installed "
                                                   "(the shell exited 127): "
                                                   f"{_quote(command.group(1) if command else '')}")
    return Verdict("product_bug", 0.7, f"a command the test ran exited {status.group(1)}: "
                                       f"{_quote(command.group(1) if command else root.message)}")


#: A value that does not convert to the type asked for, as the conversion says it.
_CONVERSION = re.compile(r"invalid literal for (int|float)\(\)|could not convert string to "
                         r"(float|int)|\bConversionSyntax\b|does not match format ['\"]|"
                         r"Invalid isoformat string|is not a valid [A-Z]\w*$")
#: A named field of a record: ``row["weight_g"]``, ``body.get("price")``.
_FIELD = re.compile(r"""\[\s*['"][\w.-]+['"]\s*\]|\.get\(\s*['"][\w.-]+['"]""")


def _field_conversion(failure: Failure, facts: _Facts) -> Verdict | None:
    """A named field of a record (a partner's payload, a delivered file's row) that does
    not convert to the type product code reads it as: the data broke its contract. A
    conversion of anything else (a slice of a string the code parses) stays the code's."""
    root = facts.root
    if root is None or facts.frame is None or is_test_path(facts.frame.path) \
            or not _CONVERSION.search(root.message):
        return None
    line = _raising_line(root.section, facts.frame)
    if not _FIELD.search(line):
        return None
    return Verdict("data_contract", 0.75, f"a field of the data does not convert: "
                                          f"{_quote(line.strip())} raised "
                                          f"{_quote(root.message)}")


_MISSING_FILE = re.compile(r"\[Errno 2\] No such file or directory: '(?P<path>[^']+)'")


def _file_not_there(failure: Failure, facts: _Facts) -> Verdict | None:
    """A file product code opens is not there (none of the tests' own): the volume it is
    on is not mounted or what should have been delivered there was not."""
    root = facts.root
    missing = _MISSING_FILE.search(root.message) if root is not None else None
    if missing is None or failure.phase != "call" or facts.frame is None \
            or is_test_path(facts.frame.path) or is_test_path(missing.group("path")):
        return None
    if root is not None and root.frames and root.frames[-1].path.endswith("subprocess.py") \
            and "/" not in missing.group("path"):
        return Verdict("missing_dependency", 0.75, "a program the product runs is not "
                                                   f"installed: {_quote(missing.group('path'))}")
    return Verdict("infrastructure", 0.6, "a file the product reads is not there (a volume "
                                          f"not mounted?): {_quote(missing.group('path'))}")


def _nowhere_to_write(failure: Failure, facts: _Facts) -> Verdict | None:
    """A file or directory the code creates whose folder is not there, whichever code
    creates it (a fixture's too): the volume it should be on is not mounted."""
    root = facts.root
    if root is None or root.name != "FileNotFoundError":
        return None
    marked = [line for line in root.section.splitlines() if line.startswith(">")]
    if not any(_WRITES.search(line) for line in marked):
        return None
    missing = _MISSING_FILE.search(root.message)
    where = _quote(missing.group("path")) if missing else _quote(root.message)
    return Verdict("infrastructure", 0.65, "a folder the code writes into is not there (a "
                                           f"volume not mounted?): {where}")


def _raising_line(section: str, frame: Frame | None = None) -> str:
    """The source line an exception was raised at, as its traceback shows it: pytest's
    ``>`` line, else the code under Python's last ``File "…", line N`` line. With
    ``frame``, the line shown for that frame (where product code called a library)."""
    lines = section.splitlines()
    if frame is not None:
        at = f"{frame.path}:{frame.line}:"
        native = f'File "{frame.path}", line {frame.line},'
        for index, line in enumerate(lines):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if line.startswith(f"{at} in ") or line.lstrip().startswith(native):
                return following
            if line.startswith(at):
                marked = [m[1:] for m in lines[:index] if m.startswith(">")]
                return marked[-1] if marked else ""
    marked = [line[1:] for line in lines if line.startswith(">")]
    if marked:
        return marked[-1]
    at_file = [index for index, line in enumerate(lines) if line.lstrip().startswith('File "')]
    return lines[at_file[-1] + 1] if at_file and at_file[-1] + 1 < len(lines) else ""


def _harness(failure: Failure, facts: _Facts) -> Verdict | None:
    """An error outside the test body, or raised by test code, or missing test data."""
    kind = facts.root.name if facts.root else "an error"
    if failure.message.startswith("[XPASS(strict)]"):
        return Verdict("test_harness", 0.8, "a test marked as failing passed: its strict xfail "
                                            f"mark is out of date: {_quote(failure.message)}")
    broken = _broken_at_import(failure, facts)
    if broken:
        return Verdict("product_bug", 0.75, f"{kind} in product code at {broken}, met when "
                                            "the tests imported it")
    if _fixture_met_product_error(failure, facts):
        return None  # a fixture's call into the product raised there: the product's
    if failure.phase in ("setup", "teardown", "collection"):
        return Verdict("test_harness", 0.85, f"{kind} in {failure.phase}, outside the test "
                                             "body")
    if re.search(r"fixture '[^']+' not found|failed on (setup|teardown)|error at (setup|"
                 r"teardown) of|collection failure|ERROR collecting", facts.said):
        return Verdict("test_harness", 0.85, f"{kind} in a fixture or at collection")
    if re.search(r"(FileNotFoundError|No such file or directory)[^\n]*(test|fixture|data|"
                 r"sample|golden)", facts.said, re.IGNORECASE):
        return Verdict("test_harness", 0.8, "the test's own data is missing")
    if kind not in ASSERTIONS and facts.frame is not None and is_test_path(facts.frame.path):
        caller = _caller(facts)
        if caller is not None:
            return Verdict("wrong_behaviour", 0.65, f"{kind} in test code the product called "
                                                    f"back from {caller.path}:{caller.line}: "
                                                    "it was handed what it does not take")
        return Verdict("test_harness", 0.8, f"{kind} raised in test code at "
                                            f"{facts.frame.path}:{facts.frame.line}")
    return None


def _fixture_met_product_error(failure: Failure, facts: _Facts) -> bool:
    """A fixture's setup that failed where product code raised (its innermost frame)."""
    setup = failure.phase == "setup" or failure.message.startswith("failed on setup")
    return setup and facts.raised_in_product


def _broken_at_import(failure: Failure, facts: _Facts) -> str:
    """Where product code that a test module imports fails to import (a syntax error, a
    name it uses that is not defined): ``path:line``, else ``""``."""
    root = facts.root
    if failure.phase != "collection" or root is None:
        return ""
    if root.name in SYNTAX_ERRORS:
        shown = syntax_error_place(root.section or failure.traceback)
        if shown and not is_test_path(shown[0]) and not is_library(shown[0]):
            return f"{shown[0]}:{shown[1]}"
        return ""
    if root.name in _PROGRAMMING_ERRORS and facts.raised_in_product and facts.frame:
        return f"{facts.frame.path}:{facts.frame.line}"
    return ""


def _caller(facts: _Facts) -> Frame | None:
    """The product's frame that called the test code the root was raised in (a callback
    or predicate the test handed the product), if the frame before it is the product's."""
    listed = facts.root.frames if facts.root else []
    if len(listed) < 2 or facts.frame is not listed[-1]:
        return None
    caller = listed[-2]
    ours = is_product(caller.path, facts.under_test) and not is_test_path(caller.path)
    return caller if ours else None


def _raised(failure: Failure, facts: _Facts) -> Verdict | None:
    root = facts.root
    if root is None or root.name in ASSERTIONS:
        return None
    if facts.frame is None and root.frames and root.name in ("TypeError", "AttributeError"):
        # raised inside a library, with no frame of ours: its API is not the expected one
        return Verdict("missing_dependency", 0.6, f"{root.name} inside a library: its API "
                                                  "may not be the one the code expects")
    if facts.frame is None:
        inside = f" inside {installed_package(root.frames[-1].path)}" if root.frames else ""
        return Verdict("product_bug", 0.7, f"{root.name} raised{inside} while the test at "
                                           f"{failure.test_file or failure.classname} ran")
    if root.name not in _BUILT_IN_ERRORS and len(facts.chain) == 1 \
            and _raising_line(root.section, facts.frame).lstrip().startswith("raise "):
        return Verdict("wrong_behaviour", 0.6, f"the product refused with its own {root.name} "
                                               f"at {facts.frame.path}:{facts.frame.line}: "
                                               f"{_quote(root.message)}")
    return Verdict("product_bug", 0.75, f"{root.name} raised in product code at "
                                        f"{facts.frame.path}:{facts.frame.line}")


def _caught(failure: Failure, facts: _Facts) -> Verdict | None:
    """The test caught the product's own exception and its assertion about it failed
    (the last of the chain an assertion, the one before it not a built-in exception),
    unless the chain began with a programming error."""
    root = facts.root
    caught = facts.chain[-2] if len(facts.chain) > 1 else None
    if failure.phase not in ("", "call") or root is None or caught is None \
            or facts.chain[-1].name not in ASSERTIONS or caught.name in _BUILT_IN_ERRORS \
            or caught.name in ASSERTIONS or root.name in _PROGRAMMING_ERRORS:
        return None
    return Verdict("wrong_behaviour", 0.7, f"the test caught the product's {caught.name} "
                                           "and its assertion about it failed")


def _migrations_asserted(failure: Failure, facts: _Facts) -> Verdict | None:
    """An assertion on the migrations a database has applied (their files, or its
    migrations table the test read): one is not applied, the schema is not the expected."""
    root = facts.root
    if root is None or root.name not in ASSERTIONS or not (
            _MIGRATION_FILE.search(facts.said) or _MIGRATIONS_TABLE.search(failure.traceback)):
        return None
    return Verdict("schema_drift", 0.7, "an assertion on the migrations the database has "
                                        f"applied failed: {_quote(root.message)}")


#: A migration's file (``004_berths.sql``, ``0007_add_due_date.py``).
_MIGRATION_FILE = re.compile(r"\b\d{3,}_\w+\.(sql|py)\b")
#: The table a migration tool records what it applied in.
_MIGRATIONS_TABLE = re.compile(r"\b(schema_migrations|alembic_version|django_migrations|"
                               r"flyway_schema_history|schema_version)\b")


def _assertion(failure: Failure, facts: _Facts) -> Verdict | None:
    root = facts.root
    if root is not None and root.name not in ASSERTIONS \
            and any(e.link == "child" for e in facts.chain):
        return None  # asserted with a child process's traceback: the child's error
    if root is not None and root.name in ASSERTIONS or (
            root is None or root.name not in _PROGRAMMING_ERRORS) and re.search(
            r"^\s*assert\b|expected .+ (but|got)|\bexpect\(|toEqual|toBe\b", facts.said,
            re.MULTILINE):  # a TypeError's "expected at most 1 argument, got 2" is no check
        if facts.frame is not None and not is_test_path(facts.frame.path) and root is not None \
                and root.name == "AssertionError":
            return Verdict("product_bug", 0.7, "an assertion in product code failed at "
                                               f"{facts.frame.path}:{facts.frame.line}")
        return Verdict("wrong_behaviour", 0.8, "an assertion about the product's output "
                                               "failed")
    return None


_CHECKS: list[Callable[[Failure, _Facts], Verdict | None]] = [
    _flaky, _known_api_change, _plugin_missing, _signals, _said, _api_mismatch, _deprecated,
    _unhealthy, _logged, _child_failed, _field_conversion, _file_not_there, _nowhere_to_write,
    _caught, _harness, _warned, _migrations_asserted, _assertion, _raised,
]


#: A frame of a database client library's own code, as a traceback names its file.
_DATABASE_DRIVER = re.compile(
    r"[/\\](psycopg2?|pg8000|asyncpg|pymysql|MySQLdb|mysql[/\\]connector|cx_Oracle|oracledb|"
    r"pymssql|pyodbc|redis|pymongo|motor|cassandra|clickhouse_driver|sqlalchemy[/\\]engine)"
    r"[/\\][\w/\\]*\.py")


def _waits_on_network(traceback: str) -> bool:
    """A timeout dump (pytest-timeout's stack) whose last frames wait in a socket. An
    asyncio event loop polling with no timeout (``timeout = -1``) has nothing scheduled,
    no client's timeout either: the code awaits something of its own that never comes."""
    tail = [line for line in traceback.splitlines() if ".py" in line][-6:]
    if any("asyncio" in line for line in tail) and _IDLE_LOOP.search(traceback):
        return False
    if any(_CHILD_WAIT.search(line) for line in tail):
        return False  # polling a child process's pipes, not a service
    return any(_SOCKET_WAIT.search(line) for line in tail)


#: A thread's stack as pytest-timeout dumps every thread's on a timeout.
_THREAD_STACK = re.compile(r"^~+ Stack of .+ \(\d+\) ~+$", re.MULTILINE)
#: A frame of an HTTP client's code, as a native traceback names its file.
_CLIENT_FRAME = re.compile(r"[/\\](http[/\\]client|urllib3|httpcore|httpx|requests|aiohttp|"
                           r"urllib[/\\]request|ssl)([/\\][\w/\\]*)?\.py")
#: A thread serving requests (a stub or test server inside the test process).
_SERVING = re.compile(r"socketserver\.py|http[/\\]server\.py|serve_forever|werkzeug[/\\]serving")


def _thread_waits_on_network(captured: str) -> bool:
    """pytest-timeout's dump of the other threads shows one (not a server's) waiting in
    an HTTP client: the test timed out while the product's worker waited on a service."""
    if "Stack of " not in captured:
        return False
    for stack in _THREAD_STACK.split(captured)[1:]:  # what follows each thread's header
        files = [line for line in stack.splitlines() if line.lstrip().startswith('File "')]
        if files and not _SERVING.search(stack) \
                and any(_CLIENT_FRAME.search(line) for line in files[-4:]):
            return True
    return False


def _test_import(failure: Failure, facts: _Facts) -> bool:
    """An import error raised by a test module importing a name of the test code itself
    (a helper or fixture module, by its name or its file) rather than of the product or a
    library."""
    if facts.frame is None or not is_test_path(facts.frame.path):
        return False
    helper = _IMPORTED_FROM.search(facts.said)
    return helper is not None and is_test_path(helper.group(1)) or bool(
        re.search(r"(cannot import name( '\w+' from)?|No module named) "
                  r"'?(tests?|conftest|fixtures|helpers)\b", facts.said))


#: The file of the module a name could not be imported from, as Python's error gives it.
_IMPORTED_FROM = re.compile(r"cannot import name '\w+' from '[\w.]+' \(([^)\n]+)\)")


def _test_attribute(facts: _Facts) -> bool:
    """A test's own line asking a module for a name it does not have (a misspelt
    ``pickle.dumsp``, a helper the product never had): the test code's mistake, where a
    well-known API change (:mod:`qatron.failures.api_changes`) was ruled out before."""
    root = facts.root
    return root is not None and root.name == "AttributeError" and bool(root.frames) \
        and is_test_path(root.frames[-1].path) \
        and _MODULE_ATTRIBUTE.match(root.message) is not None


_MODULE_ATTRIBUTE = re.compile(r"module '[\w.]+' has no attribute '\w+'$")


def _teardown_name(failure: Failure, facts: _Facts) -> bool:
    """A name missing from a module that the test's own setup and body used: the teardown
    code asks for what is not there."""
    return failure.phase == "teardown" and facts.frame is not None \
        and is_test_path(facts.frame.path) and "has no attribute" in facts.said


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:80]}'"
