from __future__ import annotations

from recipecost import config, db
from recipecost.catalog import menu_listing


def test_menu_listing_from_replica(settings: config.Settings) -> None:
    with db.connect(settings.replica_dsn) as replica:
        assert [name for name, _ in menu_listing(replica)] == ["pancakes", "shortbread"]


def test_replica_lists_portions(settings: config.Settings) -> None:
    with db.connect(settings.replica_dsn) as replica:
        assert dict(menu_listing(replica))["shortbread"] == 12
