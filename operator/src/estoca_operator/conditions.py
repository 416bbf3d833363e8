"""Status conditions (cert-manager style) and the reasons the operator reports.

A condition keeps its ``lastTransitionTime`` while its status stays the same, so that ``kubectl
describe`` shows since when a resource has been failing, not when it was last looked at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from estoca_core.spec import Condition

READY = "Ready"
ConditionStatus = Literal["True", "False", "Unknown"]


class Reason(StrEnum):
    """CamelCase reasons of the Ready condition (also used as Kubernetes Event reasons)."""

    SYNCED = "Synced"
    INVALID_SPEC = "InvalidSpec"
    GROUP_NOT_FOUND = "GroupNotFound"
    DATABASE_UNAVAILABLE = "DatabaseUnavailable"
    CONFLICT = "Conflict"
    DEPLOYMENT_PROGRESSING = "DeploymentProgressing"
    ENDPOINTS_PENDING = "EndpointsPending"
    KUBERNETES_ERROR = "KubernetesError"


def now_rfc3339() -> str:
    """The current time as Kubernetes writes it (UTC, seconds, ``Z``)."""
    return datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_condition(
    previous: Iterable[Mapping[str, Any]] | None,
    *,
    status: ConditionStatus,
    reason: Reason,
    message: str,
    generation: int | None,
    type_: str = READY,
) -> dict[str, Any]:
    """A condition in wire form, keeping the previous transition time when the status did not change."""
    transition = now_rfc3339()
    for old in previous or ():
        if old.get("type") == type_ and old.get("status") == status and old.get("lastTransitionTime"):
            transition = str(old["lastTransitionTime"])
    condition = Condition(
        type=type_,
        status=status,
        reason=str(reason),
        message=message,
        last_transition_time=transition,
        observed_generation=generation,
    )
    return dict(condition.to_wire())


def merge_conditions(
    previous: Iterable[Mapping[str, Any]] | None, condition: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Replace the condition of the same type and keep the others (status patches replace whole lists)."""
    kept = [dict(old) for old in previous or () if old.get("type") != condition.get("type")]
    return [*kept, dict(condition)]


def ready_condition(status: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The Ready condition of a status, if any."""
    for condition in (status or {}).get("conditions") or ():
        if condition.get("type") == READY:
            return dict(condition)
    return None
