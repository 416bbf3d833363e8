"""Random data from JSON Schema: compiled once, fast and reproducible per call.

``compile_generator(schema)`` walks the schema once and returns ``generate(rng)``; every value comes
from the ``random.Random`` passed in, so a seed (the chaos ``X-Chaos-Seed``) gives the same body.
``violate(value, schema, rng)`` breaks a valid value on purpose for the chaos ``contract`` fault.
See docs/datagen.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from random import Random
from typing import Any

import orjson

from estoca_core.datagen.base import SchemaNotGeneratable
from estoca_core.datagen.compiler import Compiler
from estoca_core.datagen.pools import warm_pools
from estoca_core.datagen.violate import violate

__all__ = ["SchemaNotGeneratable", "compile_generator", "violate", "warm_pools"]


@lru_cache(maxsize=4096)
def _compile_canonical(key: bytes) -> Callable[[Random], Any]:
    return Compiler(orjson.loads(key)).build()


def compile_generator(schema: dict[str, Any]) -> Callable[[Random], Any]:
    """Compile ``schema`` into ``generate(rng) -> value``; raise ``SchemaNotGeneratable`` if no value fits.

    Equal schemas share one compiled generator (the spec validator and the mockserver both compile
    the same schema, and many endpoints use the same one); generators hold no state, so sharing is
    safe. Values are fresh objects on every call: callers may mutate them.
    """
    try:
        key = orjson.dumps(schema)  # key order kept: it is the order of generated properties
    except TypeError:  # not plain JSON (e.g. integers above 64 bits): compile without the cache
        return Compiler(schema).build()
    return _compile_canonical(key)
