"""Service drivers, one per ``type`` of service in qatron.yml."""

from __future__ import annotations

from typing import Any

from qatron.drivers.base import StartContext, Started


def start_service(spec: Any, ctx: StartContext, port: int | None = None) -> Started:
    """Start a service of any type (drivers are imported only when used)."""
    ctx.log_path.parent.mkdir(parents=True, exist_ok=True)
    if spec.type == "process":
        from qatron.drivers.process import start_process

        assert port is not None
        return start_process(spec, ctx, port)
    if spec.type == "postgres":
        from qatron.drivers.postgres import start_postgres

        return start_postgres(spec, ctx)
    if spec.type == "sqlite":
        from qatron.drivers.sqlite import start_sqlite

        return start_sqlite(spec, ctx)
    if spec.type == "docker":
        from qatron.drivers.docker import start_docker

        return start_docker(spec, ctx)
    if spec.type == "s3":
        from qatron.drivers.s3 import start_s3

        return start_s3(spec, ctx)
    if spec.type == "selenium-grid":
        from qatron.drivers.selenium_grid import start_selenium_grid

        assert port is not None
        return start_selenium_grid(spec, ctx, port)
    raise AssertionError(f"no driver for service type {spec.type!r}")
