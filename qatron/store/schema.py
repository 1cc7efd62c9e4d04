"""What every reader of the results store agrees on, kept apart from the table classes so
that a reader can check a database without importing SQLAlchemy: the Alembic version
table, the newest revision, and how long to wait for a locked SQLite database."""

from __future__ import annotations

#: Alembic's version table; prefixed so the store can share a database.
VERSION_TABLE = "qatron_alembic_version"
#: The newest revision in migrations/versions (a test keeps the two in step). A database
#: already there is opened without importing Alembic, which costs a second per process.
HEAD_REVISION = "0013"
#: Seconds a SQLite reader or writer waits for another process's lock.
SQLITE_BUSY_TIMEOUT = 30.0
