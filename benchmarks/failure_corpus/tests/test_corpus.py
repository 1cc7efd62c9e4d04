"""Each test fails for the reason its name gives (see qatron.yml)."""

from __future__ import annotations

import os
import sqlite3
import urllib.request
import uuid
from pathlib import Path

import requests
from shop.orders import new_order, parse_order, total


def get(url: str, timeout: float = 5.0) -> requests.Response:
    return requests.get(url, timeout=timeout)


def test_upstream_unreachable__closed_port_1(closed_port: int) -> None:
    get(f"http://127.0.0.1:{closed_port}/orders/{uuid.uuid4()}")


def test_upstream_unreachable__closed_port_2(closed_port: int) -> None:
    get(f"http://127.0.0.1:{closed_port}/users/{uuid.uuid4()}")


def test_upstream_unreachable__socket_refused(closed_port: int) -> None:
    urllib.request.urlopen(f"http://127.0.0.1:{closed_port}/", timeout=2)


def test_credentials_refused__secure_1(api: str) -> None:
    response = get(f"{api}/secure?user={uuid.uuid4()}")
    response.raise_for_status()


def test_credentials_refused__secure_2(api: str) -> None:
    response = get(f"{api}/secure?session={uuid.uuid4().hex}")
    response.raise_for_status()


def test_credentials_refused__status(api: str) -> None:
    assert get(f"{api}/secure").status_code == 200


def test_upstream_5xx__server_error_1(api: str) -> None:
    response = get(f"{api}/boom?order={uuid.uuid4()}")
    assert response.status_code == 200, response.text


def test_upstream_5xx__server_error_2(api: str) -> None:
    response = get(f"{api}/boom?cart={uuid.uuid4()}")
    assert response.status_code == 200, response.text


def test_upstream_5xx__down(api: str) -> None:
    get(f"{api}/down").raise_for_status()


def test_slow_upstream__slow_1(api: str) -> None:
    get(f"{api}/slow?n={uuid.uuid4()}", timeout=0.2)


def test_slow_upstream__slow_2(api: str) -> None:
    get(f"{api}/slow?m={uuid.uuid4()}", timeout=0.2)


def test_schema_drift__missing_table(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / f"shop-{uuid.uuid4().hex}.db")
    db.execute("SELECT id FROM orders WHERE id = ?", (str(uuid.uuid4()),))


def test_integrity_violation__unique_1(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "shop.db")
    db.execute("CREATE TABLE users (email TEXT UNIQUE)")
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    db.execute("INSERT INTO users VALUES (?)", (email,))
    db.execute("INSERT INTO users VALUES (?)", (email,))


def test_integrity_violation__unique_2(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "other.db")
    db.execute("CREATE TABLE users (email TEXT UNIQUE)")
    db.execute("INSERT INTO users VALUES ('a@example.com')")
    db.execute("INSERT INTO users VALUES ('a@example.com')")


def test_wrong_behaviour__vat_1() -> None:
    assert total(100, 20) == 120.0


def test_wrong_behaviour__vat_2() -> None:
    net = int.from_bytes(os.urandom(2), "big") + 1
    assert total(net, 20) == round(net * 1.2, 2)


def test_product_bug__quantity_1() -> None:
    parse_order(new_order())


def test_product_bug__quantity_2() -> None:
    parse_order({"id": str(uuid.uuid4()), "quantity": "many"})


def test_missing_dependency__import() -> None:
    import shop.payments  # noqa: F401 - the module does not exist


def test_test_harness__type_error() -> None:
    order = new_order()
    assert order["quantity"] + 1 == 4


def test_test_harness__attribute() -> None:
    order = new_order()
    assert order.quantity == "3"


def test_test_harness__settings(broken_fixture: dict) -> None:
    assert broken_fixture


def test_flaky__sometimes() -> None:
    marker = Path(os.environ["CORPUS_STATE"]) / "flaky"  # a fresh folder per corpus run
    if not marker.exists():
        marker.write_text("failed once")
        raise AssertionError(f"first attempt fails at {uuid.uuid4()}")


def test_database_unavailable__closed_port_1(closed_port: int) -> None:
    import psycopg2

    psycopg2.connect(host="127.0.0.1", port=closed_port, dbname="shop", user="qa",
                     connect_timeout=2)


def test_database_unavailable__closed_port_2(closed_port: int) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"postgresql+psycopg2://qa@127.0.0.1:{closed_port}/orders")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
