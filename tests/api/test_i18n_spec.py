"""The spec models' own rules (``estoca_*`` errors from ``estoca_core.spec``) are translated too."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from api_helpers import TestClient, assert_problem

import estoca_core.spec
from estoca_api.i18n import reset_locale, set_locale
from estoca_api.validation import MESSAGES, message_for
from estoca_core.spec import MockEndpointSpec

PT = {"Accept-Language": "pt-BR"}
SPEC_DIR = Path(estoca_core.spec.__file__).resolve().parent


def _rules() -> dict[str, str]:
    """Every ``rule_error(code, template, ...)`` of estoca_core.spec, as ``{estoca_code: template}``."""
    rules: dict[str, str] = {}
    for source in sorted(SPEC_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "rule_error":
                code, template = (ast.literal_eval(arg) for arg in node.args[:2])
                assert rules.get(f"estoca_{code}", template) == template, f"{source.name}: {code} reused"
                rules[f"estoca_{code}"] = template
    return rules


def test_every_spec_rule_has_a_translatable_message() -> None:
    rules = _rules()
    assert len(rules) >= 25, rules
    for kind, template in rules.items():
        assert MESSAGES.get(kind) == template, f"{kind}: add it to estoca_api.validation.MESSAGES"


def test_a_bad_path_is_explained_in_portuguese(
    client: TestClient, auth: dict[str, str], group: dict[str, Any]
) -> None:
    url = f"/api/groups/{group['id']}/endpoints"
    bad = {"method": "GET", "path": "orders/{id}/{id}"}
    body = assert_problem(client.post(url, json=bad, headers={**auth, **PT}), 422, slug="validation")
    errors = {e["field"]: e for e in body["errors"]}
    assert errors["path"] == {"field": "path", "message": "deve começar com '/'", "type": "estoca_path_start"}
    twice = {"method": "GET", "path": "/orders/{id}/{id}"}
    body = assert_problem(client.post(url, json=twice, headers={**auth, **PT}), 422, slug="validation")
    message = next(e["message"] for e in body["errors"] if e["field"] == "path")
    assert message == "o parâmetro {id} aparece duas vezes"
    assert "appears" not in message
    assert "Valor inválido" not in message
    english = assert_problem(client.post(url, json=twice, headers=auth), 422)
    english_messages = [e["message"] for e in english["errors"] if e["field"] == "path"]
    assert english_messages == ["parameter {id} appears twice"]


@pytest.mark.parametrize(
    "spec",
    [
        {"path": "/a//b"},
        {"path": "/a/{b"},
        {"path": "/a/../b"},
        {"path": "/a/b c"},
        {"path": "/a/chaos"},
        {"delay": {"minMs": 10, "maxMs": 5}},
        {"response": {"body": "{}", "schema": {"type": "object"}}},
        {"response": {"schema": {"type": "nope"}}},
        {"response": {"headers": {"bad header": "x"}}},
        {"request": {"query": [{"name": "p"}, {"name": "p"}]}},
        {"request": {"headers": [{"name": "X-A"}, {"name": "x-a"}]}},
        {"request": {"query": [{"name": "p", "value": "1", "schema": {"type": "string"}}]}},
        {"request": {"body": {}}},
        {"chaos": {"faults": {"error": 0}}},
        {"group": "_internal"},
        {"group": "Bad_Name"},
    ],
)
def test_spec_rules_render_the_core_text_in_english_and_translate(spec: dict[str, Any]) -> None:
    """The API renders each rule as the core writes it (English), and pt_BR leaves no English rule text."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        MockEndpointSpec.model_validate({"group": "g", "method": "GET", "path": "/a", **spec})
    errors = [e for e in caught.value.errors() if e["type"].startswith("estoca_")]
    assert errors, caught.value.errors()
    for error in errors:
        assert message_for(error) == error["msg"]
        token = set_locale("pt_BR")
        try:
            translated = message_for(error)
        finally:
            reset_locale(token)
        assert translated != error["msg"], error
        assert translated != "Valor inválido", error
