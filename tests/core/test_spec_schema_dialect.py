"""Schemas must compile with the validator the mockserver uses, not only with Python's jsonschema."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from estoca_core.spec import ParamSpec


def test_pattern_that_jsonschema_rs_refuses_is_rejected_when_saved() -> None:
    with pytest.raises(ValidationError) as info:
        ParamSpec.model_validate({"name": "q", "schema": {"type": "string", "pattern": r"(a)?(?(1)b|c)"}})
    assert "not a usable JSON Schema" in str(info.value)


def test_lookbehind_pattern_is_accepted_by_both_validators() -> None:
    spec = ParamSpec.model_validate({"name": "q", "schema": {"type": "string", "pattern": "(?<=a)b"}})
    assert spec.schema_ == {"type": "string", "pattern": "(?<=a)b"}
