"""GTFS: streaming summary of the generated Jena feed, mapping, change detection."""

from __future__ import annotations

import importlib.util
import io
import json
import tracemalloc

import pytest
import responses

from ckanext.jena.harvest.cityutil import SourceError
from ckanext.jena.harvest.fetch import ResponseTooLarge
from ckanext.jena.harvest.gtfs import client, mapping
from ckanext.jena.harvest.gtfs.parse import read_feed
from tests.harvest.citytools import data_path, load_bytes, make_fetcher

URL = "https://www.vmt-thueringen.de/fahrplandaten/gtfs/vmt-gtfs.zip"
JENA_BBOX = [11.4988, 50.8523, 11.6907, 50.9906]
DEFAULTS = {
    "theme": ["http://publications.europa.eu/resource/authority/data-theme/TRAN"],
    "license_id": "cc-by/4.0",
    "frequency": "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
}
HEADERS = {"ETag": '"vmt-2026-11-20"', "Last-Modified": "Fri, 20 Nov 2026 04:00:00 GMT"}


def _generator():
    spec = importlib.util.spec_from_file_location("make_feed", data_path("gtfs", "make_feed.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_feed = _generator()
FEED = load_bytes("gtfs", "jena-gtfs.zip")


def register(rsps, body=FEED, headers=HEADERS):
    rsps.get(URL, body=body, headers=headers, content_type="application/zip")


def test_committed_zip_is_what_the_generator_makes():
    assert make_feed.build() == FEED


def gather(options=None, previous=None, setup=register):
    with responses.RequestsMock() as rsps:
        setup(rsps)
        return client.gather(make_fetcher("www.vmt-thueringen.de"), URL, options, previous)


def test_whole_feed_summary():
    rec = gather().records[0].content
    assert rec["guid"] == URL
    assert rec["route_count"] == 14
    assert rec["trip_count"] == 280
    assert rec["stop_count"] == 19  # boarding points; the parent station is not counted
    assert rec["bbox"] == [11.5505, 50.806, 11.7265, 50.9632]
    assert (rec["start"], rec["end"]) == ("2025-12-14", "2026-12-12")
    assert rec["size"] == len(FEED)
    assert rec["etag"] == '"vmt-2026-11-20"'
    assert rec["modified"] == "2026-11-20T04:00:00"


def test_agency_filter_counts_only_jenaer_nahverkehr():
    rec = gather({"agencies": ["Jenaer Nahverkehr GmbH"]}).records[0].content
    assert [a["agency_id"] for a in rec["agencies"]] == ["JNV"]
    assert (rec["route_count"], rec["trip_count"], rec["stop_count"]) == (12, 240, 16)
    assert rec["bbox"] == [11.5505, 50.8847, 11.622, 50.9632]


def test_map_feed_field_by_field():
    rec = gather({"agencies": ["JNV"]}).records[0].content
    ds = mapping.map_feed(rec, DEFAULTS, {"agencies": ["JNV"]})
    assert ds["title"] == "Fahrplandaten (GTFS) – Jenaer Nahverkehr GmbH"
    assert ds["notes"] == (
        "Soll-Fahrplandaten im Format GTFS (General Transit Feed Specification) von Jenaer "
        "Nahverkehr GmbH (Straßenbahn, Bus): 12 Linien, 16 Haltestellen und 240 Fahrten. "
        "Gültig vom 14.12.2025 bis 12.12.2026. Auszug aus einem Gesamtfeed mit 2 "
        "Verkehrsunternehmen. Feed-Version 2026-11-20."
    )
    assert ds["temporal_coverage"] == [{"start": "2025-12-14", "end": "2026-12-12"}]
    assert json.loads(ds["spatial"])["coordinates"][0][0] == [11.5505, 50.8847]
    assert ds["conforms_to"] == ["https://gtfs.org/documentation/schedule/reference/"]
    assert ds["version"] == "2026-11-20"
    assert ds["modified"] == "2026-11-20"
    assert ds["contact"] == [
        {
            "name": "Verkehrsverbund Mittelthüringen GmbH",
            "email": "fahrplandaten@vmt-thueringen.de",
        },
        {
            "name": "Jenaer Nahverkehr GmbH",
            "url": "https://www.nahverkehr-jena.de",
            "email": "info@nahverkehr-jena.de",
            "phone": "+49 3641 414-0",
        },
    ]
    assert ds["originator"] == [
        {
            "name": "Jenaer Nahverkehr GmbH",
            "url": "https://www.nahverkehr-jena.de",
            "email": "info@nahverkehr-jena.de",
        }
    ]
    assert ds["maintainer_agent"] == [
        {"name": "Verkehrsverbund Mittelthüringen GmbH", "url": "https://www.vmt-thueringen.de"}
    ]
    assert ds["license_id"] == "cc-by/4.0"
    assert ds["license_attribution_by_text"] == "Verkehrsverbund Mittelthüringen GmbH"
    assert ds["frequency"].endswith("/WEEKLY")
    (res,) = ds["resources"]
    assert res["url"] == res["download_url"] == URL
    assert res["format"] == "GTFS"
    assert res["mimetype"] == "application/zip"
    assert res["size"] == len(FEED)
    assert res["hash_algorithm"] == "sha256" and len(res["hash"]) == 64
    assert [t["name"] for t in ds["tags"]] == [
        "ÖPNV",
        "Fahrplan",
        "GTFS",
        "Haltestellen",
        "Straßenbahn",
        "Bus",
    ]


def test_not_modified_returns_previous_record():
    first = gather().records[0].content
    calls = []

    def not_modified(rsps):
        def cb(request):
            calls.append(dict(request.headers))
            return (304, {}, b"")

        rsps.add_callback("GET", URL, callback=cb)

    again = gather(previous={URL: first}, setup=not_modified).records[0].content
    assert again == first
    assert calls[0]["If-None-Match"] == '"vmt-2026-11-20"'
    assert calls[0]["If-Modified-Since"] == "Fri, 20 Nov 2026 04:00:00 GMT"


def test_same_checksum_without_etag_reuses_previous_record():
    first = gather(setup=lambda r: register(r, headers={})).records[0].content
    again = gather(previous={URL: first}, setup=lambda r: register(r, headers={}))
    assert again.records[0].content == first


def test_new_feed_version_is_a_change():
    first = gather().records[0].content
    newer = make_feed.build(version="2026-12-04")
    rec = gather(previous={URL: first}, setup=lambda r: register(r, newer, {})).records[0].content
    assert rec["feed_info"]["feed_version"] == "2026-12-04"
    assert rec["sha256"] != first["sha256"]


def test_size_cap():
    with responses.RequestsMock() as rsps:
        register(rsps)
        with pytest.raises(ResponseTooLarge):
            client.gather(make_fetcher("www.vmt-thueringen.de", max_bytes=4096), URL)


def test_not_a_zip():
    with pytest.raises(SourceError, match="not a valid zip"):
        gather(setup=lambda r: register(r, b"<html>Wartung</html>"))


def test_big_stop_times_are_streamed_not_loaded():
    big = make_feed.build(extra_trips=4000, extra_loops=12)  # ~290 000 stop_times rows
    import zipfile

    with zipfile.ZipFile(io.BytesIO(big)) as zf:
        stop_times_size = zf.getinfo("stop_times.txt").file_size
    assert stop_times_size > 10_000_000
    tracemalloc.start()
    try:
        summary = read_feed(io.BytesIO(big), {"bbox": JENA_BBOX})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary["trip_count"] == 4280
    # only ids, counters and extremes are kept: the 10+ MB table is never held in memory
    assert peak < stop_times_size / 5


def test_unfiltered_feed_keeps_no_trip_ids():
    big = make_feed.build(extra_trips=40000)  # 40 000 extra trips, stop_times not read
    tracemalloc.start()
    try:
        summary = read_feed(io.BytesIO(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary["trip_count"] == 40280
    # 40 000 trip ids would take several MB; counting them takes a few hundred KB at most
    assert peak < 1_500_000


def test_bbox_filter_counts_what_serves_jena():
    rec = gather({"bbox": [11.4988, 50.87, 11.6907, 50.9906]}).records[0].content
    # the regional lines 420/421 start at Jena Paradiesbahnhof: both agencies stay, but
    # only the stops inside the box count
    assert [a["agency_id"] for a in rec["agencies"]] == ["JNV", "JES"]
    assert (rec["route_count"], rec["trip_count"], rec["stop_count"]) == (14, 280, 16)
    assert rec["bbox"] == [11.5505, 50.8847, 11.622, 50.9632]
    ds = mapping.map_feed(rec, DEFAULTS)
    assert "(nur Haltestellen im Gebiet der Stadt Jena)" in ds["notes"]
