"""OGC API – Features harvester plugin: harvest into the real database, unchanged
re-harvest, and faults that must not lose data."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from ckanext.jena.harvest import fetch
from ckanext.jena.harvest.ogcapi.plugin import JenaOgcApiHarvester
from tests.harvest.citytools import (
    create_source,
    dcat_violations,
    entry_faults,
    harvest_with,
    load_bytes,
    public_resolver,
    publisher_org,
    run_fault_matrix,
    run_source,
    source_datasets,
    write_marks,
)
from tests.harvest.ogcapi.test_mapping import BASE, register

CONFIG = {
    "allowed_hosts": ["geoportal.jena.de"],
    "fetch": {"max_bytes": 2 * 1024 * 1024},
    "defaults": {
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
        "contact": [{"name": "Fachdienst Geodaten und Vermessung", "email": "geodaten@jena.de"}],
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "Stadt Jena, Fachdienst Geodaten und Vermessung",
    },
}


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(fetch, "default_resolver", public_resolver)
    org = publisher_org("stadtverwaltung-jena")
    return create_source(JenaOgcApiHarvester, "geoportal-jena-ogcapi", BASE, org["id"], CONFIG)


def harvest(source, setup=register):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_passthru("http://127.0.0.1")
        setup(rsps)
        return run_source(JenaOgcApiHarvester, source["id"])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvest_unchanged_rerun_and_fault(source):
    first = harvest(source)
    assert first["gather_errors"] == []
    assert {o["state"] for o in first["objects"].values()} == {"COMPLETE"}, [
        o["errors"] for o in first["objects"].values()
    ]
    datasets = {d["title"]: d for d in source_datasets("geoportal-jena-ogcapi")}
    assert sorted(datasets) == [
        "Baumkataster Jena",
        "Fahrradabstellanlagen",
        "Ladestationen für Elektrofahrzeuge",
        "Spielplätze",
        "Verkehrsbehinderungen und Baustellen",
    ]
    baum = datasets["Baumkataster Jena"]
    assert baum["organization"]["name"] == "stadtverwaltung-jena"
    assert baum["resources"][0]["url"] == BASE + "collections/baumkataster/items?f=json"
    assert baum["resources"][0]["format"].upper() == "GEOJSON"
    ids = [d["id"] for d in datasets.values()]
    marks = write_marks(ids)

    second = harvest(source)
    assert second["gather_errors"] == []
    assert {o["report_status"] for o in second["objects"].values()} == {"not modified"}
    assert write_marks(ids) == marks

    def broken(rsps):
        register(rsps, pages=False)
        rsps.get(BASE + "collections?f=json&offset=3&limit=3", status=500)

    third = harvest(source, broken)
    assert third["objects"] == {}
    assert any("HTTP 500" in e for e in third["gather_errors"])
    assert len(source_datasets("geoportal-jena-ogcapi")) == 5
    assert write_marks(ids) == marks


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fault_matrix(source):
    def empty(rsps):
        rsps.get(BASE, body=load_bytes("ogcapi", "landing.json"))
        rsps.get(BASE + "collections?f=json", json={"links": [], "collections": []})

    def truncated(rsps):
        register(rsps, pages=False)
        rsps.get(
            BASE + "collections?f=json&offset=3&limit=3",
            body=requests.ConnectionError("Connection reset by peer"),
        )

    def duplicate(rsps):
        page2 = json.loads(load_bytes("ogcapi", "collections_page2.json"))
        first = json.loads(load_bytes("ogcapi", "collections.json"))["collections"][0]
        page2["collections"].append(first)  # baumkataster listed on both pages
        register(rsps, pages=False)
        rsps.get(BASE + "collections?f=json&offset=3&limit=3", json=page2)

    faults = entry_faults(BASE) + [
        ("empty catalogue", empty),
        ("truncated paging", truncated),
        ("duplicate identifiers", duplicate),
    ]
    figures = run_fault_matrix(JenaOgcApiHarvester, source, register, faults)
    assert figures == {"faults": 11, "lost": 0, "changed": 0, "unrecorded": []}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_datasets_validate_dcat_ap_de(source):
    run = harvest_with(JenaOgcApiHarvester, source, register)
    assert run["gather_errors"] == []
    datasets = source_datasets("geoportal-jena-ogcapi")
    assert len(datasets) == 5
    assert dcat_violations(datasets) == {d["title"]: [] for d in datasets}
