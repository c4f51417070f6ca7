"""Browser-test fixtures: a seeded portal served by ``ckan run`` on a free loopback port,
a loopback file server for the resources, and Debian's chromium driven by Playwright.

Nothing leaves 127.0.0.1: the portal's map tiles are off (no tile URL), the resources
come from the file server, and chromium runs with its background networking disabled.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from tests.browser import seed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ARTIFACTS = os.path.join(ROOT, "test-artifacts")
SCREENSHOTS = os.path.join(ARTIFACTS, "screenshots")
CHROMIUM = os.environ.get("JENA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ file server
class _FileHandler(http.server.SimpleHTTPRequestHandler):
    """Serves tests/browser/data like a municipal file server (downloads as attachment)."""

    requests_seen: list[str] = []

    def end_headers(self) -> None:
        if self.path.endswith(".csv"):
            self.send_header("Content-Disposition", "attachment")
        super().end_headers()

    def guess_type(self, path):  # noqa: ANN001
        if str(path).endswith(".csv"):
            return "text/csv; charset=utf-8"
        if str(path).endswith(".geojson"):
            return "application/geo+json"
        return super().guess_type(path)

    def do_GET(self) -> None:  # noqa: N802
        type(self).requests_seen.append(self.path)
        super().do_GET()

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@dataclass
class FileServer:
    base: str
    handler: type[_FileHandler]


@pytest.fixture(scope="module")
def file_server() -> Iterator[FileServer]:
    handler = type("Handler", (_FileHandler,), {"requests_seen": []})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=os.path.join(HERE, "data"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FileServer(f"http://127.0.0.1:{server.server_address[1]}", handler)
    server.shutdown()
    server.server_close()


# ------------------------------------------------------------------ portal
@dataclass
class Portal:
    url: str
    data: seed.Seeded


@pytest.fixture(scope="module")
def portal(
    file_server: FileServer, reset_db, reset_index, migrate_db_for, tmp_path_factory
) -> Iterator[Portal]:
    """Seed the test database, then serve it with ``ckan run`` on a free port."""
    import ckan.plugins as plugins  # noqa: PLC0415

    plugins.load_all()
    try:
        reset_db()
        for plugin in ("activity", "harvest"):
            migrate_db_for(plugin)
        reset_index()
        data = seed.seed(file_server.base)
    finally:
        plugins.unload_all()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    test_ini = os.environ.get("JENA_TEST_INI") or os.path.join(ROOT, "test.ini")
    ini = tmp_path_factory.mktemp("portal") / "browser.ini"
    ini.write_text(
        "[app:main]\n"
        f"use = config:{test_ini}\n"
        f"ckan.site_url = {url}\n"
        f"ckanext.dcat.base_uri = {url}\n"
        f"ckanext.jena.preview.allowed_hosts = 127.0.0.1:{file_server.base.rsplit(':', 1)[1]}\n"
        "ckanext.jena.map.tile_url =\n"
        "debug = false\n"
    )
    os.makedirs(ARTIFACTS, exist_ok=True)
    log_path = os.path.join(ARTIFACTS, "browser-ckan-server.log")
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [ckan, "-c", str(ini), "run", "--host", "127.0.0.1", "--port", str(port),
             "--disable-reloader", "--threaded"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"ckan run exited with {proc.returncode}, see {log_path}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/api/3/action/status_show", timeout=5).ok:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"the portal did not answer within 120 s, see {log_path}")
            time.sleep(0.5)
        yield Portal(url, data)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ------------------------------------------------------------------ browser
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} missing: run scripts/browser-deps.sh (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, portal: Portal):
    """A fresh page (German browser) that fails the test on requests beyond loopback."""
    context = browser.new_context(
        locale="de-DE", accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    outside: list[str] = []

    def guard(route) -> None:  # noqa: ANN001
        target = route.request.url
        if target.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(target)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not outside, f"the page tried to load from outside the portal: {outside}"


def screenshot(page, name: str) -> str:
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path
