"""The immutable routing table: static paths in a dict, templated paths in a segment trie.

A ``RoutingTable`` is built from compiled endpoints and never changed afterwards; a reload builds a new
one and the app swaps a single attribute, so a request that already holds the old table finishes with it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from estoca_mockserver.compile import CompiledEndpoint

CHAOS = "chaos"


@dataclass(eq=False, slots=True)
class Route:
    """Every method configured at one path (the normal variant or the chaos variant)."""

    chaos: bool
    methods: dict[str, CompiledEndpoint] = field(default_factory=dict)
    allow: bytes = b""

    def finish(self) -> None:
        """Compute the ``Allow`` header once (HEAD is allowed wherever GET is)."""
        names = set(self.methods)
        if "GET" in names:
            names.add("HEAD")
        self.allow = ", ".join(sorted(names)).encode()


@dataclass(eq=False, slots=True)
class _Node:
    literal: dict[str, _Node] = field(default_factory=dict)
    param: _Node | None = None
    route: Route | None = None
    chaos_route: Route | None = None


@dataclass(eq=False, slots=True)
class RoutingTable:
    """Lookup structure over one snapshot of compiled endpoints."""

    static: dict[str, Route]
    trie: dict[str, _Node]  # group name -> root node of the group's templated paths
    endpoints: dict[str, CompiledEndpoint]  # by endpoint id
    groups: frozenset[str]
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> sorted path templates

    def match(self, path: str) -> tuple[Route, list[str]] | None:
        """Find a templated route; literal segments win over parameters (with backtracking)."""
        parts = path.split("/")
        if len(parts) < 3:
            return None
        node = self.trie.get(parts[1])
        if node is None:
            return None
        values: list[str] = []
        return _walk(node, parts, 2, values)

    def nearest(self, path: str, n: int = 3) -> list[str]:
        """The configured paths closest to ``path`` (miss path only).

        Within a known group its path templates are compared; for an unknown group, the group roots
        (``/<group>``), so a miss costs the same with 10 or 10,000 endpoints.
        """
        group = path.split("/", 2)[1] if path.startswith("/") else ""
        candidates = self.paths.get(group)
        if candidates is None:
            roots = ["/" + g for g in sorted(self.groups)]
            return difflib.get_close_matches("/" + group, roots, n=n, cutoff=0.4)
        return difflib.get_close_matches(path, candidates, n=n, cutoff=0.4)


def _walk(node: _Node, parts: list[str], i: int, values: list[str]) -> tuple[Route, list[str]] | None:
    if i == len(parts):
        return (node.route, values) if node.route is not None else None
    seg = parts[i]
    if seg == "":
        return None
    child = node.literal.get(seg)
    if child is not None:
        if i + 1 == len(parts) and seg == CHAOS and node.chaos_route is not None:
            return node.chaos_route, values
        found = _walk(child, parts, i + 1, values)
        if found is not None:
            return found
    elif i + 1 == len(parts) and seg == CHAOS and node.chaos_route is not None:
        return node.chaos_route, values
    if node.param is not None:
        values.append(seg)
        found = _walk(node.param, parts, i + 1, values)
        if found is not None:
            return found
        values.pop()
    return None


def build_table(endpoints: Iterable[CompiledEndpoint]) -> RoutingTable:
    """Index endpoints by full path (static) or into the per-group trie (templated)."""
    static: dict[str, Route] = {}
    trie: dict[str, _Node] = {}
    by_id: dict[str, CompiledEndpoint] = {}
    groups: set[str] = set()
    routes: list[Route] = []
    for ep in endpoints:
        by_id[ep.id] = ep
        groups.add(ep.group)
        if not ep.params:
            for key, chaos in ((ep.full_path, False), (ep.full_path + "/" + CHAOS, True)):
                route = static.get(key)
                if route is None or route.chaos != chaos:
                    route = static[key] = Route(chaos=chaos)
                    routes.append(route)
                route.methods.setdefault(ep.method, ep)
            continue
        node = trie.setdefault(ep.group, _Node())
        for seg in ep.path.split("/")[1:]:
            if seg.startswith("{"):
                node.param = node.param or _Node()
                node = node.param
            else:
                node = node.literal.setdefault(seg, _Node())
        if node.route is None:
            node.route = Route(chaos=False)
            node.chaos_route = Route(chaos=True)
            routes.extend((node.route, node.chaos_route))
        node.route.methods.setdefault(ep.method, ep)
        assert node.chaos_route is not None
        node.chaos_route.methods.setdefault(ep.method, ep)
    for route in routes:
        route.finish()
    paths: dict[str, set[str]] = {}
    for ep in by_id.values():
        paths.setdefault(ep.group, set()).add(ep.full_path)
    return RoutingTable(
        static=static,
        trie=trie,
        endpoints=by_id,
        groups=frozenset(groups),
        paths={g: tuple(sorted(p)) for g, p in paths.items()},
    )


EMPTY_TABLE = build_table(())
