"""Domain errors raised by the storage layer and turned into HTTP problems / exit codes by callers.

They carry a ``field`` (a dot path such as ``spec.path``) so that the API can point at the offending
input and the CLI can print ``file: document N: field: message``.
"""

from __future__ import annotations


class EstocaError(Exception):
    """Base class of every error the core raises on purpose."""

    status: int = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class NotFoundError(EstocaError):
    """The resource does not exist (or is soft-deleted)."""

    status = 404


class ConflictError(EstocaError):
    """The write would break a uniqueness rule (duplicate name, duplicate method + path...)."""

    status = 409


class StaleVersionError(EstocaError):
    """The caller's ``expected_version`` (ETag / If-Match) is not the stored one: someone wrote first."""

    status = 412

    def __init__(self, message: str, *, current_version: int | None = None, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.current_version = current_version


class DatabaseUnavailableError(EstocaError):
    """The database cannot be reached (wrong URL, server down, embedded server failed to start)."""

    status = 503


class InvalidArgumentError(EstocaError):
    """An argument is not acceptable (a bad name, an unknown sort key, a spec that does not fit)."""

    status = 422
