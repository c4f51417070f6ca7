"""The service scripts fail loudly: a taken port or a broken Solr core stops with a
message naming the service and its log, and a non-zero exit status."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

import pytest


def _listening_socket() -> socket.socket:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    return s


def test_redis_port_taken_is_reported(repo_root):
    sock = _listening_socket()
    try:
        port = sock.getsockname()[1]
        env = dict(os.environ, JENA_REDIS_PORT=str(port), JENA_READY_TIMEOUT="5")
        proc = subprocess.run(
            ["bash", "scripts/services.sh", "start"],
            cwd=repo_root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        sock.close()
    assert proc.returncode != 0
    assert f"Redis: port 127.0.0.1:{port} is taken" in proc.stderr


@pytest.fixture
def broken_solr_home(tmp_path, repo_root):
    home = tmp_path / "home"
    shutil.copytree(os.path.join(repo_root, "config", "solr", "home"), home)
    # A schema referring to an unknown field type: the core cannot load.
    schema = home / "ckan" / "conf" / "schema.xml"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace('type="text_general"', 'type="no_such_type"', 1),
        encoding="utf-8",
    )
    return home


def test_solr_launcher_exits_non_zero_when_core_fails(repo_root, broken_solr_home, tmp_path):
    target = os.path.join(repo_root, "config", "solr", "target")
    classpath = (
        os.path.join(target, "classes")
        + ":"
        + open(os.path.join(target, "classpath.txt"), encoding="utf-8").read().strip()
    )
    state = tmp_path / "state"
    proc = subprocess.run(
        [
            "java",
            "-Xmx256m",
            "-cp",
            classpath,
            "de.jena.opendata.solr.JenaSolr",
            str(broken_solr_home),
            "0",
            str(state),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "core 'ckan' did not load" in proc.stderr
    assert "no_such_type" in proc.stderr
    assert not (state / "solr.pid").exists()
