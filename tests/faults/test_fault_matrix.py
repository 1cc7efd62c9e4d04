"""The fault matrix: signals to every part of a run, at every phase, with real parts.

``qatron run`` runs as a subprocess against a real Prefect server, on the
project of :mod:`tests.faults.project`, whose gate files hold the run in the
phase under test; the matrix watches the results store and the run folder,
strikes, lets the run go on, and then checks what the README promises:

* the stored status is final, the exit code is its code in the README's table
  and ``--json`` says the same; the Prefect flow run is final under that name;
  the signalled process ended promptly (teardown has a deadline; nothing may
  keep it waiting on a phase it was told to stop);
* no process started for the run, no database, no container and no temporary
  folder is left;
* every result pytest reported (``shards/shard-N*.jsonl``) is in the results
  store with the same outcome — after ``qatron resume`` when the QAtron process
  itself was killed, as the README prescribes.

Which combinations are meaningful, and why the others are left out:

* QAtron process: SIGINT (Ctrl-C) and SIGTERM (CI runners, Kubernetes) take
  different paths (KeyboardInterrupt, Prefect's TerminationSignal) at each of
  the five phases. SIGKILL leaves recovery to ``qatron resume``; what resume
  meets differs by whether shards were planned and whether they finished:
  provisioning (nothing planned; collection is the same; with a Docker
  container, a database and a process service up, none of which may survive),
  shards (planned, unfinished) and teardown (all finished; reporting is the
  same: teardown and shards are over, nothing is left to rerun).
* Test process: it only exists during collection (``pytest --collect-only``) and
  the shards. During the shards pytest itself answers SIGINT (interrupted,
  exit 2), SIGTERM and SIGKILL (killed by the signal) differently; during
  collection any death is the same failed collection, so SIGKILL only.
* Service: how a service answers a signal is its own business; QAtron only sees
  it gone (SIGKILL): before it was healthy (provisioning: a retry), while tests
  use it (shards; collection is the same: gone before the tests), and while it
  is being stopped (teardown). At reporting the services are already stopped.
* Prefect server: uvicorn stops alike on SIGINT and SIGTERM, and every loss
  looks like a refused connection to the client, so one signal per phase: the
  server lost before the run is marked running (provisioning; collection is the
  same) and after (shards; teardown is the same: the next call is the same
  status update).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from qatron.models import RunStatus
from qatron.processes import OWNER_VAR, stop_group
from qatron.store import ResultsStore
from tests.faults.project import TESTS, write_fault_project
from tests.fixtures.docker import TEST_IMAGE, labelled
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.prefect_server import start_server
from tests.projects import QATRON, alive, processes_with

INT, TERM, KILL = signal.SIGINT, signal.SIGTERM, signal.SIGKILL
PHASE_SECONDS = 90  # to reach a phase (a run takes ~15 s on 2 busy cores)
END_SECONDS = 120  # for a run to end once struck (or resumed)
STOPS_WITHIN = 45  # a signalled run stops its phase and tears down well within this
RUN_ID = 1

#: The gate that holds each phase; every other gate is open from the start.
HOLDS = {"provisioning": "healthy", "collection": "collected", "shards": "release",
         "teardown": None, "reporting": None}
GATES = ("healthy", "collected", "release")


@dataclass(frozen=True)
class Fault:
    target: str  # qatron | shard | service | server
    signal: signal.Signals
    phase: str
    expected: frozenset[str]
    environment: str = "local"

    @property
    def id(self) -> str:
        suffix = "" if self.environment == "local" else f"-{self.environment}"
        return f"{self.target}-{self.signal.name}-{self.phase}{suffix}"


def _faults() -> list[Fault]:
    cancelled = frozenset({"cancelled"})
    finished = frozenset({"completed", "cancelled"})  # the tests were over when struck
    completed = frozenset({"completed"})
    server_lost = frozenset({"completed", "infra_failed"})
    return [
        *[Fault("qatron", sig, phase, cancelled)
          for sig in (INT, TERM) for phase in ("provisioning", "collection", "shards")],
        *[Fault("qatron", sig, phase, finished)
          for sig in (INT, TERM) for phase in ("teardown", "reporting")],
        Fault("qatron", KILL, "provisioning", completed, environment="docker"),
        *[Fault("qatron", KILL, phase, completed) for phase in ("shards", "teardown")],
        Fault("shard", KILL, "collection", frozenset({"failed"})),
        *[Fault("shard", sig, "shards", frozenset({"partial_failed"}))
          for sig in (INT, TERM, KILL)],
        Fault("service", KILL, "provisioning", completed),
        Fault("service", KILL, "shards", frozenset({"failed"})),
        Fault("service", KILL, "teardown", completed),
        Fault("server", TERM, "provisioning", server_lost),
        Fault("server", KILL, "shards", server_lost),
    ]


MATRIX = _faults()


class HeldWebhook:
    """A webhook receiver that can hold its answer (the run stays in reporting)."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.answer = threading.Event()
        self.answer.set()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.arrived.set()
                outer.answer.wait(60)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                """No access log."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.answer.set()
        self.server.shutdown()
        self.server.server_close()


@dataclass
class FaultRun:
    """One case: its project, gates, processes and what it must not leave."""

    fault: Fault
    root: Path
    gates: Path
    temp: Path
    api_url: str
    postgres: PostgresServer
    webhook: HeldWebhook
    docker: Any = None
    server: subprocess.Popen[bytes] | None = None
    process: subprocess.Popen[str] | None = None

    def __post_init__(self) -> None:
        self.name = f"faults-{secrets.token_hex(4)}"
        self.started: list[int] = []
        self.databases_before = set(self.postgres.leftover_databases())

    # -- the run ---------------------------------------------------------------------------

    def write(self) -> None:
        write_fault_project(self.root, self.gates, name=self.name,
                            postgres=self.postgres.url("postgres"), webhook=self.webhook.url,
                            image=TEST_IMAGE)
        hold = HOLDS[self.fault.phase]
        for gate in GATES:
            if gate != hold:
                self.open(gate)
        if self.fault.phase == "teardown":
            self.open("slow-stop")
        if self.fault.phase == "reporting":
            self.open("flaky")
            self.webhook.answer.clear()

    def open(self, gate: str) -> None:
        (self.gates / gate).write_text("")

    def env(self) -> dict[str, str]:
        self.temp.mkdir(exist_ok=True)
        return {**os.environ, "PREFECT_API_URL": self.api_url, "FAULT_GATES": str(self.gates),
                "TMPDIR": str(self.temp)}

    def start(self, *args: str) -> subprocess.Popen[str]:
        self.process = subprocess.Popen(
            [str(QATRON), *args, "--project", str(self.root), "--json"], env=self.env(),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.started.append(self.process.pid)
        return self.process

    def finish(self) -> tuple[int, str, str]:
        assert self.process is not None
        try:
            out, err = self.process.communicate(timeout=END_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill_tree()
            out, err = self.process.communicate()
            pytest.fail(f"{self.fault.id}: qatron did not end within {END_SECONDS} s of the "
                        f"fault:\n{err[-3000:]}")
        return self.process.returncode, out, err

    @property
    def run_dir(self) -> Path:
        return self.root / ".qatron" / "runs" / str(RUN_ID)

    def store(self) -> ResultsStore:
        return ResultsStore(f"sqlite:///{self.root / '.qatron' / 'results.db'}")

    def status(self) -> str | None:
        if not self.run_dir.is_dir():
            return None
        try:
            with self.store() as store:
                record = store.get_run(RUN_ID)
        except Exception:  # noqa: BLE001 - the store may be busy being written: ask again
            return None
        return record.status if record else None

    def record(self) -> Any:
        with self.store() as store:
            return store.get_run(RUN_ID)

    # -- phases and strikes ----------------------------------------------------------------

    def reached(self) -> bool:
        gates, phase = self.gates, self.fault.phase
        if phase == "provisioning":
            return (gates / "service.pids").exists() and self.status() == "provisioning"
        if phase == "collection":
            return (gates / "collecting").exists() and self.provisioned()
        if phase == "shards":
            return all((gates / f"blocked-{n}").exists() for n in (3, 4)) and \
                {TESTS[0], TESTS[1]} <= set(self.reported())
        if phase == "teardown":
            return (gates / "service-stopping").exists()
        return self.webhook.arrived.is_set() and self.status() == "reporting"

    def reach(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + PHASE_SECONDS
        while not self.reached():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill_tree()
                out, err = self.process.communicate()
                pytest.fail(f"{self.fault.id}: the run never reached {self.fault.phase} "
                            f"(exit {self.process.returncode}, status {self.status()}):\n"
                            f"{out[-1500:]}\n{err[-3000:]}")
            time.sleep(0.05)

    def provisioned(self) -> bool:
        """Whether the flow got its environment back: the provisioning task run completed
        (the environment file alone is written before the task has returned)."""
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

        if not (self.run_dir / "environment.json").exists():
            return False
        flow_run_id = self.record().flow_run_id
        with get_client(sync_client=True) as client:
            task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[UUID(flow_run_id)])))
        return any(t.name.startswith("provision") and t.state is not None
                   and t.state.is_completed() for t in task_runs)

    def victim(self) -> int:
        target, gates = self.fault.target, self.gates
        if target == "qatron":
            assert self.process is not None
            return self.process.pid
        if target == "shard":
            name = "collecting" if self.fault.phase == "collection" else "blocked-3"
            return int((gates / name).read_text())
        if target == "service":
            return int((gates / "service.pids").read_text().split()[-1])
        raise AssertionError(target)

    def strike(self) -> None:
        self.struck = time.monotonic()
        if self.fault.target == "server":
            assert self.server is not None
            os.killpg(self.server.pid, self.fault.signal)
        else:
            os.kill(self.victim(), self.fault.signal)
        if self.fault.target != "qatron":  # let the run go on past the fault
            hold = HOLDS[self.fault.phase]
            if hold:
                self.open(hold)
        self.webhook.answer.set()

    # -- what a run reported and left ------------------------------------------------------

    def reported(self) -> dict[str, str]:
        """Each test's last outcome in the shards' result streams (attempts in order)."""
        outcomes: dict[str, str] = {}
        folder = self.run_dir / "shards"
        streams = sorted(folder.glob("shard-*.jsonl"), key=lambda p: (p.name.count("retry"),
                                                                      p.name))
        for stream in streams:
            for line in stream.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == "result":
                    outcomes[event["nodeid"]] = event["outcome"]
        return outcomes

    def stored(self) -> dict[str, str]:
        with self.store() as store:
            summary = store.load_summary(RUN_ID)
        return {r.nodeid: r.outcome.value for r in summary.results} if summary else {}

    def live_processes(self) -> list[str]:
        found = {pid: "command line names the project" for pid in processes_with(str(self.root))}
        owners = {f"{OWNER_VAR}={socket.gethostname()}:{pid}".encode() for pid in self.started}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or not alive(entry.name):
                continue
            try:
                environ = set((entry / "environ").read_bytes().split(b"\0"))
            except OSError:
                continue
            if environ & owners:
                found[int(entry.name)] = "started by the run (owner marker)"
        return [f"{pid} {_cmdline(pid)[:150]} ({why})" for pid, why in sorted(found.items())]

    def containers(self) -> list[str]:
        if self.docker is None:
            return []
        return [c["Names"][0].lstrip("/")
                for c in labelled(self.docker, f"qatron.project={self.name}")]

    def new_databases(self) -> list[str]:
        return sorted(set(self.postgres.leftover_databases()) - self.databases_before)

    def temporary(self) -> list[str]:
        if not self.temp.is_dir():
            return []
        return sorted(p.name for p in self.temp.iterdir() if not p.name.startswith("pytest-of-"))

    # -- clean-up --------------------------------------------------------------------------

    def kill_tree(self) -> None:
        for pid in self.started:
            if alive(pid):
                _signal_group(pid, KILL)

    def cleanup(self) -> None:
        self.webhook.answer.set()
        self.kill_tree()
        for _ in range(2):
            for line in self.live_processes():
                _signal_group(int(line.split()[0]), KILL)
            time.sleep(0.2)
        for name in self.new_databases():
            self.postgres.drop_database(name)
        if self.docker is not None:
            import docker.errors

            for container in labelled(self.docker, f"qatron.project={self.name}"):
                with contextlib.suppress(docker.errors.NotFound):
                    self.docker.api.remove_container(container["Id"], force=True, v=True)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, sig)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"


def _settled(check: Callable[[], list[str]], seconds: float = 10) -> list[str]:
    """What ``check`` still finds once things had ``seconds`` to go away."""
    deadline = time.monotonic() + seconds
    found = check()
    while found and time.monotonic() < deadline:
        time.sleep(0.2)
        found = check()
    return found


@pytest.fixture
def webhook() -> Iterator[HeldWebhook]:
    hook = HeldWebhook()
    yield hook
    hook.close()


@pytest.fixture
def cases() -> Iterator[list[FaultRun]]:
    made: list[FaultRun] = []
    yield made
    for run in made:
        run.cleanup()


@pytest.fixture
def private_prefect() -> Iterator[Callable[[], tuple[str, subprocess.Popen[bytes]]]]:
    """Start a Prefect server of the test's own (the matrix kills it)."""
    started: list[subprocess.Popen[bytes]] = []
    homes: list[tempfile.TemporaryDirectory[str]] = []

    def start() -> tuple[str, subprocess.Popen[bytes]]:
        home = tempfile.TemporaryDirectory(prefix="qatron-prefect-faults-")
        homes.append(home)
        (Path(home.name) / "owner.pid").write_text(str(os.getpid()))
        url, process = start_server(Path(home.name))
        started.append(process)
        return url, process

    yield start
    for process in started:
        stop_group(process, timeout=10)
    for home in homes:
        home.cleanup()


@pytest.mark.parametrize("fault", MATRIX, ids=lambda fault: fault.id)
def test_a_fault_ends_in_the_readme_status_and_leaves_nothing(
    fault: Fault, tmp_path: Path, request: pytest.FixtureRequest, prefect_api_url: str,
    postgres_server: PostgresServer, webhook: HeldWebhook, cases: list[FaultRun],
    private_prefect: Callable[[], tuple[str, subprocess.Popen[bytes]]],
) -> None:
    docker = request.getfixturevalue("docker_engine") if fault.environment == "docker" else None
    server = None
    api_url = prefect_api_url
    if fault.target == "server":
        api_url, server = private_prefect()
    run = FaultRun(fault, tmp_path / "p", tmp_path / "gates", tmp_path / "tmp", api_url,
                   postgres_server, webhook, docker=docker, server=server)
    cases.append(run)
    run.write()

    run.start("run", "--suite", "all", "--env", fault.environment)
    run.reach()
    run.strike()
    code, out, err = run.finish()
    took = time.monotonic() - run.struck
    reported = run.reported()
    first_flow_run = None
    if fault.target == "qatron" and fault.signal is KILL:
        first_flow_run = run.record().flow_run_id
        for gate in GATES:
            run.open(gate)
        run.start("resume", str(RUN_ID))
        code, out, err = run.finish()
        reported = {**reported, **run.reported()}

    record = run.record()
    said = f"{fault.id}: exit {code}, stored {record.status!r} ({record.message})\n{err[-3000:]}"
    status = RunStatus(record.status)
    assert status.terminal, said
    assert code == status.exit_code, said
    assert json.loads(out)["status"] == record.status, said
    assert record.status in fault.expected, said

    if fault.target != "server":  # the killed server cannot be asked
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            state = client.read_flow_run(record.flow_run_id).state
            assert state is not None and state.name == status.state_name, \
                f"{said}\nPrefect flow run state: {state}"
            if first_flow_run and first_flow_run != record.flow_run_id:
                first = client.read_flow_run(first_flow_run).state
                assert first is not None and first.is_final(), \
                    f"{fault.id}: the killed run's flow run {first_flow_run} stays {first}"

    assert not _settled(run.live_processes), f"processes left: {run.live_processes()}; {said}"
    assert not run.new_databases(), f"databases left: {run.new_databases()}; {said}"
    assert not run.containers(), f"containers left: {run.containers()}; {said}"
    assert not run.temporary(), f"temporary files left: {run.temporary()}; {said}"

    stored = run.stored()
    lost = {nodeid: (outcome, stored.get(nodeid)) for nodeid, outcome in reported.items()
            if stored.get(nodeid) != outcome}
    assert not lost, f"{fault.id}: reported by pytest, (reported, stored): {lost}"
    assert took < STOPS_WITHIN, f"{fault.id}: qatron ended {took:.0f} s after the fault"
