"""MockServerSettings: environment parsing, every field described and documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from estoca_mockserver.settings import MockServerSettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "mockserver.md"


def test_groups_from_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKSERVER_GROUPS", " erp, shop ,,")
    monkeypatch.setenv("MOCKSERVER_PORT", "9000")
    settings = MockServerSettings()
    assert settings.groups == ["erp", "shop"]
    assert settings.port == 9000
    monkeypatch.setenv("MOCKSERVER_GROUPS", "")
    assert MockServerSettings().groups == []


def test_bad_values_name_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOCKSERVER_WORKERS", "0")
    with pytest.raises(ValidationError, match="workers"):
        MockServerSettings()


def test_every_setting_is_described_and_documented() -> None:
    text = DOC.read_text()
    for name, field in MockServerSettings.model_fields.items():
        assert field.description, name
        assert f"`MOCKSERVER_{name.upper()}`" in text, name
