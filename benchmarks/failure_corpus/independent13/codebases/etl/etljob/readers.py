"""Readers of the files partners deliver, each checking the file's declared contract."""

from __future__ import annotations

import csv
import gzip
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ORDER_COLUMNS = ("order_no", "customer", "amount", "currency", "placed_at")
CUSTOMER_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "email", "age", "country"],
        "properties": {"id": {"type": "integer"}, "email": {"type": "string"}, "age": {"type": "integer"},
                       "country": {"type": "string", "minLength": 2, "maxLength": 2}},
    },
}
CURRENCIES = {"EUR", "USD", "GBP"}


class ContractError(ValueError):
    """A delivered file does not follow its contract."""


def read_orders(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ORDER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ContractError(f"{path.name}: missing columns {missing}")
        rows = []
        for row in reader:
            try:
                amount = Decimal(row["amount"])
            except InvalidOperation as exc:
                raise ContractError(f"{path.name}: bad amount {row['amount']!r}") from exc
            rows.append({**row, "amount": amount})
        return rows


def read_customers(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, CUSTOMER_SCHEMA)
    return list(data)


def read_eu_customers(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def read_shipments(path: Path) -> list[dict[str, str]]:
    out = []
    for node in ET.parse(path).getroot().iter("shipment"):
        tracking = node.findtext("tracking")
        if tracking is None:
            raise ContractError(f"shipment {node.get('id')} has no tracking element")
        out.append({"id": node.get("id", ""), "tracking": tracking, "carrier": node.findtext("carrier", "")})
    return out


def parse_day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ContractError(f"event date {text!r} is not ISO yyyy-mm-dd") from exc


def read_events(path: Path) -> list[tuple[date, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [(parse_day(row["day"]), row["event"]) for row in csv.DictReader(fh)]


def read_rates(path: Path) -> dict[str, Decimal]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    rates = {}
    for item in data["rates"]:
        if item["currency"] not in CURRENCIES:
            raise ContractError(f"unknown currency {item['currency']!r}")
        rates[item["currency"]] = Decimal(str(item["to_eur"]))
    return rates


def read_schedule(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def read_feed_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_records(text: str) -> list[str]:
    """Records separated by blank lines."""
    records: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip():
            i += 1
        records.append("\n".join(lines[start:i]))
    return records
