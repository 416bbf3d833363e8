"""Storage backends behind :class:`~estoca_api.storage.base.MockStore`; ``make_store`` picks one."""

from __future__ import annotations

import importlib

from sqlalchemy.orm import Session

from estoca_api.settings import ApiSettings
from estoca_api.storage.base import ImportedResource, ImportResult, MockStore, StoreStats

__all__ = ["ImportResult", "ImportedResource", "MockStore", "StoreStats", "make_store"]

BACKENDS = {
    "database": "estoca_api.storage.database:DatabaseStore",
    "kubernetes": "estoca_api.storage.kubernetes:KubernetesStore",
}


def make_store(settings: ApiSettings, session: Session) -> MockStore:
    """The backend for ``settings.storage``, bound to this request's session.

    Backends are imported lazily so that the Kubernetes client is only needed with ``STORAGE=kubernetes``;
    each takes ``(session, settings)``.
    """
    module_name, _sep, class_name = BACKENDS[settings.storage].partition(":")
    backend = getattr(importlib.import_module(module_name), class_name)
    store: MockStore = backend(session, settings)
    return store
