"""File manifests: conditional fetching, format detection, structure checks, mapping."""

from __future__ import annotations

import json

import pytest
import responses

from ckanext.jena.harvest.files import client, mapping
from tests.harvest.citytools import load_bytes, make_fetcher

OD = "https://opendata.jena.de/data/"
FILES = [
    {
        "url": OD + "fahrradabstellanlagen.csv",
        "title": "Fahrradabstellanlagen",
        "notes": "Öffentliche Fahrradabstellanlagen im Stadtgebiet Jena mit Art und Anzahl der Stellplätze.",
        "tags": ["Radverkehr", "Fahrrad", "Mobilität"],
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/TRAN"],
        "contact": [{"name": "Fachdienst Mobilität", "email": "mobilitaet@jena.de"}],
    },
    {
        "url": OD + "parken.geojson",
        "title": "Parken",
        "notes": "Parkhäuser, Parkplätze und P+R-Anlagen in Jena.",
        "tags": ["Parken", "Mobilität"],
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/TRAN"],
    },
    {
        "url": OD + "parkplatzbelegung.xml",
        "title": "Parkplatzbelegung",
        "notes": "Aktuelle Belegung der Parkhäuser und Parkplätze (Kommunal Service Jena).",
        "frequency": "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT",
    },
    {
        "url": "https://statistik.jena.de/daten/bevoelkerung-ortsteile.xlsx",
        "title": "Bevölkerung nach Ortsteilen",
        "notes": "Einwohnerinnen und Einwohner mit Hauptwohnsitz nach Ortsteilen, Stand 31.12.2025.",
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/SOCI"],
        "temporal_coverage": [{"start": "2025-12-31", "end": "2025-12-31"}],
    },
    {
        "url": "https://www.jena.de/haushalt/haushaltsplan-2026-auszug.pdf",
        "title": "Haushaltsplan 2026 (Auszug)",
        "notes": "Auszug aus dem Haushaltsplan der Stadt Jena für das Jahr 2026.",
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/ECON"],
    },
]
BODIES = {
    OD + "fahrradabstellanlagen.csv": ("fahrradabstellanlagen.csv", "text/csv; charset=utf-8"),
    OD + "parken.geojson": ("parken.geojson", "application/geo+json"),
    OD + "parkplatzbelegung.xml": ("parkplatzbelegung.xml", "application/xml"),
    "https://statistik.jena.de/daten/bevoelkerung-ortsteile.xlsx": (
        "bevoelkerung-ortsteile.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "https://www.jena.de/haushalt/haushaltsplan-2026-auszug.pdf": (
        "haushaltsplan-2026-auszug.pdf",
        "application/pdf",
    ),
}
HOSTS = ("opendata.jena.de", "statistik.jena.de", "www.jena.de")
LAST_MODIFIED = "Mon, 16 Nov 2026 10:15:00 GMT"
DEFAULTS = {
    "license_id": "dl-by-de/2.0",
    "theme": ["http://publications.europa.eu/resource/authority/data-theme/GOVE"],
    "contact": [{"name": "Open-Data-Team der Stadt Jena", "email": "opendata@jena.de"}],
}


def register(rsps, skip=(), overrides=None):
    for url, (name, ctype) in BODIES.items():
        if url in skip:
            continue
        if overrides and url in overrides:
            overrides[url](rsps, url)
            continue
        rsps.get(
            url,
            body=load_bytes("files", name),
            headers={"ETag": f'"{name}-v1"', "Last-Modified": LAST_MODIFIED},
            content_type=ctype,
        )


def gather(options=None, previous=None, setup=register):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        setup(rsps)
        return client.gather(make_fetcher(*HOSTS), options or {"files": FILES}, previous)


@pytest.fixture
def records():
    result = gather()
    assert result.complete and not result.failed
    return {r.content["url"].rsplit("/", 1)[1]: r.content for r in result.records}


def test_formats_detected(records):
    assert {k: (r["format"], r["media_type"]) for k, r in records.items()} == {
        "fahrradabstellanlagen.csv": ("CSV", "text/csv"),
        "parken.geojson": ("GEOJSON", "application/geo+json"),
        "parkplatzbelegung.xml": ("XML", "application/xml"),
        "bevoelkerung-ortsteile.xlsx": (
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "haushaltsplan-2026-auszug.pdf": ("PDF", "application/pdf"),
    }


def test_csv_record_and_mapping(records):
    rec = records["fahrradabstellanlagen.csv"]
    assert rec["size"] == len(load_bytes("files", "fahrradabstellanlagen.csv"))
    assert len(rec["sha256"]) == 64
    assert rec["etag"] == '"fahrradabstellanlagen.csv-v1"'
    assert rec["modified"] == "2026-11-16T10:15:00"
    assert rec["structure"]["delimiter"] == ";"
    assert rec["structure"]["rows"] == 10
    assert rec["structure"]["columns"][:3] == ["id", "standort", "ortsteil"]
    ds = mapping.map_file(rec, DEFAULTS)
    assert ds["title"] == "Fahrradabstellanlagen"
    assert ds["notes"] == (
        "Öffentliche Fahrradabstellanlagen im Stadtgebiet Jena mit Art und Anzahl der "
        "Stellplätze.\n\nDatei: CSV (UTF-8, Trennzeichen Semikolon) mit 10 Zeilen und den "
        "Spalten id, standort, ortsteil, art, stellplaetze, ueberdacht, lon, lat."
    )
    assert ds["identifier"] == OD + "fahrradabstellanlagen.csv"
    assert ds["modified"] == "2026-11-16"
    assert ds["theme"] == ["http://publications.europa.eu/resource/authority/data-theme/TRAN"]
    assert ds["contact"] == [{"name": "Fachdienst Mobilität", "email": "mobilitaet@jena.de"}]
    assert ds["license_id"] == "dl-by-de/2.0"
    assert [t["name"] for t in ds["tags"]] == ["Radverkehr", "Fahrrad", "Mobilität"]
    (res,) = ds["resources"]
    assert res["url"] == res["download_url"] == OD + "fahrradabstellanlagen.csv"
    assert (res["format"], res["mimetype"]) == ("CSV", "text/csv")
    assert res["size"] == rec["size"]
    assert (res["hash"], res["hash_algorithm"]) == (rec["sha256"], "sha256")
    assert res["modified"] == "2026-11-16"
    assert res["license"] == "dl-by-de/2.0"


def test_geojson_extent_becomes_spatial(records):
    rec = records["parken.geojson"]
    assert rec["structure"] == {"features": 4, "extent": [11.58448, 50.90594, 11.60752, 50.93068]}
    ds = mapping.map_file(rec, DEFAULTS)
    assert json.loads(ds["spatial"])["coordinates"][0][0] == [11.58448, 50.90594]
    assert "GeoJSON mit 4 Objekten." in ds["notes"]


def test_other_formats_mapping(records):
    xml = mapping.map_file(records["parkplatzbelegung.xml"], DEFAULTS)
    assert xml["frequency"].endswith("/UPDATE_CONT")
    assert "XML-Dokument (Wurzelelement parkplatzbelegung)." in xml["notes"]
    xlsx = mapping.map_file(records["bevoelkerung-ortsteile.xlsx"], DEFAULTS)
    assert xlsx["temporal_coverage"] == [{"start": "2025-12-31", "end": "2025-12-31"}]
    assert xlsx["resources"][0]["format"] == "XLSX"
    pdf = mapping.map_file(records["haushaltsplan-2026-auszug.pdf"], DEFAULTS)
    assert "PDF-Dokument (PDF 1.4)." in pdf["notes"]


def test_conditional_request_reuses_previous_record(records):
    previous = {r["guid"]: r for r in records.values()}
    sent = []

    def not_modified(rsps):
        def cb(request):
            sent.append(
                (request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since"))
            )
            return (304, {}, b"")

        for url in BODIES:
            rsps.add_callback("GET", url, callback=cb)

    again = gather(previous=previous, setup=not_modified)
    assert [r.content for r in again.records] == [previous[e["url"]] for e in FILES]
    assert sent[0] == ('"fahrradabstellanlagen.csv-v1"', LAST_MODIFIED)


def test_broken_link_is_reported_not_dropped():
    def gone(rsps, url):
        rsps.get(url, status=404)

    result = gather(setup=lambda r: register(r, overrides={OD + "parken.geojson": gone}))
    assert result.complete
    assert len(result.records) == 4
    assert result.failed == {
        OD + "parken.geojson": f"broken link: HTTP 404 Not Found from {OD}parken.geojson"
    }


def test_invalid_geojson_and_wrong_format_fail_the_structure_check():
    def bad_geojson(rsps, url):
        rsps.get(
            url,
            json={
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "geometry": {"type": "Pointy"}}],
            },
        )

    def html_instead_of_csv(rsps, url):
        rsps.get(
            url, body=b"<html><body>Seite nicht gefunden</body></html>", content_type="text/html"
        )

    result = gather(
        setup=lambda r: register(
            r,
            overrides={
                OD + "parken.geojson": bad_geojson,
                OD + "fahrradabstellanlagen.csv": html_instead_of_csv,
            },
        )
    )
    assert result.failed[OD + "parken.geojson"].startswith("structure check failed:")
    assert "features[0]: invalid geometry" in result.failed[OD + "parken.geojson"]
    assert (
        "declared as CSV, but the content is XML" in result.failed[OD + "fahrradabstellanlagen.csv"]
    )


def test_utm_geojson_is_refused():
    def utm(rsps, url):
        rsps.get(
            url,
            json={
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [681000.0, 5645000.0]},
            },
        )

    result = gather(setup=lambda r: register(r, overrides={OD + "parken.geojson": utm}))
    assert "not WGS84" in result.failed[OD + "parken.geojson"]
