"""Everything a reconciler needs, built once per operator run and shared by its handlers."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import kubernetes
from sqlalchemy import Engine

from estoca_core.db import create_db_engine
from estoca_operator.settings import OperatorSettings


def make_api_client() -> kubernetes.client.ApiClient:
    """A Kubernetes client: in-cluster credentials in a pod, else ``$KUBECONFIG`` / ``~/.kube/config``.

    The configuration is private to this client (not the library's global default), so that tests can
    run several operators against several fake API servers in one process.
    """
    configuration = kubernetes.client.Configuration()
    try:
        kubernetes.config.load_incluster_config(client_configuration=configuration)  # type: ignore[no-untyped-call]
    except kubernetes.config.ConfigException:
        kubernetes.config.load_kube_config(  # type: ignore[no-untyped-call]
            config_file=os.environ.get("KUBECONFIG") or None, client_configuration=configuration
        )
    return kubernetes.client.ApiClient(configuration)


@dataclass
class OperatorContext:
    """Settings, the database engine and the Kubernetes API clients of one operator run."""

    settings: OperatorSettings
    engine: Engine
    api_client: kubernetes.client.ApiClient
    apps: kubernetes.client.AppsV1Api = field(init=False)
    core: kubernetes.client.CoreV1Api = field(init=False)
    custom: kubernetes.client.CustomObjectsApi = field(init=False)
    _locks: dict[tuple[str, str], threading.Lock] = field(init=False, default_factory=dict)
    _locks_guard: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.apps = kubernetes.client.AppsV1Api(self.api_client)
        self.core = kubernetes.client.CoreV1Api(self.api_client)
        self.custom = kubernetes.client.CustomObjectsApi(self.api_client)

    @classmethod
    def create(cls, settings: OperatorSettings, database_url: str) -> OperatorContext:
        """Connect lazily: neither the database nor the API server needs to be up yet."""
        # A short pool timeout: when the database is down, a handler should fail fast and retry later
        # rather than hold one of kopf's workers.
        engine = create_db_engine(database_url, pool_timeout=5)
        return cls(settings=settings, engine=engine, api_client=make_api_client())

    @contextmanager
    def group_lock(self, namespace: str, name: str) -> Iterator[None]:
        """Serialise the status computations of one group within this operator process."""
        with self._locks_guard:
            lock = self._locks.setdefault((namespace, name), threading.Lock())
        with lock:
            yield

    def close(self) -> None:
        """Release the database pool and the HTTP connections."""
        self.engine.dispose()
        self.api_client.close()  # type: ignore[no-untyped-call]
