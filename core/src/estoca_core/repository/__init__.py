"""``MockRepository``: the only code that maps spec models to rows and back; everything uses it.

It works inside the caller's transaction: it flushes (so conflicts surface at the call) but never
commits. Wrap calls in ``estoca_core.db.session_scope()`` (or the API's request session) to commit.

Errors: ``NotFoundError`` (missing or deleted), ``ConflictError(field=...)`` (duplicate group name,
endpoint name, or method + path in a group), ``StaleVersionError`` (``expected_version`` is not the
stored version), ``InvalidArgumentError`` (bad name, sort key, page).
"""

from __future__ import annotations

from estoca_core.repository.mirror import MirrorOps, UpsertResult
from estoca_core.repository.records import EndpointRecord, GroupRecord, UserRecord


class MockRepository(MirrorOps):
    """Groups, endpoints, users, upserts of whole resources, stats, export and the served set."""


__all__ = ["EndpointRecord", "GroupRecord", "MockRepository", "UpsertResult", "UserRecord"]
