import datetime as dt

from docketline import scheduling, store


def test_schedule_hearing(db: store.Connection, case: tuple[int, str]) -> None:
    when = dt.datetime(2026, 3, 2, 10, 0)
    store.schedule_hearing(db, case[0], when, 30, "status conference", "A1")
    [h] = store.hearings_of(db, case[0])
    assert (h["starts_at"], h["courtroom"], h["case_number"]) == (when, "A1", case[1])


def test_trial_day_is_booked(db: store.Connection, case: tuple[int, str]) -> None:
    when = dt.datetime(2026, 3, 3, 9, 0)
    store.schedule_hearing(db, case[0], when, 180, "bench trial", "B1")
    assert store.hearings_of(db, case[0])[0]["minutes"] == 180


def test_busy_periods_of_a_room(db: store.Connection, case: tuple[int, str]) -> None:
    day = dt.date(2031, 1, 6 + case[0] % 5)
    room = "A2"
    store.schedule_hearing(db, case[0], dt.datetime.combine(day, dt.time(9)), 60, "motion", room)
    [(start, end)] = [p for p in store.busy_periods(db, day, room)
                      if p[0] == dt.datetime.combine(day, dt.time(9))][:1]
    assert end - start == dt.timedelta(minutes=60)


def test_next_free_slot_in_a_room(db: store.Connection, case: tuple[int, str]) -> None:
    day = dt.date(2032, 2, 2) + dt.timedelta(weeks=case[0] % 200)
    room = "A1"
    store.schedule_hearing(db, case[0], dt.datetime.combine(day, dt.time(9)), 45, "arraignment",
                           room)
    slot = scheduling.find_slot(day, 30, store.busy_periods(db, day, room))
    assert slot == dt.datetime.combine(day, dt.time(9, 45))


def test_hearings_listed_by_start(db: store.Connection, case: tuple[int, str]) -> None:
    late = dt.datetime(2026, 4, 1, 14, 0)
    early = dt.datetime(2026, 4, 1, 9, 0)
    store.schedule_hearing(db, case[0], late, 30, "motion", "A2")
    store.schedule_hearing(db, case[0], early, 30, "motion", "A2")
    assert [h["starts_at"] for h in store.hearings_of(db, case[0])] == [early, late]
