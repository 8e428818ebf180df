"""Starting the server: every failure is one German line naming cause and fix, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from app import StartupError, create_app
from config import Settings
from data_access.store import Store
from tests.conftest import KREIS, ROOT


def _start(env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env={**os.environ, "BILDUNGSMONITOR_KREIS": KREIS, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_store_without_tables_is_refused_and_not_created(tmp_path):
    path = tmp_path / "vertippt.sqlite"
    settings = Settings(database_url=f"sqlite:///{path}", kreis=KREIS, instance_dir=tmp_path)
    with pytest.raises(StartupError, match="init-db"):
        create_app(settings)
    assert not path.exists()


def test_the_server_refuses_a_missing_database_in_one_german_line(tmp_path):
    result = _start(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'fehlt.sqlite'}", "BILDUNGSMONITOR_INSTANCE": str(tmp_path)}
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nicht eingerichtet" in lines[0] and "init-db" in lines[0]
    assert "Traceback" not in result.stderr and "läuft auf" not in result.stdout + result.stderr


def test_a_taken_port_is_named_before_anything_is_announced(tmp_path, boundaries):
    from data_access.regions import base_regions

    database = tmp_path / "bm.sqlite"
    Store(f"sqlite:///{database}").init_schema(base_regions(boundaries))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _start(
            {
                "DATABASE_URL": f"sqlite:///{database}",
                "BILDUNGSMONITOR_PORT": str(port),
                "BILDUNGSMONITOR_INSTANCE": str(tmp_path),
            }
        )
    assert result.returncode == 2
    assert f"127.0.0.1:{port} ist nicht verfügbar" in result.stderr
    assert "läuft auf" not in result.stdout + result.stderr and "Traceback" not in result.stderr
