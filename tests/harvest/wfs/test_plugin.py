"""WFS harvester plugin: harvest into the real database, unchanged re-harvest, faults."""

from __future__ import annotations

import pytest

from ckanext.jena.harvest import fetch
from ckanext.jena.harvest.wfs.plugin import JenaWfsHarvester
from tests.harvest.citytools import (
    create_source,
    dcat_violations,
    entry_faults,
    harvest_with,
    public_resolver,
    publisher_org,
    run_fault_matrix,
    source_datasets,
)
from tests.harvest.wfs.test_mapping import CAP, URL, register

CONFIG = {
    "allowed_hosts": ["geoportal.jena.de"],
    "fetch": {"max_bytes": 2 * 1024 * 1024},
    "defaults": {
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/REGI"],
    },
}


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(fetch, "default_resolver", public_resolver)
    org = publisher_org("stadtverwaltung-jena")
    return create_source(JenaWfsHarvester, "geoportal-jena-wfs", URL, org["id"], CONFIG)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvest_into_portal(source):
    run = harvest_with(JenaWfsHarvester, source, register)
    assert run["gather_errors"] == []
    assert {o["state"] for o in run["objects"].values()} == {"COMPLETE"}
    datasets = {d["title"]: d for d in source_datasets("geoportal-jena-wfs")}
    assert sorted(datasets) == [
        "Bebauungspläne (rechtskräftig)",
        "Kulturdenkmale",
        "Ortsteile der Stadt Jena",
        "Schulstandorte",
    ]
    ds = datasets["Ortsteile der Stadt Jena"]
    assert ds["organization"]["name"] == "stadtverwaltung-jena"
    assert ds["license_id"] == "dl-by-de/2.0"
    assert len(ds["resources"]) == 4


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fault_matrix(source):
    figures = run_fault_matrix(JenaWfsHarvester, source, register, entry_faults(CAP, kind="xml"))
    assert figures == {"faults": 10, "lost": 0, "changed": 0, "unrecorded": []}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_datasets_validate_dcat_ap_de(source):
    run = harvest_with(JenaWfsHarvester, source, register)
    assert run["gather_errors"] == []
    datasets = source_datasets("geoportal-jena-wfs")
    assert len(datasets) == 4
    assert dcat_violations(datasets) == {d["title"]: [] for d in datasets}
