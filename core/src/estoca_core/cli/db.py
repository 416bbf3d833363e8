"""``estoca-mock db upgrade|downgrade|current``: database migrations (alembic, shipped in the package)."""

from __future__ import annotations

import argparse
from typing import Any

from estoca_core.cli import EXIT_OK


def register(subparsers: Any) -> None:
    db = subparsers.add_parser(
        "db",
        help="migrate the database (upgrade, downgrade, current)",
        description="Alembic migrations of the database at DATABASE_URL (or the embedded server).",
    )
    commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = commands.add_parser("upgrade", help="migrate up (default: to the newest revision)")
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(func=upgrade)
    down = commands.add_parser("downgrade", help="migrate down (default: one step)")
    down.add_argument("--revision", default="-1", help="target revision, -N steps or 'base' (default: -1)")
    down.set_defaults(func=downgrade)
    current = commands.add_parser("current", help="print the database's revision and the newest one")
    current.set_defaults(func=show_current)


def upgrade(args: argparse.Namespace) -> int:
    from estoca_core import migrations
    from estoca_core.db import resolve_database_url

    url = resolve_database_url()
    migrations.upgrade(url, args.revision)
    print(f"database at revision {migrations.current(url)}")
    return EXIT_OK


def downgrade(args: argparse.Namespace) -> int:
    from estoca_core import migrations
    from estoca_core.db import resolve_database_url

    url = resolve_database_url()
    migrations.downgrade(url, args.revision)
    print(f"database at revision {migrations.current(url) or 'base (empty)'}")
    return EXIT_OK


def show_current(args: argparse.Namespace) -> int:
    from estoca_core import migrations
    from estoca_core.db import resolve_database_url

    current = migrations.current(resolve_database_url())
    head = migrations.head()
    state = "up to date" if current == head else "needs 'estoca-mock db upgrade'"
    print(f"current: {current or 'base (empty)'}\nhead:    {head}\n{state}")
    return EXIT_OK
