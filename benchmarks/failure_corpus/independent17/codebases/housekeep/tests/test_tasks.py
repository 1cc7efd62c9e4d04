from __future__ import annotations

from housekeep import config
from housekeep.tasks import client, plan_with_lock, publish_task, take_tasks


def test_publish_and_take_tasks(settings: config.Settings) -> None:
    conn = client(settings.redis_url)
    publish_task(conn, 201, "checkout clean")
    publish_task(conn, 202, "turndown")
    taken = take_tasks(conn, "marta", 10)
    assert [t["room"] for t in taken][-2:] == ["201", "202"]


def test_tasks_are_not_taken_twice(settings: config.Settings) -> None:
    conn = client(settings.redis_url)
    publish_task(conn, 305, "stayover")
    take_tasks(conn, "joao", 50)
    assert take_tasks(conn, "ana", 50) == []


def test_plan_third_floor_under_lock(settings: config.Settings) -> None:
    assert plan_with_lock(client(settings.redis_url), 3) == "floor 3 planned"
