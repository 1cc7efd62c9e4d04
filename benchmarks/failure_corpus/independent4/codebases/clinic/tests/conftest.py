import datetime as dt
import json
import shutil
import uuid
from pathlib import Path

import pytest

from clinic import appointments, db
from clinic.config import Settings
from clinic.outbox import Outbox

DATA = Path(__file__).parent / "data"
DAY = dt.date(2026, 3, 9)


@pytest.fixture(scope="session")
def settings():
    return Settings.from_env()


@pytest.fixture(scope="session")
def clinicians():
    return json.loads((DATA / "clinicians.json").read_text())


@pytest.fixture
def conn(settings):
    connection = db.connect(settings.dsn)
    yield connection
    with connection.cursor() as cur:
        cur.execute("DELETE FROM patients")
        cur.execute("DELETE FROM clinicians")
    connection.close()


@pytest.fixture
def staffed(conn, clinicians):
    for clinician in clinicians:
        appointments.add_clinician(conn, clinician["code"], clinician["name"],
                                   clinician["speciality"])
    return conn


@pytest.fixture
def patient(staffed):
    return appointments.add_patient(staffed, "Lena Brandt", dt.date(1984, 5, 17),
                                    phone="+4915112345678", insurer_number="A123456789")


def at(hour, minute=0, day=DAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.fixture
def outbox(settings):
    box = Outbox(settings.outbox)
    yield box
    box.clear()
    box.close()


@pytest.fixture
def export_dir(settings):
    folder = settings.export_dir / f"run-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder)
