"""Keep the app's routing table in step with the database: full load, LISTEN/NOTIFY, periodic resync.

A background thread (one per worker process) owns a psycopg2 connection that LISTENs on
``estoca_changes`` and waits in ``select()``. A burst of notifications is collected, the changed
endpoints (or the changed group's endpoints) are read back through the repository and compiled, and a
new immutable routing table is swapped in. A full resync runs every ``resync_interval_s`` as a safety
net, and after every reconnect, because notifications sent while disconnected are lost.
The request path never touches the database: it only reads ``app.table``.
"""

from __future__ import annotations

import gc
import logging
import os
import select
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson

from estoca_mockserver.compile import CompiledEndpoint, compile_endpoint

if TYPE_CHECKING:
    from estoca_mockserver.app import MockServerApp
    from estoca_mockserver.settings import MockServerSettings

log = logging.getLogger("estoca_mockserver.reload")

CHANNEL = "estoca_changes"
ENDPOINT_TABLES = frozenset({"endpoints", "url_parameters", "headers", "request_bodies"})
DEBOUNCE_S = 0.02


def psycopg2_dsn(url: str) -> str:
    """A libpq URI for psycopg2 from any SQLAlchemy-style PostgreSQL URL."""
    from estoca_core.db import normalize_url

    return str(normalize_url(url).set(drivername="postgresql").render_as_string(hide_password=False))


class Reloader:
    """Loads every served endpoint into ``app`` and follows changes until ``stop()``."""

    def __init__(
        self, app: MockServerApp, settings: MockServerSettings, database_url: str | None = None
    ) -> None:
        self.app = app
        self.settings = settings
        self.database_url = database_url
        self.groups = list(settings.groups) or None
        self.namespace = settings.namespace
        self.endpoints: dict[str, CompiledEndpoint] = {}
        self.errors: dict[str, str] = {}
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        self.loaded = threading.Event()

    # -- lifecycle --------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start following the database in a daemon thread; ``app.ready`` turns true after the first load."""
        self._thread = threading.Thread(target=self._run, name="estoca-reloader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=10)
        os.close(self._wake_r)
        os.close(self._wake_w)

    # -- database access ---------------------------------------------------------------------------------
    def _url(self) -> str:
        if self.database_url is None:
            from estoca_core.db import resolve_database_url

            self.database_url = resolve_database_url()
        return self.database_url

    def _with_repo(self, work: Callable[[Any], Any]) -> Any:
        from estoca_core.db import get_engine, session_scope
        from estoca_core.repository import MockRepository

        with session_scope(get_engine(self._url())) as session:
            return work(MockRepository(session))

    # -- applying changes --------------------------------------------------------------------------------
    def _compile(self, records: Iterable[Any]) -> dict[str, CompiledEndpoint]:
        out: dict[str, CompiledEndpoint] = {}
        for record in records:
            key = str(record.id)
            try:
                out[key] = compile_endpoint(record)
                self.errors.pop(key, None)
            except Exception as exc:  # one bad endpoint must not take the others down
                self.errors[key] = str(exc)
                log.error(
                    "cannot compile endpoint %s/%s: %s",
                    record.namespace,
                    record.name,
                    exc,
                    extra={"endpoint": record.name, "group": record.group},
                )
        return out

    def _publish(self) -> None:
        self.app.set_endpoints(self.endpoints.values())

    def full_reload(self) -> None:
        """Load and compile every served endpoint, then swap the table."""
        started = time.perf_counter()
        records = self._with_repo(
            lambda repo: repo.served_endpoints(groups=self.groups, namespace=self.namespace)
        )
        self.endpoints = self._compile(records)
        self._publish()
        self.app.metrics.reload("full")
        self.loaded.set()
        log.info(
            "loaded %d endpoints in %.0f ms",
            len(self.endpoints),
            (time.perf_counter() - started) * 1000,
            extra={"endpoints": len(self.endpoints)},
        )

    def _wanted(self, record: Any) -> bool:
        if self.groups is not None and record.group not in self.groups:
            return False
        return self.namespace is None or record.namespace == self.namespace

    def apply(self, payloads: list[dict[str, Any]]) -> None:
        """Reload just what the notifications name: endpoints by id, or every endpoint of a group."""
        endpoint_ids: set[str] = set()
        group_ids: set[str] = set()
        group_names: set[str] = set()
        for p in payloads:
            if p.get("table") == "groups" and p.get("id") and p.get("name"):
                group_ids.add(str(p["id"]))
                group_names.add(str(p["name"]))
            elif p.get("table") in ENDPOINT_TABLES and p.get("id"):
                endpoint_ids.add(str(p["id"]))
            else:
                self.full_reload()
                return

        def work(repo: Any) -> tuple[list[Any], dict[str, Any | None]]:
            group_records: list[Any] = []
            if group_ids:
                candidates = repo.served_endpoints(groups=sorted(group_names), namespace=self.namespace)
                group_records = [r for r in candidates if str(r.group_id) in group_ids and self._wanted(r)]
            return group_records, {eid: repo.served_endpoint(eid) for eid in endpoint_ids}

        with _no_gc(freeze=False):
            self._apply(work, group_ids)
        self.app.metrics.reload("change")
        log.info("applied %d changes", len(payloads), extra={"changes": len(payloads)})

    def _apply(self, work: Callable[[Any], Any], group_ids: set[str]) -> None:
        """Replace the endpoints of ``group_ids`` and those read back by id; publish a new table."""
        group_records, by_id = self._with_repo(work)
        endpoints = dict(self.endpoints)
        if group_ids:
            for key in [k for k, ep in endpoints.items() if ep.group_id in group_ids]:
                del endpoints[key]
            endpoints.update(self._compile(group_records))
        for eid, record in by_id.items():
            endpoints.pop(eid, None)
            if record is not None and self._wanted(record):
                endpoints.update(self._compile([record]))
        self.endpoints = endpoints
        self._publish()

    # -- the thread --------------------------------------------------------------------------------------
    def _run(self) -> None:
        import psycopg2

        backoff = 0.5
        while not self._stop.is_set():
            conn = None
            try:
                conn = psycopg2.connect(psycopg2_dsn(self._url()), connect_timeout=5)
                conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute(f"LISTEN {CHANNEL}")
                self.full_reload()  # after LISTEN, so no change falls between the two
                backoff = 0.5
                self._follow(conn)
            except Exception as exc:
                log.warning("database unavailable, retrying in %.1f s: %s", backoff, exc)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.settings.reconnect_max_backoff_s)
            finally:
                if conn is not None:
                    conn.close()

    def _follow(self, conn: Any) -> None:
        interval = self.settings.resync_interval_s
        next_full = time.monotonic() + interval
        while not self._stop.is_set():
            timeout = max(0.0, next_full - time.monotonic())
            readable, _, _ = select.select([conn, self._wake_r], [], [], timeout)
            if self._stop.is_set():
                return
            if conn in readable:
                conn.poll()
                if conn.notifies:
                    time.sleep(DEBOUNCE_S)  # let the rest of a burst (one transaction) arrive
                    conn.poll()
                    payloads = [_parse(n.payload) for n in conn.notifies]
                    conn.notifies.clear()
                    self.apply(payloads)
            if time.monotonic() >= next_full:
                self.full_reload()
                next_full = time.monotonic() + interval


@contextmanager
def _no_gc(*, freeze: bool) -> Iterator[None]:
    """Pause the cyclic GC while thousands of long-lived objects are built.

    Without it, generation-2 collections rescan the growing heap again and again and a 10,000
    endpoint load takes several times longer. After the first load the survivors are frozen
    (``gc.freeze``), so later collections, on the request path too, no longer scan them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze:
            gc.collect()
            gc.freeze()


def _parse(payload: str) -> dict[str, Any]:
    try:
        value = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
