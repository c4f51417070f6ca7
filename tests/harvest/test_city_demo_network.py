"""The city-system harvesters against the embedded demo city network (helper code in
ckanext/jena/demo_network, served on 127.0.0.1): every protocol reads the network
completely, maps every record, and a second read with the previous records is unchanged."""

from __future__ import annotations

import pytest

from ckanext.jena.demo_network.server import DemoNetwork
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.files import client as files_client
from ckanext.jena.harvest.files import mapping as files_mapping
from ckanext.jena.harvest.gtfs import client as gtfs_client
from ckanext.jena.harvest.gtfs import mapping as gtfs_mapping
from ckanext.jena.harvest.ogcapi import client as ogc_client
from ckanext.jena.harvest.ogcapi import mapping as ogc_mapping
from ckanext.jena.harvest.oparl import client as oparl_client
from ckanext.jena.harvest.oparl import mapping as oparl_mapping
from ckanext.jena.harvest.sensorthings import client as sta_client
from ckanext.jena.harvest.sensorthings import mapping as sta_mapping
from ckanext.jena.harvest.wfs import client as wfs_client
from ckanext.jena.harvest.wfs import mapping as wfs_mapping

KSJ_FILES = {
    "files": [
        {"path": "parken.geojson", "title": "Parken"},
        {"path": "parkplatzbelegung.xml", "title": "Parkplatzbelegung"},
        {"path": "verkehrsbehinderung.geojson", "title": "Verkehrsbehinderungen"},
        {"path": "fahrradabstellanlagen.csv", "title": "Fahrradabstellanlagen"},
    ]
}


@pytest.fixture(scope="module")
def network():
    net = DemoNetwork.start("127.0.0.1", 0)
    yield net.base_url
    net.stop()


def fetcher():
    return Fetcher(["127.0.0.1"], allow_private=True)


CASES = {
    "ogcapi": (
        lambda b, prev: ogc_client.gather(fetcher(), b + "/ogc-features/"),
        ogc_mapping.map_collection,
    ),
    "wfs": (lambda b, prev: wfs_client.gather(fetcher(), b + "/wfs"), wfs_mapping.map_feature_type),
    "sensorthings": (
        lambda b, prev: sta_client.gather(fetcher(), b + "/udp/rest/v1.1/"),
        sta_mapping.map_group,
    ),
    "gtfs": (
        lambda b, prev: gtfs_client.gather(
            fetcher(), b + "/gtfs/vmt_gtfs.zip", {"agencies": ["Jenaer Nahverkehr"]}, prev
        ),
        gtfs_mapping.map_feed,
    ),
    "oparl": (
        lambda b, prev: oparl_client.gather(fetcher(), b + "/oparl/v1.1/system", None, prev),
        oparl_mapping.map_list,
    ),
    "files": (
        lambda b, prev: files_client.gather(fetcher(), KSJ_FILES, prev, b + "/files/ksj/"),
        files_mapping.map_file,
    ),
    # the registry's own entries (harvesters/stadtverwaltung-jena.yaml, demo profile)
    "geoportal-ogcapi": (
        lambda b, prev: ogc_client.gather(fetcher(), _demo("geoportal-jena-ogcapi", b).url),
        ogc_mapping.map_collection,
    ),
    "fachdienste-files": (
        lambda b, prev: files_client.gather(
            fetcher(),
            _demo("fachdienste-dateien", b).options,
            prev,
            _demo("fachdienste-dateien", b).url,
        ),
        files_mapping.map_file,
    ),
}


def _demo(name: str, base: str):
    """A source of the demo registry profile, moved to the test server's port."""
    import os

    from ckanext.jena.harvest.registry import load_registry

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    source = load_registry(os.path.join(root, "harvesters"), "demo").sources[name]
    source.url = source.url.replace("http://127.0.0.1:8765", base)
    return source


@pytest.mark.parametrize("protocol", list(CASES))
def test_protocol_reads_the_demo_network(network, protocol):
    gather, mapper = CASES[protocol]
    first = gather(network, None)
    assert first.complete, first.incomplete_reason
    assert first.failed == {}
    assert first.records
    mapped = {r.guid: mapper(r.content, {}) for r in first.records}
    for ds in mapped.values():
        assert ds["title"] and ds["notes"] and ds["resources"]
        assert all(res["url"].startswith(network) for res in ds["resources"])
    again = gather(network, {r.guid: r.content for r in first.records})
    assert {r.guid: mapper(r.content, {}) for r in again.records} == mapped
