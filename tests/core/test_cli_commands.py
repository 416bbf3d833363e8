"""The estoca-mock CLI in a real subprocess: commands, messages and exit codes scripts rely on."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from estoca_core.cli import build_parser, main
from estoca_core.settings import get_settings

Cli = Callable[..., "Result"]

GROUP = """\
apiVersion: mock.estoca.io/v1alpha1
kind: MockGroup
metadata:
  name: erp
spec:
  description: ERP mocks
---
apiVersion: mock.estoca.io/v1alpha1
kind: MockEndpoint
metadata:
  name: list-orders
spec:
  group: erp
  method: GET
  path: /orders
"""


def subprocess_cli(*args: str, url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real thing (``python -m estoca_core.cli``); slow-ish, so used for what only it can show."""
    env = {**os.environ, "DATABASE_URL": url, "ESTOCA_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "estoca_core.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.fixture
def url(committed_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", committed_database_url)
    get_settings.cache_clear()
    yield committed_database_url
    get_settings.cache_clear()


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Result]]:
    """Run ``main()`` in this process against ``url`` and capture what it prints.

    ``main()`` configures logging on the root logger; the fixture puts the previous handlers back so
    that no handler keeps pointing at pytest's closed capture stream.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def run(*args: str, url: str, stdin: str | None = None) -> Result:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors and --help
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    yield run
    root.handlers[:] = handlers
    root.setLevel(level)


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def test_apply_get_export_delete_cycle(cli: Cli, url: str, tmp_path: Path) -> None:
    source = tmp_path / "mocks.yaml"
    source.write_text(GROUP)

    dry = cli("apply", "-f", str(source), "--dry-run", url=url)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-1] == "2 created (dry run: nothing written)"
    assert cli("get", "groups", url=url).stdout.strip() == "No groups found."

    done = cli("apply", "-f", str(source), url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "mockgroup/erp (default) created",
        "mockendpoint/list-orders (default) created",
        "2 created",
    ]
    assert cli("apply", "-f", str(source), url=url).stdout.splitlines()[-1] == "2 unchanged"

    table = cli("get", "groups", url=url).stdout.splitlines()
    assert table[0].split() == ["NAMESPACE", "NAME", "ENDPOINTS", "SOURCE", "AGE", "DESCRIPTION"]
    assert table[1].split()[:4] == ["default", "erp", "1", "apply"]
    endpoints = cli("get", "endpoints", "-g", "erp", url=url).stdout.splitlines()
    assert endpoints[1].split()[:6] == ["default", "erp", "list-orders", "GET", "/orders", "200"]
    as_json = json.loads(cli("get", "endpoints", "-o", "json", "-n", "default", url=url).stdout)
    assert as_json[0]["name"] == "list-orders"
    assert as_json[0]["spec"]["path"] == "/orders"
    as_yaml = list(yaml.safe_load_all(cli("get", "groups", "-o", "yaml", url=url).stdout))
    assert as_yaml[0]["kind"] == "MockGroup"

    exported = tmp_path / "out" / "export.yaml"
    exported.parent.mkdir()
    assert cli("export", "-g", "erp", "-o", str(exported), url=url).returncode == 0
    assert [d["metadata"]["name"] for d in yaml.safe_load_all(exported.read_text())] == ["erp", "list-orders"]
    assert cli("export", url=url).stdout == exported.read_text()
    reapplied = cli("apply", "-f", "-", url=url, stdin=exported.read_text())
    assert reapplied.stdout.splitlines()[-1] == "2 unchanged"

    deleted = cli("delete", "-f", str(source), url=url)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.splitlines()[-1] == "2 deleted"
    again = cli("delete", "-f", str(source), url=url)
    assert again.returncode == 1
    assert "not found" in again.stderr
    assert cli("delete", "-f", str(source), "--ignore-not-found", url=url).stdout.strip() == "nothing to do"
    assert cli("get", "endpoints", url=url).stdout.strip() == "No endpoints found."


def test_invalid_input_exits_1_and_names_file_document_and_field(cli: Cli, url: str, tmp_path: Path) -> None:
    bad = tmp_path / "erp.yaml"
    bad.write_text(
        GROUP + "---\n" + GROUP.split("---\n")[1].replace("/orders", "orders").replace("list-", "bad-")
    )
    done = cli("apply", "-f", str(bad), url=url)
    assert done.returncode == 1
    assert f"error: {bad}: document 3 (line 24): spec.path: must start with '/'" in done.stderr.splitlines()
    assert "nothing was applied (1 error(s))" in done.stderr
    assert done.stdout == ""
    assert cli("get", "groups", url=url).stdout.strip() == "No groups found."  # all or nothing


def test_usage_errors_exit_2(cli: Cli, url: str) -> None:
    assert cli("get", "pods", url=url).returncode == 2
    assert cli("apply", url=url).returncode == 2  # -f is required
    assert cli(url=url).returncode == 2
    assert cli("--log-level", "LOUD", "get", "groups", url=url).returncode == 2


def test_python_m_runs_the_cli_with_exit_codes(url: str) -> None:
    assert subprocess_cli("get", "groups", url=url).stdout.strip() == "No groups found."
    assert subprocess_cli("get", "pods", url=url).returncode == 2
    bad = subprocess_cli("apply", "-f", "-", url=url, stdin="kind: Pod\n")
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: <stdin>: document 1 (line 1): kind: kind must be one of")


def test_unreachable_database_exits_3(cli: Cli) -> None:
    done = cli("get", "groups", url="postgresql://postgres@127.0.0.1:1/nothing")
    assert done.returncode == 3
    assert done.stderr.startswith("error: database unreachable:")


def test_other_refusals_exit_1(cli: Cli, url: str, tmp_path: Path) -> None:
    missing = cli("export", "-g", "ghost", url=url)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: group: no such group: ghost"
    no_dir = cli("export", "-o", str(tmp_path / "no" / "such" / "x.yaml"), url=url)
    assert no_dir.returncode == 1
    assert "cannot write" in no_dir.stderr
    assert cli("get", "groups", "-g", "erp", url=url).returncode == 1
    assert cli("get", "endpoints", "-g", "ghost", url=url).returncode == 1
    assert cli("apply", "-f", str(tmp_path / "none.yaml"), url=url).returncode == 1


def test_db_commands(cli: Cli, fresh_database_url: str) -> None:
    current = cli("db", "current", url=fresh_database_url)
    assert current.stdout.splitlines()[0] == "current: base (empty)"
    assert current.stdout.splitlines()[-1] == "needs 'estoca-mock db upgrade'"
    upgraded = cli("db", "upgrade", url=fresh_database_url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert cli("db", "current", url=fresh_database_url).stdout.splitlines()[-1] == "up to date"
    down = cli("db", "downgrade", "--revision", "base", url=fresh_database_url)
    assert down.stdout.strip() == "database at revision base (empty)"


def test_every_command_has_help(cli: Cli, url: str) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"db", "apply", "delete", "get", "export"} <= set(commands)
    for name in ("db", "apply", "delete", "get", "export"):
        done = cli(name, "--help", url=url)
        assert done.returncode == 0
        assert done.stdout.startswith(f"usage: estoca-mock {name}")


def test_invalid_settings_exit_1(cli: Cli, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESTOCA_DB_POOL_SIZE", "lots")
    done = cli("get", "groups", url=url)
    assert done.returncode == 1
    assert done.stderr.startswith("error: invalid settings:")
    assert "db_pool_size" in done.stderr


def test_log_options(cli: Cli, url: str) -> None:
    done = cli("--log-json", "--log-level", "ERROR", "get", "groups", url=url)
    assert done.returncode == 0
    assert done.stdout.strip() == "No groups found."


def test_first_apply_on_an_empty_database_creates_the_tables(fresh_database_url: str, tmp_path: Path) -> None:
    source = tmp_path / "erp.yaml"
    source.write_text(GROUP)
    applied = subprocess_cli("apply", "-f", str(source), url=fresh_database_url)
    assert applied.returncode == 0, applied.stderr
    assert "Creating the database tables" in applied.stderr
    assert "2 created" in applied.stdout
    listed = subprocess_cli("get", "groups", "-o", "json", url=fresh_database_url)
    assert [g["name"] for g in json.loads(listed.stdout)] == ["erp"]


def test_a_database_at_another_revision_is_not_migrated_behind_the_operators_back(
    fresh_database_url: str,
) -> None:
    from estoca_core.migrations import current, upgrade

    upgrade(fresh_database_url, "0001")
    listed = subprocess_cli("get", "groups", url=fresh_database_url)
    assert listed.returncode == 1
    assert "run `estoca-mock db upgrade`" in listed.stderr
    assert current(fresh_database_url) == "0001"
