"""SensorThings harvester plugin: harvest into the real database, unchanged re-harvest,
fault matrix."""

from __future__ import annotations

import json

import pytest
import responses

from ckanext.jena.harvest import fetch
from ckanext.jena.harvest.sensorthings.plugin import JenaSensorThingsHarvester
from tests.harvest.citytools import (
    create_source,
    dcat_violations,
    entry_faults,
    harvest_with,
    load_bytes,
    public_resolver,
    publisher_org,
    run_fault_matrix,
    source_datasets,
    write_marks,
)
from tests.harvest.sensorthings.sta import ROOT, serve
from tests.harvest.sensorthings.test_mapping import DEFAULTS, recorded

CONFIG = {
    "allowed_hosts": ["udp.jena.de"],
    "fetch": {"max_bytes": 2 * 1024 * 1024},
    "defaults": DEFAULTS,
    # the recorded observations end on 2026-11-26: keep the groups "live" whenever the
    # test runs
    "options": {"page_size": 4, "inactive_after_days": 36500},
}


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(fetch, "default_resolver", public_resolver)
    org = publisher_org("stadtwerke-jena")
    return create_source(
        JenaSensorThingsHarvester, "udp-jena-sensorthings", ROOT, org["id"], CONFIG
    )


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvest_into_portal_and_unchanged_rerun(source):
    run = harvest_with(JenaSensorThingsHarvester, source, recorded)
    assert run["gather_errors"] == []
    assert {o["state"] for o in run["objects"].values()} == {"COMPLETE"}
    datasets = {d["title"]: d for d in source_datasets("udp-jena-sensorthings")}
    assert sorted(datasets) == [
        "Feinstaub PM10 – Messstellen in Jena",
        "Feinstaub PM2,5 – Messstellen in Jena",
        "Lufttemperatur – Messstellen in Jena",
        "Stickstoffdioxid – Messstellen in Jena",
    ]
    pm10 = datasets["Feinstaub PM10 – Messstellen in Jena"]
    assert pm10["organization"]["name"] == "stadtwerke-jena"
    assert len(pm10["resources"]) == 3
    assert json.loads(pm10["spatial"])["type"] == "Polygon"
    # the Jena schema keeps what the mapping produced
    assert pm10["frequency"] == "http://publications.europa.eu/resource/authority/frequency/10MIN"
    assert pm10["temporal_coverage"] == [{"start": "2019-01-01"}]
    service = pm10["resources"][0]["access_services"][0]
    assert (service["service_type"], service["endpoint_url"]) == ("SENSORTHINGS", ROOT)
    ids = [d["id"] for d in datasets.values()]
    marks = write_marks(ids)
    again = harvest_with(JenaSensorThingsHarvester, source, recorded)
    assert {o["report_status"] for o in again["objects"].values()} == {"not modified"}
    assert write_marks(ids) == marks


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fault_matrix(source):
    def empty(rsps):
        serve(rsps, {0: b'{"@iot.count": 0, "value": []}'})

    def truncated(rsps):
        serve(rsps, {0: load_bytes("sensorthings", "datastreams_page1.json")})

    faults = entry_faults(ROOT + "/Datastreams") + [
        ("empty catalogue", empty),
        ("truncated paging", truncated),
    ]
    figures = run_fault_matrix(JenaSensorThingsHarvester, source, recorded, faults)
    assert figures == {"faults": 10, "lost": 0, "changed": 0, "unrecorded": []}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_datasets_validate_dcat_ap_de(source):
    run = harvest_with(JenaSensorThingsHarvester, source, recorded)
    assert run["gather_errors"] == []
    datasets = source_datasets("udp-jena-sensorthings")
    assert len(datasets) == 4
    assert dcat_violations(datasets) == {d["title"]: [] for d in datasets}


def test_api_key_from_the_environment_is_sent(monkeypatch):
    from ckanext.jena.harvest.records import SourceConfig
    from tests.harvest.citytools import make_fetcher

    monkeypatch.setenv("JENA_TEST_UDP_API_KEY", "geheim-123")
    source = SourceConfig.from_dict(
        {
            "name": "udp-jena-sensorthings",
            "url": ROOT,
            "protocol": "sensorthings",
            "secrets": {"api_key": "JENA_TEST_UDP_API_KEY"},
            "options": {"page_size": 4, "api_key_header": "X-UDP-Key"},
        }
    )
    seen: list[str] = []
    with responses.RequestsMock() as rsps:
        recorded(rsps)
        result = JenaSensorThingsHarvester().gather_records(source, make_fetcher("udp.jena.de"))
        seen = [c.request.headers.get("X-UDP-Key") for c in rsps.calls]
    assert len(result.records) == 4
    assert seen == ["geheim-123", "geheim-123"]
