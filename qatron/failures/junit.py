"""Failures from JUnit XML written by any runner: pytest, Jest, JUnit/Surefire, Go."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from qatron.errors import ConfigError
from qatron.failures.model import Failure


class DoctypeRefused(ElementTree.ParseError):
    """The file declares a DOCTYPE, which QAtron never reads."""


class _RefuseDoctype(ElementTree.TreeBuilder):
    """Stops the parse at ``<!DOCTYPE``, before any entity it defines is read or expanded."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise DoctypeRefused(
            f"a <!DOCTYPE {name}> declaration is refused: JUnit XML needs none, and the "
            f"entities a DOCTYPE defines can expand without bound; remove the DOCTYPE")


def parse_xml(path: Path) -> ElementTree.Element:
    """The root element of the XML file at ``path``; a DOCTYPE (DTD, entities) is refused.

    Raises ``ElementTree.ParseError`` for malformed XML and ``DoctypeRefused`` (one of
    them) for any DOCTYPE, so entities are never expanded or fetched, however large the file.
    """
    parser = ElementTree.XMLParser(target=_RefuseDoctype())
    return ElementTree.parse(path, parser=parser).getroot()


def read_junit(path: Path) -> list[Failure]:
    """Every ``<failure>`` and ``<error>`` test case of the file, nested suites included.

    ConfigError names the file when it is missing, not JUnit XML or declares a DOCTYPE.
    """
    try:
        root = parse_xml(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except DoctypeRefused as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (ElementTree.ParseError, OSError) as exc:
        raise ConfigError(f"{path}: not JUnit XML ({exc})") from None
    if root.tag not in ("testsuites", "testsuite"):
        raise ConfigError(f"{path}: not JUnit XML (the root element is <{root.tag}>, "
                          f"expected <testsuites> or <testsuite>)")
    failures = []
    for case in root.iter("testcase"):
        for problem in [*case.findall("failure"), *case.findall("error")]:
            failures.append(_failure(case, problem, path))
            break
    return failures


def _failure(case: ElementTree.Element, problem: ElementTree.Element, path: Path) -> Failure:
    classname, name = case.get("classname", ""), case.get("name", "")
    file = case.get("file") or _file_of(classname)
    nodeid = f"{file}::{name}" if file else (f"{classname}::{name}" if classname else name)
    message = problem.get("message") or ""
    body = (problem.text or "").strip()
    kind = problem.get("type") or ""
    if kind and kind not in message and not message.startswith(kind.rsplit(".", 1)[-1]):
        message = f"{kind.rsplit('.', 1)[-1]}: {message}" if message else kind
    output = "\n".join(filter(None, ((case.findtext("system-out") or "").strip(),
                                     (case.findtext("system-err") or "").strip())))
    setup = problem.tag == "error" and ("setup" in message[:40] or "fixture" in message[:60])
    return Failure(nodeid=nodeid, message=message or _first(body), traceback=body,
                   output=output[-4000:], phase="setup" if setup else "call",
                   duration=float(case.get("time") or 0), source=str(path))


def _file_of(classname: str) -> str:
    """pytest writes ``tests.test_api`` for ``tests/test_api.py``; others keep theirs."""
    if classname and "." in classname and classname.split(".")[-1].startswith("test_"):
        return classname.replace(".", "/") + ".py"
    return ""


def _first(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
