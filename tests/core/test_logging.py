"""Structured logs: key=value text or JSON lines, extras included, reconfigurable."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from estoca_core.logging import HANDLER_NAME, configure_logging


@pytest.fixture(autouse=True)
def _restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_carry_extras_and_exceptions() -> None:
    stream = io.StringIO()
    configure_logging("info", json=True, stream=stream)
    log = logging.getLogger("estoca.test")
    log.info("served %s", "/erp/orders", extra={"group": "erp", "status": 200})
    log.debug("hidden")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{"))
    assert first["msg"] == "served /erp/orders"
    assert first["level"] == "INFO"
    assert first["logger"] == "estoca.test"
    assert first["group"] == "erp"
    assert first["status"] == 200
    assert first["ts"].endswith("Z")
    assert second["msg"] == "failed"
    assert "ValueError: boom" in second["exc"]


def test_text_lines_and_reconfiguration_replace_the_handler() -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", json=False, stream=stream)
    configure_logging(logging.DEBUG, json=False, stream=stream)
    assert sum(1 for h in logging.getLogger().handlers if h.get_name() == HANDLER_NAME) == 1
    log = logging.getLogger("estoca.text")
    log.debug("hello", extra={"n": 1, "who": "me"})
    try:
        raise KeyError("k")
    except KeyError:
        log.error("oops", exc_info=True)
    lines = stream.getvalue().splitlines()
    assert lines[0].endswith('DEBUG   estoca.text: hello n=1 who="me"')
    assert any("KeyError" in line for line in lines)
    assert logging.getLogger("alembic").level == logging.WARNING


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown log level"):
        configure_logging("LOUD")
