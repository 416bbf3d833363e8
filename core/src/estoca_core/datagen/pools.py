"""Pools of plausible values (names, e-mails, cities, dates...) shared by every compiled generator.

Why pools: calling Faker costs 10-50 µs per value, too slow for the request path, and a Faker per
endpoint would not fit 10,000 endpoints in memory. So each kind of value is built ONCE per process,
lazily (first use), from a Faker with a fixed seed: 512 values, kept in a tuple that every endpoint
shares. A request then only picks from a tuple with its own ``random.Random`` (about 0.3 µs), which
also keeps bodies reproducible for a given seed, on every replica.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from random import Random
from typing import Any

POOL_SIZE = 512
_FAKER_SEED = 20240917

_PRODUCT_ADJECTIVES = (
    "Classic",
    "Premium",
    "Wireless",
    "Organic",
    "Compact",
    "Smart",
    "Vintage",
    "Ergonomic",
    "Deluxe",
    "Eco",
    "Portable",
    "Stainless",
    "Handmade",
    "Ultra-light",
    "Waterproof",
    "Bamboo",
    "Leather",
)
_PRODUCT_NOUNS = (
    "Headphones",
    "Backpack",
    "Coffee Maker",
    "Desk Lamp",
    "Water Bottle",
    "Sneakers",
    "T-Shirt",
    "Notebook",
    "Keyboard",
    "Office Chair",
    "Sunglasses",
    "Blender",
    "Yoga Mat",
    "Wristwatch",
    "Phone Case",
    "Throw Pillow",
    "Cutting Board",
    "Bluetooth Speaker",
    "Rain Jacket",
    "Tea Kettle",
)
STATUSES = ("active", "pending", "processing", "completed", "cancelled", "shipped", "paid", "failed")


def _builders() -> dict[str, Callable[[Any, Random], Any]]:
    def dt(f: Any, r: Random) -> datetime:
        return datetime.fromtimestamp(r.randint(1_640_995_200, 1_798_761_600), tz=UTC)  # 2022..2026

    return {
        "email": lambda f, r: f.email(),
        "first_name": lambda f, r: f.first_name(),
        "last_name": lambda f, r: f.last_name(),
        "name": lambda f, r: f.name(),
        "username": lambda f, r: f.user_name(),
        "phone": lambda f, r: f.phone_number(),
        "city": lambda f, r: f.city(),
        "state": lambda f, r: f.state(),
        "country": lambda f, r: f.country(),
        "country_code": lambda f, r: f.country_code(),
        "street": lambda f, r: f.street_address(),
        "postcode": lambda f, r: f.postcode(),
        "company": lambda f, r: f.company(),
        "currency": lambda f, r: f.currency_code(),
        "uri": lambda f, r: f.uri(),
        "url": lambda f, r: f.url(),
        "hostname": lambda f, r: f.hostname(),
        "ipv4": lambda f, r: f.ipv4(),
        "ipv6": lambda f, r: f.ipv6(),
        "date-time": lambda f, r: dt(f, r).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "date": lambda f, r: dt(f, r).strftime("%Y-%m-%d"),
        "time": lambda f, r: dt(f, r).strftime("%H:%M:%SZ"),
        "word": lambda f, r: f.word(),
        "sentence": lambda f, r: f.sentence(nb_words=8),
        "title": lambda f, r: f.catch_phrase(),
        "product": lambda f, r: f"{r.choice(_PRODUCT_ADJECTIVES)} {r.choice(_PRODUCT_NOUNS)}",
        "sku": lambda f, r: f"{f.lexify('???').upper()}-{r.randint(1000, 99999)}",
        "status": lambda f, r: STATUSES[r.randrange(len(STATUSES))],
    }


_BUILDERS = _builders()
KINDS = frozenset(_BUILDERS)
_POOLS: dict[str, tuple[Any, ...]] = {}
_FILTERED: dict[tuple[str, int, int | None], tuple[Any, ...]] = {}
_LOCK = threading.Lock()
_FAKER: list[Any] = []


def pool(kind: str) -> tuple[Any, ...]:
    """The shared pool of ``kind`` (built on first use; thread-safe)."""
    values = _POOLS.get(kind)
    if values is not None:
        return values
    with _LOCK:
        if kind not in _POOLS:
            if not _FAKER:
                from faker import Faker

                _FAKER.append(Faker("en_US"))
            faker = _FAKER[0]
            faker.seed_instance(_FAKER_SEED + len(kind) * 7919 + sum(map(ord, kind)))
            rng = Random(f"{_FAKER_SEED}:{kind}")  # str seeds are stable across processes
            build = _BUILDERS[kind]
            _POOLS[kind] = tuple(build(faker, rng) for _ in range(POOL_SIZE))
        return _POOLS[kind]


def sized_pool(kind: str, min_len: int, max_len: int | None) -> tuple[Any, ...]:
    """The values of ``kind`` whose length is within bounds (cached, so endpoints share the tuple)."""
    if min_len <= 0 and max_len is None:
        return pool(kind)
    key = (kind, min_len, max_len)
    values = _FILTERED.get(key)
    if values is None:
        values = tuple(v for v in pool(kind) if len(v) >= min_len and (max_len is None or len(v) <= max_len))
        _FILTERED[key] = values
    return values


def warm_pools(kinds: frozenset[str] | None = None) -> None:
    """Build every pool now (the mockserver calls it at start so that no request pays for it)."""
    for kind in sorted(kinds or KINDS):
        pool(kind)


# --- property-name hints ------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

_STRING_HINTS: dict[str, str] = {
    "email": "email",
    "email_address": "email",
    "mail": "email",
    "first_name": "first_name",
    "firstname": "first_name",
    "given_name": "first_name",
    "last_name": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    "name": "name",
    "full_name": "name",
    "fullname": "name",
    "customer_name": "name",
    "contact_name": "name",
    "username": "username",
    "user_name": "username",
    "login": "username",
    "phone": "phone",
    "phone_number": "phone",
    "mobile": "phone",
    "telephone": "phone",
    "city": "city",
    "state": "state",
    "country": "country",
    "country_code": "country_code",
    "street": "street",
    "address": "street",
    "street_address": "street",
    "address_line1": "street",
    "address_line_1": "street",
    "zip": "postcode",
    "zip_code": "postcode",
    "zipcode": "postcode",
    "postal_code": "postcode",
    "postcode": "postcode",
    "company": "company",
    "company_name": "company",
    "supplier": "company",
    "vendor": "company",
    "currency": "currency",
    "currency_code": "currency",
    "url": "url",
    "website": "url",
    "homepage": "url",
    "link": "url",
    "hostname": "hostname",
    "host": "hostname",
    "domain": "hostname",
    "ip": "ipv4",
    "ip_address": "ipv4",
    "sku": "sku",
    "status": "status",
    "description": "sentence",
    "notes": "sentence",
    "note": "sentence",
    "comment": "sentence",
    "summary": "sentence",
    "message": "sentence",
    "title": "title",
    "product_name": "product",
    "product": "product",
    "item_name": "product",
    "date": "date",
    "birthday": "date",
    "birth_date": "date",
    "timestamp": "date-time",
}

MONEY_HINTS = frozenset(
    {"price", "amount", "total", "subtotal", "cost", "tax", "balance", "unit_price", "discount", "fee"}
)
COUNT_HINTS = frozenset({"quantity", "qty", "count", "stock", "units"})


def normalise(name: str) -> str:
    """``unitPrice`` / ``Unit-Price`` -> ``unit_price``."""
    return re.sub(r"[^a-z0-9]+", "_", _CAMEL.sub("_", name).lower()).strip("_")


def string_hint(name: str | None) -> str | None:
    """The pool kind for a string property called ``name``, or None (also for ``*_id`` -> 'uuid')."""
    if not name:
        return None
    key = normalise(name)
    kind = _STRING_HINTS.get(key)
    if kind is not None:
        return kind
    if key == "id" or key.endswith("_id") or key == "uuid" or key.endswith("_uuid"):
        return "uuid"
    if key.endswith(("_at", "_time")):
        return "date-time"
    if key.endswith("_date"):
        return "date"
    if key.endswith("_email"):
        return "email"
    if key.endswith(("_url", "_uri")):
        return "url"
    if key.endswith("_name"):
        return "name"
    return None


def number_hint(name: str | None) -> str | None:
    """``money`` (2 decimals), ``count`` (small positive) or ``id`` (positive) for numeric names."""
    if not name:
        return None
    key = normalise(name)
    if key in MONEY_HINTS or key.endswith(("_price", "_amount", "_total", "_cost")):
        return "money"
    if key in COUNT_HINTS:
        return "count"
    if key == "id" or key.endswith("_id"):
        return "id"
    if key == "age":
        return "age"
    return None
