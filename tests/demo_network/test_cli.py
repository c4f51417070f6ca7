"""``ckan jena demo network``: serves the network on the given port (as make demo starts
it in the background) and refuses a port that is taken with a clear error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import requests

from ckanext.jena.cli import jena

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_network_command_serves_until_stopped():
    port = free_port()
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    proc = subprocess.Popen(
        [ckan, "-c", "test.ini", "jena", "demo", "network", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        resp = None
        while time.monotonic() < deadline:
            try:
                resp = requests.get(f"http://127.0.0.1:{port}/oparl/v1.1/system", timeout=2)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stdout.read().decode()
                time.sleep(0.2)
        assert resp is not None and resp.status_code == 200
        assert resp.json()["body"] == f"http://127.0.0.1:{port}/oparl/v1.1/bodies"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out.decode()


def test_network_command_refuses_a_taken_port(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli.invoke(jena, ["demo", "network", "--port", str(port)])
    assert result.exit_code == 1
    assert f"FEHLER/ERROR: cannot listen on 127.0.0.1:{port}" in result.output
