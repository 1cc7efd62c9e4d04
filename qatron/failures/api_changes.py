"""Well-known breaking changes of popular libraries and of Python, as their errors read.

Code written for one version of a library and run against another fails where the code
calls it: ``engine.execute(…)`` under SQLAlchemy 2 raises ``AttributeError`` in the
product's own line, as a programming error would. Nothing in one traceback says the
callee is a library's, so the changes QA teams meet most are listed here by the error
they cause. A library that says so itself ("`np.float_` was removed in the NumPy 2.0
release", "`regex` is removed. use `pattern` instead") is read from its words.
"""

from __future__ import annotations

import re

#: (library and version, pattern on an exception's "Type: message").
_KNOWN: list[tuple[str, str]] = [
    ("SQLAlchemy 2.0 removed implicit execution",
     r"'(Engine|Connection|Insert|Update|Delete|Select|Table|TextClause)' object has no "
     r"attribute '(execute|scalar|table_names|has_table)'"),
    ("SQLAlchemy 2.0 removed bound metadata", r"MetaData\.__init__\(\) got an unexpected "
                                              r"keyword argument 'bind'"),
    ("SQLAlchemy 2.0 executes only text() or constructs",
     r"ObjectNotExecutableError: Not an executable object"),
    ("SQLAlchemy 2.0 takes select(a, b), not select([a, b])",
     r"ArgumentError: .*Did you mean to say select\("),
    ("urllib3 2 removed Retry(method_whitelist=)",
     r"Retry\.__init__\(\) got an unexpected keyword argument 'method_whitelist'"),
    ("urllib3 2 removed HTTPResponse.getheaders()",
     r"'(urllib3\.response\.)?(Base)?HTTPResponse' object has no attribute "
     r"'(getheaders|getheader|strict)'"),
    ("urllib3 before 1.26 has no Retry(allowed_methods=)",
     r"Retry\.__init__\(\) got an unexpected keyword argument 'allowed_methods'"),
    ("urllib3 1.x has no HTTPResponse.json()", r"'HTTPResponse' object has no attribute 'json'"),
    ("httpx 0.28 removed proxies= and app=",
     r"(Async)?Client\.__init__\(\) got an unexpected keyword argument '(proxies|app)'"),
    ("pydantic 1 has no model_* methods (they are pydantic 2's)",
     r"has no attribute 'model_(validate(_json)?|dump(_json)?|fields|config|copy|json_schema|"
     r"construct|rebuild|fields_set|extra|computed_fields|post_init)'"),
    ("pandas 2 removed DataFrame.append, iteritems and friends",
     r"'(DataFrame|Series)' object has no attribute '(append|iteritems|ix|as_matrix|"
     r"get_value|set_value|swapaxes|mad|bool)'"),
    ("PyYAML 6 requires yaml.load(..., Loader=)",
     r"load\(\) missing 1 required positional argument: 'Loader'"),
    ("PyJWT 2 requires decode(..., algorithms=)",
     r'pass in a value for the "algorithms" argument'),
    ("Python 3.9 removed Thread.isAlive()", r"'Thread' object has no attribute 'isAlive'"),
    ("Python 3.9 removed Element.getchildren() and getiterator()",
     r"'([\w.]*\.)?Element' object has no attribute '(getchildren|getiterator)'"),
    ("Python 3.9 removed json.loads(encoding=)",
     r"JSONDecoder\.__init__\(\) got an unexpected keyword argument 'encoding'"),
    ("Python 3.10 removed asyncio's loop= arguments",
     r"\w+\(\) got an unexpected keyword argument 'loop'"),
    ("Python 3 has no dict.has_key() or iteritems()",
     r"'dict' object has no attribute '(has_key|iteritems|iterkeys|itervalues)'"),
    ("Python 3.9 removed array.tostring() and fromstring()",
     r"'array\.array' object has no attribute '(tostring|fromstring)'"),
    ("Python 3.11 removed random.sample() of a set", r"Population must be a sequence\."),
    ("Python 3.12 removed unittest's deprecated assert aliases",
     r"object has no attribute '(assertEquals|assertNotEquals|assertItemsEqual|"
     r"assertRegexpMatches|assertNotRegexpMatches|assertRaisesRegexp|assertDictContainsSubset|"
     r"assertAlmostEquals|assertNotAlmostEquals|failUnless\w*|failIf\w*|assert_)'"),
    ("Python 3.12 removed importlib.metadata's dict interface",
     r"'(EntryPoints|SelectableGroups)' object has no attribute '(get|keys|values|items)'"),
]
_KNOWN_PATTERNS = [(change, re.compile(pattern)) for change, pattern in _KNOWN]

#: A library saying that the name the code used is gone: "`np.float_` was removed in the
#: NumPy 2.0 release", "`regex` is removed. use `pattern` instead", "`BaseSettings` has
#: been moved to the `pydantic-settings` package", "`np.float` was a deprecated alias".
_SAYS_REMOVED = re.compile(
    r"`[\w.]+`\s+(was|is|has been|were|have been)\s+(removed|moved|renamed)\b|"
    r"`[\w.]+` was a deprecated alias")


def known_change(text: str) -> str | None:
    """The library change an exception chain's text (its ``Type: message`` lines) shows,
    if a known one."""
    if "`" in text:
        said = _SAYS_REMOVED.search(text)
        if said is not None:
            return f"the library says {said.group(0)}"
    for change, pattern in _KNOWN_PATTERNS:
        if pattern.search(text):
            return change
    return None
