"""``estoca-mock delete -f FILE|DIR|-``: soft-delete the resources the YAML names, all or nothing."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from estoca_core.cli import EXIT_OK, EXIT_USER, add_namespace_argument, add_sources_argument, print_errors


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "delete",
        help="delete the mocks named in YAML files",
        description="Delete (soft: the rows stay in the database; apply the YAML again to bring them back) "
        "every MockEndpoint and MockGroup the documents "
        "name. Deleting a group deletes its endpoints. A resource that does not exist is an error "
        "(nothing is deleted) unless --ignore-not-found.",
    )
    add_sources_argument(parser)
    add_namespace_argument(parser, "namespace for documents without metadata.namespace (default: default)")
    parser.add_argument("--ignore-not-found", action="store_true", help="skip resources that do not exist")
    parser.set_defaults(func=run_delete)


def run_delete(args: argparse.Namespace) -> int:
    from estoca_core.apply import ApplyErrors, delete_documents, load_documents, validate_documents
    from estoca_core.cli import database_session

    try:
        valid = validate_documents(load_documents(args.sources), namespace=args.namespace)
        with database_session() as session:
            result = delete_documents(session, valid, ignore_not_found=args.ignore_not_found)
    except ApplyErrors as exc:
        print_errors(exc.errors)
        print(f"nothing was deleted ({len(exc.errors)} error(s))", file=sys.stderr)
        return EXIT_USER
    for item in result:
        print(item)
    print(result.summary())
    return EXIT_OK
