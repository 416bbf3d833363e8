"""``estoca-mock get groups|endpoints``: list mocks as a table, YAML or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from estoca_core.cli import EXIT_OK, EXIT_USER

PAGE = 1000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "get",
        help="list groups or endpoints",
        description="List live groups or endpoints. The table is for people; -o yaml gives resources that "
        "apply takes back, -o json gives the records with ids, versions and timestamps.",
    )
    parser.add_argument("kind", choices=["groups", "endpoints"], help="what to list")
    parser.add_argument(
        "-n", "--namespace", metavar="NS", help="only this namespace (default: every namespace)"
    )
    parser.add_argument("-g", "--group", metavar="GROUP", help="endpoints of this group only")
    parser.add_argument(
        "-o",
        "--output",
        choices=["table", "yaml", "json"],
        default="table",
        help="output format (default: table)",
    )
    parser.set_defaults(func=run_get)


def _age(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((now - moment).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = [
        "   ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [headers, *rows]
    ]
    return "\n".join(lines)


def _all(fetch: Any) -> list[Any]:
    items: list[Any] = []
    while True:
        page, total = fetch(offset=len(items), limit=PAGE)
        items.extend(page)
        if not page or len(items) >= total:
            return items


def _record_json(record: Any) -> dict[str, Any]:
    data = {
        "id": str(record.id),
        "namespace": record.namespace,
        "name": record.name,
        "version": record.version,
        "source": record.source,
        "createdBy": record.created_by,
        "createdAt": record.created_at.isoformat(),
        "updatedAt": record.updated_at.isoformat(),
        "k8sUid": record.k8s_uid,
        "spec": record.spec.to_wire(),
    }
    if hasattr(record, "endpoint_count"):
        data["endpoints"] = record.endpoint_count
    else:
        data["groupId"] = str(record.group_id)
    return data


def run_get(args: argparse.Namespace) -> int:
    from estoca_core.apply import dump_resources
    from estoca_core.cli import database_session
    from estoca_core.repository import MockRepository

    now = datetime.now(UTC)
    with database_session() as session:
        repo = MockRepository(session)
        if args.kind == "groups":
            if args.group:
                print("error: --group applies to 'get endpoints' only", file=sys.stderr)
                return EXIT_USER
            records: list[Any] = _all(lambda **page: repo.list_groups(namespace=args.namespace, **page))
            headers = ["NAMESPACE", "NAME", "ENDPOINTS", "SOURCE", "AGE", "DESCRIPTION"]
            rows = [
                [
                    r.namespace,
                    r.name,
                    str(r.endpoint_count),
                    r.source,
                    _age(r.created_at, now),
                    r.spec.description[:50],
                ]
                for r in records
            ]
        else:
            group_id = None
            if args.group:
                group_id = repo.get_group_by_name(args.namespace or _default_namespace(), args.group).id
            records = _all(lambda **page: repo.list_endpoints(group_id, namespace=args.namespace, **page))
            headers = ["NAMESPACE", "GROUP", "NAME", "METHOD", "PATH", "STATUS", "CHAOS", "AGE"]
            rows = [
                [
                    r.namespace,
                    r.group,
                    r.name,
                    r.spec.method,
                    r.spec.path,
                    str(r.spec.response.status),
                    "on" if r.spec.chaos.enabled else "off",
                    _age(r.created_at, now),
                ]
                for r in records
            ]
    if args.output == "json":
        print(json.dumps([_record_json(r) for r in records], indent=2))
    elif args.output == "yaml":
        print(dump_resources(r.to_resource() for r in records), end="")
    elif records:
        print(_table(headers, rows))
    else:
        print(f"No {args.kind} found.")
    return EXIT_OK


def _default_namespace() -> str:
    from estoca_core.settings import get_settings

    return get_settings().default_namespace
