"""Storage: the declarative models, soft delete, engines, sessions and the database URL."""

from estoca_core.db.base import Base, Manager, SoftQuery, epoch_ms, utcnow
from estoca_core.db.engine import (
    create_db_engine,
    dispose_engines,
    get_engine,
    normalize_url,
    resolve_database_url,
    start_embedded,
    stop_embedded,
    url_string,
)
from estoca_core.db.models import (
    SOURCES,
    Endpoint,
    Group,
    Header,
    RequestBody,
    UrlParameter,
    User,
)
from estoca_core.db.session import current_session, make_sessionmaker, session_scope, use_session

__all__ = [
    "SOURCES",
    "Base",
    "Endpoint",
    "Group",
    "Header",
    "Manager",
    "RequestBody",
    "SoftQuery",
    "UrlParameter",
    "User",
    "create_db_engine",
    "current_session",
    "dispose_engines",
    "epoch_ms",
    "get_engine",
    "make_sessionmaker",
    "normalize_url",
    "resolve_database_url",
    "session_scope",
    "start_embedded",
    "stop_embedded",
    "url_string",
    "use_session",
    "utcnow",
]
