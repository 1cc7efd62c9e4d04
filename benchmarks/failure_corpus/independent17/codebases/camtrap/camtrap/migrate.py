"""Creates the catalogue, the inbox with the night's card dumps and the export folder."""

from __future__ import annotations

import json
from pathlib import Path

from camtrap import catalog, config, journal
from camtrap.cards import write_card

CARDS = [("BSH-1001", 410, "motion", 4), ("BSH-1001", 412, "motion", 6),
         ("BSH-1002", 415, "infrared", 3)]


def main() -> None:
    settings = config.load()
    catalog.migrate(settings.db)
    journal.open_journal(settings.journal_db).close()
    inbox = Path(settings.inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    for camera, number, trigger, count in CARDS:
        write_card(inbox / f"card-{number:04d}.zip", camera, number, trigger, count)
    (inbox / "index.json").write_text(json.dumps({"cards": [c[1] for c in CARDS]}))
    Path(settings.export_dir).mkdir(parents=True, exist_ok=True)


if __name__ == "__main__":
    main()
