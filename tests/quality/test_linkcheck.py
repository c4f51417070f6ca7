"""The link-check job against a loopback server: a good link (HEAD refused, ranged GET
answers), a 404 and a link to a host that is not allowed (never contacted)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ckan.lib import jobs
from ckan.tests import helpers
from rq import SimpleWorker

from ckanext.jena.cli import jena
from ckanext.jena.quality import logic, scoring
from tests.quality.conftest import create, minimal_fields


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def _answer(self, body: bool) -> None:
        self.seen.append((self.command, self.path, self.headers.get("Range") or ""))
        if self.path == "/data/good.csv":
            if self.command == "HEAD":
                self.send_response(405)  # some servers refuse HEAD: ranged GET fallback
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Range", "bytes 0-0/20")
            self.send_header("Content-Length", "1")
            self.end_headers()
            self.wfile.write(b"n")
            return
        self.send_response(404)
        self.send_header("Content-Length", "9")
        self.end_headers()
        if body:
            self.wfile.write(b"not found")

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _run_jobs() -> int:
    queue = jobs.get_queue()
    count = len(queue)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    return count


@pytest.mark.usefixtures("clean_db", "clean_index", "with_request_context")
@pytest.mark.ckan_config("ckanext.jena.quality.link_check.allowed_hosts", "127.0.0.1")
@pytest.mark.ckan_config("ckanext.jena.quality.link_check.allow_private", "true")
@pytest.mark.ckan_config("ckanext.jena.quality.link_check.registry_hosts", "false")
def test_check_links_job_records_good_broken_and_unchecked_links(cli, server, sysadmin, org):
    port = server.split(":")[1]
    fields = minimal_fields(org)
    fields["resources"] = [
        {"url": f"http://{server}/data/good.csv", "name": "Gut", "format": "CSV",
         "download_url": f"http://{server}/data/good.csv"},
        {"url": f"http://{server}/data/missing.csv", "name": "Kaputt", "format": "CSV"},
        {"url": f"http://localhost:{port}/data/other.csv", "name": "Fremd", "format": "CSV"},
    ]  # fmt: skip
    d = create(sysadmin, **fields)
    before = helpers.call_action("package_show", id=d["id"])
    jobs.get_queue().empty()

    result = cli.invoke(jena, ["quality", "check-links", "--organization", org["name"]])
    assert result.exit_code == 0, result.output
    assert "1 Link-Prüfungen eingereiht" in result.output
    assert _run_jobs() == 1

    good, broken, foreign = (r["id"] for r in d["resources"])
    links = logic.stored_links(helpers.call_action("package_show", id=d["id"]))
    assert links[good]["access"]["ok"] is True
    assert links[good]["access"]["status"] == 206
    assert links[good]["access"]["method"] == "GET"
    assert links[good]["download"]["ok"] is True
    assert links[broken]["access"]["ok"] is False
    assert links[broken]["access"]["status"] == 404
    assert links[foreign]["access"]["not_checked"] is True
    assert "not among" in links[foreign]["access"]["error"]
    # HEAD first, then the ranged GET; the same URL is checked once; the foreign host never
    assert _Handler.seen == [
        ("HEAD", "/data/good.csv", ""),
        ("GET", "/data/good.csv", "bytes=0-0"),
        ("HEAD", "/data/missing.csv", ""),
        ("GET", "/data/missing.csv", "bytes=0-0"),
    ]
    # no new revision: the dataset was not updated by the check
    after = helpers.call_action("package_show", id=d["id"])
    assert after["metadata_modified"] == before["metadata_modified"]

    # the results count in the score: 1 of 3 access URLs reachable, 1 of 3 download URLs
    quality = helpers.call_action("jena_quality_score", {"user": sysadmin["name"]}, id=d["id"])
    w = {
        i["key"]: i["weight"] for dim in scoring.weights()["dimensions"] for i in dim["indicators"]
    }
    access = quality["dimensions"][1]
    assert access["points"] == round((w["access_url_status"] + w["download_url"]
                                      + w["download_url_status"]) / 3, 1)  # fmt: skip


@pytest.mark.usefixtures("clean_db")
def test_check_links_for_an_unknown_organization_says_so(cli):
    result = cli.invoke(jena, ["quality", "check-links", "--organization", "gibt-es-nicht"])
    assert result.exit_code != 0
    assert "organization 'gibt-es-nicht' not found" in result.output


@pytest.mark.ckan_config("ckanext.jena.quality.link_check.allowed_hosts", "daten.example.org")
def test_allowed_hosts_are_the_configured_plus_the_registry_sources():
    from ckanext.jena.harvest import registry as registry_mod

    reg = registry_mod.load_registry(None, "production")
    expected = {"daten.example.org"} | {h for s in reg.sources.values() for h in s.hosts()}
    assert len(expected) > 1
    assert set(logic.allowed_hosts()) == expected


@pytest.mark.ckan_config("ckanext.jena.quality.link_check.allowed_hosts", "daten.example.org")
@pytest.mark.ckan_config("ckanext.jena.quality.link_check.registry_hosts", "false")
def test_registry_hosts_can_be_switched_off():
    assert logic.allowed_hosts() == ["daten.example.org"]
