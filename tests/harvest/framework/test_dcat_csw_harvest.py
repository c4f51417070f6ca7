"""DCAT-AP.de (hydra paging) and CSW/ISO 19139 harvesters against recorded catalogues."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import pytest

from ckanext.jena.harvest import runner
from tests.harvest.framework.conftest import active_names, make_source, snapshot, solr_count

pytestmark = pytest.mark.usefixtures("orgs")
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


def show(name):
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": name})


def test_dcat_catalogue_with_hydra_paging(dcat_catalog, city):
    make_source("wissensallmende-dcat", "dcat", dcat_catalog.url)
    summary = runner.run_source("wissensallmende-dcat")
    assert (summary.added, summary.errors) == (5, 0), summary.messages
    assert any("page=2" in r for r in city.requests)
    pkg = next(show(n) for n in active_names() if n.startswith("luftqualitaet"))
    assert pkg["identifier"] == "luftqualitaet-jena-mitte"
    assert pkg["theme"] == [THEME + "ENVI"]
    assert pkg["license_id"] == "dl-by-de/2.0"
    assert pkg["contact"][0]["email"] == "opendata@jena.de"
    assert (
        pkg["jena_source_uri"]
        == "https://wissensallmende.jena.de/datasets/luftqualitaet-jena-mitte"
    )
    assert pkg["resources"][0]["format"] == "CSV"
    before = snapshot()
    again = runner.run_source("wissensallmende-dcat")
    assert (again.unchanged, again.added, again.updated) == (5, 0, 0)
    assert snapshot() == before


def test_dcat_missing_second_page_link_is_incomplete(dcat_catalog):
    make_source("wissensallmende-dcat", "dcat", dcat_catalog.url)
    runner.run_source("wissensallmende-dcat")
    before = snapshot()
    page1 = dcat_catalog.pages[1].decode()
    dcat_catalog.pages[1] = "\n".join(
        line for line in page1.splitlines() if "hydra:next" not in line
    ).encode()
    summary = runner.run_source("wissensallmende-dcat")
    assert any("the catalogue states 5 datasets, 3 were read" in m for m in summary.messages)
    assert summary.withdrawn == 0 and snapshot() == before


def test_csw_iso19139_records(csw_catalog):
    make_source(
        "geoportal-thueringen-csw",
        "csw",
        csw_catalog.url,
        options={"anytext": "Jena", "page_size": 2},
    )
    summary = runner.run_source("geoportal-thueringen-csw")
    assert (summary.added, summary.errors) == (3, 0), summary.messages
    bplan = next(show(n) for n in active_names() if n.startswith("bebauungsplaene"))
    assert bplan["license_id"] == "dl-by-de/2.0"
    assert bplan["license_attribution_by_text"] == "Stadt Jena"
    assert bplan["theme"] == [THEME + "REGI"]
    assert bplan["contact"][0]["email"] == "stadtplanung@jena.de"
    assert json.loads(bplan["spatial"])["coordinates"][0][0] == [11.4988, 50.8523]
    services = {r["format"]: r["access_services"][0] for r in bplan["resources"]}
    assert services["WMS_SRVC"]["service_type"] == "WMS"
    assert services["WFS_SRVC"]["endpoint_description"].endswith(
        "SERVICE=WFS&REQUEST=GetCapabilities"
    )
    assert bplan["jena_source_uri"].startswith(csw_catalog.url + "?service=CSW")
    dop = next(show(n) for n in active_names() if n.startswith("digitale-orthophotos"))
    assert dop["license_attribution_by_text"] == "© GDI-Th"
    assert any("AnyText" in r for r in csw_catalog.server.requests)


def explicit_solr_commits() -> int:
    """Commits sent to Solr by clients (Solr's own auto and soft auto commits taken out)."""
    import requests

    base = tk.config["solr_url"].rstrip("/").rsplit("/", 1)[0]
    metrics = requests.get(
        f"{base}/admin/metrics",
        params={"group": "core", "prefix": "UPDATE.updateHandler", "compact": "true"},
        timeout=10,
    ).json()["metrics"]
    core = next(v for v in metrics.values() if "UPDATE.updateHandler.commits" in v)
    return (
        core["UPDATE.updateHandler.commits"]["count"]
        - core["UPDATE.updateHandler.autoCommits"]
        - core["UPDATE.updateHandler.softAutoCommits"]
    )


@pytest.mark.parametrize("mode", ["deferred", "each"])
def test_solr_commit_mode(dcat_catalog, mode, ckan_config, monkeypatch):
    """``deferred`` (the default) indexes every dataset without CKAN's per-dataset hard
    commit and commits once at the end of the run; the datasets are searchable as soon
    as the run returns, in both modes."""
    monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.solr_commit", mode)
    make_source("wissensallmende-dcat", "dcat", dcat_catalog.url)
    before = explicit_solr_commits()
    summary = runner.run_source("wissensallmende-dcat")
    commits = explicit_solr_commits() - before
    assert (summary.added, summary.errors) == (5, 0), summary.messages
    assert solr_count("wissensallmende-dcat") == 5
    # finishing the job commits too (measured: 3 in all with deferred, 6 with each)
    if mode == "deferred":
        assert commits < 5, commits  # fewer than one per dataset
    else:
        assert commits >= 5, commits
