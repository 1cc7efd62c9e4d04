"""Small modules written into a test's temporary folder to generate tests for."""

from __future__ import annotations

from pathlib import Path

PRICING = '''\
"""Prices: a bounded quantity, a tier, countries and a cart."""

from enum import Enum

MAX_QUANTITY = 100


class Tier(Enum):
    BASIC = "basic"
    GOLD = "gold"


class PricingError(ValueError):
    """A price that cannot be computed."""


def discount(quantity: int, tier: Tier = Tier.BASIC) -> int:
    if not isinstance(quantity, int):
        raise PricingError("quantity must be an integer")
    if quantity <= 0 or quantity > MAX_QUANTITY:
        raise PricingError(f"quantity out of range: {quantity}")
    percent = 10 if quantity >= 50 else 0
    if tier is Tier.GOLD:
        percent += 5
    return percent


def shipping(country: str) -> str:
    if country in ("DE", "FR"):
        return "eu"
    if country == "US":
        return "us"
    return "world"


class Cart:
    def __init__(self, owner: str = "anna") -> None:
        self.owner = owner
        self.items: list[int] = []

    def add(self, price: int) -> int:
        if price < 0:
            raise PricingError("negative price")
        self.items.append(price)
        return sum(self.items)
'''

CODES = '''\
def to_code(n: int) -> str:
    if n < 0 or n > 9999:
        raise ValueError("out of range")
    return f"C{n:04d}"


def from_code(code: str) -> int:
    if not code.startswith("C"):
        raise ValueError("not a code")
    return int(code[1:])


def normalize(name: str) -> str:
    return " ".join(name.split()).lower()
'''

UNIMPORTABLE = '''\
import a_module_nobody_installed_here

def f(x: int) -> int:
    return x
'''

RESOURCES = '''\
import socket


def spin(n: int) -> int:
    while True:
        n += 1


def fetch(host: str) -> bytes:
    with socket.create_connection((host, 80), timeout=1) as connection:
        return connection.recv(10)


def read_config(name: str) -> str:
    with open("/etc/" + name) as handle:
        return handle.read()


def double(n: int) -> int:
    return 2 * n
'''


UNITS = '''\
"""Unit names: a table of regular-expression rules, and aliases a helper adds at import."""

import re

RULES = [
    (r"(?i)(kilo|centi)metres?$", r"\\1m"),
    (r"(?i)(milli)grams?$", r"\\1g"),
]


def _alias(long: str, short: str) -> None:
    RULES.insert(0, ("(?i)^" + long[0] + long[1:] + "$", short))


def abbreviate(word: str) -> str:
    for rule, replacement in RULES:
        if re.search(rule, word):
            return re.sub(rule, replacement, word)
    return word


_METRIC = re.compile(r"^(kilo|centi|milli)(metre|gram)s?$")


def unit_kind(name: str) -> str:
    match = _METRIC.match(name)
    if match is None:
        return "unknown"
    if match.group(2) == "gram":
        return "mass"
    return "length"


_alias("ounce", "oz")
_alias("pound", "lb")
'''

GREETER = '''\
"""A command: greet a name, shouted or repeated."""

import argparse


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="greeter")
    parser.add_argument("name")
    parser.add_argument("-s", "--shout", action="store_true")
    parser.add_argument("--times", type=int, default=1)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    text = f"hello {args.name}"
    if args.shout:
        text = text.upper()
    if args.times > 1:
        text = " ".join([text] * args.times)
    print(text)
    return 0
'''

COUNTER = '''\
"""A command taking its argument list: count the words it is given."""

import argparse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counter")
    parser.add_argument("words", nargs="*")
    parser.add_argument("--min", type=int, default=0)
    options = parser.parse_args(argv)
    kept = [w for w in options.words if len(w) >= options.min]
    if not kept:
        print("nothing")
        return 1
    print(len(kept))
    return 0
'''


SIGNED = '''\
"""Signed tokens: only what sign returned passes verify."""

import hashlib


def sign(message: str) -> str:
    return message + "." + hashlib.sha256(message.encode()).hexdigest()[:8]


def verify(token: str) -> bool:
    message, _, digest = token.rpartition(".")
    if not message:
        raise ValueError("no message")
    return hashlib.sha256(message.encode()).hexdigest()[:8] == digest
'''


def write_module(folder: Path, name: str, source: str) -> Path:
    """``folder/name.py`` holding ``source``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(source)
    return path
