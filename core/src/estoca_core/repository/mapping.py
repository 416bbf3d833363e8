"""Spec models <-> rows. The only place that knows how a MockEndpointSpec is spread over the tables.

Reading builds the models with ``model_construct``: stored specs were validated when written, and
validating again would compile every response schema's generator (slow for 10,000 endpoints) and
could refuse rows written under other limits (for example a lower ``ESTOCA_MAX_DELAY_MS``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from estoca_core.db.models import Endpoint, Header, RequestBody, UrlParameter
from estoca_core.db.models import Group as GroupRow
from estoca_core.spec import (
    BodySpec,
    ChaosSpec,
    Delay,
    ErrorResponse,
    Fault,
    HeaderParamSpec,
    MockEndpointSpec,
    MockGroupSpec,
    ParamSpec,
    RequestSpec,
    ResponseSpec,
)

P = TypeVar("P", UrlParameter, Header)
S = TypeVar("S", ParamSpec, HeaderParamSpec)


# ---------------------------------------------------------------- groups


def group_spec(row: GroupRow) -> MockGroupSpec:
    return MockGroupSpec.model_validate({"description": row.description, "server": row.server})


def apply_group_spec(row: GroupRow, spec: MockGroupSpec) -> None:
    row.description = spec.description
    row.server = spec.server.to_wire()


# ---------------------------------------------------------------- endpoints: writing


def _set_error(row: UrlParameter | Header | RequestBody, on_error: ErrorResponse | None) -> None:
    row.has_default_response = on_error is not None
    row.default_status_code = on_error.status if on_error else None
    row.default_response = on_error.body if on_error else None
    row.default_response_schema = on_error.schema_ if on_error else None
    row.default_response_headers = dict(on_error.headers) if on_error else {}


def _param_row(model: type[P], position: int, param: ParamSpec) -> P:
    row = model(
        position=position, name=param.name, value=param.value, required=param.required, schema=param.schema_
    )
    _set_error(row, param.on_error)
    return row


def _body_row(current: RequestBody | None, body: BodySpec | None) -> RequestBody | None:
    if body is None:
        return None
    # Update the existing row in place: a replacement would be INSERTed before the old row is
    # DELETEd and trip the one-body-per-endpoint unique index.
    row = current if current is not None else RequestBody()
    row.required = body.required
    row.schema = body.schema_
    _set_error(row, body.on_error)
    return row


def chaos_json(chaos: ChaosSpec) -> dict[str, Any]:
    """The chaos settings other than ``enabled`` (which is the seed's ``chaos_mode`` column)."""
    return chaos.model_dump(by_alias=True, exclude_none=True, exclude={"enabled"}, mode="json")


def apply_endpoint_spec(row: Endpoint, spec: MockEndpointSpec) -> None:
    """Copy ``spec`` onto ``row`` and replace its contract rows (not ``group``/``group_id``)."""
    row.description = spec.description
    row.method = spec.method
    row.path = spec.path
    row.min_wait_time = spec.delay.min_ms
    row.max_wait_time = spec.delay.max_ms
    row.chaos_mode = spec.chaos.enabled
    row.chaos = chaos_json(spec.chaos)
    row.response_status_code = spec.response.status
    row.response_body = spec.response.body
    row.response_schema = spec.response.schema_
    row.response_headers = dict(spec.response.headers)
    row.url_parameters = [_param_row(UrlParameter, i, p) for i, p in enumerate(spec.request.query)]
    row.headers = [_param_row(Header, i, h) for i, h in enumerate(spec.request.headers)]
    row.request_body = _body_row(row.request_body if row.id else None, spec.request.body)


# ---------------------------------------------------------------- endpoints: reading


# Reading accepts ORM objects or plain Core rows (the served set): anything with the column attributes.
Row = Any
M = TypeVar("M", bound=BaseModel)


def _build(model: type[M], **values: Any) -> M:
    """``model.model_construct(**values)`` without its per-field default handling.

    The served set builds ~150,000 models for 10,000 endpoints; pydantic's construct loop was most of
    the load time. When ``values`` does not cover every field (a field added to the spec later), the
    regular ``model_construct`` fills the defaults.
    """
    fields = model.__pydantic_fields__
    if len(values) != len(fields):
        return model.model_construct(**values)
    instance = model.__new__(model)
    # field order, not argument order: pydantic serialises ``__dict__`` in its order
    object.__setattr__(instance, "__dict__", {name: values[name] for name in fields})
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


def _error(row: Row) -> ErrorResponse | None:
    if not row.has_default_response:
        return None
    return _build(
        ErrorResponse,
        status=row.default_status_code,
        body=row.default_response,
        schema_=row.default_response_schema,
        headers=dict(row.default_response_headers or {}),
    )


def _param(model: type[S], row: Row) -> S:
    return _build(
        model, name=row.name, required=row.required, value=row.value, schema_=row.schema, on_error=_error(row)
    )


_FAULTS = {fault.value: fault for fault in Fault}


def _chaos(enabled: bool, data: dict[str, Any]) -> ChaosSpec:
    faults = data.get("faults")
    return _build(
        ChaosSpec,
        enabled=enabled,
        faults=None if faults is None else {_FAULTS[k]: v for k, v in faults.items()},
        pass_through=float(data.get("passThrough", 0.0)),
        rate=float(data.get("rate", 0.0)),
    )


def endpoint_spec(
    row: Row,
    group_name: str,
    query: list[Row],
    headers: list[Row],
    body: Row | None,
) -> MockEndpointSpec:
    """Rebuild the spec from an endpoint row and its contract rows (already in position order)."""
    request = _build(
        RequestSpec,
        query=[_param(ParamSpec, p) for p in query],
        headers=[_param(HeaderParamSpec, h) for h in headers],
        body=None
        if body is None
        else _build(BodySpec, required=body.required, schema_=body.schema, on_error=_error(body)),
    )
    return _build(
        MockEndpointSpec,
        group=group_name,
        method=row.method,
        path=row.path,
        description=row.description,
        delay=_build(Delay, min_ms=row.min_wait_time, max_ms=row.max_wait_time),
        response=_build(
            ResponseSpec,
            status=row.response_status_code,
            headers=dict(row.response_headers or {}),
            body=row.response_body,
            schema_=row.response_schema,
        ),
        request=request,
        chaos=_chaos(row.chaos_mode, row.chaos or {}),
    )
