"""Alembic environment of the QAtron results store.

:class:`qatron.store.ResultsStore` runs ``upgrade head`` itself: it passes its
connection, already inside the transaction that holds the migration lock, as
``config.attributes["connection"]``. Without one (a developer writing the
next revision), the URL in the ``sqlalchemy.url`` option is used::

    from alembic import command
    from qatron.store.engine import alembic_config
    command.revision(alembic_config(url), "add coverage map", autogenerate=True,
                     rev_id="0002")
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from qatron.store.models import VERSION_TABLE, Base


def _run(**options: Any) -> None:
    context.configure(
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # ALTERs that SQLite can run
        compare_type=True,
        **options,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    url = config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        _run(url=url, literal_binds=True)
    elif connection is not None:
        _run(connection=connection)
    elif url is None:
        raise ValueError("no connection and no sqlalchemy.url option: give alembic_config() "
                         "the results database URL")
    else:
        engine = create_engine(url)
        try:
            with engine.begin() as own_connection:
                _run(connection=own_connection)
        finally:
            engine.dispose()


main()
