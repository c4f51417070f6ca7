"""The embedded demo city network over real HTTP on a free loopback port: every system's
endpoints, content types, paging, conditional requests, errors, and a crawl proving that
every link to the network resolves and carries the server's own base URL."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter
from email.utils import format_datetime
from urllib.parse import urlsplit

import pytest
import requests
from lxml import etree
from rdflib import Graph, Namespace

from ckanext.jena.demo_network.base import RECORDED
from ckanext.jena.demo_network.server import SYSTEMS, DemoNetwork, entry_url

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
GMD = "http://www.isotc211.org/2005/gmd"
CSW_Q = (
    "/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=gmd:MD_Metadata"
    f"&resultType=results&elementSetName=full&outputSchema={GMD}"
)


@pytest.fixture(scope="module")
def net():
    network = DemoNetwork.start("127.0.0.1", 0)
    yield network
    network.stop()


def get(net: DemoNetwork, path: str, **kw) -> requests.Response:
    return requests.get(net.base_url + path, timeout=10, **kw)


def check_starts_on_a_free_port_and_lists_every_system(net):
    port = urlsplit(net.base_url).port
    assert net.base_url == f"http://127.0.0.1:{port}" and port != 0
    r = get(net, "/")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    for prefix, _cls, label in SYSTEMS:
        assert f'href="{entry_url(net.base_url, prefix)}"' in r.text and label in r.text


ENDPOINTS = [
    ("/ckan/api/3/action/package_search", "application/json"),
    ("/ckan/api/3/action/status_show", "application/json"),
    ("/dcat/catalog.ttl", "text/turtle"),
    ("/dcat/jenakultur.ttl", "text/turtle"),
    ("/csw?service=CSW&request=GetCapabilities", "application/xml"),
    (CSW_Q, "application/xml"),
    ("/ogc-features/", "application/json"),
    ("/ogc-features/conformance", "application/json"),
    ("/ogc-features/api", "application/vnd.oai.openapi+json"),
    ("/ogc-features/collections", "application/json"),
    ("/ogc-features/collections/ladestationen/items", "application/geo+json"),
    ("/wfs?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0", "application/xml"),
    (
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=jena:schulen"
        "&OUTPUTFORMAT=application/json",
        "application/json",
    ),
    (
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=jena:ortsteile",
        "application/gml+xml",
    ),
    ("/udp/rest/v1.1/", "application/json"),
    ("/udp/rest/v1.1/Datastreams", "application/json"),
    ("/gtfs/vmt_gtfs.zip", "application/zip"),
    ("/oparl/v1.1/system", "application/json"),
    ("/oparl/v1.1/bodies/1/papers", "application/json"),
    ("/oparl/v1.1/files/30000/download", "application/pdf"),
    ("/files/ksj/parken.geojson", "application/geo+json"),
    ("/files/ksj/fahrradabstellanlagen.csv", "text/csv"),
    ("/files/ksj/parkplatzbelegung.xml", "application/xml"),
    ("/geoportal/ogc-api/collections/stolpersteine/items", "application/geo+json"),
    (
        "/files/fachdienste/bevoelkerung-ortsteile.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("/files/fachdienste/haushaltsplan-2026-auszug.pdf", "application/pdf"),
]


def check_endpoint_content_types(net):
    for path, content_type in ENDPOINTS:
        r = get(net, path)
        assert r.status_code == 200, (path, r.text[:300])
        assert r.headers["Content-Type"].split(";")[0] == content_type, path
        assert r.headers["ETag"].startswith('"'), path
        assert r.headers["Content-Length"] == str(len(r.content)), path


def check_ckan_paging_and_search(net):
    url = "/ckan/api/3/action/package_search"
    first = get(net, url, params={"rows": 3, "start": 0, "sort": "id asc"}).json()["result"]
    ids = [p["id"] for p in first["results"]]
    assert first["count"] == 8 and len(ids) == 3 and ids == sorted(ids)
    seen = list(ids)
    start = 3
    while start < first["count"]:
        page = get(net, url, params={"rows": 3, "start": start, "sort": "id asc"}).json()
        seen += [p["id"] for p in page["result"]["results"]]
        start += 3
    assert len(seen) == len(set(seen)) == 8 and seen == sorted(seen)
    found = get(net, url, params={"q": "Baumkataster"}).json()["result"]
    assert [p["name"] for p in found["results"]] == ["baumkataster"]
    by_org = get(net, url, params={"fq": "organization:kommunalservice-jena"}).json()["result"]
    assert {p["organization"]["name"] for p in by_org["results"]} == {"kommunalservice-jena"}
    assert by_org["count"] == 3
    res = found["results"][0]["resources"][0]
    assert res["url"].startswith(net.base_url + "/ckan/dataset/")
    download = requests.get(res["url"], timeout=10)
    assert download.status_code == 200 and len(download.content) == res["size"]
    assert download.text.startswith("baumnummer;baumart;")
    missing = get(net, "/ckan/api/3/action/package_show", params={"id": "gibt-es-nicht"})
    assert missing.status_code == 404 and missing.json()["success"] is False


def check_dcat_hydra_paging(net):
    g1 = Graph().parse(data=get(net, "/dcat/catalog.ttl").text, format="turtle")
    nxt = str(next(g1.objects(None, HYDRA.next)))
    assert nxt == net.base_url + "/dcat/catalog.ttl?page=2"
    assert int(next(g1.objects(None, HYDRA.totalItems))) == 7
    g2 = Graph().parse(data=requests.get(nxt, timeout=10).text, format="turtle")
    assert next(g2.objects(None, HYDRA.next), None) is None
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    rdf_type = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#").type
    datasets = set(g1.subjects(rdf_type, dcat.Dataset)) | set(g2.subjects(rdf_type, dcat.Dataset))
    assert len(datasets) == 7
    assert all(str(d).startswith(net.base_url + "/dcat/datasets/") for d in datasets)
    assert get(net, "/dcat/catalog.ttl?page=3").status_code == 404


def check_csw_paging_constraints_and_exceptions(net):
    ns = {"csw": "http://www.opengis.net/cat/csw/2.0.2", "gmd": GMD}
    ids, start = [], 1
    while start:
        root = etree.fromstring(get(net, CSW_Q + f"&maxRecords=4&startPosition={start}").content)
        results = root.find("csw:SearchResults", ns)
        assert results.get("numberOfRecordsMatched") == "6"
        ids += [
            md.findtext("gmd:fileIdentifier/*", namespaces=ns)
            for md in results.findall("gmd:MD_Metadata", ns)
        ]
        start = int(results.get("nextRecord"))
    assert len(ids) == len(set(ids)) == 6
    saale = etree.fromstring(
        get(net, CSW_Q + "&constraintLanguage=CQL_TEXT&constraint=AnyText LIKE '%Saale%'").content
    )
    assert saale.find("csw:SearchResults", ns).get("numberOfRecordsMatched") == "1"
    outside = etree.fromstring(
        get(net, CSW_Q + "&constraint=BBOX(ows:BoundingBox, 10.0, 50.0, 10.5, 50.5)").content
    )
    assert outside.find("csw:SearchResults", ns).get("numberOfRecordsMatched") == "0"
    bad = get(net, CSW_Q.replace(GMD, "http://www.opengis.net/cat/csw/2.0.2"))
    assert bad.status_code == 400 and b"ExceptionReport" in bad.content


def check_ogc_features_paging_follows_next_links(net):
    landing = get(net, "/ogc-features/").json()
    data = next(link["href"] for link in landing["links"] if link["rel"] == "data")
    ids, url = [], data
    while url:
        page = requests.get(url, timeout=10).json()
        ids += [c["id"] for c in page["collections"]]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert ids == ["ladestationen", "luftmessstellen", "trinkbrunnen", "wertstoffcontainer"]
    items = get(net, "/ogc-features/collections/wertstoffcontainer/items?limit=25").json()
    assert items["numberMatched"] == 30 and items["numberReturned"] == 25
    rest = requests.get(
        next(link["href"] for link in items["links"] if link["rel"] == "next"), timeout=10
    ).json()
    assert rest["numberReturned"] == 5 and not any(link["rel"] == "next" for link in rest["links"])
    for f in items["features"] + rest["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert 11.45 < lon < 11.75 and 50.83 < lat < 51.0  # in Jena


def check_wfs_paging_and_errors(net):
    q = "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=jena:wahlbezirke_2024"
    page = get(net, q + "&OUTPUTFORMAT=application/json&COUNT=15&STARTINDEX=30").json()
    assert (page["numberMatched"], page["numberReturned"]) == (40, 10)
    gml = etree.fromstring(get(net, q + "&COUNT=2").content)
    assert gml.get("numberReturned") == "2"
    assert get(net, q.replace("wahlbezirke_2024", "gibtsnicht")).status_code == 400


def check_sensorthings_paging_and_live_observations(net):
    url = "/udp/rest/v1.1/Datastreams?$top=4&$count=true&$expand=ObservedProperty,Observations($top=3)"
    seen, page = [], get(net, url).json()
    assert page["@iot.count"] == 10
    while True:
        seen += page["value"]
        if "@iot.nextLink" not in page:
            break
        page = requests.get(page["@iot.nextLink"], timeout=10).json()
    assert [d["@iot.id"] for d in seen] == list(range(1, 11))
    assert {d["ObservedProperty"]["name"] for d in seen} == {
        "Feinstaub PM10",
        "Feinstaub PM2,5",
        "Stickstoffdioxid (NO2)",
    }
    now = dt.datetime.now(dt.UTC)
    for d in seen:
        times = [
            dt.datetime.fromisoformat(o["phenomenonTime"].replace("Z", "+00:00"))
            for o in d["Observations"]
        ]
        assert len(times) == 3 and now - times[0] < dt.timedelta(hours=1, minutes=1)
        steps = {(a - b).total_seconds() for a, b in zip(times, times[1:], strict=False)}
        assert steps <= {1800.0, 3600.0} and len(steps) == 1
    obs = requests.get(seen[0]["Observations"][0]["@iot.selfLink"], timeout=10).json()
    assert obs["phenomenonTime"] == seen[0]["Observations"][0]["phenomenonTime"]


def check_oparl_lists_pages_and_modified_since(net):
    system = get(net, "/oparl/v1.1/system").json()
    body = requests.get(system["body"], timeout=10).json()["data"][0]
    url, meetings = body["meeting"], []
    while url:
        page = requests.get(url, timeout=10).json()
        meetings += page["data"]
        url = page["links"].get("next")
    assert len(meetings) == page["pagination"]["totalElements"] == 22
    recent = requests.get(
        body["meeting"], params={"modified_since": "2026-01-01T00:00:00+01:00"}, timeout=10
    ).json()
    assert 0 < recent["pagination"]["totalElements"] < 22
    assert all(m["modified"] >= "2026" for m in recent["data"])
    files = requests.get(body["file"], timeout=10).json()["data"]
    pdf = requests.get(files[0]["downloadUrl"], timeout=10)
    assert pdf.content.startswith(b"%PDF-1.4") and len(pdf.content) == files[0]["size"]


def check_gtfs_feed_is_deterministic(net):
    feed = get(net, "/gtfs/vmt_gtfs.zip")
    other = DemoNetwork.start("127.0.0.1", 0)
    try:
        again = requests.get(other.base_url + "/gtfs/vmt_gtfs.zip", timeout=10)
    finally:
        other.stop()
    assert feed.content == again.content and feed.headers["ETag"] == again.headers["ETag"]
    with zipfile.ZipFile(io.BytesIO(feed.content)) as zf:
        assert "stop_times.txt" in zf.namelist()
        agencies = zf.read("agency.txt").decode("utf-8")
    assert "Jenaer Nahverkehr" in agencies


CONDITIONAL = [
    "/ckan/api/3/action/package_search?rows=100",
    "/dcat/catalog.ttl",
    CSW_Q,
    "/ogc-features/collections",
    "/wfs?SERVICE=WFS&REQUEST=GetCapabilities",
    "/gtfs/vmt_gtfs.zip",
    "/oparl/v1.1/bodies/1/meetings",
    "/files/ksj/parkplatzbelegung.xml",
    "/udp/rest/v1.1/Datastreams",
]


def check_conditional_requests(net):
    for path in CONDITIONAL:
        first = get(net, path)
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        not_modified = get(net, path, headers={"If-None-Match": etag})
        assert (not_modified.status_code, not_modified.content) == (304, b""), path
        assert not_modified.headers["ETag"] == etag
        assert get(net, path, headers={"If-Modified-Since": modified}).status_code == 304
        assert get(net, path, headers={"If-None-Match": '"anders"'}).status_code == 200
        older = format_datetime(RECORDED - dt.timedelta(days=1), usegmt=True)
        if "udp" not in path:
            assert first.headers["Last-Modified"] == format_datetime(RECORDED, usegmt=True)
        assert get(net, path, headers={"If-Modified-Since": older}).status_code == 200
        head = requests.head(net.base_url + path, timeout=10)
        assert head.status_code == 200 and head.content == b"" and head.headers["ETag"] == etag


def check_errors_are_clear(net):
    assert get(net, "/gibt-es-nicht").status_code == 404
    assert get(net, "/ckan/api/3/action/package_search?rows=viele").status_code == 409
    post = requests.post(net.base_url + "/csw", data=b"<x/>", timeout=10)
    assert post.status_code == 405 and post.headers["Allow"] == "GET, HEAD"
    assert get(net, "/ogc-features/collections?limit=x").status_code == 400
    assert get(net, "/oparl/v1.1/bodies/1/papers?modified_since=gestern").status_code == 400


def test_base_url_written_into_responses():
    other = DemoNetwork.start("127.0.0.1", 0, base_url="http://demo.jena.example:9000")
    try:
        port = other.httpd.server_address[1]
        body = requests.get(f"http://127.0.0.1:{port}/oparl/v1.1/system", timeout=10).json()
    finally:
        other.stop()
    assert body["body"] == "http://demo.jena.example:9000/oparl/v1.1/bodies"


# -- crawl ----------------------------------------------------------------------------------
def _links(base: str, resp: requests.Response) -> set[str]:
    ctype = resp.headers.get("Content-Type", "").split(";")[0]
    found: set[str] = set()
    if "json" in ctype:

        def walk(value):
            if isinstance(value, str) and value.startswith(base):
                found.add(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(resp.json())
    elif ctype.endswith("xml"):
        root = etree.fromstring(resp.content)
        for el in root.iter():
            values = list(el.attrib.values()) + [el.text or ""]
            found |= {v.strip() for v in values if v and v.strip().startswith(base)}
    elif ctype == "text/turtle":
        found |= set(re.findall(r"<(" + re.escape(base) + r"[^>]*)>", resp.text))
    elif ctype == "text/html":
        found |= {u for u in re.findall(r'href="([^"]+)"', resp.text) if u.startswith(base)}
    return found


def test_every_link_resolves_and_uses_the_base_url(net):
    base = net.base_url
    todo = [base + "/"] + [entry_url(base, p) for p, _c, _l in SYSTEMS]
    todo += [
        base + "/ckan/api/3/action/package_search?rows=100",
        base + "/dcat/jenakultur.ttl",
        base + CSW_Q + "&maxRecords=100",
        base + "/oparl/v1.1/system",
        base + "/wfs?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=2.0.0",
        base + "/udp/rest/v1.1/Datastreams?$expand=Thing,Sensor,ObservedProperty",
    ]
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    failures = []
    while todo:
        url = todo.pop()
        if url in seen or url in (base + "/csw", base + "/wfs?"):
            continue  # OGC operation endpoints (DCP links): need request parameters
        pattern = re.sub(r"\d+", "N", url)
        per_pattern[pattern] += 1
        if per_pattern[pattern] > 3:  # e.g. every observation: a sample is enough
            continue
        seen.add(url)
        resp = requests.get(url, timeout=10)
        if resp.status_code != 200:
            failures.append((url, resp.status_code))
            continue
        assert b"{base}" not in resp.content, url
        todo += sorted(_links(base, resp) - seen)
    assert not failures, "\n".join(f"{s} {u}" for u, s in failures)
    assert len(seen) > 150
    # every system was reached by following links
    for prefix, _c, _l in SYSTEMS:
        assert any(u.startswith(base + prefix) for u in seen), prefix


def check_requests_are_logged(net):
    get(
        net,
        "/oparl/v1.1/system",
        headers={"If-None-Match": get(net, "/oparl/v1.1/system").headers["ETag"]},
    )
    assert net.requests[-1] == ("GET", "/oparl/v1.1/system", 304)
    assert json.loads(json.dumps(list(net.requests)[-2:]))[0][2] == 200


def test_every_system_answers_with_its_content_types(net):
    check_starts_on_a_free_port_and_lists_every_system(net)
    check_endpoint_content_types(net)
    check_errors_are_clear(net)
    check_requests_are_logged(net)


def test_paging_of_every_system(net):
    check_ckan_paging_and_search(net)
    check_dcat_hydra_paging(net)
    check_csw_paging_constraints_and_exceptions(net)
    check_ogc_features_paging_follows_next_links(net)
    check_wfs_paging_and_errors(net)
    check_sensorthings_paging_and_live_observations(net)
    check_oparl_lists_pages_and_modified_since(net)


def test_conditional_requests_and_stable_content(net):
    check_conditional_requests(net)
    check_gtfs_feed_is_deterministic(net)
