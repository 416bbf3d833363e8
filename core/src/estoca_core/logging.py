"""Structured logging for every component: ``key=value`` text or JSON lines, chosen by settings.

``configure_logging("INFO", json=True)`` makes every record one JSON object with ``ts``, ``level``,
``logger``, ``msg`` and any ``extra={...}`` fields, which log shippers (Loki, CloudWatch, ELK) index
without parsing rules. Text mode prints the same fields as ``key=value`` after the message.
"""

from __future__ import annotations

import json as jsonlib
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
HANDLER_NAME = "estoca"


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


def _timestamp(record: logging.LogRecord) -> str:
    return (
        datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        data.update(_extras(record))
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return jsonlib.dumps(data, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``<ts> <LEVEL> <logger>: <msg> key=value ...`` for people reading a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname:<7} {record.name}: {record.getMessage()}"
        extras = _extras(record)
        if extras:
            line += " " + " ".join(f"{k}={jsonlib.dumps(v, default=str)}" for k, v in extras.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: str | int = "INFO", json: bool = False, stream: IO[str] | None = None) -> None:
    """Send every logger's records to ``stream`` (stderr) in the chosen format; idempotent.

    Calling it again replaces the previous estoca handler (so a CLI flag can override settings)
    and leaves handlers installed by others (pytest's capture, for example) alone.
    """
    resolved = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(resolved, int):
        raise ValueError(f"unknown log level {level!r}; use DEBUG, INFO, WARNING or ERROR")
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == HANDLER_NAME:
            root.removeHandler(existing)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if json else TextFormatter())
    root.addHandler(handler)
    root.setLevel(resolved)
    # Third-party loggers that are chatty at INFO.
    for noisy in ("alembic", "pgserver"):
        logging.getLogger(noisy).setLevel(max(resolved, logging.WARNING))
