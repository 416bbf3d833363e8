"""Database access for reconcilers: one unit of work per call, outages turned into retries.

Anything that says "the database cannot be reached right now" becomes :class:`DatabaseDown`, which the
reconcilers report as ``DatabaseUnavailable`` and turn into ``kopf.TemporaryError`` with backoff, so that
the change is applied once the database is back and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc

from estoca_core.db import session_scope
from estoca_core.errors import DatabaseUnavailableError
from estoca_core.repository import MockRepository
from estoca_operator.reconcile.context import OperatorContext


class DatabaseDown(Exception):
    """The database is unreachable or dropped the connection; the operation can be retried."""


@contextmanager
def repository(ctx: OperatorContext) -> Iterator[MockRepository]:
    """A repository in a fresh transaction: committed on success, rolled back on any error."""
    try:
        with session_scope(ctx.engine) as session:
            yield MockRepository(session)
    except (
        sa_exc.OperationalError,
        sa_exc.InterfaceError,
        sa_exc.TimeoutError,
        DatabaseUnavailableError,
    ) as exc:
        raise DatabaseDown(_first_line(exc)) from exc
    except sa_exc.DBAPIError as exc:
        if exc.connection_invalidated:
            raise DatabaseDown(_first_line(exc)) from exc
        raise


def backoff(ctx: OperatorContext, retry: int) -> float:
    """Exponential retry delay for a database outage: base, 2*base, 4*base... capped."""
    return float(min(ctx.settings.retry_max_s, ctx.settings.retry_base_s * 2 ** min(retry, 16)))


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
