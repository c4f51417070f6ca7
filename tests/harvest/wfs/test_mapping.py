"""WFS 2.0: parsing the recorded GetCapabilities of the Jena geoportal and mapping."""

from __future__ import annotations

import json

import pytest
import responses

from ckanext.jena.harvest.cityutil import SourceError
from ckanext.jena.harvest.wfs import client, mapping
from ckanext.jena.harvest.xmlsafe import UnsafeXML
from tests.harvest.citytools import load_bytes, make_fetcher

URL = "https://geoportal.jena.de/geoserver/jena/wfs"
CAP = URL + "?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0"
GF = "https://geoportal.jena.de/geoserver/jena/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature"
DEFAULTS = {
    "theme": ["http://publications.europa.eu/resource/authority/data-theme/REGI"],
}


def register(rsps, body=None):
    rsps.get(CAP, body=body or load_bytes("wfs", "capabilities.xml"), content_type="text/xml")


@pytest.fixture
def records():
    with responses.RequestsMock() as rsps:
        register(rsps)
        result = client.gather(make_fetcher("geoportal.jena.de"), URL)
    assert result.complete
    return {r.content["name"]: r.content for r in result.records}


def test_feature_types(records):
    assert list(records) == [
        "jena:ortsteile",
        "jena:schulen",
        "jena:bebauungsplaene",
        "jena:denkmale",
    ]


def test_map_feature_type_field_by_field(records):
    ds = mapping.map_feature_type(records["jena:ortsteile"], DEFAULTS)
    assert ds["title"] == "Ortsteile der Stadt Jena"
    assert ds["notes"].startswith("Grenzen der 30 Ortsteile der Stadt Jena")
    assert "Nutzungsbedingungen: Es gilt die Datenlizenz Deutschland" in ds["notes"]
    assert "Gebühren: keine" in ds["notes"]
    assert [t["name"] for t in ds["tags"]] == ["Ortsteile", "Verwaltungsgrenzen", "Stadtgliederung"]
    assert ds["identifier"] == GF + "&TYPENAMES=jena%3Aortsteile"
    assert ds["url"] == CAP
    assert ds["license_id"] == "dl-by-de/2.0"
    assert ds["license_attribution_by_text"] == "© Stadt Jena, FD Geodaten und Vermessung"
    assert json.loads(ds["spatial"])["coordinates"][0][0] == [11.4988, 50.8523]
    assert ds["contact"] == [
        {
            "name": "Stadt Jena, Fachdienst Geodaten und Vermessung",
            "email": "geodaten@jena.de",
            "phone": "+49 3641 49-5200",
            "url": "https://www.jena.de/geodaten",
        }
    ]
    assert ds["documentation"] == ["https://geoportal.jena.de/metadaten/ortsteile.xml"]
    assert ds["theme"] == DEFAULTS["theme"]
    # operation-level output formats; GML 3.1.1 collapses into the first GML distribution
    assert [(r["format"], r["mimetype"]) for r in ds["resources"]] == [
        ("GML", "application/gml+xml"),
        ("GEOJSON", "application/geo+json"),
        ("CSV", "text/csv"),
        ("SHP", "application/x-shapefile"),
    ]
    assert ds["resources"][1]["url"] == (
        GF + "&TYPENAMES=jena%3Aortsteile&OUTPUTFORMAT=application%2Fjson"
    )
    service = ds["resources"][0]["access_services"][0]
    assert service["service_type"] == "WFS"
    assert service["title"] == "WFS Geodaten der Stadt Jena"
    assert service["endpoint_url"] == CAP
    assert all(r["license"] == "dl-by-de/2.0" for r in ds["resources"])


def test_feature_type_output_formats_win(records):
    ds = mapping.map_feature_type(records["jena:schulen"], DEFAULTS)
    assert [r["format"] for r in ds["resources"]] == ["GML", "GEOJSON"]


def test_empty_abstract_gets_generated_description(records):
    ds = mapping.map_feature_type(records["jena:denkmale"], DEFAULTS)
    assert ds["notes"].startswith("Objektart „Kulturdenkmale“ (jena:denkmale) des Dienstes")
    # no keywords on the feature type: the service keywords apply
    assert [t["name"] for t in ds["tags"]] == ["Jena", "Geodaten", "infoFeatureAccessService"]


def test_feature_type_filter():
    with responses.RequestsMock() as rsps:
        register(rsps)
        result = client.gather(
            make_fetcher("geoportal.jena.de"), URL, {"feature_types": ["jena:schulen"]}
        )
    assert [r.content["name"] for r in result.records] == ["jena:schulen"]


def test_exception_report_is_a_source_error():
    with responses.RequestsMock() as rsps:
        register(rsps, load_bytes("wfs", "exception.xml"))
        with pytest.raises(SourceError, match="Datenbankverbindung zum Geodatenserver"):
            client.gather(make_fetcher("geoportal.jena.de"), URL)


def test_xxe_is_refused():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0">&x;</wfs:WFS_Capabilities>'
    )
    with responses.RequestsMock() as rsps:
        register(rsps, evil)
        with pytest.raises(UnsafeXML):
            client.gather(make_fetcher("geoportal.jena.de"), URL)


def test_wfs_11_capabilities_use_typename():
    cap11 = (
        load_bytes("wfs", "capabilities.xml")
        .replace(b'version="2.0.0"', b'version="1.1.0"')
        .replace(b"http://www.opengis.net/wfs/2.0", b"http://www.opengis.net/wfs")
    )
    with responses.RequestsMock() as rsps:
        register(rsps, cap11)
        result = client.gather(make_fetcher("geoportal.jena.de"), URL)
    rec = result.records[1].content
    assert rec["version"] == "1.1.0"
    assert rec["getfeature_url"].endswith(
        "VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=jena%3Aschulen"
    )
