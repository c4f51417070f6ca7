"""SensorThings API 1.1: grouping the recorded Urban Data Platform datastreams by observed
property, mapping, and a generated service with 3000 datastreams."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
import responses

from ckanext.jena.harvest.sensorthings import client, mapping
from tests.harvest.citytools import load_bytes, make_fetcher
from tests.harvest.sensorthings.sta import ROOT, generated, generated_pages, serve

NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
FREQ = "http://publications.europa.eu/resource/authority/frequency/"
DEFAULTS = {
    "theme": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
    "license_id": "dl-by-de/2.0",
    "license_attribution_by_text": "Stadtwerke Jena GmbH",
    "contact": [{"name": "Urban Data Platform Jena", "email": "udp@stadtwerke-jena.de"}],
}


def recorded(rsps, counter=None):
    serve(
        rsps,
        {
            0: load_bytes("sensorthings", "datastreams_page1.json"),
            4: load_bytes("sensorthings", "datastreams_page2.json"),
        },
        counter,
    )


@pytest.fixture
def result():
    with responses.RequestsMock() as rsps:
        recorded(rsps)
        return client.gather(make_fetcher("udp.jena.de"), ROOT, {"page_size": 4}, now=NOW)


def test_groups_by_observed_property(result):
    assert result.complete
    assert result.pages == 2
    assert [r.title for r in result.records] == [
        "Feinstaub PM10",
        "Feinstaub PM2,5",
        "Lufttemperatur",
        "Stickstoffdioxid",
    ]
    pm10 = result.records[0].content
    assert pm10["guid"] == ROOT + "/ObservedProperties(1)"
    assert pm10["datastream_count"] == 3
    assert pm10["thing_count"] == 3
    assert pm10["bbox"] == [11.5836, 50.8939, 11.5954, 50.9441]
    assert pm10["start"] == "2019-01-01"
    assert pm10["end"] is None and pm10["active"] is True
    # hourly reference station and two 10-minute sensors: the median interval is 10 minutes
    assert pm10["cadence_seconds"] == 600


def test_map_group_field_by_field(result):
    ds = mapping.map_group(result.records[0].content, DEFAULTS)
    assert ds["title"] == "Feinstaub PM10 – Messstellen in Jena"
    assert ds["notes"].startswith("Massenkonzentration von Feinstaub")
    assert "3 Datenströme an 3 Messstellen" in ds["notes"]
    assert "Einheit: Mikrogramm pro Kubikmeter (µg/m³)." in ds["notes"]
    assert "Neue Messwerte etwa alle 10 Minuten." in ds["notes"]
    assert (
        "Messstellen: Luftmessstelle Jena Dornburger Straße, Umweltsensor Ernst-Abbe-Platz, "
        "Umweltsensor Lobeda-West Kastanienstraße." in ds["notes"]
    )
    assert ds["identifier"] == ROOT + "/ObservedProperties(1)"
    assert ds["frequency"] == FREQ + "10MIN"
    assert ds["temporal_coverage"] == [{"start": "2019-01-01"}]
    assert json.loads(ds["spatial"])["coordinates"][0] == [
        [11.5836, 50.8939],
        [11.5954, 50.8939],
        [11.5954, 50.9441],
        [11.5836, 50.9441],
        [11.5836, 50.8939],
    ]
    assert ds["conforms_to"] == ["http://www.opengis.net/doc/is/sensorthings/1.1"]
    assert ds["related_resource"] == ["http://dd.eionet.europa.eu/vocabulary/aq/pollutant/5"]
    assert [t["name"] for t in ds["tags"]] == [
        "Feinstaub PM10",
        "Sensordaten",
        "Echtzeitdaten",
        "Urban Data Platform",
        "Nova Fitness SDS011",
        "Referenzmessgerät Feinstaub gravimetrisch TLUBN",
    ]
    assert ds["license_id"] == "dl-by-de/2.0"
    assert ds["license_attribution_by_text"] == "Stadtwerke Jena GmbH"
    urls = [r["url"] for r in ds["resources"]]
    assert urls[0] == (
        ROOT + "/Datastreams?$filter=ObservedProperty/@iot.id%20eq%201"
        "&$expand=Thing($expand=Locations),Sensor"
    )
    assert urls[1].startswith(ROOT + "/Datastreams?$filter=ObservedProperty/@iot.id%20eq%201")
    assert "Observations($orderby=phenomenonTime%20desc;$top=1)" in urls[1]
    assert urls[2] == (
        ROOT + "/Things?$filter=Datastreams/ObservedProperty/@iot.id%20eq%201&$expand=Locations"
    )
    for res in ds["resources"]:
        assert res["format"] == "JSON"
        assert res["access_services"][0]["service_type"] == "SENSORTHINGS"
        assert res["access_services"][0]["endpoint_url"] == ROOT


def test_hourly_group_and_inactive_datastream(result):
    no2 = result.records[3].content
    # the Löbdergraben station stopped in 2024, the Dornburger Straße one is live
    assert no2["start"] == "2016-01-01"
    assert no2["end"] is None
    ds = mapping.map_group(no2, DEFAULTS)
    assert ds["frequency"] == FREQ + "HOURLY"
    assert ds["title"] == "Stickstoffdioxid – Messstellen in Jena"


def test_inactive_group_gets_end_and_no_frequency():
    later = datetime(2030, 1, 1, tzinfo=UTC)
    with responses.RequestsMock() as rsps:
        recorded(rsps)
        res = client.gather(make_fetcher("udp.jena.de"), ROOT, {"page_size": 4}, now=later)
    ds = mapping.map_group(res.records[0].content, DEFAULTS)
    assert ds["temporal_coverage"] == [{"start": "2019-01-01", "end": "2026-11-26"}]
    assert "frequency" not in ds


def test_title_template_option(result):
    ds = mapping.map_group(
        result.records[2].content, DEFAULTS, {"title_template": "{observed_property} (UDP Jena)"}
    )
    assert ds["title"] == "Lufttemperatur (UDP Jena)"


def test_count_mismatch_makes_gather_incomplete():
    page1 = json.loads(load_bytes("sensorthings", "datastreams_page1.json"))
    page1.pop("@iot.nextLink")
    with responses.RequestsMock() as rsps:
        serve(rsps, {0: json.dumps(page1).encode()})
        res = client.gather(make_fetcher("udp.jena.de"), ROOT, now=NOW)
    assert not res.complete
    assert "declares 8 datastreams" in res.incomplete_reason


def _gather_generated(n):
    pages = generated_pages(generated(n), top=100)
    calls: list = []
    with responses.RequestsMock() as rsps:
        serve(rsps, pages, calls)
        start = time.perf_counter()
        res = client.gather(make_fetcher("udp.jena.de"), ROOT, now=NOW)
        mapped = [mapping.map_group(r.content, DEFAULTS) for r in res.records]
        elapsed = time.perf_counter() - start
    return res, mapped, calls, elapsed


def test_scales_to_3000_datastreams_linearly():
    res, mapped, calls, elapsed = _gather_generated(3000)
    assert res.complete
    # one request per page of 100, none per datastream
    assert len(calls) == 30
    assert len(mapped) == 6
    assert sum(r.content["datastream_count"] for r in res.records) == 3000
    assert res.records[0].content["thing_count"] == 500
    assert all(m["frequency"] == FREQ + "10MIN" for m in mapped)
    assert "und 480 weitere" in mapped[0]["notes"]
    # linear in the work done (not timed: timing belongs to `make bench`): a third of
    # the datastreams needs a third of the requests and yields a third of the groups' members
    res_small, _, calls_small, _ = _gather_generated(1000)
    assert len(calls_small) == 10
    assert sum(r.content["datastream_count"] for r in res_small.records) == 1000
