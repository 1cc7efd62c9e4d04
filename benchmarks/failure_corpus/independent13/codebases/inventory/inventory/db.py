"""Connections to the inventory databases, one role per subsystem."""

from __future__ import annotations

import os

import psycopg

PASSWORDS = {"inv_app": "app-pw", "inv_report": "report-pw", "inv_audit": "audit-pw"}


def conninfo(role: str = "inv_app", dbname: str = "inv") -> str:
    password = os.environ.get(f"{role.upper()}_PASSWORD", PASSWORDS[role])
    port = os.environ.get("INV_PG_PORT", os.environ.get("C13_PG_PORT", "55713"))
    return (f"host=127.0.0.1 port={port} dbname={dbname} user={role} password={password} "
            "connect_timeout=2 options='-c lock_timeout=1000'")


def connect(role: str = "inv_app", dbname: str = "inv") -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(conninfo(role, dbname))
