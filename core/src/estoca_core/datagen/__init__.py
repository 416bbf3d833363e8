"""Random data from JSON Schema: compiled once, fast and reproducible per call.

``compile_generator(schema)`` walks the schema once and returns ``generate(rng)``; every value comes
from the ``random.Random`` passed in, so a seed (the chaos ``X-Chaos-Seed``) gives the same body.
``violate(value, schema, rng)`` breaks a valid value on purpose for the chaos ``contract`` fault.
See docs/datagen.md.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from random import Random
from typing import Any

import orjson

from estoca_core.datagen.base import SchemaNotGeneratable
from estoca_core.datagen.compiler import Compiler
from estoca_core.datagen.pools import warm_pools
from estoca_core.datagen.violate import violate

__all__ = ["SchemaNotGeneratable", "compile_generator", "violate", "warm_pools"]


_CACHE_SIZE = 4096
_cache: OrderedDict[bytes, Callable[[Random], Any]] = OrderedDict()
_lock = threading.Lock()


def compile_generator(schema: dict[str, Any]) -> Callable[[Random], Any]:
    """Compile ``schema`` into ``generate(rng) -> value``; raise ``SchemaNotGeneratable`` if no value fits.

    Equal schemas share one compiled generator (the spec validator and the mockserver both compile
    the same schema, and many endpoints use the same one); generators hold no state, so sharing is
    safe. The cache key is a 16-byte digest of the schema's JSON (key order included: it is the order
    of the generated properties). Values are fresh objects on every call: callers may mutate them.
    """
    try:
        text = orjson.dumps(schema)
    except TypeError:  # not plain JSON (e.g. integers above 64 bits): compile without the cache
        return Compiler(schema).build()
    key = hashlib.blake2b(text, digest_size=16).digest()
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    generate = Compiler(orjson.loads(text)).build()  # a private copy: later edits of `schema` do not leak in
    with _lock:
        _cache[key] = generate
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return generate
