"""``estoca-mock api``: run the control-plane API alone (uvicorn), without the mocks.

The API (``estoca_api``) is an optional member of the workspace; without it the command says so and
exits 1. The database is migrated first, like ``estoca-mock up``. Exit codes: 0 ok, 1 bad settings or
missing package, 3 database unreachable.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_OK, EXIT_USER, EXIT_DB = 0, 1, 3


def register(subparsers: Any) -> None:
    """Add the ``api`` command to the ``estoca-mock`` CLI."""
    parser = subparsers.add_parser(
        "api",
        help="run the control-plane API alone (REST under /api, docs at /docs)",
        description="Migrate the database, then serve the API under /api with Swagger at /docs and ReDoc at "
        "/redoc. Settings come from API_* variables plus SECRET_KEY, REDIS_URL and STORAGE "
        "(see docs/auth.md). "
        "Without API_OIDC_CLIENT_ID on a loopback address, sign-in is dev mode (a local developer account).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8001, help="port to listen on (default: 8001; 0 = free port)"
    )
    parser.add_argument("--log-level", default="info", help="uvicorn log level (default: info)")
    parser.add_argument("--no-migrate", action="store_true", help="do not migrate the database first")
    parser.set_defaults(func=run_api)


def run_api(args: argparse.Namespace) -> int:
    """Serve the API until interrupted."""
    try:
        from estoca_api.app import create_app
        from estoca_api.settings import ApiSettings
    except ImportError:
        print("error: the estoca-api package is not installed", file=sys.stderr)
        return EXIT_USER
    from pydantic import ValidationError

    os.environ.setdefault("API_BIND_HOST", args.host)
    try:
        settings = ApiSettings(bind_host=args.host)
    except ValidationError as exc:
        for err in exc.errors():
            print(f"error: settings: {err['msg']}", file=sys.stderr)
        return EXIT_USER
    from estoca_core.db import get_engine, resolve_database_url

    try:
        url = resolve_database_url()
        engine = get_engine(url)
        with engine.connect():
            pass
    except Exception as exc:
        print(f"error: database unreachable: {exc}", file=sys.stderr)
        return EXIT_DB
    if not args.no_migrate:
        from estoca_core.migrations import upgrade

        try:
            upgrade(url)
        except Exception as exc:
            print(f"error: database migration failed: {exc}", file=sys.stderr)
            return EXIT_DB
    import socket

    import uvicorn

    app = create_app(settings, engine=engine)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_USER
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{sock.getsockname()[1]}"
    print(f"API: {base}/api  Docs: {base}/docs  ReDoc: {base}/redoc", flush=True)
    if settings.dev_mode:
        print(
            "Sign-in: dev mode (no API_OIDC_CLIENT_ID): POST /api/auth/login signs in the local developer",
            flush=True,
        )
    config = uvicorn.Config(app, log_level=args.log_level, proxy_headers=True, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
    return EXIT_OK
