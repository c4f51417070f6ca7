"""End to end: the registry's demo profile harvested from the embedded demo city network
into the test database, as ``make demo`` does it (``jena demo load --no-datasets``, the
demo sources, ``jena harvest run --all``). Every protocol yields its datasets under the
right Stadtverbund organization; a second run changes nothing and uses conditional
requests; the harvested catalogue has no DCAT-AP.de violation."""

from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckanext.activity.model import Activity

from ckanext.jena.cli import jena
from ckanext.jena.demo_network.server import DemoNetwork
from ckanext.jena.harvest import registry as registry_mod
from ckanext.jena.harvest import runner
from ckanext.jena.harvest.sync import sync_sources

DEMO_BASE = "http://127.0.0.1:8765"

#: demo source -> (protocol, organization, titles of its datasets)
EXPECTED: dict[str, tuple[str, str, set[str]]] = {
    "opendata-jena-ckan": (
        "ckan",
        "stadtverwaltung-jena",
        {
            "Baumkataster",
            "Einwohner nach Ortsteilen",
            "Haushaltsplan 2024",
            "Kindertageseinrichtungen",
            "Öffentliche Toiletten",
            "Spielplätze",
            "Wahlergebnisse Stadtratswahl 2019",
            "Vornamen der Neugeborenen",
        },
    ),
    "wissensallmende-dcat": (
        "dcat",
        "stadtverwaltung-jena",
        {
            "Altersstruktur der Bevölkerung 2024",
            "Bevölkerungsprognose bis 2040",
            "Doppelhaushalt 2025/2026",
            "Radverkehrszählung 2025",
            "Sportstätten",
            "Straßenverzeichnis",
            "Wahlergebnisse Stadtratswahl 2024",
        },
    ),
    "jenakultur-dcat": (
        "dcat",
        "jenakultur",
        {
            "Medienbestand der Ernst-Abbe-Bücherei 2025",
            "Museen und Gedenkstätten",
            "Veranstaltungskalender 2026",
        },
    ),
    "geoportal-thueringen-csw": (
        "csw",
        "stadtverwaltung-jena",
        {
            "Bebauungspläne der Stadt Jena",
            "Flächennutzungsplan der Stadt Jena",
            "Kulturdenkmale in der Innenstadt von Jena",
            "Schutzgebiete nach Naturschutzrecht in Jena",
            "Strategische Lärmkarten 2022 – Hauptverkehrsstraßen Jena",
            "Überschwemmungsgebiet der Saale in Jena",
        },
    ),
    "geoportal-jena-wfs": (
        "wfs",
        "stadtverwaltung-jena",
        {
            "Ortsteile der Stadt Jena",
            "Radverkehrsnetz",
            "Schulstandorte",
            "Wahlbezirke Kommunalwahl 2024",
        },
    ),
    "udp-ogcapi-features": (
        "ogcapi_features",
        "stadtwerke-jena",
        {
            "Ladestationen für Elektrofahrzeuge",
            "Luftmessstellen",
            "Trinkbrunnen",
            "Wertstoffcontainer",
        },
    ),
    "udp-sensorthings": (
        "sensorthings",
        "stadtwerke-jena",
        {
            "Feinstaub PM10 – Messstellen in Jena",
            "Feinstaub PM2,5 – Messstellen in Jena",
            "Stickstoffdioxid (NO2) – Messstellen in Jena",
        },
    ),
    "vmt-gtfs-jena": ("gtfs", "jenaer-nahverkehr", {"Fahrplandaten (GTFS) – Jenaer Nahverkehr"}),
    "ratsinformation-oparl": (
        "oparl",
        "stadtverwaltung-jena",
        {
            f"{kind} – Ratsinformationssystem Stadt Jena"
            for kind in ("Dokumente", "Drucksachen", "Gremien", "Personen", "Sitzungen")
        },
    ),
    "ksj-verkehrsdaten": (
        "files",
        "kommunalservice-jena",
        {"Fahrradabstellanlagen", "Parken", "Parkplatzbelegung", "Verkehrsbehinderungen"},
    ),
    "geoportal-jena-ogcapi": (
        "ogcapi_features",
        "stadtverwaltung-jena",
        {"Defibrillatoren (AED-Standorte)", "Öffentliche WLAN-Hotspots", "Stolpersteine"},
    ),
    "fachdienste-dateien": (
        "files",
        "stadtverwaltung-jena",
        {"Bevölkerung nach Ortsteilen", "Haushaltsplan 2026 (Auszug)"},
    ),
    "jenawohnen-dateien": ("files", "jenawohnen", {"Wohnungsbestand nach Stadtteilen"}),
    "jenaer-baeder-dateien": ("files", "jenaer-baeder", {"Bäder und Saunen in Jena"}),
    "jenawirtschaft-dateien": ("files", "jenawirtschaft", {"Gewerbeflächen"}),
}


@pytest.fixture
def quiet_logs():
    """Warnings only: the harvest of 52 datasets logs thousands of debug lines."""
    loggers = [logging.getLogger(n) for n in ("", "ckan", "ckanext", "ckanext.harvest")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.WARNING)
    yield
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


@pytest.fixture
def network():
    net = DemoNetwork.start("127.0.0.1", 0)
    yield net
    net.stop()


def demo_registry(base: str) -> registry_mod.Registry:
    """The demo profile, pointed at the network's actual port."""
    reg = registry_mod.load_registry(
        None, "demo", organizations=registry_mod.load_organization_names()
    )
    assert not reg.issues
    for src in reg.sources.values():
        if src.url.startswith(DEMO_BASE):
            src.url = base + src.url[len(DEMO_BASE) :]
    return reg


def datasets_of(source: str) -> list[dict]:
    result = tk.get_action("package_search")(
        {"ignore_auth": True},
        {"fq": f'jena_harvest_source:"{source}"', "rows": 100, "include_private": True},
    )
    return result["results"]


def snapshot() -> dict[str, tuple]:
    model.Session.expire_all()
    return {
        pkg.id: (
            pkg.name,
            pkg.state,
            pkg.metadata_modified,
            model.Session.query(Activity).filter(Activity.object_id == pkg.id).count(),
        )
        for pkg in model.Session.query(model.Package).filter(model.Package.type == "dataset")
    }


@pytest.mark.usefixtures("clean_db", "clean_index", "quiet_logs")
def test_demo_profile_harvested_from_the_demo_network(cli, network):
    base = network.base_url
    # admin and organizations, no hand-made datasets
    loaded = cli.invoke(jena, ["demo", "load", "--no-datasets"])
    assert loaded.exit_code == 0, loaded.output
    assert "package" not in loaded.output
    assert tk.get_action("package_search")({"ignore_auth": True}, {"q": "*:*"})["count"] == 0

    reg = demo_registry(base)
    enabled = {n for n, s in reg.sources.items() if s.enabled}
    assert set(EXPECTED) <= enabled
    assert {reg.sources[n].protocol for n in EXPECTED} == {
        "ckan", "dcat", "csw", "wfs", "ogcapi_features", "sensorthings", "gtfs", "oparl", "files",
    }  # fmt: skip
    installed = set(runner.jena_harvesters())
    assert {p for p, _o, _t in EXPECTED.values()} <= installed
    report = sync_sources(reg)
    assert not report.problems and not report.warnings, report.problems + report.warnings
    assert set(EXPECTED) <= set(report.created)

    # first harvest: `ckan jena harvest run --all`, as make demo runs it
    first = cli.invoke(jena, ["harvest", "run", "--all"])
    assert first.exit_code == 0, first.output
    for name, (_protocol, org, titles) in EXPECTED.items():
        found = datasets_of(name)
        assert {d["title"] for d in found} == titles, name
        assert {d["organization"]["name"] for d in found} == {org}, name
    # the harvested datasets point at the network, not at the recorded hosts
    baum = tk.get_action("package_show")({"ignore_auth": True}, {"id": "baumkataster"})
    assert baum["resources"][0]["url"].startswith(base + "/ckan/dataset/")
    assert baum["jena_source_uri"] == base + "/ckan/dataset/baumkataster"
    air = datasets_of("udp-sensorthings")[0]
    assert air["spatial"] and "11.5" in air["spatial"]

    # second run: nothing changes, unchanged sources answered cheaply
    before = snapshot()
    network.requests.clear()
    for name in EXPECTED:
        summary = runner.run_source(name)
        assert (summary.status, summary.added, summary.updated, summary.withdrawn) == (
            "ok",
            0,
            0,
            0,
        ), (name, summary.messages)
        assert summary.unchanged == len(EXPECTED[name][2]), name
    assert snapshot() == before
    assert ("GET", "/gtfs/vmt_gtfs.zip", 304) in network.requests
    assert not [r for r in network.requests if r[2] >= 400]

    # the whole harvested demo catalogue conforms to DCAT-AP.de (official SHACL shapes)
    validated = cli.invoke(jena, ["validate"])
    total = sum(len(t) for _p, _o, t in EXPECTED.values())
    assert f"Katalog ({total} öffentliche Datensätze)" in validated.output, validated.output
    assert "Verstoß: 0," in validated.output and validated.exit_code == 0, validated.output
