"""``estoca-mock operator``: run the Kubernetes operator (kopf) that mirrors MockGroup/MockEndpoint.

Flags override the ``OPERATOR_*`` environment variables (see docs/kubernetes.md). The operator package
is imported only when the command runs, so the rest of the CLI works where it is not installed.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_OK, EXIT_USER, EXIT_DB = 0, 1, 3


def register(subparsers: Any) -> None:
    """Add the ``operator`` command to the ``estoca-mock`` CLI."""
    op = subparsers.add_parser(
        "operator",
        help="run the Kubernetes operator (MockGroup/MockEndpoint -> database + mockservers)",
        description="Watch MockGroup and MockEndpoint resources, mirror them into the database and run a "
        "mockserver Deployment and Service per group. Flags override OPERATOR_* variables.",
    )
    scope = op.add_mutually_exclusive_group()
    scope.add_argument(
        "--namespace",
        "-n",
        action="append",
        dest="namespaces",
        metavar="NS",
        help="watch this namespace (repeatable; default: OPERATOR_NAMESPACES, else all namespaces)",
    )
    scope.add_argument(
        "--all-namespaces", "-A", action="store_true", help="watch every namespace (cluster-wide)"
    )
    op.add_argument(
        "--standalone",
        action="store_true",
        help="act without kopf peering (one replica only; default: OPERATOR_PEERING)",
    )
    op.add_argument("--priority", type=int, help="peering priority of this replica (highest acts)")
    op.add_argument("--verbose", "-v", action="store_true", help="log kopf's debug messages")
    op.set_defaults(func=run_operator)


def _env_overrides(args: argparse.Namespace) -> None:
    """Flags win over OPERATOR_* variables."""
    if args.all_namespaces:
        os.environ["OPERATOR_NAMESPACES"] = ""
    elif args.namespaces:
        os.environ["OPERATOR_NAMESPACES"] = ",".join(args.namespaces)
    if args.standalone:
        os.environ["OPERATOR_PEERING"] = "false"
    if args.priority is not None:
        os.environ["OPERATOR_PRIORITY"] = str(args.priority)


def run_operator(args: argparse.Namespace) -> int:
    """Run the operator until interrupted."""
    try:
        from estoca_operator.runner import main
        from estoca_operator.settings import OperatorSettings
    except ImportError as exc:
        print(f"error: the operator is not installed ({exc}); install estoca-operator", file=sys.stderr)
        return EXIT_USER
    from pydantic import ValidationError

    _env_overrides(args)
    try:
        settings = OperatorSettings()
    except ValidationError as exc:
        for err in exc.errors():
            field = "OPERATOR_" + "_".join(str(p) for p in err["loc"]).upper()
            print(f"error: {field}: {err['msg']}", file=sys.stderr)
        return EXIT_USER
    from estoca_core.errors import DatabaseUnavailableError

    try:
        return int(main(settings, verbose=args.verbose))
    except DatabaseUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DB
