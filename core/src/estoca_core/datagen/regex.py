"""Strings that match a regular expression, from a parse tree compiled once into closures.

``rstr.xeger`` parses the pattern on every call (about 30 µs); here the pattern is parsed once with
Python's own regex parser and turned into a tree of closures that only draw from the caller's
``random.Random``. Generated characters are printable ASCII (plus explicit non-ASCII literals and
ranges), so ``\\d`` and ``\\w`` mean the same for Python ``re`` and for ECMA-262 validators.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Callable
from random import Random
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

StrGen = Callable[[Random, list[str | None]], str]

PRINTABLE = "".join(chr(i) for i in range(32, 127))
_CATEGORIES: dict[Any, str] = {
    _c.CATEGORY_DIGIT: string.digits,
    _c.CATEGORY_NOT_DIGIT: "".join(ch for ch in PRINTABLE if ch not in string.digits),
    _c.CATEGORY_SPACE: " ",
    _c.CATEGORY_NOT_SPACE: PRINTABLE.replace(" ", ""),
    _c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    _c.CATEGORY_NOT_WORD: "".join(ch for ch in PRINTABLE if not (ch.isalnum() or ch == "_")),
}
_MAX_RANGE = 4096


class RegexNotSupported(ValueError):
    """The pattern uses a construct we cannot generate from (look-around, for instance)."""


def compile_regex(pattern: str, *, repeat_cap: int = 8) -> Callable[[Random], str]:
    """Compile ``pattern`` into a generator; unbounded repeats (``*``, ``+``) draw at most ``repeat_cap``
    extra repetitions. Raises ``RegexNotSupported`` or ``re.error``."""
    tree = _parser.parse(pattern)
    ngroups = tree.state.groups
    gen = _seq(list(tree), repeat_cap)

    def generate(rng: Random) -> str:
        return gen(rng, [None] * ngroups)

    return generate


def _seq(items: list[Any], cap: int) -> StrGen:
    parts = [p for p in (_node(op, av, cap) for op, av in items) if p is not None]
    if not parts:
        return lambda rng, groups: ""
    if len(parts) == 1:
        return parts[0]
    return lambda rng, groups: "".join([p(rng, groups) for p in parts])


def _charset(items: list[Any]) -> str:
    chars: list[str] = []
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            chars.append(chr(av))
        elif op is _c.RANGE:
            lo, hi = av
            chars.extend(chr(i) for i in range(lo, min(hi, lo + _MAX_RANGE) + 1))
        elif op is _c.CATEGORY:
            chars.extend(_CATEGORIES[av])
        else:
            raise RegexNotSupported(f"unsupported character class item {op}")
    if negate:
        banned = set(chars)
        chars = [ch for ch in PRINTABLE if ch not in banned]
    pool = "".join(dict.fromkeys(chars))
    if not pool:
        raise RegexNotSupported("a character class that matches no printable character")
    return pool


def _node(op: Any, av: Any, cap: int) -> StrGen | None:
    if op is _c.LITERAL:
        ch = chr(av)
        return lambda rng, groups: ch
    if op is _c.NOT_LITERAL:
        pool = PRINTABLE.replace(chr(av), "")
        return lambda rng, groups: rng.choice(pool)
    if op is _c.ANY:
        return lambda rng, groups: rng.choice(PRINTABLE)
    if op is _c.IN:
        pool = _charset(av)
        if len(pool) == 1:
            return lambda rng, groups: pool
        return lambda rng, groups: rng.choice(pool)
    if op is _c.AT:
        return None
    if op is _c.BRANCH:
        options = [_seq(list(branch), cap) for branch in av[1]]
        return lambda rng, groups: rng.choice(options)(rng, groups)
    if op is _c.SUBPATTERN:
        group, _add, _del, sub = av
        inner = _seq(list(sub), cap)
        if group is None:
            return inner
        index = group - 1

        def capture(rng: Random, groups: list[str | None]) -> str:
            text = inner(rng, groups)
            groups[index] = text
            return text

        return capture
    if op is _c.ATOMIC_GROUP:
        return _seq(list(av), cap)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        if hi is _c.MAXREPEAT:
            hi = lo + cap
        inner = _seq(list(sub), cap)
        if lo == hi:
            return lambda rng, groups: "".join([inner(rng, groups) for _ in range(lo)])
        return lambda rng, groups: "".join([inner(rng, groups) for _ in range(rng.randint(lo, hi))])
    if op is _c.GROUPREF:
        index = av - 1
        return lambda rng, groups: groups[index] or ""
    if op is _c.CATEGORY:
        pool = _CATEGORIES[av]
        return lambda rng, groups: rng.choice(pool)
    raise RegexNotSupported(f"the regex construct {str(op).lower()} cannot be generated")


def matcher(pattern: str) -> Callable[[str], bool]:
    """``pattern`` as JSON Schema applies it: a search, not anchored."""
    compiled = re.compile(pattern)
    return lambda text: compiled.search(text) is not None
