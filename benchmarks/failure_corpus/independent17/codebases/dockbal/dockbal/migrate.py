"""Creates the balancer's tables and its report folder."""

from __future__ import annotations

from pathlib import Path

from dockbal import config
from dockbal.store import engine_for, migrate


def main() -> None:
    settings = config.load()
    engine = engine_for(settings.db_url)
    migrate(engine)
    engine.dispose()
    Path(settings.report_dir).mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
