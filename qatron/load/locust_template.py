"""The locustfile QAtron runs: copied next to ``qatron_load.json``, which says what to do.

Runs only inside Locust's own processes; QAtron never imports it (gevent's monkey
patching breaks Prefect). Nothing from qatron.yml becomes code: endpoints, bodies and
headers are data read from the JSON file.

* ``behaviour``: a ``QAtronUser`` whose tasks are the weighted endpoints;
* ``locustfile``: the user's own file, imported by path, its users and shape taken over;
* ``shape``: a ``QAtronShape`` unless the user's file has a shape of its own;
* ``max_requests``: the runner quits once that many requests were made;
* ``status_file``: the master (or single process) writes its worker count there, and
  at the end ``errors_file``: the failures grouped by error.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent  # type: ignore[import-untyped]
import locust.runners
import locust.stats
from locust import HttpUser, LoadTestShape, between, constant, events
from locust.env import Environment
from locust.exception import StopUser
from locust.runners import MasterRunner, WorkerRunner
from locust.stats import StatsError
from locust.util.load_locustfile import is_shape_class, is_user_class

SPEC: dict[str, Any] = json.loads(
    Path(__file__).with_name("qatron_load.json").read_text(encoding="utf-8"))
SHAPE: dict[str, Any] = SPEC["shape"]
#: Workers report their figures every second (Locust's default: every 3 s), so live
#: progress and ``max_requests`` lag less.
locust.runners.WORKER_REPORT_INTERVAL = 1.0
#: The stats history reaches its file every second (Locust's default: every 5 s), for
#: QAtron's live progress.
locust.stats.CSV_STATS_FLUSH_INTERVAL_SEC = 1

Tick = tuple[int, float] | None


def shape_tick(run_time: float, users_now: int, started: bool) -> Tick:
    """(users, spawn rate) ``run_time`` seconds into the test; None: the test is over."""
    length = float(SHAPE["stages"][-1]["duration"] if SHAPE["stages"] else SHAPE["duration"])
    if run_time >= length:
        return None
    pattern, users, rate = SHAPE["pattern"], int(SHAPE["users"]), SHAPE["spawn_rate"]
    if pattern == "stages":
        stage = next(s for s in SHAPE["stages"] if run_time < s["duration"])
        return int(stage["users"]), float(stage["spawn_rate"])
    if pattern == "ramp_up":  # the last user starts a second before the end, to be seen
        return users, float(rate or users / max(length - 1.0, length / 2))
    at_once = float(rate or users)
    if pattern == "spike":
        inside = length / 3 <= run_time < 2 * length / 3
        return (users if inside else max(1, round(users / 5))), at_once
    if pattern == "volume" and started and users_now == 0:
        return None  # every user made its requests
    return users, at_once


class QAtronShapeBase(LoadTestShape):
    """The shape of qatron.yml's ``shape:``."""

    abstract = True
    #: Whether an earlier tick started users (Locust's ``start`` returns once they run).
    started = False

    def tick(self) -> Tick:
        users_now = self.get_current_user_count()  # type: ignore[no-untyped-call]
        run_time = self.get_run_time()  # type: ignore[no-untyped-call]
        now = shape_tick(run_time, users_now, self.started)
        self.started = now is not None
        return now


class _BehaviourUser(HttpUser):
    abstract = True
    requests_per_user: int | None = None
    made = 0

    def made_request(self) -> None:
        self.made += 1
        if self.requests_per_user is not None and self.made >= self.requests_per_user:
            raise StopUser()


def _endpoint_task(endpoint: dict[str, Any]) -> Callable[[_BehaviourUser], None]:
    expected = set(endpoint["expect_status"])
    wanted = ", ".join(map(str, sorted(expected))) if expected else "a status below 400"
    options: dict[str, Any] = {"name": endpoint["label"], "catch_response": True,
                               "headers": endpoint["headers"] or None}
    if endpoint["body"] is not None:
        options["json"] = endpoint["body"]

    def request(user: _BehaviourUser) -> None:
        with user.client.request(endpoint["method"], endpoint["path"], **options) as response:
            status = response.status_code
            if response.error is not None and not status:
                response.failure(response.error)
            elif (status in expected) if expected else 0 < status < 400:
                response.success()
            else:
                response.failure(f"HTTP {status}, expected {wanted}")
        user.made_request()

    request.__name__ = endpoint["label"]
    return request


def _behaviour_user(behaviour: dict[str, Any]) -> type[HttpUser]:
    think = behaviour["think_time"]
    tasks = {_endpoint_task(e): int(e["weight"]) for e in behaviour["endpoints"]}
    return type("QAtronUser", (_BehaviourUser,), {
        "abstract": False,
        "tasks": tasks,
        "wait_time": between(*think) if isinstance(think, list) else constant(think),
        "requests_per_user": behaviour["requests_per_user"],
        "__module__": __name__,
    })


def _import_user_locustfile(path: str) -> dict[str, Any]:
    """The user's locustfile's users and shapes, imported from ``path``."""
    folder = str(Path(path).parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("qatron_user_locustfile", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the locustfile {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return {name: value for name, value in vars(module).items()
            if is_user_class(value) or is_shape_class(value)}


if SPEC["behaviour"] is not None:
    QAtronUser = _behaviour_user(SPEC["behaviour"])
_found = _import_user_locustfile(SPEC["locustfile"]) if SPEC["locustfile"] else {}
globals().update(_found)
if not any(is_shape_class(value) for value in _found.values()):
    QAtronShape = type("QAtronShape", (QAtronShapeBase,), {"abstract": False,
                                                          "__module__": __name__})


def _write_status(environment: Environment) -> None:
    """Every half second: the worker count and user count, for QAtron to read."""
    runner, target = environment.runner, Path(SPEC["status_file"])
    while runner is not None:
        status = {"t": time.time(), "state": runner.state, "users": runner.user_count,
                  "workers": runner.worker_count if isinstance(runner, MasterRunner) else 0,
                  "missing": len(runner.clients.missing)
                  if isinstance(runner, MasterRunner) else 0}
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(status), encoding="utf-8")
        os.replace(partial, target)
        gevent.sleep(0.5)


def _stop_at_max_requests(environment: Environment, limit: int) -> None:
    """Quit once ``limit`` requests were made (on a master: as the workers reported)."""
    runner = environment.runner
    while runner is not None and runner.stats.total.num_requests < limit:
        gevent.sleep(0.1)
    if runner is not None:
        (Path(SPEC["status_file"]).with_name("max_requests_reached")).write_text(
            str(runner.stats.total.num_requests), encoding="utf-8")
        runner.quit()


def _save_errors(environment: Environment) -> None:
    """The final failures by endpoint and error (the failures CSV lags the last second)."""
    runner = environment.runner
    if runner is not None:
        errors = [{**error.serialize(), "error": StatsError.parse_error(error.error)}
                  for error in runner.stats.errors.values()]
        Path(SPEC["errors_file"]).write_text(json.dumps(errors, default=str), encoding="utf-8")


def _quit_on_sigterm(environment: Environment) -> None:
    """SIGTERM ends the test gracefully, results written. (Locust installs its own handler
    only after a headless shape test ends; until then SIGTERM would kill it outright.)"""
    runner = environment.runner
    if runner is not None:
        gevent.signal_handler(signal.SIGTERM, lambda: gevent.spawn(runner.quit))


def _on_init(environment: Environment, **_: Any) -> None:
    if isinstance(environment.runner, WorkerRunner):
        return
    _quit_on_sigterm(environment)
    events.quit.add_listener(  # type: ignore[no-untyped-call]
        lambda **_: _save_errors(environment))
    gevent.spawn(_write_status, environment)
    if SPEC["max_requests"]:
        gevent.spawn(_stop_at_max_requests, environment, int(SPEC["max_requests"]))


events.init.add_listener(_on_init)  # type: ignore[no-untyped-call]
