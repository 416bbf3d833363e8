"""``estoca-mock``: the command line. Each module of this package adds its own commands.

A module with a ``register(subparsers)`` function is discovered with ``pkgutil``, so components add
``cli/<name>.py`` without touching this file. Commands set ``func`` (returning an exit code) with
``parser.set_defaults(func=...)``.

Exit codes scripts can rely on: 0 ok, 1 invalid input or refused change (messages on stderr),
2 usage error (argparse), 3 database unreachable, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_DB, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

log = logging.getLogger(__name__)


def _discover(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except ImportError as exc:  # an optional component is not installed
            log.debug("CLI module %s skipped: %s", info.name, exc)
            continue
        register = getattr(module, "register", None)
        if callable(register):
            register(subparsers)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every discovered command."""
    parser = argparse.ArgumentParser(
        prog="estoca-mock",
        description="Estoca Mock API: contract mocks and chaos for HTTP integrations.",
        epilog="Exit codes: 0 ok, 1 invalid input or refused change, 2 usage error, 3 database unreachable. "
        "DATABASE_URL selects PostgreSQL; unset, an embedded server keeps data in ESTOCA_DATA_DIR.",
    )
    parser.add_argument(
        "--log-level", help="DEBUG, INFO, WARNING or ERROR (default: ESTOCA_LOG_LEVEL or INFO)"
    )
    parser.add_argument("--log-json", action="store_true", default=None, help="write logs as JSON lines")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _discover(subparsers)
    return parser


def database_unreachable(exc: BaseException) -> bool:
    """True for errors that mean "cannot talk to the database" (exit code 3)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    from estoca_core.errors import DatabaseUnavailableError

    return isinstance(exc, DatabaseUnavailableError | OperationalError | InterfaceError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (the console script exits with it)."""
    from estoca_core.errors import EstocaError
    from estoca_core.logging import configure_logging
    from estoca_core.settings import get_settings

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
    except ValueError as exc:  # pydantic's ValidationError: a bad ESTOCA_* / DATABASE_URL value
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return EXIT_USER
    try:
        level = args.log_level or settings.log_level
        configure_logging(level, json=settings.log_json if args.log_json is None else args.log_json)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (`estoca-mock get ... | head`): stop quietly, as the Python docs advise
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_USER
    except Exception as exc:
        if database_unreachable(exc):
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            print(f"error: database unreachable: {detail}", file=sys.stderr)
            return EXIT_DB
        if isinstance(exc, EstocaError):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USER
        raise


# ------------------------------------------------------------------ helpers for command modules


def add_namespace_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("-n", "--namespace", metavar="NS", help=help_text)


def add_sources_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--filename",
        dest="sources",
        action="append",
        required=True,
        metavar="FILE|DIR|-",
        help="YAML file, folder (*.yaml/*.yml, recursive) or - for stdin; repeatable",
    )


@contextmanager
def database_session() -> Iterator[Session]:
    """A committed-on-success session on ``DATABASE_URL`` (or the embedded server), with its schema ready."""
    from estoca_core.db import get_engine, session_scope
    from estoca_core.db.engine import resolve_database_url

    ensure_schema(resolve_database_url())
    with session_scope(get_engine()) as session:
        yield session


def ensure_schema(url: str) -> None:
    """Create the tables of an empty database (as ``up`` does); refuse a database at another revision.

    A first ``estoca-mock apply`` on a new laptop must just work, but a shared database that is behind
    (or ahead) is an operator's decision: say which command to run instead of migrating behind their back.
    """
    from estoca_core.errors import EstocaError
    from estoca_core.migrations import current, head, upgrade

    at, wanted = current(url), head()
    if at == wanted:
        return
    if at is None:
        print("Creating the database tables (estoca-mock db upgrade)...", file=sys.stderr)
        upgrade(url)
        return
    raise EstocaError(
        f"the database schema is at revision {at}, this version needs {wanted}: run `estoca-mock db upgrade`"
    )


def print_errors(errors: Iterable[object]) -> None:
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
