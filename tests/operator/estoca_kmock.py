"""A KMock Kubernetes emulator with the API-server behaviour kopf and our code rely on.

Plain KMock stores objects verbatim. This subclass adds what a real API server does on writes:
``uid``, ``creationTimestamp``, ``generation`` (bumped on spec changes only) and ``resourceVersion``
(bumped on every write); ``generateName``; status subresource semantics (``/status`` patches only
touch status, main-resource patches never do); JSON-patch ``test`` failures as 422 and a stale
``metadata.resourceVersion`` in a merge patch as 409 (optimistic concurrency, as kubectl and the API's
Kubernetes storage use it); 201 for a create; and list/watch with resourceVersions, so that a watch
continues exactly where its list ended (plain KMock replays every object to each new watch, which
made kopf handle an object twice with a stale resourceVersion at start-up).
"""

from __future__ import annotations

import asyncio
import collections
import copy
import itertools
import secrets
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any

import aiohttp.web
import attrs
import jsonpatch
import jsonpointer
import kmock
from kmock._internal import aiobus, dicts, enums, rendering

_COUNTER = itertools.count(1000)
_META_OWNED = ("uid", "creationTimestamp", "generation", "resourceVersion", "deletionTimestamp")


def merge_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON merge patch that turns ``old`` into ``new`` (None removes a key; lists are replaced)."""
    diff: dict[str, Any] = {}
    for key in old:
        if key not in new:
            diff[key] = None
    for key, value in new.items():
        before = old.get(key)
        if isinstance(value, Mapping) and isinstance(before, Mapping):
            nested = merge_diff(before, value)
            if nested:
                diff[key] = nested
        elif key not in old or before != value:
            diff[key] = copy.deepcopy(value)
    return diff


def _with_data(request: rendering.Request, data: Any) -> rendering.Request:
    """Replace the parsed body of a (frozen) request in place.

    ``attrs.evolve`` would make a copy that KMock's fallback reactions no longer recognise, and the
    recorded request should show what the server applied anyway.
    """
    object.__setattr__(request, "data", data)
    return request


class Positions:
    """A global, ever-increasing position in the event log (the list/watch resourceVersion)."""

    def __init__(self) -> None:
        self.current = 0

    def next(self) -> int:
        self.current += 1
        return self.current


@attrs.define(kw_only=True)
class RecordingBus(aiobus.Bus[Any]):
    """KMock's event bus that also keeps every event with its position, for watches to replay."""

    positions: Positions
    history: list[tuple[int, Any]] = attrs.field(factory=list, init=False)

    async def put(self, *items: Any) -> None:
        self.history.extend((self.positions.next(), item) for item in items)
        await super().put(*items)


@attrs.define(kw_only=True)
class EstocaKubernetesEmulator(kmock.KubernetesEmulator):
    """KMock with uid/resourceVersion/generation, status subresources, 409 and 422."""

    _write_lock: asyncio.Lock = attrs.field(factory=asyncio.Lock, init=False)
    _positions: Positions = attrs.field(factory=Positions, init=False)

    async def _handle(self, request: rendering.Request) -> aiohttp.web.StreamResponse:
        if request.resource is None or request.action not in (enums.action.CREATE, enums.action.UPDATE):
            return await super()._handle(request)
        async with self._write_lock:  # prepare + apply atomically with respect to other writes
            try:
                prepared = self._prepare(request)
            except kmock.KubernetesError as exc:
                return await self._render_error(exc)
            response = await super()._handle(prepared)
            if request.action == enums.action.CREATE and response.status == 200 and not response.prepared:
                response.set_status(201)  # "Created", as the API server answers (clients map only 201)
            return response

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        self._buses = collections.defaultdict(lambda: RecordingBus(positions=self._positions))

    async def _serve_list(self, request: rendering.Request) -> rendering.Payload:
        """KMock's list with a real list resourceVersion: the position in the event log."""
        position = self._positions.current  # read first: a later write may be listed AND replayed, never lost
        payload = await super()._serve_list(request)
        assert isinstance(payload, dict)
        payload["metadata"] = {"resourceVersion": str(position)}
        return payload

    async def _serve_watch(self, request: rendering.Request) -> AsyncIterator[rendering.Payload]:
        """A watch that starts where the client's list ended, like the API server's.

        With a numeric ``resourceVersion`` (from our lists) it replays the logged events after it and
        continues live; otherwise it streams the existing objects first, as KMock does. Either way it
        subscribes to the bus before reading anything, so no write made meanwhile is lost.
        """
        yield b""
        assert request.resource is not None
        bus = self._buses[request.resource]
        marker = await bus.mark()
        since = request.params.get("resourceVersion", "")
        try:
            if since.isdigit():
                backlog = [event for position, event in bus.history if position > int(since)]
            else:
                async with self._lock:
                    backlog = [
                        {"type": "ADDED", "object": obj.raw}
                        for (resource, _namespace, _name), obj in self.objects.items()
                        if resource == request.resource and not obj.deleted
                    ]
            replayed = {id(event) for event in backlog}
            for event in backlog:
                if self._matches(request, event):
                    yield event
            async for event in bus.stream(since=marker):
                if id(event) not in replayed and self._matches(request, event):
                    yield event
        finally:
            await bus.unmark(marker)

    @staticmethod
    def _matches(request: rendering.Request, event: Mapping[str, Any]) -> bool:
        meta = event.get("object", {}).get("metadata", {})
        namespace_ok = request.namespace is None or meta.get("namespace") == request.namespace
        return namespace_ok and (request.name is None or meta.get("name") == request.name)

    def _has_status_subresource(self, resource: Any) -> bool:
        try:
            return "status" in self.resources[resource].subresources
        except (KeyError, TypeError):
            return False

    def _prepare(self, request: rendering.Request) -> rendering.Request:
        if request.action == enums.action.CREATE:
            return self._prepare_create(request)
        return self._prepare_update(request)

    def _prepare_create(self, request: rendering.Request) -> rendering.Request:
        data = copy.deepcopy(request.data) if isinstance(request.data, Mapping) else {}
        meta = data.setdefault("metadata", {})
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + secrets.token_hex(3)
        if not meta.get("name"):
            raise kmock.KubernetesError(status=422, reason="Invalid", message="metadata.name: Required value")
        if request.namespace and not meta.get("namespace"):
            meta["namespace"] = request.namespace
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta["generation"] = 1
        meta["resourceVersion"] = str(next(_COUNTER))
        if self._has_status_subresource(request.resource):
            data.pop("status", None)
        return _with_data(request, data)

    def _prepare_update(self, request: rendering.Request) -> rendering.Request:
        key = (request.resource, request.namespace, request.name)
        if key not in self.objects or self.objects[key].deleted:
            return request  # KMock answers 404
        current = copy.deepcopy(self.objects[key].raw)
        patch = request.data
        if isinstance(patch, Mapping):
            wanted_rv = (patch.get("metadata") or {}).get("resourceVersion")
            if wanted_rv is not None and str(wanted_rv) != current["metadata"].get("resourceVersion"):
                raise kmock.KubernetesError(
                    status=409,
                    reason="Conflict",
                    message=f'Operation cannot be fulfilled on {request.resource.plural} "{request.name}": '
                    "the object has been modified; please apply your changes to the latest version "
                    "and try again",
                )
        try:
            new = dict(dicts.patch_dict(copy.deepcopy(current), patch or {}))
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
            raise kmock.KubernetesError(status=422, reason="Invalid", message=str(exc)) from None
        if request.subresource == "status":
            new = {**current, "status": new.get("status")}
            if new["status"] is None:
                del new["status"]
        elif self._has_status_subresource(request.resource):
            new.pop("status", None)
            if "status" in current:
                new["status"] = current["status"]
        meta = new.setdefault("metadata", {})
        for owned in _META_OWNED:
            if owned in current["metadata"]:
                meta[owned] = current["metadata"][owned]
        content = {k: v for k, v in new.items() if k not in ("metadata", "status")}
        if content != {k: v for k, v in current.items() if k not in ("metadata", "status")}:
            meta["generation"] = int(current["metadata"].get("generation", 0)) + 1
        meta["resourceVersion"] = str(next(_COUNTER))
        return _with_data(request, merge_diff(current, new))
