"""``ckan jena migrate`` on a realistic export of the old CKAN 2.x portal (OGD 1.1 extras,
GovData 1.x categories, old licence codes): dry run, migration, nothing lost, idempotence,
and the import of an export file."""

from __future__ import annotations

import copy
import json
import os

import pytest
from ckan import model
from ckan.lib import search
from ckan.lib.dictization import model_save
from ckan.tests import factories, helpers

from ckanext.jena.cli import jena
from ckanext.jena.schema import migrate

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORT = os.path.join(HERE, "..", "data", "schema", "opendata-jena-export.json")
T = "http://publications.europa.eu/resource/authority/data-theme/"


def export_datasets() -> list[dict]:
    with open(EXPORT, encoding="utf-8") as f:
        return json.load(f)["result"]["results"]


def by_name(name: str) -> dict:
    return next(d for d in export_datasets() if d["name"] == name)


@pytest.fixture
def orgs():
    return {
        "stadtverwaltung-jena": factories.Organization(
            name="stadtverwaltung-jena", title="Stadtverwaltung Jena"
        ),
        "kommunalservice-jena": factories.Organization(
            name="kommunalservice-jena", title="Kommunal Service Jena"
        ),
    }


def insert_legacy(datasets: list[dict], orgs: dict) -> None:
    """Store the old dicts as they are, without the Jena validators: what a database
    upgraded from the old portal holds."""
    for old in datasets:
        data = copy.deepcopy(old)
        data["owner_org"] = orgs[old["organization"]["name"]]["id"]
        for group in data["groups"]:
            if model.Group.get(group["name"]) is None:
                factories.Group(name=group["name"], title=group["title"])
        data["groups"] = [{"name": g["name"]} for g in data["groups"]]
        for key in ("metadata_created", "metadata_modified"):
            data.pop(key)
        for res in data["resources"]:
            res.pop("package_id", None)
        context = {"model": model, "session": model.Session, "user": "", "ignore_auth": True}
        pkg = model_save.package_dict_save(data, context)
        pkg = pkg[0] if isinstance(pkg, tuple) else pkg
        model.repo.commit()
        search.rebuild(pkg.id)


def legacy_state() -> dict:
    return {
        p.name: (p.license_id, dict(p.extras), p.metadata_modified)
        for p in model.Session.query(model.Package).filter(model.Package.type == "dataset")
    }


def test_map_dataset_is_pure_and_complete():
    """The OGD dataset maps onto the schema; every value ends up in a field or in the
    unmapped record."""
    result = migrate.map_dataset(by_name("baumkataster"))
    new = result.dataset
    assert result.problems == []
    assert new["license_id"] == "dl-by-de/2.0"
    assert new["license_attribution_by_text"] == "Kommunal Service Jena, Fachbereich Grünflächen"
    assert new["theme"] == [T + "ENVI", T + "REGI"]
    assert new["contact"] == [
        {
            "name": "Kommunal Service Jena, Grünflächen",
            "email": "gruen@ksj.jena.de",
            "url": "https://www.ksj.de",
        }
    ]
    assert new["maintainer_agent"] == [
        {"name": "Kommunal Service Jena", "email": "gruen@ksj.jena.de"}
    ]
    assert (new["issued"], new["modified"]) == ("2017-03-02", "2024-05-10")
    assert new["temporal_coverage"] == [{"start": "2016-01-01", "end": "2024-12-31"}]
    assert new["temporal_resolution"] == "P1Y"
    assert new["political_geocoding_uri"] == [
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
    ]
    assert new["political_geocoding_level_uri"].endswith("/Level/municipality")
    assert new["geocoding_description"] == "Jena"
    assert new["resources"][0]["hash_algorithm"] == "md5"
    assert new["resources"][0]["size"] == 2483712
    assert "extras" not in new
    unmapped = json.loads(new["jena_migration_unmapped"])
    assert unmapped == {
        "contacts": {
            "role": "veroeffentlichende_stelle",
            "name": "Kommunal Service Jena",
            "email": "info@ksj.jena.de",
            "address": {
                "addressLine1": "Löbstedter Straße 56",
                "postalCode": "07749",
                "locality": "Jena",
            },
        },
        "dates": {"role": "erstellt", "date": "2016-11-30T00:00:00"},
        "ogd_version": "v1.1",
        "sector": "oeffentlich",
        "spatial_reference": {"nuts": "DEG03"},
    }


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dry_run_reports_and_stores_nothing_then_migration_keeps_everything(cli, orgs):
    insert_legacy(export_datasets(), orgs)
    before = legacy_state()

    dry = cli.invoke(jena, ["migrate", "--dry-run"])
    out = dry.output
    assert dry.exit_code == 1, out  # one dataset cannot be migrated
    assert "würde migriert / would migrate: baumkataster" in out
    assert "  license_id: dl-de-by-2.0 → dl-by-de/2.0" in out
    assert "  nicht zugeordnet / unmapped: ogd_version = v1.1" in out
    assert "fehlgeschlagen / failed: stadtratssitzungen-2018" in out
    assert 'licence "notspecified" cannot be mapped' in out
    assert out.strip().endswith(
        "5 migriert, 0 unverändert, 1 fehlgeschlagen (Probelauf, nichts gespeichert / dry run, nothing stored)"
    )
    assert legacy_state() == before

    real = cli.invoke(jena, ["migrate", "--json"])
    report = json.loads(real.output[real.output.index("{") :])
    assert real.exit_code == 1
    assert sorted(r["name"] for r in report["migrated"]) == [
        "baumkataster",
        "covid-19-faelle",
        "parkplatzbelegung",
        "verkehrsentwicklungsplan-gutachten",
        "vornamen-2019",
    ]
    assert [f["name"] for f in report["failed"]] == ["stadtratssitzungen-2018"]

    baum = helpers.call_action("package_show", id="baumkataster")
    assert baum["license_id"] == "dl-by-de/2.0"
    assert sorted(baum["theme"]) == [T + "ENVI", T + "REGI"]
    assert baum["temporal_coverage"] == [{"start": "2016-01-01", "end": "2024-12-31"}]
    assert baum["resources"][0]["format"] == "CSV"
    assert baum["resources"][0]["license"] == "dl-by-de/2.0"
    assert json.loads(baum["jena_migration_unmapped"])["ogd_version"] == "v1.1"
    assert "extras" not in baum or baum["extras"] == []

    park = helpers.call_action("package_show", id="parkplatzbelegung")
    assert park["license_attribution_by_text"] == "Kommunal Service Jena"
    assert park["frequency"].endswith("/frequency/1MIN")
    assert json.loads(park["jena_migration_unmapped"]) == {"resources/0/size": -1}

    vep = helpers.call_action("package_show", id="verkehrsentwicklungsplan-gutachten")
    unmapped = json.loads(vep["jena_migration_unmapped"])
    assert unmapped["categories"] == ["gutachten"]
    assert unmapped["url"] == "www.jena.de/vep"
    assert json.loads(unmapped["spatial"])["coordinates"] == [
        681234.5,
        5643210.0,
    ]  # UTM, not WGS 84
    covid = helpers.call_action("package_show", id="covid-19-faelle")
    assert json.loads(covid["spatial"]) == {"type": "Point", "coordinates": [11.5863, 50.9272]}
    assert json.loads(covid["jena_migration_unmapped"]) == {
        "geographical_granularity": "Stadtbezirk",
        "spatial_properties": {"name": "Stadt Jena"},
    }
    assert vep["theme"] == [T + "TRAN"]

    # the failed dataset is untouched
    failed = model.Package.by_name("stadtratssitzungen-2018")
    assert failed.license_id == "notspecified"
    assert dict(failed.extras) == before["stadtratssitzungen-2018"][1]

    # the migrated ones are findable by the new facets
    result = helpers.call_action("package_search", fq=f'vocab_theme:"{T}TRAN"')
    assert {d["name"] for d in result["results"]} == {
        "parkplatzbelegung",
        "verkehrsentwicklungsplan-gutachten",
    }

    # a second run changes nothing
    again = cli.invoke(jena, ["migrate"])
    assert "0 migriert, 5 unverändert, 1 fehlgeschlagen" in again.output, again.output


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_import_from_an_export_file(cli, orgs):
    res = cli.invoke(jena, ["migrate", "--from-export", EXPORT])
    assert "5 migriert, 0 unverändert, 1 fehlgeschlagen" in res.output, res.output
    names = helpers.call_action("package_list")
    assert sorted(names) == [
        "baumkataster",
        "covid-19-faelle",
        "parkplatzbelegung",
        "verkehrsentwicklungsplan-gutachten",
        "vornamen-2019",
    ]
    vornamen = helpers.call_action("package_show", id="vornamen-2019")
    assert vornamen["owner_org"] == orgs["stadtverwaltung-jena"]["id"]
    assert vornamen["originator"] == [{"name": "Stadt Jena, Statistik"}]
    assert json.loads(vornamen["jena_migration_unmapped"])["author_email"] == "statistik(at)jena.de"
    assert vornamen["resources"][0]["hash_algorithm"] == "sha256"

    # importing the same export again updates, never duplicates
    res = cli.invoke(jena, ["migrate", "--from-export", EXPORT])
    assert "5 migriert, 0 unverändert, 1 fehlgeschlagen" in res.output, res.output
    assert len(helpers.call_action("package_list")) == 5
