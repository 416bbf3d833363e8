"""The reference pages generated from code stay in step with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_settings_reference_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_settings_doc.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_settings_page_variable_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    for variable in ("DATABASE_URL", "MOCKSERVER_GROUPS", "SECRET_KEY", "OPERATOR_NAMESPACES"):
        assert f"`{variable}`" in text
