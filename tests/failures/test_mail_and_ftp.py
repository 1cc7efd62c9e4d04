"""Mail and file-drop partners, read from pytest's own JUnit XML of a small project whose
product sends mail with ``smtplib`` and drops files with ``ftplib`` to partners served
on local ports: an SMTP server that hangs up at once is a partner out of reach, and an
FTP server refusing the login is credentials refused."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

CONFTEST = '''
import socket
import threading

import pytest


def serve(answer):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                answer(connection)

    threading.Thread(target=accept, daemon=True).start()
    return listener


def hang_up(connection):
    return None


def refuse_login(connection):
    connection.sendall(b"220 drop ready\\r\\n")
    replies = iter([b"331 Password required\\r\\n", b"530 Login incorrect.\\r\\n"])
    for _ in range(2):
        if not connection.recv(1024):
            return
        connection.sendall(next(replies))


@pytest.fixture
def smtp_port():
    listener = serve(hang_up)
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def ftp_port():
    listener = serve(refuse_login)
    yield listener.getsockname()[1]
    listener.close()
'''

OUTBOX = '''
import ftplib
import io
import smtplib
from email.message import EmailMessage


def send_report(port, body):
    message = EmailMessage()
    message["From"], message["To"] = "qa@example.org", "ops@example.org"
    message["Subject"] = "report"
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as server:
        server.send_message(message)


def drop(port, name, data):
    with ftplib.FTP() as server:
        server.connect("127.0.0.1", port, timeout=5)
        server.login("drop", "wrong-password")
        server.storbinary(f"STOR {name}", io.BytesIO(data))
'''

TESTS = '''
from app import outbox


def test_report_mailed(smtp_port):
    outbox.send_report(smtp_port, "all green")


def test_file_dropped(ftp_port):
    outbox.drop(ftp_port, "rota.csv", b"day,shift")
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(tmp_path_factory.mktemp("outbox"), {
        "app/__init__.py": "", "app/outbox.py": OUTBOX, "tests/conftest.py": CONFTEST,
        "tests/test_outbox.py": TESTS})


def test_an_smtp_server_hanging_up_is_a_partner_out_of_reach(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_report_mailed"]
    assert category == "upstream_unreachable", evidence


def test_an_ftp_server_refusing_the_login_is_credentials_refused(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_file_dropped"]
    assert category == "credentials_refused", evidence
