"""Every message has a pt_BR translation, and ``Accept-Language`` picks the language of every answer."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from api_helpers import TestClient, assert_problem
from babel.messages.pofile import read_po

from estoca_api.i18n import LOCALE_DIR, SUPPORTED_LOCALES, compile_catalogs, negotiate
from estoca_api.i18n.__main__ import extract_catalog, main

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_every_message_has_a_pt_br_translation() -> None:
    """Fails when code marks a message that the pt_BR catalog does not translate (run `make i18n`)."""
    source = {m.id for m in extract_catalog() if m.id}
    assert len(source) > 50
    for locale in SUPPORTED_LOCALES:
        catalog = _catalog(locale)
        translated = {m.id: m for m in catalog if m.id}
        missing = sorted(source - set(translated))
        assert not missing, f"{locale}: not in the catalog (run make i18n): {missing}"
        for msgid in source:
            message = translated[msgid]
            assert message.string, f"{locale}: no translation for {msgid!r}"
            assert not message.fuzzy, f"{locale}: fuzzy translation for {msgid!r}"
            assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), msgid
            if locale == "pt_BR" and len(msgid) > 12:
                assert message.string != msgid, f"pt_BR: {msgid!r} is not translated"


def test_negotiation() -> None:
    assert negotiate(None) == "en"
    assert negotiate("pt-BR,pt;q=0.9") == "pt_BR"
    assert negotiate("pt") == "pt_BR"
    assert negotiate("fr;q=1, pt;q=0.5") == "pt_BR"
    assert negotiate("en;q=0.1, pt-BR;q=0.9") == "pt_BR"
    assert negotiate("de, *;q=0.1") == "en"
    assert negotiate("pt;q=0") == "en"
    assert negotiate("pt;q=abc") == "en"


def test_answers_follow_accept_language(client: TestClient, auth: dict[str, str]) -> None:
    pt = {"Accept-Language": "pt-BR"}
    body = assert_problem(client.get("/api/groups", headers=pt), 401)
    assert body["title"] == "Não autenticado"
    assert body["detail"] == "Entre, ou envie um token bearer válido."
    invalid = client.post("/api/groups", json={"server": {"replicas": -1}}, headers={**auth, **pt})
    assert invalid.headers["content-language"] == "pt-BR"
    errors = {e["field"]: e["message"] for e in invalid.json()["errors"]}
    assert errors == {"name": "Campo obrigatório", "server.replicas": "Deve ser maior ou igual a 0"}
    assert invalid.json()["title"] == "Requisição inválida"
    english = client.get("/api/groups", headers={"Accept-Language": "en-US"}).json()
    assert english["title"] == "Not signed in"


def test_middleware_answers_are_translated(make_client: Callable[..., TestClient]) -> None:
    client = make_client(rate_limit_ip_per_minute=1, max_body_bytes=1024)
    if 60 - time.time() % 60 < 5:
        time.sleep(6)
    client.get("/api/healthz")
    client.get("/api/auth/config")
    limited = client.get("/api/auth/config", headers={"Accept-Language": "pt-BR"})
    assert limited.status_code == 429
    assert limited.json()["detail"].startswith("Requisições demais")


def test_make_i18n_commands() -> None:
    assert main(["compile"]) == 0
    assert all((LOCALE_DIR / loc / "LC_MESSAGES" / "messages.mo").exists() for loc in SUPPORTED_LOCALES)
    assert compile_catalogs() == []  # up to date: nothing rewritten
    assert main(["nonsense"]) == 2


def test_extract_merges_new_messages_and_keeps_translations(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from estoca_api.i18n import __main__ as cli

    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(cli, "LOCALE_DIR", tmp_path / "locale")
    po_path = tmp_path / "locale" / "pt_BR" / "LC_MESSAGES" / "messages.po"
    text = po_path.read_text()
    dropped = 'msgid "Conflict"\nmsgstr "Conflito"\n'
    assert dropped in text
    po_path.write_text(text.replace(dropped, ""))
    shutil.rmtree(tmp_path / "locale" / "en")

    assert cli.main(["extract"]) == 0

    with po_path.open("rb") as handle:
        merged = {m.id: m.string for m in read_po(handle, locale="pt_BR") if m.id}
    assert merged["Conflict"] == ""  # back in the catalog, waiting for a translation
    assert merged["Not found"] == "Não encontrado"  # existing translations are kept
    with (tmp_path / "locale" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        english = {m.id: m.string for m in read_po(handle, locale="en") if m.id}
    assert english["Conflict"] == "Conflict"
    assert (tmp_path / "locale" / "messages.pot").exists()


def test_read_only_install_translates_in_memory(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from estoca_api import i18n

    def read_only(**_kwargs: object) -> list[object]:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(i18n, "compile_catalogs", read_only)
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("pt_BR").gettext("Not found") == "Não encontrado"
    finally:
        i18n.translations.cache_clear()
