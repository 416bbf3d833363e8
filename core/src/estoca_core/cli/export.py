"""``estoca-mock export``: print (or write) mocks as YAML that ``apply`` and ``kubectl apply`` take back."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from estoca_core.cli import EXIT_OK, EXIT_USER, add_namespace_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export mocks as multi-document YAML",
        description="Every live group (or those named with --group) and its endpoints, in the CR format.",
    )
    parser.add_argument(
        "-g", "--group", dest="groups", action="append", metavar="GROUP", help="only this group (repeatable)"
    )
    add_namespace_argument(parser, "only this namespace (default: every namespace)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from estoca_core.apply import export_resources
    from estoca_core.cli import database_session

    with database_session() as session:
        text = export_resources(session, namespace=args.namespace, groups=args.groups)
    if args.output is None:
        print(text, end="")
        return EXIT_OK
    # write atomically: a failed export never leaves half a file behind
    target: Path = args.output
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        print(f"error: cannot write {target}: {exc.strerror}", file=sys.stderr)
        return EXIT_USER
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return EXIT_OK
