"""Resource previews: CSV as a table, GeoJSON for the map, fetched from allowed hosts only
(files served by a loopback server, nothing leaves 127.0.0.1)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading

import pytest
from ckan.tests import factories

from ckanext.jena.theme import preview
from tests.factories import JenaDataset

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "browser", "data")


# ------------------------------------------------------------------ pure functions
def test_kind_by_format_and_by_url():
    assert preview.kind("CSV") == "table"
    assert preview.kind("csv") == "table"
    assert preview.kind("GEOJSON") == "map"
    assert preview.kind("GeoJSON") == "map"
    assert preview.kind("", "https://example.org/data/parken.geojson") == "map"
    assert preview.kind(None, "https://example.org/baeume.csv?x=1") == "table"
    assert preview.kind("PDF", "https://example.org/x.csv") == ""
    assert preview.kind("WMS_SRVC") == ""


def test_parse_csv_sniffs_semicolons_and_windows_1252():
    data = "Straße;Anzahl\nLöbdergraben;12\nWagnergasse;7\n".encode("cp1252")
    table = preview.parse_csv(data)
    assert table.delimiter == ";"
    assert table.header == ["Straße", "Anzahl"]
    assert table.rows == [["Löbdergraben", "12"], ["Wagnergasse", "7"]]
    assert table.truncated is False


def test_parse_csv_limits_rows_and_pads_short_rows():
    data = ("a,b,c\n" + "".join(f"{i},{i}\n" for i in range(100))).encode()
    table = preview.parse_csv(data, max_rows=10)
    assert len(table.rows) == 10
    assert table.truncated is True
    assert table.rows[0] == ["0", "0", ""]


def test_parse_csv_utf8_bom_and_empty_file():
    table = preview.parse_csv("\ufeffname,wert\nJena,1\n".encode())
    assert table.header == ["name", "wert"]
    with pytest.raises(preview.PreviewError) as exc:
        preview.parse_csv(b"  \n")
    assert exc.value.code == "empty"


def test_parse_geojson_accepts_geojson_only():
    obj = preview.parse_geojson(b'{"type": "Point", "coordinates": [11.6, 50.9]}')
    assert obj["type"] == "Point"
    for bad in (b"not json", b'{"type": "Topology"}', b"[1, 2]"):
        with pytest.raises(preview.PreviewError) as exc:
            preview.parse_geojson(bad)
        assert exc.value.code == "not_geojson"


def test_host_allowed():
    assert preview.host_allowed("http://127.0.0.1:8900/a.csv", ["127.0.0.1:8900"])
    assert preview.host_allowed("http://127.0.0.1:8900/a.csv", ["127.0.0.1"])
    assert not preview.host_allowed("http://127.0.0.1:8901/a.csv", ["127.0.0.1:8900"])
    # "*" means public addresses only: loopback, private and link-local are refused
    for url in ("http://127.0.0.1/a.csv", "http://10.0.0.5/a.csv", "http://169.254.169.254/x",
                "http://localhost:5000/x", "http://[::1]/x"):  # fmt: skip
        assert not preview.host_allowed(url, ["*"]), url
    assert not preview.host_allowed("file:///etc/passwd", ["*"])
    assert not preview.host_allowed("ftp://example.org/a.csv", ["*"])
    assert not preview.host_allowed("http://127.0.0.1/a.csv", [])


# ------------------------------------------------------------------ loopback files
class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/weiter.csv":
            self.send_response(302)
            self.send_header("Location", "/fahrradabstellanlagen.csv")
            self.end_headers()
            return
        if self.path == "/extern.csv":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:9/geheim.csv")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def files():
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=DATA)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_follows_redirects_only_to_allowed_hosts(files):
    data = preview.fetch(f"http://{files}/weiter.csv", [files], max_bytes=100_000)
    assert data.startswith(b"id;standort")
    with pytest.raises(preview.PreviewError) as exc:
        preview.fetch(f"http://{files}/extern.csv", [files], max_bytes=100_000)
    assert exc.value.code == "host_not_allowed"
    with pytest.raises(preview.PreviewError) as exc:
        preview.fetch(f"http://{files}/fahrradabstellanlagen.csv", [files], max_bytes=100)
    assert exc.value.code == "too_large"
    with pytest.raises(preview.PreviewError) as exc:
        preview.fetch(f"http://{files}/fehlt.csv", [files], max_bytes=100_000)
    assert exc.value.code == "http_status"


@pytest.fixture
def dataset(clean_db, clean_index, files):
    org = factories.Organization(name="stadtverwaltung-jena", title="Stadtverwaltung Jena")
    return JenaDataset(
        name="fahrrad",
        owner_org=org["id"],
        resources=[
            {"name": "Anlagen", "url": f"http://{files}/fahrradabstellanlagen.csv", "format": "CSV"},
            {"name": "Parken", "url": f"http://{files}/parken.geojson", "format": "GEOJSON"},
            {"name": "Kaputt", "url": f"http://{files}/fahrradabstellanlagen.csv", "format": "GEOJSON"},
            {"name": "Bericht", "url": f"http://{files}/bericht.pdf", "format": "PDF"},
        ],
    )  # fmt: skip


def _allow(ckan_config, monkeypatch, files: str) -> None:
    monkeypatch.setitem(ckan_config, "ckanext.jena.preview.allowed_hosts", files)


def test_resource_page_shows_csv_as_table(app, dataset, files, ckan_config, monkeypatch):
    _allow(ckan_config, monkeypatch, files)
    res = dataset["resources"][0]
    html = app.get(f"/dataset/fahrrad/resource/{res['id']}").body
    assert '<section id="jena-preview"' in html
    assert "Erste 8 Zeilen der Datei" in html
    assert '<th scope="col">standort</th>' in html
    assert "<td>Paradiesbahnhof</td>" in html
    assert "<td>Lobeda-West, Stadtteilzentrum</td>" in html  # a comma inside a ;-separated cell


def test_resource_page_explains_refused_host_in_german(app, dataset, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.jena.preview.allowed_hosts", "*")
    res = dataset["resources"][0]
    html = app.get(f"/dataset/fahrrad/resource/{res['id']}").body
    assert "Für Dateien auf diesem Server ist keine Vorschau verfügbar." in html
    assert "<table" not in html.split('<section id="jena-preview"', 1)[1].split("</section>")[0]


def test_geojson_endpoint_serves_the_file_for_the_map(
    app, dataset, files, ckan_config, monkeypatch
):
    _allow(ckan_config, monkeypatch, files)
    res = dataset["resources"][1]
    resp = app.get(f"/dataset/fahrrad/resource/{res['id']}/vorschau.geojson")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/geo+json"
    body = json.loads(resp.body)
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 4
    page = app.get(f"/dataset/fahrrad/resource/{res['id']}").body
    assert 'data-module="jena-preview-map"' in page
    assert f"/dataset/fahrrad/resource/{res['id']}/vorschau.geojson" in page


def test_geojson_endpoint_errors(app, dataset, files, ckan_config, monkeypatch):
    _allow(ckan_config, monkeypatch, files)
    broken = dataset["resources"][2]
    resp = app.get(f"/dataset/fahrrad/resource/{broken['id']}/vorschau.geojson", status=422)
    assert resp.json["error"] == "Die Datei konnte nicht als GeoJSON gelesen werden."
    pdf = dataset["resources"][3]
    resp = app.get(f"/dataset/fahrrad/resource/{pdf['id']}/vorschau.geojson", status=400)
    assert resp.json["code"] == "no_preview"
    app.get("/dataset/fahrrad/resource/nope/vorschau.geojson", status=404)
    app.get(f"/dataset/nope/resource/{pdf['id']}/vorschau.geojson", status=404)


def test_private_dataset_preview_is_not_shown_to_anonymous(app, files, clean_db, clean_index):
    org = factories.Organization()
    private = JenaDataset(
        owner_org=org["id"],
        private=True,
        resources=[{"url": f"http://{files}/parken.geojson", "format": "GEOJSON"}],
    )
    res = private["resources"][0]
    app.get(f"/dataset/{private['name']}/resource/{res['id']}/vorschau.geojson", status=404)
