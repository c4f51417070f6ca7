"""OGC API – Features: walking the recorded Jena geoportal API and mapping collections."""

from __future__ import annotations

import json

import pytest
import responses

from ckanext.jena.harvest.cityutil import SourceError
from ckanext.jena.harvest.fetch import HTTPStatusError
from ckanext.jena.harvest.ogcapi import client, mapping, parse
from tests.harvest.citytools import load_bytes, make_fetcher

BASE = "https://geoportal.jena.de/ogc-api/"
DEFAULTS = {
    "theme": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
    "contact": [{"name": "Fachdienst Geodaten und Vermessung", "email": "geodaten@jena.de"}],
    "license_id": "dl-by-de/2.0",
    "publisher_name": "Stadt Jena",
}


def register(rsps, pages=True):
    rsps.get(BASE, body=load_bytes("ogcapi", "landing.json"), content_type="application/json")
    rsps.get(
        BASE + "collections?f=json",
        body=load_bytes("ogcapi", "collections.json"),
        content_type="application/json",
    )
    if pages:
        rsps.get(
            BASE + "collections?f=json&offset=3&limit=3",
            body=load_bytes("ogcapi", "collections_page2.json"),
            content_type="application/json",
        )


@pytest.fixture
def records():
    with responses.RequestsMock() as rsps:
        register(rsps)
        return {r["id"]: r for r in client.iter_records(make_fetcher("geoportal.jena.de"), BASE)}


def test_walks_next_links(records):
    assert list(records) == [
        "baumkataster",
        "fahrradabstellanlagen",
        "verkehrsbehinderungen",
        "spielplaetze",
        "ladestationen",
    ]


def test_extent_in_utm_is_converted_to_wgs84(records):
    lon0, lat0, lon1, lat1 = records["baumkataster"]["bbox"]
    assert records["baumkataster"]["declared_crs"] == "EPSG:25832"
    # the UTM rectangle was made from these WGS84 corners; its WGS84 envelope (edges
    # densified, the grid is rotated against the meridians) encloses them and stays close
    assert lon0 <= 11.5035 and lat0 <= 50.8540 and lon1 >= 11.6890 and lat1 >= 50.9890
    assert (lon0, lat0, lon1, lat1) == pytest.approx((11.5035, 50.8540, 11.6890, 50.9890), abs=0.01)


def test_epsg4326_extent_uses_lat_lon_axis_order(records):
    lon0, lat0, lon1, lat1 = records["spielplaetze"]["bbox"]
    assert (lon0, lat0, lon1, lat1) == pytest.approx((11.5233, 50.8702, 11.6521, 50.9788), abs=1e-6)


def test_crs84_extent_is_kept(records):
    assert records["fahrradabstellanlagen"]["bbox"] == [11.5412, 50.8862, 11.6343, 50.9624]


def test_map_collection_field_by_field(records):
    ds = mapping.map_collection(records["baumkataster"], DEFAULTS)
    assert ds["title"] == "Baumkataster Jena"
    assert ds["notes"].startswith("Standorte der städtischen Straßen- und Parkbäume")
    assert [t["name"] for t in ds["tags"]] == ["Baumkataster", "Bäume", "Stadtgrün", "Umwelt"]
    assert ds["identifier"] == BASE + "collections/baumkataster?f=json"
    assert ds["jena_source_uri"] == ds["identifier"]
    assert ds["license_id"] == "dl-by-de/2.0"
    assert ds["license_attribution_by_text"] == "Stadt Jena"
    assert ds["temporal_coverage"] == [{"start": "2012-04-01"}]
    geom = json.loads(ds["spatial"])
    assert geom["type"] == "Polygon"
    xs = [p[0] for p in geom["coordinates"][0]]
    assert min(xs) == pytest.approx(11.5035, abs=0.002)
    assert ds["theme"] == DEFAULTS["theme"]
    assert ds["contact"] == DEFAULTS["contact"]
    assert ds["documentation"] == [BASE + "openapi?f=html"]
    # the HTML items link is not a distribution
    assert len(ds["resources"]) == 1
    res = ds["resources"][0]
    assert res["url"] == BASE + "collections/baumkataster/items?f=json"
    assert res["format"] == "GEOJSON"
    assert res["mimetype"] == "application/geo+json"
    assert res["license"] == "dl-by-de/2.0"
    assert res["access_services"] == [
        {
            "title": "Geodaten der Stadt Jena – OGC API Features",
            "endpoint_url": BASE,
            "endpoint_description": BASE + "openapi?f=json",
            "service_type": "OGC_API_FEATURES",
            "uri": BASE,
        }
    ]


def test_licence_from_collection_link_wins_over_defaults(records):
    ds = mapping.map_collection(records["fahrradabstellanlagen"], DEFAULTS)
    assert ds["license_id"] == "cc-by/4.0"
    assert all(r["license"] == "cc-by/4.0" for r in ds["resources"])


def test_closed_temporal_interval_and_keyword_objects(records):
    ds = mapping.map_collection(records["verkehrsbehinderungen"], DEFAULTS)
    assert ds["temporal_coverage"] == [{"start": "2026-01-01", "end": "2026-12-31"}]
    assert [t["name"] for t in ds["tags"]] == ["Baustellen", "Verkehr", "Sperrungen"]
    # no licence link on the collection: the API's landing-page licence applies
    assert ds["license_id"] == "dl-by-de/2.0"


def test_several_item_formats_become_distributions(records):
    ds = mapping.map_collection(records["ladestationen"], DEFAULTS)
    assert [(r["format"], r["mimetype"]) for r in ds["resources"]] == [
        ("GEOJSON", "application/geo+json"),
        ("CSV", "text/csv"),
    ]


def test_mapping_is_deterministic(records):
    a = mapping.map_collection(records["baumkataster"], DEFAULTS)
    b = mapping.map_collection(json.loads(json.dumps(records["baumkataster"])), DEFAULTS)
    assert a == b


def test_broken_paging_fails_whole_walk():
    with responses.RequestsMock() as rsps:
        register(rsps, pages=False)
        rsps.get(BASE + "collections?f=json&offset=3&limit=3", status=500)
        with pytest.raises(HTTPStatusError, match="HTTP 500"):
            list(client.iter_records(make_fetcher("geoportal.jena.de"), BASE))


def test_paging_loop_is_detected():
    page = json.loads(load_bytes("ogcapi", "collections.json"))
    page["links"][1]["href"] = BASE + "collections?f=json"
    with responses.RequestsMock() as rsps:
        rsps.get(BASE, body=load_bytes("ogcapi", "landing.json"))
        rsps.get(BASE + "collections?f=json", json=page)
        with pytest.raises(SourceError, match="loops back"):
            list(client.iter_records(make_fetcher("geoportal.jena.de"), BASE))


def test_crs_codes():
    assert parse.crs_code("http://www.opengis.net/def/crs/EPSG/0/25832") == "EPSG:25832"
    assert parse.crs_code("http://www.opengis.net/def/crs/OGC/1.3/CRS84") == "OGC:CRS84"
    assert parse.crs_code("urn:ogc:def:crs:EPSG::3044") == "EPSG:3044"
    assert parse.crs_code(None) == "OGC:CRS84"
