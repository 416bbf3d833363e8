"""Micro-benchmark: µs per generated body, our compiled generator against jsf.

Run with ``uv run python bench/micro_datagen.py``. Not part of the test suite (speed is never
asserted in tests); the target is ≤ 15 µs per call for a 10-property object with formats.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any

import jsf

from estoca_core.datagen import compile_generator, warm_pools
from estoca_core.datagen.compiler import Compiler

SCHEMAS: dict[str, dict[str, Any]] = {
    "10-property object with formats": {
        "type": "object",
        "required": ["id", "email", "status", "created_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "email": {"type": "string", "format": "email"},
            "name": {"type": "string"},
            "status": {"enum": ["created", "paid", "shipped"]},
            "price": {"type": "number", "minimum": 0, "maximum": 1000},
            "quantity": {"type": "integer", "minimum": 1, "maximum": 50},
            "created_at": {"type": "string", "format": "date-time"},
            "website": {"type": "string", "format": "uri"},
            "city": {"type": "string"},
            "active": {"type": "boolean"},
        },
    },
    "order with nested items array": {
        "type": "object",
        "required": ["id", "customer", "items"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "customer": {
                "type": "object",
                "required": ["name", "email"],
                "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"}},
            },
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 5,
                "items": {
                    "type": "object",
                    "required": ["sku", "qty", "price"],
                    "properties": {
                        "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                        "qty": {"type": "integer", "minimum": 1, "maximum": 9},
                        "price": {"type": "number", "minimum": 0.5, "maximum": 999},
                    },
                },
            },
        },
    },
}


def per_call_us(fn: Callable[[], Any], seconds: float = 1.0) -> float:
    """Mean µs per call over about ``seconds`` (after a short warm-up)."""
    for _ in range(50):
        fn()
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            fn()
        calls += 100
    return elapsed / calls * 1e6


def main() -> None:
    warm_pools()
    print(f"{'schema':<34} {'ours µs':>9} {'jsf µs':>9} {'speed-up':>9}  compile µs")
    for label, schema in SCHEMAS.items():
        start = time.perf_counter()
        Compiler(schema).build()  # uncached, to show the compile cost
        compile_us = (time.perf_counter() - start) * 1e6
        generate = compile_generator(schema)
        rng = random.Random(1)
        ours = per_call_us(functools.partial(generate, rng))
        faker = jsf.JSF(schema)
        theirs = per_call_us(faker.generate, seconds=0.5)
        print(f"{label:<34} {ours:>9.1f} {theirs:>9.1f} {theirs / ours:>8.1f}x  {compile_us:>9.0f}")


if __name__ == "__main__":
    main()
