"""Creates the rooms database and the minibar service's Redis user."""

from __future__ import annotations

import os

import redis

from housekeep import config, rooms


def main() -> None:
    settings = config.load()
    rooms.migrate(settings.db)
    admin = redis.Redis.from_url(os.environ["HK_REDIS_ADMIN_URL"])
    admin.execute_command("ACL", "SETUSER", "minibar", "reset", "on", ">minibar-pw",
                          "~minibar:*", "+@all")
    admin.close()


if __name__ == "__main__":
    main()
