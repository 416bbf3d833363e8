"""Every module that declares tables on ``Base``, so that alembic (and the drift test) see them all.

Components that add tables in their own package (the API's auth tables) are listed here; a module
that is not installed is skipped, so the core alone still migrates and compares its own tables.
"""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

MODEL_MODULES: tuple[str, ...] = ("estoca_core.db.models", "estoca_api.db_models")


def load_models() -> MetaData:
    """Import every installed model module; return the shared metadata."""
    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise
    from estoca_core.db.base import Base

    return Base.metadata
