"""``load_tests:`` in qatron.yml: who hits what, how hard, for how long, and what passes.

::

    load_tests:
      allowed_hosts: [staging.example.com]     # beyond the environment's own services
      payments:
        target: "{payment-service.url}"
        behaviour:
          think_time: [0.1, 0.5]               # seconds between a user's requests
          endpoints:
            - {path: /health, weight: 1}
            - {method: POST, path: /payments, weight: 3, body: {amount: 1200},
               headers: {Authorization: "Bearer {variables.token}"}}
        shape: {pattern: ramp_up, users: 20, duration: 30}
        criteria: {p95_ms: 200, max_error_rate: 0.01, min_rps: 50,
                   regression: {p95_ms: 20%}}

Either ``behaviour`` (weighted endpoints) or ``locustfile`` (the user's own, relative to
the project folder). Shapes: ``sustained`` (all users for the whole duration),
``ramp_up`` (users added evenly over the duration), ``spike`` (a fifth of the users, all
of them for the middle third, a fifth again), ``volume`` (all users at once, each making
``requests_per_user`` requests as fast as the target answers) and ``stages`` (explicit
steps). ``workers: N`` runs a Locust master with N worker processes; 0 runs one process.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    field_validator,
    model_serializer,
    model_validator,
)

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Name = Annotated[str, Field(pattern=NAME_PATTERN)]
DAY = 24 * 3600.0
Seconds = Annotated[float, Field(gt=0, le=DAY)]
Metric = Literal["p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_response_ms", "rps", "error_rate"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Endpoint(_Model):
    """One request a simulated user makes, ``weight`` times as often as a weight-1 one."""

    path: str = Field(pattern=r"^/")
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] = "GET"
    name: str | None = None
    weight: int = Field(1, ge=1, le=1000)
    body: JsonValue = None
    headers: dict[str, str] = Field(default_factory=dict)
    #: Statuses that count as success; default: any status below 400.
    expect_status: list[Annotated[int, Field(ge=100, le=599)]] = Field(default_factory=list)

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @property
    def label(self) -> str:
        """How results name the endpoint: ``name``, else ``METHOD path``."""
        return self.name or f"{self.method} {self.path}"


class Behaviour(_Model):
    """What each simulated user does: weighted endpoints, with think time between."""

    endpoints: list[Endpoint] = Field(min_length=1)
    #: Seconds a user waits between requests: a number, or [min, max] drawn uniformly.
    think_time: float | tuple[float, float] = 0.0
    #: A user stops after this many requests (a volume test's unit of work).
    requests_per_user: int | None = Field(None, ge=1, le=10_000_000)

    @field_validator("think_time")
    @classmethod
    def _sane_think_time(cls, value: float | tuple[float, float]) -> float | tuple[float, float]:
        low, high = value if isinstance(value, tuple) else (value, value)
        if low < 0 or high < low or high > 3600:
            raise ValueError("seconds from 0 to 3600, a number or [min, max] with min <= max")
        return value


class Stage(_Model):
    """Until ``duration`` seconds into the test, ``users`` users, added or removed at
    ``spawn_rate`` per second."""

    duration: Seconds
    users: int = Field(ge=0, le=100_000)
    spawn_rate: float = Field(10.0, gt=0, le=10_000)


class Shape(_Model):
    pattern: Literal["sustained", "ramp_up", "spike", "volume", "stages"] = "sustained"
    users: int = Field(10, ge=1, le=100_000)
    #: Users started per second (default: all at once for sustained/spike/volume; over
    #: the whole duration for ramp_up).
    spawn_rate: float | None = Field(None, gt=0, le=10_000)
    duration: Seconds = 30.0
    stages: list[Stage] = Field(default_factory=list)

    @model_validator(mode="after")
    def _stages_with_stages(self) -> Shape:
        if (self.pattern == "stages") != bool(self.stages):
            raise ValueError("'stages' is given exactly when pattern is 'stages'")
        if self.stages and any(b.duration <= a.duration
                               for a, b in zip(self.stages, self.stages[1:], strict=False)):
            raise ValueError("each stage's duration (seconds since the start) after the last")
        return self

    @property
    def length(self) -> float:
        """How long the load lasts, in seconds."""
        return self.stages[-1].duration if self.stages else self.duration

    @property
    def peak_users(self) -> int:
        return max((s.users for s in self.stages), default=self.users)


def _fraction(value: Any) -> Any:
    """``20%`` → 0.2."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*%\s*", value):
        return float(value.strip().rstrip("%")) / 100
    return value


Fraction = Annotated[float, Field(ge=0, le=100)]


class Criteria(_Model):
    """What the load test must meet; each is checked against the whole test's figures.

    ``regression`` limits how much worse than the last passing run of the same load
    test a figure may be: ``{p95_ms: 20%}`` (latencies and error rate: higher is worse;
    ``rps``: lower is worse).
    """

    p50_ms: float | None = Field(None, gt=0)
    p90_ms: float | None = Field(None, gt=0)
    p95_ms: float | None = Field(None, gt=0)
    p99_ms: float | None = Field(None, gt=0)
    max_response_ms: float | None = Field(None, gt=0)
    min_rps: float | None = Field(None, gt=0)
    max_error_rate: float | None = Field(None, ge=0, le=1)
    min_requests: int | None = Field(None, ge=1)
    regression: dict[Metric, Fraction] = Field(default_factory=dict)

    @field_validator("regression", mode="before")
    @classmethod
    def _percentages(cls, value: Any) -> Any:
        return {k: _fraction(v) for k, v in value.items()} if isinstance(value, dict) else value


class LoadTest(_Model):
    """One load test: a target, a behaviour (or a locustfile), a shape, criteria."""

    target: str = Field(min_length=1)
    behaviour: Behaviour | None = None
    locustfile: str | None = None
    shape: Shape = Field(default_factory=Shape)
    criteria: Criteria = Field(default_factory=Criteria)
    #: Locust worker processes under one master; 0: a single Locust process.
    workers: int = Field(1, ge=0, le=256)
    #: Run the workers as flow runs of this deployment (``run-load-worker/<name>``) on its
    #: work pool's machines, instead of as processes here.
    worker_deployment: str | None = None
    #: The environment ``qatron load run`` provisions when none is given.
    environment: Name = "local"
    #: Stop once this many requests were made, even before the shape ends.
    max_requests: int | None = Field(None, ge=1)
    #: Seconds Locust gets to stop its users once the test ends.
    stop_timeout: float = Field(5.0, ge=0, le=600)

    @model_validator(mode="after")
    def _one_behaviour(self) -> LoadTest:
        if (self.behaviour is None) == (self.locustfile is None):
            raise ValueError("give exactly one of 'behaviour' (endpoints in qatron.yml) or "
                             "'locustfile' (your own, relative to the project folder)")
        return self


class LoadTests(_Model):
    """``load_tests:``: the load tests by name, and the hosts beyond the environment's own
    services and loopback that they may send load to."""

    allowed_hosts: list[str] = Field(default_factory=list)
    tests: dict[Name, LoadTest] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, value: Any) -> Any:
        if not isinstance(value, dict) or "tests" in value:
            return value
        rest = {k: v for k, v in value.items() if k != "allowed_hosts"}
        flat: dict[str, Any] = {"tests": rest}
        if "allowed_hosts" in value:
            flat["allowed_hosts"] = value["allowed_hosts"]
        return flat

    @model_serializer(mode="wrap")
    def _dump_flat(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict) and "tests" in data:
            tests = data.pop("tests") or {}
            return {**({"allowed_hosts": data["allowed_hosts"]}
                       if data.get("allowed_hosts") else {}), **tests}
        return data
