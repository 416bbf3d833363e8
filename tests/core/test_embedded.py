"""The embedded PostgreSQL: used when DATABASE_URL is unset, started per process, data kept on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from estoca_core.db.engine import (
    get_engine,
    normalize_url,
    resolve_database_url,
    start_embedded,
    stop_embedded,
    url_string,
)
from estoca_core.errors import DatabaseUnavailableError
from estoca_core.settings import CoreSettings

SCRIPT = textwrap.dedent(
    """
    import sys
    from sqlalchemy import text
    from estoca_core.db import get_engine, resolve_database_url
    from estoca_core.migrations import upgrade

    url = resolve_database_url()
    assert "host=" in url, url            # a unix socket of the embedded server, not DATABASE_URL
    upgrade(url)
    with get_engine().begin() as conn:
        if sys.argv[1] == "write":
            conn.execute(text("INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), 'k@x.io', '')"))
        print(conn.execute(text("SELECT count(*) FROM users WHERE email = 'k@x.io'")).scalar())
    """
)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data folder outside pytest's basetemp.

    Running as root, pgserver runs PostgreSQL as a 'pgserver' user and opens up the folder's parents;
    pytest resets /tmp/pytest-of-root to 0700 whenever another session starts, which would lock that
    user out mid-test. A plain /tmp folder has no such neighbour.
    """
    folder = Path(tempfile.mkdtemp(prefix="estoca-embedded-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _run(data_dir: Path, action: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ESTOCA_DATABASE_URL"}}
    env["ESTOCA_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, action],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow
def test_data_survives_a_restart_of_the_embedded_server(data_dir: Path) -> None:
    assert _run(data_dir, "write") == "1"
    assert (data_dir / "pg" / "PG_VERSION").exists()
    # the first process stopped its server at exit; a new process starts it again on the same data
    postmaster = data_dir / "pg" / "postmaster.pid"
    assert not postmaster.exists()
    assert _run(data_dir, "read") == "1"


@pytest.mark.slow
def test_embedded_server_starts_once_per_process_and_stops(data_dir: Path) -> None:
    settings = CoreSettings(DATABASE_URL=None, data_dir=data_dir)
    pgdata = data_dir / "pg"
    url = resolve_database_url(settings)
    try:
        assert start_embedded(pgdata) == url  # the same server, not a second one
        with get_engine(url).begin() as conn:
            conn.execute(text("CREATE TABLE kept (v int)"))
            conn.execute(text("INSERT INTO kept VALUES (42)"))
    finally:
        stop_embedded(pgdata)
    assert not (pgdata / "postmaster.pid").exists()
    stop_embedded(pgdata)  # stopping twice is harmless
    url = start_embedded(pgdata)
    try:
        with get_engine(url).connect() as conn:
            assert conn.execute(text("SELECT v FROM kept")).scalar() == 42
    finally:
        stop_embedded(pgdata)


def test_embedded_start_failure_is_a_database_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailableError, match="Set DATABASE_URL"):
        start_embedded(blocker / "pg")


def test_database_url_wins_over_the_embedded_server(tmp_path: Path) -> None:
    settings = CoreSettings(DATABASE_URL="postgres://u:p%40ss@db:5433/app", data_dir=tmp_path)
    assert resolve_database_url(settings) == "postgresql+psycopg2://u:p%40ss@db:5433/app"
    assert not (tmp_path / "pg").exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://a@h/db", "postgresql+psycopg2://a@h/db"),
        ("postgres://a@h/db", "postgresql+psycopg2://a@h/db"),
        ("postgresql+psycopg2://a@h/db", "postgresql+psycopg2://a@h/db"),
    ],
)
def test_urls_are_normalised_to_psycopg2(given: str, expected: str) -> None:
    assert url_string(given) == expected
    assert normalize_url(normalize_url(given)).drivername == "postgresql+psycopg2"
