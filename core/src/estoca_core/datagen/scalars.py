"""Compiled generators for strings, integers and numbers.

Everything that can be decided from the schema (bounds, steps, the pool to draw from, the regex tree)
is decided here, at compile time, so that the closures returned only draw from the caller's
``random.Random``. Unsatisfiable combinations raise ``SchemaNotGeneratable`` with the keywords named.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from random import Random
from typing import Any

from estoca_core.datagen.base import PROBES, RETRIES, Gen, SchemaNotGeneratable
from estoca_core.datagen.pools import number_hint, pool, sized_pool, string_hint
from estoca_core.datagen.regex import RegexNotSupported, compile_regex, matcher

FORMAT_KINDS: dict[str, str] = {
    "email": "email",
    "idn-email": "email",
    "uuid": "uuid",
    "date-time": "date-time",
    "date": "date",
    "time": "time",
    "uri": "uri",
    "iri": "uri",
    "uri-reference": "uri",
    "iri-reference": "uri",
    "url": "url",
    "hostname": "hostname",
    "idn-hostname": "hostname",
    "ipv4": "ipv4",
    "ipv6": "ipv6",
}
FIXED_FORMATS: dict[str, tuple[str, ...]] = {
    "duration": ("P1D", "PT5M", "P2W", "P1Y2M3D", "PT1H30M", "P3M", "PT45S"),
    "json-pointer": ("/data", "/items/0", "/customer/name", "/a~1b"),
    "relative-json-pointer": ("0", "1/name", "0#", "2/items/0"),
    "regex": ("^[a-z]+$", "\\d{3}-\\d{4}", "[A-Z]{2}[0-9]+"),
    "uri-template": ("https://api.example.com/orders/{id}", "/users/{userId}/items{?page}"),
}
_UUID_LEN = 36


def _uuid(rng: Random, depth: int) -> str:
    n = rng.getrandbits(128)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[n & 3]}{h[17:20]}-{h[20:]}"


@cache
def _pick(kind: str) -> Gen:
    """One shared closure per pool kind (every ``email`` field of every endpoint uses the same one)."""
    return lambda rng, depth: rng.choice(pool(kind))


def _choose(values: tuple[Any, ...]) -> Gen:
    return lambda rng, depth: rng.choice(values)


def _text(lo: int, hi: int) -> Gen:
    """Lorem-like text of a length in [lo, hi] (whole words, cut to length)."""

    def gen(rng: Random, depth: int) -> str:
        n = rng.randint(lo, hi)
        if n == 0:
            return ""
        words = pool("word")
        parts: list[str] = []
        total = -1  # the length of " ".join(parts)
        while total < n:
            word = rng.choice(words)
            parts.append(word)
            total += len(word) + 1
        text = " ".join(parts)[:n]
        return text[:-1] + "x" if text[-1] == " " else text

    return gen


def compile_string(schema: dict[str, Any], where: str, name: str | None) -> Gen:
    """A generator for ``type: string`` (lengths, pattern, format, or a property-name hint)."""
    lo = int(schema.get("minLength", 0))
    hi = schema.get("maxLength")
    if hi is not None and lo > hi:
        raise SchemaNotGeneratable(f"{where}: minLength ({lo}) is greater than maxLength ({hi})")
    fmt = schema.get("format")
    kind = FORMAT_KINDS.get(fmt) if isinstance(fmt, str) else None
    if "pattern" in schema:
        return _pattern(schema["pattern"], lo, hi, kind, where)
    if isinstance(fmt, str) and fmt in FIXED_FORMATS:
        values = tuple(v for v in FIXED_FORMATS[fmt] if lo <= len(v) and (hi is None or len(v) <= hi))
        if not values:
            raise SchemaNotGeneratable(f"{where}: no {fmt} value fits minLength {lo} / maxLength {hi}")
        return _choose(values)
    hinted = False
    if kind is None and fmt is None:
        kind, hinted = string_hint(name), True
    if kind == "uuid":
        if lo <= _UUID_LEN and (hi is None or hi >= _UUID_LEN):
            return _uuid
        if not hinted:
            raise SchemaNotGeneratable(f"{where}: a uuid has 36 characters, outside minLength/maxLength")
    elif kind is not None:
        if lo <= 0 and hi is None:
            return _pick(kind)
        values = sized_pool(kind, lo, hi)
        if values:
            return _choose(values)
        if not hinted:
            raise SchemaNotGeneratable(
                f"{where}: no plausible {fmt} value fits minLength {lo} / maxLength {hi}"
            )
    if lo <= 0 and hi is None:
        return _pick("word")
    low = max(lo, 1) if hi is None or hi >= 1 else 0
    return _text(low, hi if hi is not None else max(low, lo) + 16)


def _pattern(pattern: str, lo: int, hi: int | None, kind: str | None, where: str) -> Gen:
    try:
        regex = compile_regex(pattern, repeat_cap=max(8, hi if hi is not None else lo))
        ok_pattern = matcher(pattern)
    except (re.error, RegexNotSupported) as exc:
        raise SchemaNotGeneratable(f"{where}: pattern {pattern!r} cannot be generated from: {exc}") from None

    def ok(text: str) -> bool:
        return lo <= len(text) and (hi is None or len(text) <= hi) and ok_pattern(text)

    if kind is not None and kind != "uuid":
        fitting = tuple(v for v in pool(kind) if ok(v))
        if fitting:
            return _choose(fitting)
    good = next((s for s in (regex(Random(i)) for i in range(PROBES * 4)) if ok(s)), None)
    if good is None:
        raise SchemaNotGeneratable(
            f"{where}: found no string matching pattern {pattern!r} with minLength {lo} / maxLength {hi}"
        )

    def gen(rng: Random, depth: int) -> str:
        for _ in range(RETRIES):
            text = regex(rng)
            if ok(text):
                return text
        return good

    return gen


# --- numbers --------------------------------------------------------------------------------------

_HINT_RANGES: dict[str, tuple[int, int]] = {
    "id": (1, 99_999),
    "count": (1, 100),
    "age": (18, 90),
    "money": (1, 500),
}


def _bounds(schema: dict[str, Any]) -> tuple[float | None, bool, float | None, bool]:
    """(low, low is exclusive, high, high is exclusive) from minimum/maximum/exclusive*."""
    low, low_ex, high, high_ex = schema.get("minimum"), False, schema.get("maximum"), False
    ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if ex_min is not None and (low is None or ex_min >= low):
        low, low_ex = ex_min, True
    if ex_max is not None and (high is None or ex_max <= high):
        high, high_ex = ex_max, True
    return low, low_ex, high, high_ex


def _describe(schema: dict[str, Any]) -> str:
    keys = ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf")
    return ", ".join(f"{k} {schema[k]}" for k in keys if k in schema)


def _multiple_ok(value: float, step: Any) -> bool:
    """The check ``jsonschema`` itself makes (float division), so values pass every validator."""
    if isinstance(step, float):
        quotient = value / step
        return math.isfinite(quotient) and int(quotient) == quotient
    return bool(value % step == 0)


def _default_range(low: float | None, high: float | None, hint: str | None) -> tuple[float, float]:
    """The range to draw from: the schema's bounds, narrowed to a plausible span (hint or 0..1000)."""
    span_low, span_high = _HINT_RANGES.get(hint or "", (0, 1000))
    width = span_high - span_low
    if low is None and high is None:
        return span_low, span_high
    if low is None:
        assert high is not None
        return (span_low if span_low < high else high - width), high
    if high is None:
        return low, (span_high if span_high > low else low + width)
    if hint and max(low, span_low) < min(high, span_high):
        return max(low, span_low), min(high, span_high)
    return low, high


def _stepped(
    low: float,
    high: float,
    low_ex: bool,
    high_ex: bool,
    step: Any,
    where: str,
    schema: dict[str, Any],
    unit: Fraction | None = None,
) -> Gen:
    """Multiples of ``unit`` (default: ``step``) in the bounds that pass the validators' multipleOf."""
    frac = unit if unit is not None else Fraction(str(step))
    kmin = math.ceil(Fraction(low) / frac)
    kmax = math.floor(Fraction(high) / frac)
    if low_ex and kmin * frac == Fraction(low):
        kmin += 1
    if high_ex and kmax * frac == Fraction(high):
        kmax -= 1
    if kmin > kmax:
        raise SchemaNotGeneratable(f"{where}: no multiple of {step} within {_describe(schema)}")
    whole = frac.denominator == 1

    def candidate(rng: Random) -> Any:
        value = rng.randint(kmin, kmax) * frac
        return int(value) if whole else float(value)

    def ok(value: Any) -> bool:
        return (
            _multiple_ok(value, step)
            and (low < value if low_ex else low <= value)
            and (value < high if high_ex else value <= high)
        )

    good = next((v for v in (candidate(Random(i)) for i in range(PROBES)) if ok(v)), None)
    if good is None:
        raise SchemaNotGeneratable(f"{where}: no exact multiple of {step} within {_describe(schema)}")
    if whole and isinstance(step, int):
        return lambda rng, depth: candidate(rng)

    def gen(rng: Random, depth: int) -> Any:
        for _ in range(RETRIES):
            value = candidate(rng)
            if ok(value):
                return value
        return good

    return gen


def compile_integer(schema: dict[str, Any], where: str, name: str | None) -> Gen:
    """A generator for ``type: integer``."""
    low, low_ex, high, high_ex = _bounds(schema)
    lo = None if low is None else (math.floor(low) + 1 if low_ex else math.ceil(low))
    hi = None if high is None else (math.ceil(high) - 1 if high_ex else math.floor(high))
    if lo is not None and hi is not None and lo > hi:
        raise SchemaNotGeneratable(f"{where}: no integer satisfies {_describe(schema)}")
    hint = number_hint(name)
    dlo, dhi = _default_range(lo, hi, hint if hint != "money" else None)
    a, b = int(dlo), int(dhi)
    step = schema.get("multipleOf")
    if step is not None:
        unit = Fraction(Fraction(str(step)).numerator)  # integer multiples of p/q: multiples of p
        return _stepped(a, b, False, False, step, where, schema, unit)
    return lambda rng, depth: rng.randint(a, b)


def compile_number(schema: dict[str, Any], where: str, name: str | None) -> Gen:
    """A generator for ``type: number`` (two decimals when it looks like money)."""
    low, low_ex, high, high_ex = _bounds(schema)
    if low is not None and high is not None and (low > high or (low == high and (low_ex or high_ex))):
        raise SchemaNotGeneratable(f"{where}: no number satisfies {_describe(schema)}")
    hint = number_hint(name)
    if hint != "money":
        hint = None
    lo, hi = _default_range(low, high, hint)
    lo_ex, hi_ex = low_ex and lo == low, high_ex and hi == high
    if "multipleOf" in schema:
        return _stepped(lo, hi, lo_ex, hi_ex, schema["multipleOf"], where, schema)
    if lo == hi:
        return lambda rng, depth: lo

    def inside(value: float) -> bool:
        return (lo < value if lo_ex else lo <= value) and (value < hi if hi_ex else value <= hi)

    middle = lo + (hi - lo) / 2
    if hint == "money":
        cmin, cmax = math.ceil(lo * 100), math.floor(hi * 100)
        if cmin <= cmax:
            return _checked(lambda rng: rng.randint(cmin, cmax) / 100, inside, middle)

    def uniform(rng: Random) -> float:
        value = rng.uniform(lo, hi)
        rounded = round(value, 2)
        return rounded if inside(rounded) else value

    return _checked(uniform, inside, middle)


def _checked(candidate: Callable[[Random], float], inside: Callable[[float], bool], fallback: float) -> Gen:
    def gen(rng: Random, depth: int) -> float:
        value = candidate(rng)
        if inside(value):
            return value
        value = candidate(rng)
        return value if inside(value) else fallback

    return gen
