"""``estoca-mock apply -f FILE|DIR|-``: create or update MockGroups/MockEndpoints, all or nothing."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from estoca_core.cli import EXIT_OK, EXIT_USER, add_namespace_argument, add_sources_argument, print_errors


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "apply",
        help="create or update mocks from YAML (the CR format kubectl takes)",
        description="Validate every document first; if any is invalid nothing is written and each problem "
        "is printed as 'file: document N (line L): field: message'. Resources are matched by "
        "(namespace, name); groups are written before endpoints, so one file can hold both.",
    )
    add_sources_argument(parser)
    add_namespace_argument(parser, "namespace for documents without metadata.namespace (default: default)")
    parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    parser.set_defaults(func=run_apply)


def run_apply(args: argparse.Namespace) -> int:
    from estoca_core.apply import ApplyErrors, apply_documents, load_documents, validate_documents
    from estoca_core.cli import database_session

    try:
        valid = validate_documents(load_documents(args.sources), namespace=args.namespace)
        with database_session() as session:
            result = apply_documents(session, valid, dry_run=args.dry_run)
    except ApplyErrors as exc:
        print_errors(exc.errors)
        print(f"nothing was applied ({len(exc.errors)} error(s))", file=sys.stderr)
        return EXIT_USER
    suffix = " (dry run: nothing written)" if args.dry_run else ""
    for item in result:
        print(item)
    print(f"{result.summary()}{suffix}")
    return EXIT_OK
