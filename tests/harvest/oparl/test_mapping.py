"""OParl 1.1: walking the recorded council information system of Jena and mapping."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from ckanext.jena.harvest.oparl import client, mapping
from tests.harvest.citytools import load_bytes, make_fetcher

B = "https://ris.jena.de/oparl/v1.1"
SYSTEM = B + "/system"
NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
DEFAULTS = {
    "theme": ["http://publications.europa.eu/resource/authority/data-theme/GOVE"],
}


def register(rsps, requests_seen=None, changes=True, broken=None):
    """The recorded OParl server: answers by path, ``page`` and ``modified_since``."""
    pages = {
        "/oparl/v1.1/system": {None: "system.json"},
        "/oparl/v1.1/bodies": {None: "bodies.json"},
        "/oparl/v1.1/bodies/1/meetings": {None: "meetings_page1.json", "2": "meetings_page2.json"},
        "/oparl/v1.1/bodies/1/papers": {None: "papers_page1.json", "2": "papers_page2.json"},
        "/oparl/v1.1/bodies/1/organizations": {None: "organizations.json"},
        "/oparl/v1.1/bodies/1/people": {None: "people.json"},
        "/oparl/v1.1/bodies/1/files": {None: "files_page1.json"},
    }
    modified = {"/oparl/v1.1/bodies/1/meetings": "meetings_modified.json"} if changes else {}

    def callback(request):
        parts = urlsplit(request.url)
        query = parse_qs(parts.query)
        if requests_seen is not None:
            requests_seen.append(request.url)
        if "modified_since" in query:
            name = modified.get(parts.path)
            if name is None:
                return (200, {"Content-Type": "application/json"}, b'{"data": [], "links": {}}')
            return (200, {"Content-Type": "application/json"}, load_bytes("oparl", name))
        if broken and broken in request.url:
            return (500, {}, b"Internal Server Error")
        page = query.get("page", [None])[0]
        page = None if page == "1" else page
        name = pages.get(parts.path, {}).get(page)
        if name is None:
            return (404, {}, b'{"error": "not found"}')
        return (200, {"Content-Type": "application/json"}, load_bytes("oparl", name))

    for path in pages:
        rsps.add_callback("GET", "https://ris.jena.de" + path, callback=callback)


@pytest.fixture
def result():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register(rsps)
        return client.gather(make_fetcher("ris.jena.de"), SYSTEM, now=NOW)


def by_kind(result):
    return {r.content["kind"]: r.content for r in result.records}


def test_one_record_per_list(result):
    assert result.complete and not result.failed
    assert [r.guid for r in result.records] == [
        B + "/bodies/1#meeting",
        B + "/bodies/1#paper",
        B + "/bodies/1#organization",
        B + "/bodies/1#person",
        B + "/bodies/1#file",
    ]
    recs = by_kind(result)
    assert recs["meeting"]["count"] == 5
    assert recs["meeting"]["period"] == {"start": "2024-01-24", "end": "2026-11-18"}
    # no totals for papers: the list was walked (links.next) and counted
    assert recs["paper"]["count"] == 4
    assert recs["paper"]["period"] == {"start": "2023-11-08", "end": "2026-10-30"}
    assert recs["organization"]["count"] == 4
    # totals from the first page; the 16 pages of people are not walked
    assert recs["person"]["count"] == 46 and recs["person"]["objects_read"] == 0
    assert recs["file"]["count"] == 1250


def test_map_meetings_field_by_field(result):
    ds = mapping.map_list(by_kind(result)["meeting"], DEFAULTS)
    assert ds["title"] == "Sitzungen – Ratsinformationssystem Stadt Jena"
    assert ds["notes"] == (
        "Sitzungen der Gremien mit Termin, Ort, Tagesordnung und Protokollen aus dem "
        "Ratsinformationssystem (Stadt Jena), bereitgestellt über die OParl-Schnittstelle "
        "(OParl 1.1). Anzahl der Objekte: 5. Zeitraum: 24.01.2024 bis 18.11.2026. System: "
        "https://www.somacos.de/loesungen/sitzungsmanagement/session/."
    )
    assert ds["identifier"] == B + "/bodies/1#meeting"
    assert ds["url"] == "https://www.jena.de/stadtrat"
    assert ds["license_id"] == "dl-by-de/2.0"
    assert ds["license_attribution_by_text"] == "Stadt Jena"
    assert ds["temporal_coverage"] == [{"start": "2024-01-24", "end": "2026-11-18"}]
    assert ds["conforms_to"] == ["https://schema.oparl.org/1.1/"]
    assert ds["political_geocoding_uri"] == [
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
    ]
    assert ds["contact"] == [
        {
            "name": "Büro Stadtrat, Am Anger 15, 07743 Jena",
            "email": "stadtrat@jena.de",
            "url": "https://www.jena.de/stadtrat",
        }
    ]
    (res,) = ds["resources"]
    assert res["url"] == B + "/bodies/1/meetings"
    assert res["format"] == "JSON"
    assert res["access_services"] == [
        {
            "title": "Ratsinformationssystem der Stadt Jena",
            "endpoint_url": SYSTEM,
            "endpoint_description": "https://schema.oparl.org/1.1/",
            "service_type": "OPARL",
            "uri": SYSTEM,
        }
    ]
    assert "Stadtrat" in [t["name"] for t in ds["tags"]]


def test_map_persons_and_files(result):
    recs = by_kind(result)
    persons = mapping.map_list(recs["person"], DEFAULTS)
    assert persons["title"] == "Personen – Ratsinformationssystem Stadt Jena"
    assert "Anzahl der Objekte: 46." in persons["notes"]
    assert "temporal_coverage" not in persons
    files = mapping.map_list(recs["file"], DEFAULTS)
    assert "Anzahl der Objekte: 1.250." in files["notes"]


def test_incremental_run_uses_modified_since(result):
    previous = {r.guid: r.content for r in result.records}
    seen: list[str] = []
    later = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register(rsps, seen)
        again = client.gather(make_fetcher("ris.jena.de"), SYSTEM, previous=previous, now=later)
    recs = by_kind(again)
    assert recs["meeting"]["incremental"] is True
    assert recs["meeting"]["period"] == {"start": "2024-01-24", "end": "2026-12-16"}
    # only the changed meeting was read, not the two meeting pages
    assert recs["meeting"]["objects_read"] == 1
    meeting_requests = [u for u in seen if "/meetings" in u]
    assert any("modified_since=2026-11-26T06%3A00%3A00%2B00%3A00" in u for u in meeting_requests)
    assert not any("page=2" in u for u in meeting_requests)
    # same source state for the other lists: their records map to the same datasets
    for kind in ("organization", "person", "file"):
        assert mapping.map_list(recs[kind], DEFAULTS) == mapping.map_list(
            previous[B + "/bodies/1#" + kind], DEFAULTS
        )


def test_kinds_option(result):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register(rsps)
        res = client.gather(
            make_fetcher("ris.jena.de"), SYSTEM, {"kinds": ["meeting", "paper"]}, now=NOW
        )
    assert [r.content["kind"] for r in res.records] == ["meeting", "paper"]


def test_oparl_10_body_without_file_list():
    """OParl 1.0 bodies have no ``file`` list: four datasets, ``conformsTo`` 1.0."""
    system = json.loads(load_bytes("oparl", "system.json"))
    system["type"] = "https://schema.oparl.org/1.0/System"
    system["oparlVersion"] = "https://schema.oparl.org/1.0/"
    bodies = json.loads(load_bytes("oparl", "bodies.json"))
    body = bodies["data"][0]
    body["type"] = "https://schema.oparl.org/1.0/Body"
    for key in (
        "file",
        "agendaItem",
        "consultation",
        "membership",
        "locationList",
        "legislativeTermList",
    ):
        body.pop(key)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(SYSTEM, json=system)
        rsps.get(B + "/bodies", json=bodies)
        register(rsps)
        res = client.gather(make_fetcher("ris.jena.de"), SYSTEM, now=NOW)
    assert [r.content["kind"] for r in res.records] == [
        "meeting",
        "paper",
        "organization",
        "person",
    ]
    ds = mapping.map_list(res.records[0].content, DEFAULTS)
    assert ds["conforms_to"] == ["https://schema.oparl.org/1.0/"]
    assert "(OParl 1.0)" in ds["notes"]
