"""CKAN-free mapping and client checks of the existing-protocol harvesters."""

from __future__ import annotations

import json

from ckanext.jena.harvest.ckanapi import client, mapping
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.mapping_util import file_type, legacy_themes, license_code
from ckanext.jena.harvest.records import SourceConfig
from tests.harvest.framework.server import CityServer

THEME = "http://publications.europa.eu/resource/authority/data-theme/"


def test_old_portal_values():
    assert license_code("dl-de-zero-2.0") == "dl-zero-de/2.0"
    assert license_code("https://www.govdata.de/dl-de/by-2-0") == "dl-by-de/2.0"
    assert license_code("http://dcat-ap.de/def/licenses/cc-by/4.0") == "cc-by/4.0"
    assert license_code("Creative Commons Namensnennung 4.0 (CC BY 4.0)") == "cc-by/4.0"
    assert license_code("notspecified") is None
    assert legacy_themes(["Mobilität", "transport_verkehr", "Politik und Wahlen"]) == [
        THEME + "TRAN",
        THEME + "GOVE",
    ]
    assert legacy_themes(["Landwirtschaft"]) == [THEME + "AGRI"]
    assert legacy_themes(["Sonstiges"], {"Sonstiges": ["ECON"]}) == [THEME + "ECON"]
    assert file_type("xls") == "XLS" and file_type("WMS") == "WMS_SRVC"
    assert file_type("", "https://x/a/parken.geojson?v=2") == "GEOJSON"


def test_ogd_extras_contacts_dates_and_licence():
    source = SourceConfig(
        name="opendata-jena-ckan", url="https://opendata.jena.de", protocol="ckan"
    )
    pkg = {
        "id": "a1",
        "name": "kitas",
        "title": "Kindertageseinrichtungen",
        "notes": "Kitas",
        "license_id": "dl-de-zero-2.0",
        "groups": [{"name": "bildung_wissenschaft"}],
        "maintainer": "Fachdienst Jugend",
        "maintainer_email": "jugend@jena.de",
        "extras": [
            {
                "key": "contacts",
                "value": json.dumps(
                    [
                        {"role": "autor", "name": "Stadt Jena"},
                        {
                            "role": "vertrieb",
                            "name": "Team Open Data",
                            "url": "https://opendata.jena.de",
                        },
                    ]
                ),
            },
            {
                "key": "dates",
                "value": json.dumps(
                    [
                        {"role": "veroeffentlicht", "date": "2018-01-05"},
                        {"role": "aktualisiert", "date": "2024-07-01"},
                    ]
                ),
            },
            {"key": "temporal_coverage_to", "value": "2024-12-31"},
        ],
        "resources": [
            {
                "url": "https://opendata.jena.de/dataset/a1/resource/r1/download/kitas.csv",
                "format": "csv",
                "size": "1024",
                "name": "Kitas",
            },
            {"url": "", "format": "pdf"},
        ],
    }
    out = mapping.map_package(pkg, source)
    assert out["license_id"] == "dl-zero-de/2.0"
    assert out["theme"] == [THEME + "EDUC"]
    assert out["contact"] == [{"name": "Team Open Data", "url": "https://opendata.jena.de"}]
    assert out["originator"] == [{"name": "Stadt Jena"}]
    assert (out["issued"], out["modified"]) == ("2018-01-05", "2024-07-01")
    assert out["temporal_coverage"] == [{"end": "2024-12-31"}]
    assert out["jena_source_uri"] == "https://opendata.jena.de/dataset/kitas"
    assert len(out["resources"]) == 1
    res = out["resources"][0]
    assert (res["format"], res["size"], res["license"]) == ("CSV", 1024, "dl-zero-de/2.0")
    assert res["download_url"].endswith("kitas.csv")


def test_api_key_comes_from_the_named_environment_variable(monkeypatch):
    server = CityServer()
    seen = []

    def search(_p, _q, headers):
        seen.append(headers.get("Authorization"))
        body = {"success": True, "result": {"count": 0, "results": []}}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    server.route("/api/3/action/package_search", search)
    try:
        monkeypatch.setenv("JENA_TEST_CKAN_KEY", "secret-token-from-env")
        source = SourceConfig(
            name="s", url=server.url(""), protocol="ckan", secrets={"api_key": "JENA_TEST_CKAN_KEY"}
        )
        result = client.gather(source, Fetcher(["127.0.0.1"], allow_private=True))
    finally:
        server.close()
    assert result.complete and result.records == []
    assert seen == ["secret-token-from-env"]
    assert "secret-token" not in json.dumps(source.to_dict())
