"""Pure parts of the operator: manifest builders, conditions, settings and the CLI command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from estoca_core.spec import MockGroup
from estoca_operator.conditions import Reason, make_condition, merge_conditions
from estoca_operator.manifests import (
    CONFIG_HASH_ANNOTATION,
    build_deployment,
    build_service,
    endpoint_urls,
    group_url,
)
from estoca_operator.reconcile.common import describe_errors
from estoca_operator.settings import OperatorSettings


def group(**spec: Any) -> MockGroup:
    return MockGroup.model_validate(
        {"metadata": {"name": "erp", "namespace": "team-a", "uid": "u-1", "generation": 3}, "spec": spec}
    )


def test_deployment_uses_the_groups_resources_or_the_defaults() -> None:
    settings = OperatorSettings(default_resources={"requests": {"cpu": "10m"}, "limits": {"memory": "32Mi"}})
    own = build_deployment(group(server={"replicas": 3, "resources": {"requests": {"cpu": "1"}}}), settings)
    container = own["spec"]["template"]["spec"]["containers"][0]
    assert container["resources"] == {"requests": {"cpu": "1"}}
    assert own["spec"]["replicas"] == 3
    default = build_deployment(group(), settings)
    assert default["spec"]["template"]["spec"]["containers"][0]["resources"] == {
        "requests": {"cpu": "10m"},
        "limits": {"memory": "32Mi"},
    }
    # a changed spec changes the config hash (that is how drift is detected)
    assert (
        own["metadata"]["annotations"][CONFIG_HASH_ANNOTATION]
        != default["metadata"]["annotations"][CONFIG_HASH_ANNOTATION]
    )


def test_deployment_is_hardened_and_filtered_to_its_group() -> None:
    deployment = build_deployment(group(), OperatorSettings(mockserver_image="registry/mock:1.2"))
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["image"] == "registry/mock:1.2"
    assert container["args"] == ["mockserver", "--group", "erp"]
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert (env["MOCKSERVER_GROUPS"], env["MOCKSERVER_NAMESPACE"]) == ("erp", "team-a")
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert deployment["metadata"]["ownerReferences"][0]["uid"] == "u-1"


def test_names_and_urls_follow_the_templates() -> None:
    settings = OperatorSettings(
        service_name_template="{group}-mocks",
        public_url_template="https://mocks.example.com/{namespace}/{group}",
    )
    service = build_service(group(), settings)
    assert service["metadata"]["name"] == "erp-mocks"
    assert service["spec"]["ports"][0]["port"] == 80
    assert group_url(settings, "team-a", "erp") == "https://mocks.example.com/team-a/erp"
    assert endpoint_urls(settings, "team-a", "erp", "/orders/{id}") == (
        "https://mocks.example.com/team-a/erp/orders/{id}",
        "https://mocks.example.com/team-a/erp/orders/{id}/chaos",
    )
    assert endpoint_urls(settings, "team-a", "erp", "/")[1] == "https://mocks.example.com/team-a/erp/chaos"


def test_settings_parse_namespaces_and_refuse_a_template_without_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPERATOR_NAMESPACES", "team-a, team-b")
    assert OperatorSettings().namespaces == ["team-a", "team-b"]
    monkeypatch.setenv("OPERATOR_NAMESPACES", '["x"]')
    assert OperatorSettings().namespaces == ["x"]
    with pytest.raises(ValidationError, match=r"\{group\}"):
        OperatorSettings(service_name_template="mocks")


def test_a_condition_keeps_its_transition_time_while_its_status_holds() -> None:
    first = make_condition([], status="False", reason=Reason.GROUP_NOT_FOUND, message="m", generation=1)
    first["lastTransitionTime"] = "2020-01-01T00:00:00Z"
    same = make_condition(
        [first], status="False", reason=Reason.DATABASE_UNAVAILABLE, message="x", generation=2
    )
    assert same["lastTransitionTime"] == "2020-01-01T00:00:00Z"
    flipped = make_condition([first], status="True", reason=Reason.SYNCED, message="", generation=2)
    assert flipped["lastTransitionTime"] != "2020-01-01T00:00:00Z"
    other = {"type": "Other", "status": "True"}
    assert merge_conditions([first, other], flipped) == [other, flipped]


def test_validation_errors_name_every_field() -> None:
    from estoca_core.spec import MockEndpoint

    with pytest.raises(ValidationError) as caught:
        MockEndpoint.model_validate(
            {"metadata": {"name": "x"}, "spec": {"group": "erp", "method": "FETCH", "path": "orders"}}
        )
    message = describe_errors(caught.value)
    assert "spec.method" in message
    assert "spec.path" in message


def test_cli_operator_command_reports_bad_settings() -> None:
    estoca = str(Path(sys.executable).with_name("estoca-mock"))
    result = subprocess.run(
        [estoca, "operator", "--namespace", "team-a"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "OPERATOR_SERVICE_NAME_TEMPLATE": "mocks"},
        timeout=60,
    )
    assert result.returncode == 1
    assert "OPERATOR_SERVICE_NAME_TEMPLATE" in result.stderr
