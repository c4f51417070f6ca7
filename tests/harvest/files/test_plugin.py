"""File-manifest harvester plugin: harvest into the real database, conditional re-harvest,
broken link kept, fault matrix on one file."""

from __future__ import annotations

import pytest

from ckanext.jena.harvest import fetch
from ckanext.jena.harvest.files.plugin import JenaFilesHarvester
from tests.harvest.citytools import (
    create_source,
    dcat_violations,
    entry_faults,
    harvest_with,
    public_resolver,
    publisher_org,
    run_fault_matrix,
    source_datasets,
    write_marks,
)
from tests.harvest.files.test_mapping import BODIES, DEFAULTS, FILES, HOSTS, OD, register

NAME = "stadt-jena-dateien"
CONFIG = {
    "allowed_hosts": list(HOSTS),
    "fetch": {"max_bytes": 2 * 1024 * 1024},
    "defaults": DEFAULTS,
    "options": {"files": FILES},
}


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(fetch, "default_resolver", public_resolver)
    org = publisher_org("stadtverwaltung-jena")
    return create_source(JenaFilesHarvester, NAME, OD, org["id"], CONFIG)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvest_conditional_rerun_and_broken_link(source):
    run = harvest_with(JenaFilesHarvester, source, register)
    assert run["gather_errors"] == []
    datasets = {d["title"]: d for d in source_datasets(NAME)}
    assert sorted(datasets) == [
        "Bevölkerung nach Ortsteilen",
        "Fahrradabstellanlagen",
        "Haushaltsplan 2026 (Auszug)",
        "Parken",
        "Parkplatzbelegung",
    ]
    csv = datasets["Fahrradabstellanlagen"]
    assert csv["resources"][0]["hash"]
    assert int(csv["resources"][0]["size"]) == 761
    ids = sorted(d["id"] for d in datasets.values())
    marks = write_marks(ids)

    def not_modified(rsps):
        for url in BODIES:
            rsps.get(url, status=304)

    again = harvest_with(JenaFilesHarvester, source, not_modified)
    assert again["gather_errors"] == []
    assert {o["report_status"] for o in again["objects"].values()} == {"not modified"}
    assert write_marks(ids) == marks

    def gone(rsps, url):
        rsps.get(url, status=404)

    third = harvest_with(
        JenaFilesHarvester, source, lambda r: register(r, overrides={OD + "parken.geojson": gone})
    )
    assert any("parken.geojson" in e and "404" in e for e in third["gather_errors"])
    assert "Parken" in {d["title"] for d in source_datasets(NAME)}
    assert write_marks(ids) == marks


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fault_matrix(source):
    url = OD + "parken.geojson"
    faults = []
    for name, fault in entry_faults(url):
        faults.append((name, lambda rsps, fault=fault: (fault(rsps), register(rsps, skip=(url,)))))
    figures = run_fault_matrix(JenaFilesHarvester, source, register, faults)
    assert figures == {"faults": 8, "lost": 0, "changed": 0, "unrecorded": []}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_datasets_validate_dcat_ap_de(source):
    run = harvest_with(JenaFilesHarvester, source, register)
    assert run["gather_errors"] == []
    datasets = source_datasets(NAME)
    assert len(datasets) == 5
    assert dcat_violations(datasets) == {d["title"]: [] for d in datasets}
