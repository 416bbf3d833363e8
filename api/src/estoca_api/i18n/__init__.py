"""Translations of every message the API writes (problem titles and details, validation messages).

Messages are English msgids marked with ``_()`` (translated now) or ``N_()`` (marked for extraction,
translated later, for module-level constants). The language of the current request lives in a context
variable set from ``Accept-Language`` by :class:`estoca_api.middleware.locale.LocaleMiddleware`, so code deep
in a service can translate without passing the request around. Catalogs are Babel ``.po`` files under
``estoca_api/locale``; the compiled ``.mo`` files are not committed and are built at first use when missing or
older than their ``.po`` (so a fresh clone works without ``make i18n``).
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "pt_BR")

_current: ContextVar[str] = ContextVar("estoca_api_locale", default=DEFAULT_LOCALE)
_compile_lock = threading.Lock()


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (module-level constants)."""
    return message


def compile_catalogs(*, force: bool = False) -> list[Path]:
    """Compile each ``.po`` to ``.mo`` when the ``.mo`` is missing or stale; returns the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    with _compile_lock:
        for po_path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            mo_path = po_path.with_suffix(".mo")
            if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name)
            tmp = mo_path.with_suffix(".mo.tmp")
            with tmp.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            tmp.replace(mo_path)
            written.append(mo_path)
    return written


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def translations(locale: str) -> NullTranslations:
    """The translations of one locale (English is the msgid itself)."""
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    try:
        compile_catalogs()
    except OSError:
        # A read-only install: compile this catalog in memory instead.
        return _in_memory(locale)
    return Translations.load(str(LOCALE_DIR), [locale], DOMAIN)


def _in_memory(locale: str) -> NullTranslations:
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def negotiate(accept_language: str | None) -> str:
    """Pick the best supported locale for an ``Accept-Language`` header (RFC 9110 weights)."""
    if not accept_language:
        return DEFAULT_LOCALE
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _sep, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.strip().replace("-", "_").lower()))
    for _q, _i, tag in sorted(ranked):
        for locale in SUPPORTED_LOCALES:
            if tag == locale.lower() or tag == locale.split("_")[0].lower():
                return locale
            if tag.split("_")[0] == locale.split("_")[0].lower():
                return locale
        if tag == "*":
            return DEFAULT_LOCALE
    return DEFAULT_LOCALE


def set_locale(locale: str) -> Any:
    """Set the current request's locale; returns the token to reset it."""
    return _current.set(locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE)


def reset_locale(token: Any) -> None:
    """Restore the locale that was current before :func:`set_locale`."""
    _current.reset(token)


def get_locale() -> str:
    """The current request's locale."""
    return _current.get()


def _(message: str, **values: Any) -> str:
    """Translate ``message`` into the current locale and fill ``{name}`` placeholders from ``values``."""
    text = translations(get_locale()).gettext(message)
    return text.format(**values) if values else text


gettext = _
