"""Hearing slots within court hours, and the calendar export as XML."""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docketline.errors import SchedulingConflict

log = logging.getLogger(__name__)
OPENS = dt.time(9, 0)
CLOSES = dt.time(17, 0)
LUNCH = (dt.time(12, 30), dt.time(13, 30))
STEP = dt.timedelta(minutes=15)
WEEKDAYS = {0: "MON", 1: "TUE", 2: "WED", 3: "THU", 4: "FRI", 5: "SAT", 6: "SUN"}


def is_court_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    """Weekdays that are not court holidays."""
    return day.weekday() < 5 and day not in set(holidays)


def next_court_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The first court day on or after `day`."""
    hol = set(holidays)
    while not is_court_day(day, hol):
        day += dt.timedelta(days=1)
    return day


def _overlaps(a: tuple[dt.datetime, dt.datetime], b: tuple[dt.datetime, dt.datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_slot(
    day: dt.date,
    minutes: int,
    busy: Sequence[tuple[dt.datetime, dt.datetime]] = (),
    holidays: Iterable[dt.date] = (),
    search_days: int = 10,
) -> dt.datetime:
    """Earliest start for a hearing of `minutes` on or after `day`, avoiding `busy` and lunch."""
    length = dt.timedelta(minutes=minutes)
    hol = set(holidays)
    day = next_court_day(day, hol)
    for _ in range(search_days):
        start = dt.datetime.combine(day, OPENS)
        close = dt.datetime.combine(day, CLOSES)
        lunch = (dt.datetime.combine(day, LUNCH[0]), dt.datetime.combine(day, LUNCH[1]))
        while start + length <= close:
            slot = (start, start + length)
            if not _overlaps(slot, lunch) and not any(_overlaps(slot, b) for b in busy):
                return start
            start += STEP
        day = next_court_day(day + dt.timedelta(days=1), hol)
    raise SchedulingConflict(f"no {minutes}-minute slot within {search_days} court days")


def weekday_code(day: dt.date) -> str:
    """Three-letter weekday code used in the calendar export."""
    return WEEKDAYS[day.weekday()]


def calendar_xml(day: dt.date, courtroom: str, hearings: Sequence[dict[str, Any]]) -> ET.Element:
    """The day's calendar of a courtroom as an XML element."""
    root = ET.Element("calendar", day=day.isoformat(), weekday=weekday_code(day), room=courtroom)
    for h in sorted(hearings, key=lambda h: h["starts_at"]):
        el = ET.SubElement(root, "hearing", case=h["case_number"], kind=h["kind"])
        el.set("start", h["starts_at"].strftime("%H:%M"))
        el.set("minutes", str(h["minutes"]))
    return root


def export_calendar(
    directory: Path, day: dt.date, courtroom: str, hearings: Sequence[dict[str, Any]]
) -> Path:
    """Write the day's calendar of a courtroom into `directory`."""
    tree = ET.ElementTree(calendar_xml(day, courtroom, hearings))
    ET.indent(tree)
    path = directory / f"{day.isoformat()}-{courtroom}.xml"
    tree.write(path, encoding="utf-8", xml_declaration=True)
    log.info("exported %d hearings to %s", len(hearings), path)
    return path


def read_calendar(path: Path) -> list[dict[str, str]]:
    """Hearings listed in an exported calendar file."""
    root = ET.parse(path).getroot()
    return [dict(el.attrib) for el in root.iter("hearing")]
