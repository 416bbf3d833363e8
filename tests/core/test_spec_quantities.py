"""Group resources take Kubernetes quantities, written as YAML integers or strings."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from estoca_core import crdgen
from estoca_core.spec import MockGroup, MockGroupSpec

CRD = Path(__file__).resolve().parents[2] / "crds" / "mockgroups.yaml"


def _group(resources: dict[str, object]) -> dict[str, object]:
    return {
        "apiVersion": "mock.estoca.io/v1alpha1",
        "kind": "MockGroup",
        "metadata": {"name": "erp"},
        "spec": {"server": {"resources": resources}},
    }


@pytest.mark.parametrize("value", [1, "1", "0.5", "500m", "64Mi", "1.5Gi", "2e3"])
def test_quantities_are_accepted_as_integers_or_strings_by_model_and_crd(value: object) -> None:
    document = _group({"requests": {"cpu": value}})
    spec = MockGroup.model_validate(document).spec
    assert spec.server.resources is not None
    assert spec.server.resources.requests["cpu"] == str(value)
    jsonschema.validate(document, crdgen.validation_schema(yaml.safe_load(CRD.read_text())))


@pytest.mark.parametrize("value", ["lots", "64 Mi", "1.2.3", ""])
def test_a_bad_quantity_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        MockGroupSpec.model_validate({"server": {"resources": {"limits": {"memory": value}}}})
    error = info.value.errors()[0]
    assert error["loc"] == ("server", "resources", "limits", "memory")
    assert error["type"] == "estoca_quantity"
    assert "is not a Kubernetes quantity" in error["msg"]


@pytest.mark.parametrize("value", [True, 0.5])
def test_booleans_and_floats_are_refused_by_model_and_crd(value: object) -> None:
    # A CRD's int-or-string refuses `cpu: 0.5` (write "0.5" or "500m"), so the models do too.
    document = _group({"limits": {"cpu": value}})
    with pytest.raises(ValidationError):
        MockGroup.model_validate(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, crdgen.validation_schema(yaml.safe_load(CRD.read_text())))
