"""``python -m estoca_api.i18n extract|compile``: keep the Babel catalogs in step with the code.

``extract`` scans ``estoca_api`` for ``_()`` and ``N_()`` messages into ``locale/messages.pot`` and merges it
into each locale's ``messages.po`` (new messages arrive untranslated; the i18n test then fails until a
pt_BR translation is written). ``compile`` writes the ``.mo`` files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from estoca_api.i18n import DOMAIN, LOCALE_DIR, SUPPORTED_LOCALES, compile_catalogs

PACKAGE_DIR = LOCALE_DIR.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None}


def extract_catalog() -> Catalog:
    """Every message marked in the package's source, as a catalog template."""
    catalog = Catalog(project="estoca-api", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=110, no_location=True, omit_header=False, sort_output=True)


def extract() -> None:
    """Write ``messages.pot`` and merge it into every locale's ``messages.po``."""
    template = extract_catalog()
    _write(template, LOCALE_DIR / f"{DOMAIN}.pot")
    for locale in SUPPORTED_LOCALES:
        po_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.exists():
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=locale)
        else:
            catalog = Catalog(locale=locale, domain=DOMAIN, project="estoca-api")
        # A fresh template per locale: Catalog.update() shares Message objects with its template.
        catalog.update(extract_catalog(), no_fuzzy_matching=True)
        if locale == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        _write(catalog, po_path)
        print(f"updated {po_path} ({len(catalog)} messages)")


def main(argv: list[str]) -> int:
    """Entry point; returns the exit code."""
    if argv == ["extract"]:
        extract()
        return 0
    if argv == ["compile"]:
        for path in compile_catalogs(force=True):
            print(f"compiled {path}")
        return 0
    print("usage: python -m estoca_api.i18n extract|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
