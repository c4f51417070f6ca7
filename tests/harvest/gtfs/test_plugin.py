"""GTFS harvester plugin: harvest into the real database, conditional re-harvest, faults."""

from __future__ import annotations

import pytest

from ckanext.jena.harvest import fetch
from ckanext.jena.harvest.gtfs.plugin import JenaGtfsHarvester
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
from tests.harvest.gtfs.test_mapping import DEFAULTS, URL, make_feed, register

CONFIG = {
    "allowed_hosts": ["www.vmt-thueringen.de"],
    "fetch": {"max_bytes": 2 * 1024 * 1024},
    "defaults": DEFAULTS,
    "options": {"agencies": ["JNV"]},
}


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(fetch, "default_resolver", public_resolver)
    org = publisher_org("jenaer-nahverkehr")
    return create_source(JenaGtfsHarvester, "jenaer-nahverkehr-gtfs", URL, org["id"], CONFIG)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvest_conditional_rerun_and_new_version(source):
    run = harvest_with(JenaGtfsHarvester, source, register)
    assert run["gather_errors"] == []
    (ds,) = source_datasets("jenaer-nahverkehr-gtfs")
    assert ds["title"] == "Fahrplandaten (GTFS) – Jenaer Nahverkehr GmbH"
    assert ds["organization"]["name"] == "jenaer-nahverkehr"
    assert "12 Linien, 16 Haltestellen und 240 Fahrten" in ds["notes"]
    # the Jena schema keeps what the mapping produced
    assert ds["temporal_coverage"] == [{"start": "2025-12-14", "end": "2026-12-12"}]
    assert ds["conforms_to"] == ["https://gtfs.org/documentation/schedule/reference/"]
    assert ds["version"] == "2026-11-20"
    (res,) = ds["resources"]
    assert res["format"] == "GTFS"
    assert res["hash_algorithm"] == "sha256" and len(res["hash"]) == 64
    assert int(res["size"]) == len(make_feed.build())
    marks = write_marks([ds["id"]])

    seen = []

    def not_modified(rsps):
        def cb(request):
            seen.append(request.headers.get("If-None-Match"))
            return (304, {}, b"")

        rsps.add_callback("GET", URL, callback=cb)

    again = harvest_with(JenaGtfsHarvester, source, not_modified)
    assert seen == ['"vmt-2026-11-20"']
    assert again["gather_errors"] == []
    assert {o["report_status"] for o in again["objects"].values()} == {"not modified"}
    assert write_marks([ds["id"]]) == marks

    newer = make_feed.build(version="2026-12-04")
    third = harvest_with(JenaGtfsHarvester, source, lambda r: register(r, newer, {}))
    assert {o["report_status"] for o in third["objects"].values()} == {"updated"}
    (ds2,) = source_datasets("jenaer-nahverkehr-gtfs")
    assert ds2["id"] == ds["id"]
    assert "Feed-Version 2026-12-04" in ds2["notes"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fault_matrix(source):
    figures = run_fault_matrix(JenaGtfsHarvester, source, register, entry_faults(URL))
    assert figures == {"faults": 8, "lost": 0, "changed": 0, "unrecorded": []}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_datasets_validate_dcat_ap_de(source):
    run = harvest_with(JenaGtfsHarvester, source, register)
    assert run["gather_errors"] == []
    datasets = source_datasets("jenaer-nahverkehr-gtfs")
    assert len(datasets) == 1
    assert dcat_violations(datasets) == {d["title"]: [] for d in datasets}
