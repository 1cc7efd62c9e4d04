"""Product code written for another version of a library (or of Python) than the one
installed fails at its own line, as a programming error would: read from pytest's own
JUnit XML of a small project calling the installed SQLAlchemy 2, urllib3 2, httpx 0.28,
pydantic 2, NumPy 2, pandas and PyYAML 6 the way their earlier (or later) versions were
called. Its own mistakes stay product bugs: a keyword its own class does not take, an
attribute read from a dict, a field its pydantic model does not have."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

LEGACY = '''
import array
import asyncio
import json
import random
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import httpx
import numpy as np
import pandas as pd
import sqlalchemy as sa
import yaml
from pydantic import BaseModel, Field
from urllib3.util.retry import Retry


def engine_execute():
    return sa.create_engine("sqlite://").execute("select 1").scalar()


def raw_sql():
    with sa.create_engine("sqlite://").connect() as connection:
        return connection.execute("select 1").scalar()


def bound_metadata():
    return sa.MetaData(bind=sa.create_engine("sqlite://"))


def select_list():
    return sa.select([sa.table("stock", sa.column("sku"))])


def retry_policy():
    return Retry(total=3, method_whitelist=["GET"])


def proxied_client():
    return httpx.Client(proxies="http://127.0.0.1:3128")


def patterned_model():
    class Sku(BaseModel):
        code: str = Field(regex=r"^[A-Z]+$")
    return Sku(code="AB")


def prices():
    return np.zeros(3, dtype=np.float_)


def appended():
    return pd.DataFrame({"sku": [1]}).append({"sku": 2}, ignore_index=True)


def children(document):
    return ET.fromstring(document).getchildren()


def worker_alive():
    worker = threading.Thread(target=print)
    worker.start()
    worker.join()
    return worker.isAlive()


def codes(counts):
    return [code for code in counts if counts.has_key(code)]


def packed():
    return array.array("b", [1, 2]).tostring()


def sampled():
    return random.sample({"A1", "B2", "C3"}, 2)


def settings(text):
    return yaml.load(text)


def decoded(text):
    return json.loads(text, encoding="utf-8")


async def pause():
    await asyncio.sleep(0, loop=asyncio.get_running_loop())


@dataclass
class Movement:
    sku: str
    quantity: int


def movement():
    return Movement(sku="A1", name="crate")


def amount(row):
    return row.amount


class Slot(BaseModel):
    start: str


def slot_end():
    return Slot(start="09:00").end
'''

TESTS = '''
import asyncio

import pytest

from app import legacy

CHANGED = ["engine_execute", "raw_sql", "bound_metadata", "select_list", "retry_policy",
           "proxied_client", "patterned_model", "prices", "appended", "worker_alive", "packed",
           "sampled"]


@pytest.mark.parametrize("call", CHANGED)
def test_changed(call):
    getattr(legacy, call)()


def test_children():
    assert legacy.children("<stock><sku/></stock>")


def test_codes():
    assert legacy.codes({"A1": 1}) == ["A1"]


def test_settings():
    assert legacy.settings("zone: 1") == {"zone": 1}


def test_decoded():
    assert legacy.decoded("{}") == {}


def test_pause():
    asyncio.run(legacy.pause())


def test_movement():
    assert legacy.movement()


def test_amount():
    assert legacy.amount({"amount": 3}) == 3


def test_slot_end():
    assert legacy.slot_end()
'''

CHANGED = ["engine_execute", "raw_sql", "bound_metadata", "select_list", "retry_policy",
           "proxied_client", "patterned_model", "prices", "appended", "worker_alive", "packed",
           "sampled"]


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("stockroom")
    return pytest_failures(project, {"app/__init__.py": "", "app/legacy.py": LEGACY,
                                     "tests/test_legacy.py": TESTS})


def _verdict(failures: dict[str, Failure], name: str) -> tuple[str, str]:
    analysed = Analyser().analyse([failures[name]]).failures[0]
    return analysed.category, analysed.evidence


@pytest.mark.parametrize("call", CHANGED)
def test_a_library_called_as_another_version_is_called_is_a_missing_dependency(
        failures: dict[str, Failure], call: str) -> None:
    category, evidence = _verdict(failures, f"test_changed[{call}]")
    assert category == "missing_dependency", evidence
    assert "installed version is not the one the code was written for" in evidence


@pytest.mark.parametrize("name", ["test_children", "test_settings", "test_decoded",
                                  "test_pause", "test_codes"])
def test_a_call_python_or_a_library_no_longer_takes_is_a_missing_dependency(
        failures: dict[str, Failure], name: str) -> None:
    assert _verdict(failures, name)[0] == "missing_dependency"


def test_the_library_saying_what_was_removed_is_quoted(failures: dict[str, Failure]) -> None:
    evidence = _verdict(failures, "test_changed[prices]")[1]
    assert "the library says `np.float_` was removed" in evidence


@pytest.mark.parametrize("name", ["test_movement", "test_amount", "test_slot_end"])
def test_the_products_own_mistakes_stay_product_bugs(failures: dict[str, Failure],
                                                     name: str) -> None:
    category, evidence = _verdict(failures, name)
    assert category == "product_bug", evidence
    assert "app/legacy.py" in evidence
