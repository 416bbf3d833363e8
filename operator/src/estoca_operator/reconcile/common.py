"""Small helpers shared by the group and endpoint reconcilers."""

from __future__ import annotations

import logging
from typing import Any

import kopf
from pydantic import ValidationError

Logger = logging.Logger | logging.LoggerAdapter[Any]
"""What kopf passes as ``logger``."""

# Metadata keys that reach the spec models; the rest (managedFields, kopf's annotations...) is noise.
_META_KEYS = ("name", "namespace", "uid", "generation", "resourceVersion", "labels")


def wire(body: kopf.Body | dict[str, Any]) -> dict[str, Any]:
    """The resource as the spec models take it: apiVersion, kind, trimmed metadata and spec (no status)."""
    metadata = body.get("metadata") or {}
    return {
        "apiVersion": body.get("apiVersion"),
        "kind": body.get("kind"),
        "metadata": {key: metadata[key] for key in _META_KEYS if metadata.get(key) is not None},
        "spec": dict(body.get("spec") or {}),
    }


def describe_errors(exc: ValidationError) -> str:
    """Every validation error on one line each, prefixed with the field path (``spec.path: ...``)."""
    lines = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "(resource)"
        lines.append(f"{where}: {error['msg']}")
    return "; ".join(lines)


def generation_of(body: kopf.Body | dict[str, Any]) -> int | None:
    """metadata.generation, if the API server set one."""
    value = (body.get("metadata") or {}).get("generation")
    return int(value) if value is not None else None
