"""The session registry that ``Model.objects`` uses, and ``session_scope()`` for units of work.

A ``ContextVar`` holds the session of the current unit of work, so that ``Group.objects.filter(...)``
works without passing a session around (the seed's style) and stays correct across threads and
asyncio tasks. Code that owns a session explicitly (the repository, tests) binds it with
``use_session()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

_current: ContextVar[Session | None] = ContextVar("estoca_current_session", default=None)


def current_session() -> Session:
    """The session bound to the current context; raise if there is none."""
    session = _current.get()
    if session is None:
        raise RuntimeError(
            "no database session is bound: wrap the code in estoca_core.db.session_scope() "
            "or estoca_core.db.use_session(session)"
        )
    return session


@contextmanager
def use_session(session: Session) -> Iterator[Session]:
    """Bind ``session`` as the current session for ``Model.objects`` within the block."""
    token = _current.set(session)
    try:
        yield session
    finally:
        _current.reset(token)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (records are built after the commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error, always close.

    Without ``engine`` the process-wide engine from ``get_engine()`` is used.
    """
    if engine is None:
        from estoca_core.db.engine import get_engine

        engine = get_engine()
    session = make_sessionmaker(engine)()
    try:
        with use_session(session):
            yield session
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
