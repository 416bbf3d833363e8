"""What the operator does, as plain functions that kopf handlers delegate to.

Each function takes the :class:`~estoca_operator.reconcile.context.OperatorContext` (settings, database
engine, Kubernetes client) plus what kopf passes, so that handlers stay one-liners and the logic can be
read without kopf's decorators in the way.
"""

from estoca_operator.reconcile.context import OperatorContext
from estoca_operator.reconcile.endpoints import delete_endpoint, reconcile_endpoint
from estoca_operator.reconcile.groups import (
    delete_group,
    on_child_event,
    reconcile_group,
)

__all__ = [
    "OperatorContext",
    "delete_endpoint",
    "delete_group",
    "on_child_event",
    "reconcile_endpoint",
    "reconcile_group",
]
