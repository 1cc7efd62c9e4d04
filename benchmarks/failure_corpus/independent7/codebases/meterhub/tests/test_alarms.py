import json
import logging

from meterhub.alarms import Dispatcher, raise_alarm

log = logging.getLogger("tests.alarms")


def test_alarm_for_spike(spool_dir):
    path = raise_alarm("HE-100", 480.0, 400.0)
    assert json.loads(path.read_text())["kwh"] == 480.0


def test_no_alarm_below_threshold(spool_dir):
    assert raise_alarm("HE-100", 120.0, 400.0) is None
    assert list(spool_dir.glob("alarm-*.json")) == []


def test_dispatcher_writes_alarms(spool_dir):
    dispatcher = Dispatcher(threshold=100.0)
    dispatcher.start()
    for kwh in (50.0, 150.0, 250.0):
        dispatcher.submit("HE-200", kwh)
    dispatcher.stop()
    log.info("alarms written: %s", dispatcher.written)
    assert len(dispatcher.written) == 2


def test_dispatcher_stops_idle(spool_dir):
    dispatcher = Dispatcher(threshold=100.0)
    dispatcher.start()
    dispatcher.stop()
    assert dispatcher.written == []
