"""RFC 7807 problem+json for every error the API answers, translated, never showing internals.

Services raise :class:`ProblemError` (or the core's ``NotFoundError``, ``ConflictError``,
``StaleVersionError``);
the handlers here turn them, FastAPI's ``RequestValidationError``, Starlette's ``HTTPException`` and any
unexpected exception into ``application/problem+json``. Unexpected exceptions are logged with a reference
id that the answer repeats, so an operator can find the trace without the client ever seeing it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from estoca_api.i18n import N_, _
from estoca_api.validation import to_problem_errors

log = logging.getLogger("estoca_api")

PROBLEM_TYPE_BASE = "https://estoca.io/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES: dict[int, str] = {
    400: N_("Bad request"),
    401: N_("Not signed in"),
    403: N_("Forbidden"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    406: N_("Not acceptable"),
    409: N_("Conflict"),
    412: N_("Precondition failed"),
    413: N_("Request too large"),
    415: N_("Unsupported media type"),
    422: N_("Invalid request"),
    429: N_("Too many requests"),
    500: N_("Internal server error"),
    502: N_("Bad gateway"),
    503: N_("Service unavailable"),
    504: N_("Gateway timeout"),
}
DEFAULT_TITLE = N_("Error")
SLUGS: dict[int, str] = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    412: "precondition-failed",
    413: "too-large",
    422: "validation",
    429: "rate-limited",
    500: "internal",
    502: "bad-gateway",
}


class FieldError(BaseModel):
    """One invalid field of a request."""

    field: str = Field(
        ...,
        description="Dot path of the field, relative to the request body.",
        examples=["spec.response.status"],
    )
    message: str = Field(
        ..., description="What is wrong, in the request's language.", examples=["Field required"]
    )
    type: str = Field("value_error", description="Machine-readable error kind.", examples=["missing"])


class Problem(BaseModel):
    """An RFC 7807 problem: the body of every error answer."""

    type: str = Field(
        "about:blank",
        description="URI of the problem kind.",
        examples=["https://estoca.io/problems/not-found"],
    )
    title: str = Field(
        ..., description="Short, human-readable summary of the problem kind.", examples=["Not found"]
    )
    status: int = Field(..., description="The HTTP status code.", examples=[404])
    detail: str | None = Field(None, description="What happened in this case.", examples=["Group not found"])
    instance: str | None = Field(None, description="The request path.", examples=["/api/groups/1"])
    errors: list[FieldError] | None = Field(
        None, description="Invalid fields (422 validation problems only)."
    )


class ProblemError(Exception):
    """An error the API answers as a problem. ``detail`` is already translated."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        slug: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or str(status))
        self.status = status
        self.detail = detail
        self.slug = slug or SLUGS.get(status)
        self.errors = errors
        self.headers = headers


def problem_body(
    status: int,
    detail: str | None = None,
    *,
    slug: str | None = None,
    instance: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The problem document for a status (title translated into the current locale)."""
    slug = slug or SLUGS.get(status)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + slug if slug else "about:blank",
        "title": _(TITLES.get(status, DEFAULT_TITLE)),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    slug: str | None = None,
    instance: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A ``application/problem+json`` answer."""
    body = problem_body(status, detail, slug=slug, instance=instance, errors=errors)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_CONTENT_TYPE)


def validation_problem(errors: list[dict[str, str]], instance: str | None = None) -> JSONResponse:
    """A 422 problem listing invalid fields."""
    return problem_response(422, _("The request has invalid fields."), instance=instance, errors=errors)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for error answers, so clients and schemathesis know their shape."""
    return {
        status: {
            "model": Problem,
            "description": TITLES.get(status, "Error"),
        }
        for status in statuses
    }


async def _problem_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status,
        exc.detail,
        slug=exc.slug,
        instance=request.url.path,
        errors=exc.errors,
        headers=exc.headers,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return validation_problem(to_problem_errors(exc.errors()), instance=request.url.path)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in TITLES else None
    if exc.status_code == 404:
        detail = _("There is nothing at this address.")
    elif exc.status_code == 405:
        detail = _("This address does not accept the {method} method.", method=request.method)
    elif exc.status_code == 413:
        detail = _("The request body is larger than the limit.")
    elif exc.status_code == 400:
        detail = _("The request could not be read.")
    return problem_response(
        exc.status_code, detail, instance=request.url.path, headers=dict(exc.headers or {}) or None
    )


async def _core_error(request: Request, exc: Exception) -> JSONResponse:
    from estoca_api.validation import message_for
    from estoca_core import errors as core_errors
    from estoca_core.apply import ApplyErrors as apply_errors

    field = getattr(exc, "field", None)
    if isinstance(exc, core_errors.NotFoundError):
        return problem_response(404, _("The resource was not found."), instance=request.url.path)
    if isinstance(exc, core_errors.StaleVersionError):
        if exc.current_version is not None:
            # The caller named a version (If-Match) and it is not the current one.
            return problem_response(
                412,
                _("The resource is not at the version you named; reload it and try again."),
                instance=request.url.path,
            )
        return problem_response(
            409,
            _("The resource was changed by someone else; reload it and try again."),
            slug="stale-version",
            instance=request.url.path,
        )
    if isinstance(exc, apply_errors):
        # estoca_core.apply.ApplyErrors: every problem of a YAML import, located by document.
        located = [
            {
                "field": (f"document {e.document}: " if e.document is not None else "") + (e.field or ""),
                "message": message_for({"type": e.type, "ctx": e.ctx, "msg": e.message}),
                "type": e.type,
            }
            for e in exc.errors
        ]
        return validation_problem(located, instance=request.url.path)
    if isinstance(exc, core_errors.InvalidArgumentError):
        message = _("Invalid value: {error}", error=getattr(exc, "message", str(exc)))
        return validation_problem(
            [{"field": str(field or ""), "message": message, "type": "value_error"}],
            instance=request.url.path,
        )
    if field == "path":
        detail = _("The group already has an endpoint with this method and path.")
    elif field == "name":
        detail = _("The name is already taken in this namespace.")
    else:
        detail = _("A resource with the same identity already exists.")
    return problem_response(409, detail, instance=request.url.path)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.exception("unexpected error %s on %s %s", reference, request.method, request.url.path)
    return problem_response(
        500,
        _("Something went wrong on our side (reference {reference}).", reference=reference),
        instance=request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that make every error a problem."""
    from estoca_core import errors as core_errors

    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for kind in (
        core_errors.NotFoundError,
        core_errors.ConflictError,
        core_errors.StaleVersionError,
        core_errors.InvalidArgumentError,
    ):
        app.add_exception_handler(kind, _core_error)
    app.add_exception_handler(Exception, _unexpected_error)
