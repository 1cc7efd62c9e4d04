"""Group failures with one root cause, whatever their wrapper or volatile details.

A failure's fingerprint is ``category | subject | detail | place``, read from the root
exception of its chain (as Sentry groups on the in-app frames): the subject is the thing
the root cause is about (the service a call failed to reach, by its address or else by
the ``partner`` argument of the call that failed, the database a connection
was for (its host alone where nothing listened there), the table, column or constraint,
the module that cannot be imported, the product line that raised, the fixture or data
file of a broken test, the product functions an assertion called, what of the machine
failed: ``disk full``, ``read-only volume``…), or empty where none was found; the detail
is the root exception's family (``timeout``, ``connection``, ``http``…, whichever
library raised it) and its masked message (a long wrapped message also keeps its last
clause, the reason), or for a machine's fault its kind alone (SQLite's "database or disk
is full" and an ``ENOSPC`` are one full disk); the place is the in-app module it was
raised in, else the test file (fixture or helper) it surfaced in. Volatile text (ids,
uuids, addresses, ports, times, temporary paths, counts, quoted values, queries) is
masked. Fingerprints of one category that are alike (:mod:`qatron.failures.similarity`)
are one cluster, across tests, shards and runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

from qatron.failures.categories import ASSERTIONS, error_lines
from qatron.failures.chain import ChainedException, exception_chain
from qatron.failures.frames import (
    SYNTAX_ERRORS,
    Frame,
    installed_package,
    is_library,
    is_test_path,
    syntax_error_place,
)
from qatron.failures.model import Failure
from qatron.failures.plugins import missing_plugin
from qatron.failures.under_test import entered

_KEPT = re.compile(r"\0[a-j]+\0")


def _quoted(match: re.Match[str]) -> str:
    """A quoted value is data, but a status or errno quoted with it stays
    (``'502 Bad Gateway'`` is ``<str> 502``)."""
    return "".join(["<str>", *(f" {kept}" for kept in _KEPT.findall(match.group(0)))])


_MASKS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(https?://[^\s?'\"]*)\?[^\s'\")]*"), r"\1?<query>"),
    (re.compile(r"(/[\w./-]*)\?[\w%.-]+=[^\s'\")]*"), r"\1?<query>"),  # scheme-less URLs
    (re.compile(r"\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b",
                re.I), "<uuid>"),
    (re.compile(r"\b0x[0-9a-f]+\b", re.I), "<addr>"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
                r"\b"), "<time>"),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(\.\d+)?\b"), "<time>"),
    (re.compile(r"\b(\d{1,3}\.){3}\d{1,3}(:\d+)?\b"), "<ip>"),
    (re.compile(r"\blocalhost:\d+\b"), "localhost:<port>"),
    (re.compile(r"(port[ =:]+)\d+", re.I), r"\1<port>"),
    (re.compile(r"(/private)?/(tmp|var/folders|var/tmp)/[^\s'\"),:]*"), "<tmp>"),
    (re.compile(r"\b[0-9a-f]{12,}\b", re.I), "<hex>"),
    (re.compile(r"'[\w./-]+\.py::[^'\n]*'"), "<test>"),  # a test's node id, however long
    (re.compile(r"'[^'\n]{0,60}'|\"[^\"\n]{0,60}\""), _quoted),  # quoted values: data
    (re.compile(r"\b[A-Za-z_-]*\d[A-Za-z0-9_-]*\b"), "<id>"),  # words with a digit: ids
    (re.compile(r"\s+"), " "),
]
#: Statuses and errnos stay: they are the cause, not volatile (a part of an address or of
#: a decimal number is neither).
_KEEP = re.compile(r"(?<![\d.])\b(?:[1-5]\d\d(?!\.\d)|Errno \d+)\b")
_URL = re.compile(r"\b(?:https?|postgres(?:ql)?(?:\+\w+)?|mysql|redis|amqp)://"
                  r"(?:[^@\s/'\"]*@)?(?P<host>[^\s:/'\"?#)]+)(?::\d+)?(?P<path>/[^\s'\"?#)]*)?")
_HOST = re.compile(r"host='?(?P<host>[\w.-]+)'?")
#: The database a connection was for: a DSN's host and name, libpq's ``host=… dbname=…``,
#: a server's ``database "name"``, else the user it logged in as.
_DSN = re.compile(r"\b(?:postgres(?:ql)?|mysql|mariadb|mssql|oracle|cockroachdb)(?:\+\w+)?://"
                  r"(?:[^@\s/'\"]*@)?(?P<host>[^\s:/'\"?#)]+)(?::\d+)?/(?P<name>\w+)")
_CONNINFO = re.compile(r"\bhost=(?P<host>[\w.-]+)\s+(?:\w+=\S+\s+)*?dbname=(?P<name>\w+)")
_NOT_LISTENING = re.compile(r"Connection refused|No route to host|Network is unreachable|"
                            r"could not translate host name|Name or service not known",
                            re.IGNORECASE)
_DATABASE_NAMED = re.compile(r"""\b(?P<kind>database|user) ["'](?P<name>[\w.-]+)["']""")
_QUOTED = re.compile(r"""['"`]([A-Za-z_][\w.]*)['"`]""")
#: A value the data held that its contract rejects (``severity 'severe' not allowed``,
#: ``input_value='urgent'``): each night's data may hold another; the field stays.
_REJECTED_VALUE = re.compile(
    r"""(?:input_value=|\bgot |\bvalue )?(['"`])[^'"`\n]*\1(?=\s*(?:is )?not (?:allowed|"""
    r"""one of|a valid|of type|in\b)|\s*does not match)|(?:input_value=|\bgot |\bvalue )"""
    r"""(['"`])[^'"`\n]*\2""")
_SQL_NAME = re.compile(r"(?:no such (?:table|column)|has no column named|Unknown column|"
                       r"(?:relation|column|table) ['\"]?|constraint failed: |"
                       r"violates \w+(?:[ -]\w+)? constraint ['\"]?|null value in column ['\"]?|"
                       r"Key \()[:\s]*['\"]?(?P<name>[\w.]+)", re.IGNORECASE)
_CONSTRAINT = re.compile(r"violates \w+(?:[ -]\w+)? constraint ['\"]?(?P<name>[\w.]+)")
_MODULE = re.compile(r"No module named '(?P<module>[\w.]+)'|cannot import name '(?P<name>\w+)'"
                     r"(?: from '(?P<source>[\w.]+)')?|module '(?P<owner>[\w.]+)' has no "
                     r"attribute '(?P<attr>\w+)'")
#: Links to an error's documentation, not to the service that failed.
_DOCS = re.compile(r"(Background on this error at|For (more|further) information,? "
                   r"(visit|see|check)|[Ss]ee|docs? at):? *<?https?://\S+|https?://(sqlalche\.me|"
                   r"errors\.pydantic\.dev|docs\.python\.org|[\w.-]*readthedocs\.io)/\S*")
_VERSION = re.compile(r"v\d+(\.\d+)?|api|rest")
_CALLED = re.compile(r"\b([A-Za-z_]\w*)\(")
_BUILTINS = {"len", "str", "int", "float", "list", "dict", "set", "tuple", "sorted", "sum",
             "min", "max", "round", "abs", "any", "all", "isinstance", "repr", "bool", "get",
             "json", "assert", "range", "type", "getattr", "hasattr", "format", "items",
             "keys", "values", "lower", "upper", "strip", "split", "join", "raise_for_status"}
#: unittest's assertion methods (``assertEqual``, ``failUnless``): the assertion, not a
#: function of the product it asserts on.
_ASSERTION_METHOD = re.compile(r"(?:assert|fail)[A-Z]\w*$|fail$")
#: A quoted message (words and a colon), unlike a quoted value, says what went wrong.
_QUOTED_MESSAGE = re.compile(r"""['"]([^'"\n]*\w: [^'"\n]*\s[^'"\n]*)['"]""")
_ABSOLUTE_PATH = re.compile(r"(?<![\w:/])(?:/[\w.@+-]+)+/([\w.@+-]+)")
#: A test module (its frames are the tests' own lines), unlike a support file of tests.
_TEST_MODULE = re.compile(r"(^|/)test_[^/]*$|_test\.\w+$|[._-](test|spec)\.[jt]sx?$|"
                          r"Tests?\.(java|kt)$")
_PHASE_PREFIX = re.compile(r'^failed on (setup|teardown|call) with "|"$')
_FAMILIES = [(re.compile(pattern, re.IGNORECASE), kind) for kind, pattern in (
    ("timeout", r"time_?out|timedout|deadline"),
    ("connection", r"connect|refused|unreachable|gaierror|nameresolution|disconnected|"
                   r"reset"),
    ("http", r"^(HTTPError|HTTPStatusError|ClientResponseError|HTTPException)$"),
    ("integrity", r"integrity|violation"),
    ("database", r"^(OperationalError|InterfaceError|DatabaseError)$"),
    ("import", r"import|modulenotfound"),
    ("validation", r"validation|schema|jsondecode|contract"),
    ("assertion", r"^(AssertionError|Failed|DocTestFailure)$"),
)]
#: A function's definition, as pytest shows the source of a frame (its ``>`` line too).
_DEF = re.compile(r"^>?\s*(?:async\s+)?def\s+(\w+)\s*\(", re.MULTILINE)
#: A method Python calls for an operator or a builtin (``len``, ``in``, ``for``).
_PROTOCOL_METHOD = re.compile(r"^__(?!init__$|call__$)\w+__$")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """``text`` with its volatile parts masked (cached: a cause's failures repeat it)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\0{_letters(len(kept) - 1)}\0"  # no digit: the masks leave it

    text = _KEEP.sub(keep, text)
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return re.sub(r"\0([a-j]+)\0", lambda m: kept[_number(m.group(1))], text).strip()


def _letters(number: int) -> str:
    return "".join("abcdefghij"[int(digit)] for digit in str(number))


def _number(letters: str) -> int:
    return int("".join(str("abcdefghij".index(letter)) for letter in letters))


def fingerprint(failure: Failure, category: str) -> str:
    """The text that names the failure's root cause (see the module docstring):
    ``category | subject | family and masked message | in-app place``."""
    chain = exception_chain(failure.traceback, _PHASE_PREFIX.sub("", failure.message))
    root = chain[0] if chain else None
    subject = _subject(failure, category, chain)
    if category == "hang":  # the timeout, not an error it stopped the handling of
        root = _timed_out(chain) or root
    if category == "infrastructure" and subject:
        detail = subject  # one fault of the machine says itself in many libraries' words
    else:
        detail = f"{family(root.name) if root else failure.phase} {_first_line(failure, root)}"
    # a module missing from the environment is one cause wherever it is imported
    place = "" if category == "missing_dependency" and subject else _module_of(chain)
    return f"{category} | {subject} | {detail.strip()} | {place}"


def family(name: str) -> str:
    """The kind of an exception class, whatever library raised it (``ReadTimeout``,
    ``ReadTimeoutError`` and ``socket.timeout`` are all ``timeout``)."""
    for pattern, kind in _FAMILIES:
        if pattern.search(name):
            return kind
    return name.lower()


def is_test_module(path: str) -> bool:
    """Whether ``path`` names a test module (``test_x.py``, ``x_test.go``, ``x.spec.ts``…)."""
    return bool(_TEST_MODULE.search(path))


def cluster_id(fingerprint_text: str) -> str:
    return hashlib.sha1(fingerprint_text.encode()).hexdigest()[:12]


def _subject(failure: Failure, category: str, chain: list[ChainedException]) -> str:
    """What the root cause is about, or ``""`` where nothing specific was found."""
    said = "\n".join([failure.message, *(e.text for e in chain)])
    root = chain[0] if chain else None
    if category == "flaky":  # a racy test by itself; an error of the environment by its words
        return failure.nodeid.split("[", 1)[0] if root is None or root.name in ASSERTIONS \
            else ""
    if category == "infrastructure":
        return infrastructure_kind(said)
    if category in ("upstream_unreachable", "upstream_5xx", "slow_upstream",
                    "credentials_refused"):
        return (_service(said) or _service(error_lines(failure))
                or _partner_argument(failure.traceback)
                or (_database(f"{said}\n{failure.traceback}")
                    if category == "credentials_refused" else ""))
    if category == "database_unavailable":
        return _database(f"{said}\n{failure.traceback}") or _datastore(chain)
    if category in ("schema_drift", "integrity_violation"):
        return _sql_name(said)
    if category == "missing_dependency":
        plugin = missing_plugin(f"{failure.message}\n{failure.traceback}")
        return plugin[0] if plugin else _module(said)
    if category == "data_contract":
        return " ".join(sorted(set(_QUOTED.findall(_REJECTED_VALUE.sub("", said))))[:3])
    if category == "product_bug":  # a syntax error at its own line, not its importer's
        shown = syntax_error_place(root.section) if root is not None \
            and root.name in SYNTAX_ERRORS else None
        return f"{shown[0].rsplit('/', 1)[-1]}:{shown[1]}" if shown else _own_place(root)
    if category == "hang":  # where a loop or a wait was stopped: any line of one function
        return _hang_place(chain)
    if category == "wrong_behaviour":
        return _asserted(failure)
    if category == "test_harness":
        return _harness(failure, root, said)
    return ""


#: What failed of the machine, by the words every library's error about it uses.
_MACHINE_FAULTS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
    ("disk full", r"No space left on device|Disk quota exceeded|\bENOSPC\b|\[Errno 28\]|"
                  r"database or disk is full"),
    ("file size limit", r"File too large|\bEFBIG\b|\[Errno 27\]"),
    ("read-only volume", r"Read-only file system|\[Errno 30\]|\bEROFS\b"),
    ("out of memory", r"\bMemoryError\b|out of memory|\bOOM\b|Cannot allocate memory|"
                      r"maxmemory|OutOfMemory"),
    ("open files limit", r"Too many open files|\[Errno 24\]|\bEMFILE\b"),
    ("disk i/o", r"disk I/O error|\[Errno 5\] Input/output error"),
    ("port in use", r"Address already in use|\[Errno 98\]|\bEADDRINUSE\b"),
)]


def infrastructure_kind(text: str) -> str:
    """What of the machine failed (``disk full``, ``read-only volume``…), else ``""``."""
    return next((kind for kind, pattern in _MACHINE_FAULTS if pattern.search(text)), "")


def _service(text: str) -> str:
    """The service a call was for: its host (a loopback address as ``local``) and the first
    segment of the path, ports and ids masked."""
    found = _URL.search(_DOCS.sub("", text))
    if found:
        segments = [part for part in (found.group("path") or "").split("/")
                    if part and not _VERSION.fullmatch(part)]
        return f"{_host(found.group('host'))}/{normalise(segments[0]) if segments else ''}"
    found = _HOST.search(text)
    return _host(found.group("host")) if found else ""


#: A frame's argument naming the partner a call was for, as pytest shows a frame's
#: arguments (``partner = 'journey-planner', base_url = …``).
_PARTNER_ARGUMENT = re.compile(r"^(?:\w+ = [^\n]*, )?(?:partner|service|upstream|provider|"
                               r"vendor|remote)(?:_name)? = '([\w.-]+)'", re.MULTILINE)


def _partner_argument(traceback: str) -> str:
    """The partner a call was for, by the argument that names it (the innermost frame's
    that has one), where no message says which service it was; else ``""``."""
    found = _PARTNER_ARGUMENT.findall(traceback)
    return f"partner {normalise(found[-1])}" if found else ""


@lru_cache(maxsize=1024)
def _database(text: str) -> str:
    """The database a connection failed for (``local/orders``, ``database orders``,
    ``user orders_app``), read from the error or its traceback's locals; else ``""``."""
    found = _DSN.search(text) or _CONNINFO.search(text)
    if found and _NOT_LISTENING.search(text):  # nothing answered: any database there
        return _host(found.group("host"))
    if found:
        return f"{_host(found.group('host'))}/{_numbered(found.group('name'))}"
    named = _DATABASE_NAMED.search(text)
    return f"{named.group('kind')} {_numbered(named.group('name'))}" if named else ""


def _numbered(name: str) -> str:
    """A database's or user's name with its numbers masked: a run's own copy (``docket_n04``,
    ``test_db_7``) is one database in every run."""
    return re.sub(r"\d+", "<n>", name.lower())


#: The kind of datastore each driver talks to; another driver is named by its package.
_DATASTORES = {"redis": "redis", "aioredis": "redis", "valkey": "redis", "psycopg2": "postgresql",
               "psycopg": "postgresql", "pg8000": "postgresql", "asyncpg": "postgresql",
               "sqlite3": "sqlite", "aiosqlite": "sqlite", "pymysql": "mysql",
               "MySQLdb": "mysql", "mysql": "mysql", "aiomysql": "mysql",
               "pymongo": "mongodb", "motor": "mongodb"}
#: Packages whose exceptions say nothing of which datastore failed.
_NOT_DRIVERS = {"builtins", "socket", "ssl", "asyncio", "concurrent", "urllib", "http",
                "urllib3", "requests", "httpx", "aiohttp", "_pytest", "pytest"}
_SQLALCHEMY_DRIVER = re.compile(r"^\((\w+)\.")


def _datastore(chain: list[ChainedException]) -> str:
    """The kind of datastore a connection failed for where the error names no database:
    that of the first driver whose exception the chain shows (``redis``, ``postgresql``,
    ``sqlite``), SQLAlchemy's wrapped one included; else ``""``. A Redis and a PostgreSQL
    server down are two causes, though both say only "Connection refused"."""
    for exception in chain:
        package, dot, _ = exception.type.partition(".")
        if package == "sqlalchemy":
            wrapped = _SQLALCHEMY_DRIVER.match(exception.message)
            package = wrapped.group(1) if wrapped else ""
        if dot and package and package not in _NOT_DRIVERS:
            return _DATASTORES.get(package, package.lower())
    return ""


def _host(host: str) -> str:
    if host in ("localhost", "0.0.0.0") or host.startswith("127.") or host == "::1":
        return "local"
    return normalise(host)


def _sql_name(text: str) -> str:
    """The constraint a write broke, else the first table or column named (without the
    table or schema it is qualified by): two check constraints of one table are two
    causes."""
    found = _CONSTRAINT.search(text) or _SQL_NAME.search(text)
    # ``work_orders.priority`` and ``priority``: one column, with or without its table
    return found.group("name").lower().rsplit(".", 1)[-1] if found else ""


def _module(text: str) -> str:
    found = _MODULE.search(text)
    if not found:
        return ""
    if found.group("module"):
        return found.group("module")
    if found.group("name"):
        return f"{found.group('source') or ''}.{found.group('name')}"
    return f"{found.group('owner')}.{found.group('attr')}"


def _in_app(listed: list[Frame]) -> list[Frame]:
    """The frames of the project's code: not a library's, the tests' included. Where the
    only ones outside tests are none, also those of the installed package the test called
    into: the product, when a suite runs against its project installed."""
    ours = [f for f in listed if not is_library(f.path)]
    if any(not is_test_path(f.path) for f in ours):
        return ours
    package = entered(listed)
    if package in ("", "<own>"):
        return ours
    return [f for f in listed
            if not is_library(f.path) or installed_package(f.path) == package]


def _own_place(root: ChainedException | None) -> str:
    """Where the root exception was raised in our code: ``file.py:line`` of the innermost
    in-app frame (a line of the same code is the same place in every run)."""
    own = _in_app(root.frames if root else [])
    return _place(own[-1]) if own else ""


def _hang_place(chain: list[ChainedException]) -> str:
    """Where a timeout stopped our code: ``file.py:function`` of the innermost in-app
    function that is not a protocol method (``__len__``, ``__iter__``…) the loop calls on
    each turn, so that any line of the loop names one place; else ``file.py:line``. A lock
    never released is the function that waits to take it, a protocol method too. The
    exception read is the timeout, not an error it interrupted the handling of."""
    stopped = _timed_out(chain) or (chain[0] if chain else None)
    own = _in_app(stopped.frames if stopped else [])
    if not own or stopped is None:
        return ""
    functions = [frame.func for frame in own]
    innermost = own[-1] is stopped.frames[-1]
    waited = _LOCK_WAIT.search(stopped.section[stopped.section.rfind("\n>"):]) \
        if innermost else None
    if waited:  # a lock never released: where it is taken, whoever takes it
        function = own[-1].func or _enclosing_function(stopped.section)
        return f"{own[-1].path.rsplit('/', 1)[-1]}:{function}" if function else _place(own[-1])
    functions[-1] = functions[-1] or _enclosing_function(
        stopped.section, None if innermost else own[-1]) or next(
        (frame.func for frame in reversed(own[:-1]) if frame.func
         and (frame.path, frame.line) == (own[-1].path, own[-1].line)), "")
    for frame, function in reversed(list(zip(own, functions, strict=True))):
        if function and not _PROTOCOL_METHOD.match(function):
            return f"{frame.path.rsplit('/', 1)[-1]}:{function}"
    return _place(own[-1])


#: A line that waits on a lock: ``with self._lock:``, ``lock.acquire()``.
_LOCK_WAIT = re.compile(r"^>\s*(with\s+[\w.]*lock\w*\s*:|[\w.]*lock\w*\.acquire\()",
                        re.IGNORECASE | re.MULTILINE)


def _timed_out(chain: list[ChainedException]) -> ChainedException | None:
    """The exception of the chain that says a timeout stopped the test, if one does."""
    return next((e for e in reversed(chain) if "Timeout" in e.text), None)


def _enclosing_function(section: str, frame: Frame | None = None) -> str:
    """The function of a frame pytest shows with its source (the innermost one, else
    ``frame``): the last ``def`` up to its ``>`` line, within that frame's own part of the
    traceback (a generator expression's frame shows no ``def``: then none)."""
    header = section.find(f"\n{frame.path}:{frame.line}:") if frame is not None else -1
    if frame is not None and header < 0:
        return ""
    marked = section.rfind("\n>", 0, header if header >= 0 else len(section))
    end = section.find("\n", marked + 1) if marked >= 0 else -1
    shown = section[:end] if end >= 0 else section
    found = _DEF.findall(shown[shown.rfind("\n_ _ _") + 1:])
    return found[-1] if found else ""


def _place(frame: Frame) -> str:
    return f"{frame.path.rsplit('/', 1)[-1]}:{frame.line}"


def _asserted(failure: Failure) -> str:
    """The test module of the failing assertion and the product functions it called: a
    wrong result shows in many assertions of one module, each worded its own way. A
    function the test defined or assigned itself is none of the product's."""
    lines = failure.traceback.splitlines()
    at = max((index for index, line in enumerate(lines) if line.startswith(">")), default=-1)
    line = lines[at][1:].strip() if at >= 0 else ""
    start = max((index for index, shown in enumerate(lines[:at]) if _FRAME_END.match(shown)),
                default=-1)
    own = {name for found in _LOCAL_NAME.findall("\n".join(lines[start + 1:at]))
           for name in found if name}
    called = [name for name in _CALLED.findall(line) if name not in _BUILTINS
              and name not in own and not _ASSERTION_METHOD.match(name)]
    module = failure.test_file.rsplit('/', 1)[-1]
    return f"{module} {' '.join(dict.fromkeys(called))}".strip()


#: Where a frame's part of a pytest traceback ends: its location line or a separator.
_FRAME_END = re.compile(r"^(?:[^\s:][^:\n]*:\d+: |_ _ _|____)")
#: A name the test's own source binds: a function or class it defines, or a variable.
_LOCAL_NAME = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+(\w+)|^\s*(\w+)\s*(?::[^=\n]+)?=(?!=)",
                         re.MULTILINE)


def _harness(failure: Failure, root: ChainedException | None, said: str) -> str:
    """A broken fixture by its name, missing data by its file, else where test code raised."""
    fixture = re.search(r"fixture '(\w+)' not found", said)
    if fixture:
        return f"fixture {fixture.group(1)}"
    missing = re.search(r"No such file or directory: '([^']+)'", said)
    if missing:
        return f"missing {missing.group(1).rsplit('/', 1)[-1]}"
    tests = [f for f in (root.frames if root else []) if is_test_path(f.path)]
    place = _place(tests[-1]) if tests else failure.test_file
    return f"{root.name if root else failure.phase} {place}".strip()


def _first_line(failure: Failure, root: ChainedException | None, words: int = 12) -> str:
    """The root exception's message (a runner's message without its phase prefix), masked,
    its first ``words`` words; a longer one also keeps the first words of its last clause
    (``…failed: too many clients``), where a wrapped message says why."""
    text = root.message if root else next(
        (line.strip() for line in failure.message.splitlines() if line.strip()), "")
    text = _QUOTED_MESSAGE.sub(lambda m: m.group(1), _PHASE_PREFIX.sub("", text))
    text = _ABSOLUTE_PATH.sub(lambda m: m.group(1), text)  # a checkout's folder varies
    text = _DOCS.sub("", text).strip()  # a link to the error's documentation says nothing
    masked = normalise(text).split()
    if len(masked) <= words:
        return " ".join(masked)
    # a wrapped message ("connect failed: … failed: too many clients") ends with its reason
    reason = normalise(text.split("\n", 1)[0]).rsplit(": ", 1)[-1].split()[:words // 2]
    head = masked[:words]
    return " ".join(head + [word for word in reason if word not in head])


def _module_of(chain: list[ChainedException]) -> str:
    """Where the root cause was raised: the in-app module (``shop/reports.py``) of the
    innermost frame outside libraries and tests, of the root exception or else of the
    first exception of the chain that has one; else the innermost test frame: in a test
    module its file name, in a support file (``conftest.py``, a helper) its file and line
    (``conftest.py:46``: the fixture or helper a suite's setup failed in, shared by every
    test that uses it, so one line is one place and two lines are two); else nothing (the
    library a wrapper raised in is not the place: requests and httpx failing alike are
    one cause)."""
    for exception in chain:
        own = [f for f in exception.frames
               if not is_library(f.path) and not is_test_path(f.path)]
        if own:
            return "/".join(own[-1].path.replace("\\", "/").split("/")[-2:])
    tests = [f for exception in chain for f in exception.frames if is_test_path(f.path)]
    if not tests:
        return ""
    path = tests[-1].path.replace("\\", "/")
    return path.rsplit("/", 1)[-1] if _TEST_MODULE.search(path) else _place(tests[-1])
