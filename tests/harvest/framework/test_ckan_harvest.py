"""The CKAN harvester end to end against the recorded old opendata.jena.de: mapping into
the Jena schema, unchanged detection, updates, withdrawal and the withdrawal limit,
restore, duplicates between sources, dry runs."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest

from ckanext.jena.harvest import runner
from tests.harvest.framework.conftest import active_names, make_source, snapshot, solr_count

THEME = "http://publications.europa.eu/resource/authority/data-theme/"

pytestmark = pytest.mark.usefixtures("orgs")


def test_first_run_maps_old_portal_into_jena_schema(portal):
    make_source("opendata-jena-ckan", "ckan", portal.url, options={"rows": 2})
    summary = runner.run_source("opendata-jena-ckan")
    assert (summary.added, summary.errors, summary.status) == (5, 0, "ok"), summary.messages
    assert active_names() == [
        "baumkataster",
        "fahrradabstellanlagen",
        "haushaltsplan-2024",
        "parken",
        "vornamen",
    ]
    pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": "baumkataster"})
    assert pkg["license_id"] == "dl-by-de/2.0"
    assert pkg["theme"] == [THEME + "REGI"]
    assert pkg["contact"][0]["email"] == "umwelt@jena.de"
    assert pkg["issued"].startswith("2017-03-14")
    assert pkg["jena_harvest_source"] == "opendata-jena-ckan"
    assert pkg["jena_source_uri"] == portal.url + "/dataset/baumkataster"
    assert len(pkg["jena_harvest_hash"]) == 64
    assert pkg["organization"]["name"] == "stadtverwaltung-jena"
    assert pkg["resources"][0]["format"] == "CSV"
    assert "11.52" in pkg["spatial"]
    # defaults of the registry fill what the old portal lacks
    vornamen = tk.get_action("package_show")({"ignore_auth": True}, {"id": "vornamen"})
    assert vornamen["political_geocoding_uri"] == [
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
    ]
    assert vornamen["theme"] == [THEME + "SOCI"]
    assert vornamen["temporal_coverage"][0]["start"] == "2023-01-01"
    # HTML sanitised
    rad = tk.get_action("package_show")({"ignore_auth": True}, {"id": "fahrradabstellanlagen"})
    assert "<script>" not in rad["notes"] and "alert" not in rad["notes"]
    assert solr_count("opendata-jena-ckan") == 5


def test_unchanged_datasets_are_not_rewritten(portal):
    make_source("opendata-jena-ckan", "ckan", portal.url)
    runner.run_source("opendata-jena-ckan")
    before = snapshot()
    summary = runner.run_source("opendata-jena-ckan")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 5)
    assert snapshot() == before  # same metadata_modified, same number of activities


def test_changed_dataset_updated_and_missing_one_withdrawn(portal):
    make_source("opendata-jena-ckan", "ckan", portal.url, deletion={"max_withdraw_share": 0.2})
    runner.run_source("opendata-jena-ckan")
    before = snapshot()
    portal.get("parken")["notes"] = "Parkhäuser und Parkplätze, aktualisiert."
    portal.packages = [p for p in portal.packages if p["name"] != "vornamen"]  # 1 of 5 = 20 %
    summary = runner.run_source("opendata-jena-ckan")
    assert (summary.updated, summary.unchanged, summary.withdrawn) == (1, 3, 1), summary.messages
    after = snapshot()
    vornamen = next(k for k, v in before.items() if v[0] == "vornamen")
    assert after[vornamen][1] == "deleted"  # withdrawn, restorable, not purged
    parken = next(k for k, v in before.items() if v[0] == "parken")
    assert after[parken][2] > before[parken][2]
    assert (
        tk.get_action("package_show")({"ignore_auth": True}, {"id": "parken"})["notes"]
        == "Parkhäuser und Parkplätze, aktualisiert."
    )
    # it comes back: restored under the same id and name
    portal.packages = portal.packages + [
        p
        for p in __import__("json").loads(
            open(
                __import__("tests.harvest.framework.conftest", fromlist=["x"]).data_path(
                    "ckan", "opendata_jena_package_search.json"
                )
            ).read()
        )["result"]["results"]
        if p["name"] == "vornamen"
    ]
    summary = runner.run_source("opendata-jena-ckan")
    assert summary.updated == 1
    assert model.Package.get(vornamen).state == "active"
    assert "vornamen" in active_names()


def test_withdrawal_above_share_stops_the_job(portal):
    make_source("opendata-jena-ckan", "ckan", portal.url)
    runner.run_source("opendata-jena-ckan")
    before = snapshot()
    portal.packages = portal.packages[:2]
    portal.get(portal.packages[0]["name"])["title"] = "Geänderter Titel"
    summary = runner.run_source("opendata-jena-ckan")
    assert summary.status == "stopped"
    assert any("Safety stop: 3 of 5 datasets (60%)" in m for m in summary.messages)
    assert snapshot() == before


def test_same_identifier_from_two_sources_is_reported_not_duplicated(portal, city):
    from tests.harvest.framework.conftest import CkanPortal

    make_source("opendata-jena-ckan", "ckan", portal.url)
    runner.run_source("opendata-jena-ckan")
    mirror = CkanPortal(city, prefix="/mirror")
    mirror.packages = [p for p in mirror.packages if p["name"] == "parken"]
    mirror.packages[0]["id"] = "99999999-0000-4000-8000-000000000001"
    mirror.packages[0]["extras"].append(
        {"key": "identifier", "value": "2d3f57c6-af30-4d2e-9dac-8b3f5a4c3e03"}
    )
    make_source("mirror-portal", "ckan", mirror.url, org="kommunalservice-jena")
    before = snapshot()
    summary = runner.run_source("mirror-portal")
    assert summary.added == 0 and summary.errors == 1
    assert (
        "already used by dataset 'parken' from harvest source 'opendata-jena-ckan'"
        in summary.messages[0]
    )
    assert snapshot() == before


def test_dry_run_shows_changes_without_writing(portal):
    make_source("opendata-jena-ckan", "ckan", portal.url)
    dry = runner.run_source("opendata-jena-ckan", dry_run=True)
    assert (dry.status, dry.added) == ("dry-run", 5)
    assert any(c.startswith("+ add      Baumkataster") for c in dry.changes)
    assert active_names() == []
    runner.run_source("opendata-jena-ckan")
    before = snapshot()
    portal.get("parken")["title"] = "Parken in Jena"
    portal.packages = [p for p in portal.packages if p["name"] != "vornamen"]
    dry = runner.run_source("opendata-jena-ckan", dry_run=True)
    assert (dry.updated, dry.unchanged, dry.withdrawn) == (1, 3, 1)
    assert snapshot() == before


def test_local_edit_is_overwritten_by_the_source(portal):
    make_source("opendata-jena-ckan", "ckan", portal.url)
    runner.run_source("opendata-jena-ckan")
    tk.get_action("package_patch")(
        {
            "ignore_auth": True,
            "user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"],
        },
        {"id": "parken", "title": "Lokal geändert"},
    )
    summary = runner.run_source("opendata-jena-ckan")
    assert summary.updated == 1
    assert (
        tk.get_action("package_show")({"ignore_auth": True}, {"id": "parken"})["title"] == "Parken"
    )


def test_object_delivered_twice_is_imported_once(portal):
    """ckanext-harvest re-queues WAITING objects it does not find in Redis, so a fetch
    consumer can get an object twice: the second delivery changes nothing."""
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    make_source("opendata-jena-ckan", "ckan", portal.url)
    source = runner.get_source("opendata-jena-ckan")
    harvester = runner.harvester_for(source.type)
    job = HarvestJob(source=source, status="Running")
    job.save()
    ids = queue.gather_stage(harvester, job)
    obj = HarvestObject.get(ids[0])
    queue.fetch_and_import_stages(harvester, obj)
    assert obj.report_status == "added"
    before = snapshot()
    queue.fetch_and_import_stages(harvester, HarvestObject.get(ids[0]))
    assert HarvestObject.get(ids[0]).report_status == "added"
    assert snapshot() == before
