"""``estoca-mock mockserver`` (the data plane alone) and ``estoca-mock up`` (the standalone product).

Both resolve the database first (``DATABASE_URL`` or the embedded PostgreSQL) and exit with code 3 when
it cannot be reached, so scripts can tell a database problem from a usage error (2) or bad input (1).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USER, EXIT_DB = 0, 1, 3


def register(subparsers: Any) -> None:
    """Add the ``mockserver`` and ``up`` commands to the ``estoca-mock`` CLI."""
    ms = subparsers.add_parser(
        "mockserver",
        help="run the mock data plane (serves the mocks of the configured groups)",
        description="Serve every live endpoint of the configured groups, following database changes. "
        "Flags override the MOCKSERVER_* environment variables (see docs/mockserver.md).",
    )
    ms.add_argument(
        "--group",
        "-g",
        action="append",
        dest="groups",
        metavar="GROUP",
        help="serve this group (repeatable; default: every group)",
    )
    ms.add_argument("--namespace", "-n", help="serve only groups of this namespace")
    ms.add_argument("--host", help="interface to listen on (default: MOCKSERVER_HOST or 0.0.0.0)")
    ms.add_argument(
        "--port", type=int, help="port to listen on (default: MOCKSERVER_PORT or 8080; 0 = free port)"
    )
    ms.add_argument("--workers", type=int, help="worker processes (default: MOCKSERVER_WORKERS or 1)")
    ms.set_defaults(func=run_mockserver)

    up = subparsers.add_parser(
        "up",
        help="run the standalone product (mocks and API on one port)",
        description="Migrate the database, optionally load examples/ on first start, then serve the mocks "
        "and (when installed) the control-plane API under /api with docs at /docs.",
    )
    up.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    up.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 = free port)")
    up.add_argument(
        "--load-examples",
        action="store_true",
        help="apply examples/ when the database has no groups yet (first start)",
    )
    up.add_argument(
        "--examples",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of example resources (default: ./examples, else the repository's)",
    )
    up.set_defaults(func=run_up)


def _env_overrides(args: argparse.Namespace) -> None:
    """Flags win over MOCKSERVER_* variables; written to the environment so worker processes see them."""
    values = {
        "GROUPS": ",".join(args.groups) if args.groups else None,
        "NAMESPACE": args.namespace,
        "HOST": args.host,
        "PORT": args.port,
        "WORKERS": args.workers,
        # the global --log-level/--log-json flags of estoca-mock
        "LOG_LEVEL": getattr(args, "log_level", None),
        "LOG_JSON": "true" if getattr(args, "log_json", None) else None,
    }
    for key, value in values.items():
        if value is not None:
            os.environ[f"MOCKSERVER_{key}"] = str(value)


def _database_url() -> str | None:
    """The database URL, checked by connecting once; None (after a message) when it is unreachable."""
    from estoca_core.db import get_engine, resolve_database_url

    try:
        url = resolve_database_url()
        with get_engine(url).connect():
            pass
    except Exception as exc:
        print(f"error: database unreachable: {exc}", file=sys.stderr)
        return None
    os.environ["DATABASE_URL"] = url  # worker processes connect to the same server
    return url


def run_mockserver(args: argparse.Namespace) -> int:
    """Serve the mocks until interrupted."""
    from pydantic import ValidationError

    _env_overrides(args)
    from estoca_mockserver.server import configure_logging, create_app, serve
    from estoca_mockserver.settings import MockServerSettings

    try:
        settings = MockServerSettings()
    except ValidationError as exc:
        for err in exc.errors():
            field = "MOCKSERVER_" + "_".join(str(p) for p in err["loc"]).upper()
            print(f"error: {field}: {err['msg']}", file=sys.stderr)
        return EXIT_USER
    configure_logging(settings)
    url = _database_url()
    if url is None:
        return EXIT_DB
    sock = _listen(settings.host, settings.port)
    if sock is None:
        return EXIT_USER
    port = sock.getsockname()[1]
    groups = ", ".join(settings.groups) or "all groups"
    print(f"Mocks ({groups}): http://{_display_host(settings.host)}:{port}/<group>/<path>", flush=True)
    print(f"Health: http://{_display_host(settings.host)}:{port}/readyz  Metrics: /metrics", flush=True)
    serve(create_app(settings, url), settings, sock)
    return EXIT_OK


def _listen(host: str, port: int) -> Any:
    """The bound listening socket, or None after a message naming the address (port in use...)."""
    from estoca_mockserver.server import bind

    try:
        return bind(host, port)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return None


def _display_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)  # noqa: S104


def _examples_dir(given: Path | None) -> Path | None:
    if given is not None:
        return given if given.is_dir() else None
    for candidate in (Path.cwd() / "examples", Path(__file__).resolve().parents[4] / "examples"):
        if candidate.is_dir():
            return candidate
    return None


def _load_examples(url: str, given: Path | None) -> int:
    """Apply examples/ when the database has no groups yet; a later start leaves the data alone."""
    from estoca_core import apply as applier
    from estoca_core.db import get_engine, session_scope
    from estoca_core.repository import MockRepository

    folder = _examples_dir(given)
    if folder is None:
        print(f"error: --examples: no examples folder found ({given or 'examples/'})", file=sys.stderr)
        return EXIT_USER
    with session_scope(get_engine(url)) as session:
        _, total = MockRepository(session).list_groups(limit=1)
        if total:
            print(f"Examples not loaded: the database already has {total} group(s).", flush=True)
            return EXIT_OK
        # Only the folder's own files: examples/k8s/ holds the same resources in other namespaces
        # for kubectl, which would shadow these groups' URLs in a standalone server.
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        docs = applier.load_documents(files)
        applier.validate_documents(docs)
        result = applier.apply_documents(session, docs)
    print(f"Loaded examples from {folder}: {_summary(result)}", flush=True)
    return EXIT_OK


def _summary(result: Any) -> str:
    for attr in ("summary", "__str__"):
        value = getattr(result, attr, None)
        if callable(value):
            return str(value())
    return str(result)


def _advertise(host: str, base: str) -> None:
    """Tell the API where it really listens: the dev-mode loopback check and the mock/callback URLs.

    An explicit ESTOCA_PUBLIC_URL / API_ROOT_URL (e.g. behind a proxy) wins over the bound address.
    """
    from estoca_core.settings import get_settings

    os.environ["API_BIND_HOST"] = host
    os.environ.setdefault("ESTOCA_PUBLIC_URL", base)
    os.environ.setdefault("API_ROOT_URL", base)
    get_settings.cache_clear()


def run_up(args: argparse.Namespace) -> int:
    """Migrate, load the examples on first start, then serve mocks (+ API) on one port."""
    from estoca_core.migrations import upgrade
    from estoca_mockserver.server import configure_logging, create_app, serve
    from estoca_mockserver.settings import MockServerSettings
    from estoca_mockserver.standalone import Standalone, load_api_app

    _env_overrides(
        argparse.Namespace(
            groups=None,
            namespace=None,
            host=None,
            port=None,
            workers=None,
            log_level=getattr(args, "log_level", None),
            log_json=getattr(args, "log_json", None),
        )
    )
    settings = MockServerSettings(host=args.host, port=args.port, workers=1)
    configure_logging(settings)
    url = _database_url()
    if url is None:
        return EXIT_DB
    try:
        upgrade(url)
    except Exception as exc:
        print(f"error: database migration failed: {exc}", file=sys.stderr)
        return EXIT_DB
    if args.load_examples:
        try:
            code = _load_examples(url, args.examples)
        except Exception as exc:
            print(f"error: loading examples failed: {exc}", file=sys.stderr)
            return EXIT_USER
        if code:
            return code
    sock = _listen(settings.host, settings.port)
    if sock is None:
        return EXIT_USER
    base = f"http://{_display_host(settings.host)}:{sock.getsockname()[1]}"
    _advertise(settings.host, base)
    try:
        api = load_api_app()
    except Exception as exc:
        sock.close()
        print(f"error: the control-plane API could not start: {exc}", file=sys.stderr)
        return EXIT_USER
    app = Standalone(create_app(settings, url), api)
    print(f"Mocks: {base}/<group>/<path>  (chaos: {base}/<group>/<path>/chaos)", flush=True)
    if api is not None:
        print(f"API:   {base}/api  Docs: {base}/docs  ReDoc: {base}/redoc", flush=True)
    print(f"Health: {base}/readyz  Metrics: {base}/metrics", flush=True)
    serve(app, settings, sock)
    return EXIT_OK
