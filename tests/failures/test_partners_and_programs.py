"""How partners, delivered data and installed programs fail, read from pytest's own JUnit
XML of a small dispatch project that calls a real HTTP partner and a real SMTP server (both
served by the project's conftest): a 504 is a server's answer whichever client read it; an
answer cut off in the middle is a partner that could not be reached; an enum value, an
encoding or an XML document the data breaks is a data contract; a program the product
runs that is not installed, a shared library missing or a library's deprecation raised as
an error is a missing dependency; a test timing out while a worker thread waits on a
partner is a slow partner, while one waiting on a lock of ours is a hang; a port another
process holds is the machine's fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

CONFTEST = '''
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Partner(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        return None

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")
        elif self.path.startswith("/status/"):
            self.send_response(int(self.path.rsplit("/", 1)[1]))
            self.end_headers()
            self.wfile.write(b"{}")
        else:
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"parcel": 1')
            self.wfile.flush()
            self.connection.close()


class Mail(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 mail ready\\r\\n")
        for line in self.rfile:
            verb = line.split()[0].upper() if line.split() else b""
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-mail\\r\\n250 AUTH PLAIN LOGIN\\r\\n")
            elif verb == b"AUTH":
                self.wfile.write(b"535 5.7.8 Authentication credentials invalid\\r\\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\\r\\n")
                return
            else:
                self.wfile.write(b"250 ok\\r\\n")


def _serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def partner():
    server = _serve(ThreadingHTTPServer(("127.0.0.1", 0), Partner))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def mail():
    server = _serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), Mail))
    yield server.server_address
    server.shutdown()
'''

DISPATCH = '''
import csv
import ctypes
import enum
import gzip
import json
import smtplib
import socket
import subprocess
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
import xml.etree.ElementTree as ElementTree

import httpx
import pydantic
import requests
import yaml


class Priority(enum.Enum):
    STANDARD = "standard"
    EXPRESS = "express"


def track_requests(url):
    answer = requests.get(url, timeout=5)
    answer.raise_for_status()
    return answer.json()


def track_httpx(url):
    answer = httpx.get(url, timeout=5)
    answer.raise_for_status()
    return answer.json()


def track_urllib(url):
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def priority(order):
    return Priority(order["priority"])


def default_priority(code):
    return Priority(code.upper())


def manifest(path):
    with open(path, encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def customs(document):
    return ElementTree.fromstring(document).findtext("value")


def label(order_id):
    return subprocess.run(["zpl-render", f"{order_id}.zpl"], check=True).returncode


def rates(urls):
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda url: requests.get(url, timeout=30).json(), urls))


def reserve(lock, parcels):
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda parcel: lock.acquire(timeout=4) and parcel, parcels))


def label_by_shell(order_id):
    return subprocess.run(f"zpl-render {order_id}.zpl", shell=True, check=True,
                          capture_output=True).returncode


def barcode_library():
    return ctypes.CDLL("libzint-dispatch.so.9")


class Parcel(pydantic.BaseModel):
    weight_g: int


def parcel(record):
    return Parcel.parse_obj(record)


def tariffs(document):
    return yaml.safe_load(document)


def bundle(path):
    with gzip.open(path, "rt") as delivered:
        return delivered.read()


def rows(path):
    with open(path, newline="") as delivered:
        return list(csv.reader(delivered))


def notify(host, port):
    with smtplib.SMTP(host, port, timeout=5) as smtp:
        smtp.login("dispatch", "not-the-password")


def status_page(port):
    listener = socket.socket()
    listener.bind(("127.0.0.1", port))
    listener.listen()
    return listener
'''

TESTS = '''
import gzip

import pytest

from app import dispatch


@pytest.mark.parametrize("client", ["requests", "httpx", "urllib"])
def test_gateway_timeout(partner, client):
    getattr(dispatch, f"track_{client}")(f"{partner}/status/504")


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_answer_cut_off(partner, client):
    getattr(dispatch, f"track_{client}")(f"{partner}/parcels/1")


def test_priority_of_the_order():
    assert dispatch.priority({"priority": "overnight"})


def test_priority_code_the_code_makes():
    assert dispatch.default_priority("Standard")


def test_manifest_encoding(tmp_path):
    delivered = tmp_path / "manifest.csv"
    delivered.write_bytes("parcel,town\\n1,Zürich\\n".encode("latin-1"))
    assert dispatch.manifest(delivered)


def test_customs_document():
    assert dispatch.customs("<declaration><value>12</value>") == "12"


def test_label_printer():
    assert dispatch.label(7) == 0


def test_mail(mail):
    dispatch.notify(*mail)


@pytest.mark.timeout(1)
def test_rates_in_a_pool(partner):
    assert dispatch.rates([f"{partner}/slow"] * 2)


@pytest.mark.timeout(1)
def test_reserve_in_a_pool(partner):
    lock = dispatch.threading.Lock()
    lock.acquire()
    assert dispatch.reserve(lock, [1, 2])


def test_label_by_shell():
    assert dispatch.label_by_shell(7) == 0


def test_barcode_library():
    assert dispatch.barcode_library()


@pytest.mark.filterwarnings("error")
def test_parcel_record():
    assert dispatch.parcel({"weight_g": 250}).weight_g == 250


def test_tariffs_document():
    assert dispatch.tariffs("zones: [1, 2")


def test_manifest_bundle(tmp_path):
    whole = gzip.compress(b"parcel,town\\n" * 500)
    (tmp_path / "bundle.csv.gz").write_bytes(whole[: len(whole) // 2])
    assert dispatch.bundle(tmp_path / "bundle.csv.gz")


def test_manifest_rows(tmp_path):
    delivered = tmp_path / "rows.csv"
    delivered.write_text("parcel,notes\\n1," + "x" * 200_000 + "\\n")
    assert dispatch.rows(delivered)


def test_status_page(partner):
    dispatch.status_page(int(partner.rsplit(":", 1)[1]))


def test_local_archive():
    assert dispatch.track_urllib("file:///srv/archive/parcels/1.json")
'''


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("dispatch")
    return pytest_failures(project, {"pytest.ini": "[pytest]\njunit_logging = all\n",
                                     "app/__init__.py": "", "app/dispatch.py": DISPATCH,
                                     "tests/conftest.py": CONFTEST,
                                     "tests/test_dispatch.py": TESTS})


def _verdict(failures: dict[str, Failure], name: str) -> tuple[str, str]:
    analysed = Analyser().analyse([failures[name]]).failures[0]
    return analysed.category, analysed.evidence


@pytest.mark.parametrize("client", ["requests", "httpx", "urllib"])
def test_a_gateway_timeout_is_a_server_error_whichever_client_read_it(
        failures: dict[str, Failure], client: str) -> None:
    assert _verdict(failures, f"test_gateway_timeout[{client}]")[0] == "upstream_5xx"


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_an_answer_cut_off_in_the_middle_is_a_partner_that_could_not_be_reached(
        failures: dict[str, Failure], client: str) -> None:
    assert _verdict(failures, f"test_answer_cut_off[{client}]")[0] == "upstream_unreachable"


def test_an_enum_value_of_a_field_of_the_data_is_a_data_contract(
        failures: dict[str, Failure]) -> None:
    category, evidence = _verdict(failures, "test_priority_of_the_order")
    assert category == "data_contract"
    assert "order[\"priority\"]" in evidence and "is not a valid Priority" in evidence
    assert _verdict(failures, "test_priority_code_the_code_makes")[0] == "product_bug"


@pytest.mark.parametrize("name", ["test_manifest_encoding", "test_customs_document"])
def test_a_delivered_file_in_another_encoding_or_a_broken_document_is_a_data_contract(
        failures: dict[str, Failure], name: str) -> None:
    assert _verdict(failures, name)[0] == "data_contract"


def test_a_program_the_product_runs_that_is_not_installed_is_a_missing_dependency(
        failures: dict[str, Failure]) -> None:
    category, evidence = _verdict(failures, "test_label_printer")
    assert (category, evidence) == ("missing_dependency", "a program the product runs is "
                                                          "not installed: 'zpl-render'")


@pytest.mark.parametrize("name", ["test_label_by_shell", "test_barcode_library",
                                  "test_parcel_record"])
def test_a_program_a_shared_library_or_an_api_going_away_is_a_missing_dependency(
        failures: dict[str, Failure], name: str) -> None:
    assert _verdict(failures, name)[0] == "missing_dependency"


@pytest.mark.parametrize("name", ["test_tariffs_document", "test_manifest_rows",
                                  "test_manifest_bundle"])
def test_a_delivered_document_or_rows_a_parser_rejects_are_a_data_contract(
        failures: dict[str, Failure], name: str) -> None:
    assert _verdict(failures, name)[0] == "data_contract"


def test_a_timeout_while_a_worker_thread_waits_on_a_partner_is_a_slow_partner(
        failures: dict[str, Failure]) -> None:
    category, evidence = _verdict(failures, "test_rates_in_a_pool")
    assert category == "slow_upstream"
    assert evidence.startswith("timed out while a thread of the product waited on the network")
    # the partner's own serving threads, in the same process, are not the product waiting
    assert _verdict(failures, "test_reserve_in_a_pool")[0] == "hang"


def test_a_mail_server_refusing_the_login_refused_the_credentials(
        failures: dict[str, Failure]) -> None:
    assert _verdict(failures, "test_mail")[0] == "credentials_refused"


def test_an_error_raised_inside_a_library_is_not_said_to_be_raised_in_the_tests_file(
        failures: dict[str, Failure]) -> None:
    category, evidence = _verdict(failures, "test_local_archive")
    assert category == "product_bug"
    assert "product code at tests" not in evidence
    assert evidence.startswith("FileNotFoundError raised inside ")


def test_a_port_another_process_holds_is_the_machines_fault(
        failures: dict[str, Failure]) -> None:
    analysed = Analyser().analyse([failures["test_status_page"]]).failures[0]
    assert analysed.category == "infrastructure"
    assert "port in use" in analysed.fingerprint
