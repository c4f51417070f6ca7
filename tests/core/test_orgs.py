"""`ckan jena orgs sync`: the Stadtverbund organizations from config/organizations.yaml."""

from __future__ import annotations

import os
import shutil
from xml.etree import ElementTree

import pytest
import yaml
from ckan.tests import factories, helpers

from ckanext.jena.cli import jena
from ckanext.jena.core import orgs

NAMES = {
    "stadtverwaltung-jena",
    "kommunalservice-jena",
    "stadtwerke-jena",
    "jenaer-nahverkehr",
    "jenawohnen",
    "jenakultur",
    "jenawirtschaft",
    "jenaer-baeder",
}


@pytest.fixture
def orgs_file(tmp_path):
    path = tmp_path / "organizations.yaml"
    shutil.copy(orgs.DEFAULT_FILE, path)
    return path


def _edit(path, change):
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content["organizations"])
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


def _sync(cli, *args):
    result = cli.invoke(jena, ["orgs", "sync", *args])
    return result


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_sync_creates_the_stadtverbund_and_is_idempotent(cli, ckan_config):
    first = _sync(cli)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == (
        "8 angelegt/created, 0 aktualisiert/updated, 0 unverändert/unchanged"
    )
    assert set(helpers.call_action("organization_list")) == NAMES

    ksj = helpers.call_action("organization_show", id="kommunalservice-jena")
    assert ksj["title"] == "Kommunal Service Jena (KSJ)"
    assert ksj["uri"] == "https://opendata.jena.de/organization/kommunalservice-jena"
    assert ksj["homepage"] == "https://www.ksj.de"
    assert ksj["email"] == "opendata@jena.de"
    site = ckan_config["ckan.site_url"].rstrip("/")
    assert ksj["image_url"] == f"{site}/logos/kommunalservice-jena.svg"
    assert ksj["image_display_url"] == ksj["image_url"]
    assert ksj["description"].startswith("Eigenbetrieb der Stadt Jena")
    second = _sync(cli)
    assert second.exit_code == 0, second.output
    assert second.output.splitlines()[-1] == (
        "0 angelegt/created, 0 aktualisiert/updated, 8 unverändert/unchanged"
    )
    assert "unverändert/unchanged: jenakultur" in second.output


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_unchanged_organizations_are_not_rewritten(cli):
    assert _sync(cli).exit_code == 0
    activities_before = {
        n: len(helpers.call_action("organization_activity_list", id=n)) for n in NAMES
    }
    assert _sync(cli).exit_code == 0
    activities_after = {
        n: len(helpers.call_action("organization_activity_list", id=n)) for n in NAMES
    }
    assert activities_after == activities_before


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_edited_field_is_updated_and_members_are_kept(cli, orgs_file):
    assert _sync(cli, "--file", str(orgs_file)).exit_code == 0
    user = factories.User()
    helpers.call_action(
        "organization_member_create", id="jenawohnen", username=user["name"], role="editor"
    )

    def change(entries):
        entry = next(e for e in entries if e["name"] == "jenawohnen")
        entry["email"] = "daten@jenawohnen.example"
        entry["title"] = "jenawohnen GmbH"

    _edit(orgs_file, change)
    result = _sync(cli, "--file", str(orgs_file))
    assert result.exit_code == 0, result.output
    assert "aktualisiert/updated: jenawohnen (title, email)" in result.output
    assert result.output.splitlines()[-1] == (
        "0 angelegt/created, 1 aktualisiert/updated, 7 unverändert/unchanged"
    )
    org = helpers.call_action("organization_show", id="jenawohnen", include_users=True)
    assert org["email"] == "daten@jenawohnen.example"
    assert org["title"] == "jenawohnen GmbH"
    assert org["uri"] == "https://opendata.jena.de/organization/jenawohnen"
    assert {(u["name"], u["capacity"]) for u in org["users"]} >= {(user["name"], "editor")}

    again = _sync(cli, "--file", str(orgs_file))
    assert again.output.splitlines()[-1].startswith("0 angelegt/created, 0 aktualisiert/updated")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dry_run_changes_nothing(cli, orgs_file):
    result = _sync(cli, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "angelegt/created: stadtverwaltung-jena" in result.output
    assert result.output.splitlines()[-1] == (
        "8 angelegt/created, 0 aktualisiert/updated, 0 unverändert/unchanged "
        "(Probelauf/dry run: nichts gespeichert/nothing saved)"
    )
    assert helpers.call_action("organization_list") == []

    assert _sync(cli).exit_code == 0
    _edit(orgs_file, lambda entries: entries[0].update(homepage="https://jena.de/"))
    dry = _sync(cli, "--file", str(orgs_file), "--dry-run")
    assert "aktualisiert/updated: stadtverwaltung-jena (homepage)" in dry.output
    org = helpers.call_action("organization_show", id="stadtverwaltung-jena")
    assert org["homepage"] == "https://www.jena.de"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_organizations_missing_from_the_file_are_kept_and_deleted_ones_revived(cli, orgs_file):
    other = factories.Organization(name="feuerwehr-jena")
    assert _sync(cli).exit_code == 0
    admin = factories.Sysadmin()
    helpers.call_action("organization_delete", {"user": admin["name"]}, id="jenakultur")
    result = _sync(cli)
    assert "angelegt/created" not in result.output.replace("0 angelegt/created", "")
    assert "aktualisiert/updated: jenakultur (state)" in result.output
    assert helpers.call_action("organization_show", id="jenakultur")["state"] == "active"
    assert helpers.call_action("organization_show", id=other["id"])["state"] == "active"


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda entries: entries[2].pop("name"),
            "entry 3: field 'name' is missing",
        ),
        (
            lambda entries: entries[4].update(email="jenawohnen.de"),
            "entry 5 (jenawohnen): email 'jenawohnen.de' is not a valid e-mail address",
        ),
        (
            lambda entries: entries[1].update(homepage="www.ksj.de"),
            "entry 2 (kommunalservice-jena): homepage 'www.ksj.de' is not an http(s) URL",
        ),
        (
            lambda entries: entries[0].update(uri="urn:jena"),
            "entry 1 (stadtverwaltung-jena): uri 'urn:jena' is not an http(s) URL",
        ),
        (
            lambda entries: entries[6].update(name="Jena Wirtschaft"),
            "entry 7 (Jena Wirtschaft): name 'Jena Wirtschaft' must be 2-100 characters",
        ),
        (
            lambda entries: entries[5].update(logo="logos/missing.svg"),
            "entry 6 (jenakultur): logo 'logos/missing.svg' is neither an http(s) URL nor a file",
        ),
        (
            lambda entries: entries[3].update(phone="03641 123"),
            "entry 4 (jenaer-nahverkehr): unknown field 'phone'",
        ),
        (
            lambda entries: entries.append(dict(entries[0])),
            "entry 9 (stadtverwaltung-jena): name 'stadtverwaltung-jena' occurs twice",
        ),
    ],
)
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_bad_entry_gives_a_precise_error_and_changes_nothing(cli, orgs_file, change, message):
    assert _sync(cli).exit_code == 0

    def break_file(entries):
        entries[7]["title"] = "Jenaer Bäder GmbH"  # a valid change that must not be applied
        change(entries)

    _edit(orgs_file, break_file)
    result = _sync(cli, "--file", str(orgs_file))
    assert result.exit_code == 1
    assert f"FEHLER/ERROR: {orgs_file}: {message}" in result.output
    assert "Nichts geändert/nothing changed." in result.output
    assert helpers.call_action("organization_show", id="jenaer-baeder")["title"] == "Jenaer Bäder"
    assert set(helpers.call_action("organization_list")) == NAMES


def test_invalid_yaml_and_missing_file_are_reported(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("organizations: [name: x\n", encoding="utf-8")
    result = _sync(cli, "--file", str(broken))
    assert result.exit_code == 1
    assert f"FEHLER/ERROR: {broken}: not valid YAML" in result.output
    missing = _sync(cli, "--file", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: cannot be read" in missing.output


def test_without_a_scheming_schema_publisher_fields_are_extras():
    entry = yaml.safe_load(open(orgs.DEFAULT_FILE, encoding="utf-8"))["organizations"][0]
    data = orgs.desired_fields(entry, None)
    assert data["extras"]["uri"] == "https://opendata.jena.de/organization/stadtverwaltung-jena"
    assert data["extras"]["email"] == "opendata@jena.de"
    assert "uri" not in data
    scheming = orgs.desired_fields(entry, {"title", "uri", "homepage", "email"})
    assert scheming["uri"] == data["extras"]["uri"] and "extras" not in scheming


def test_logos_exist_for_every_organization():
    entries = orgs.load()
    assert {e["name"] for e in entries} == NAMES
    for e in entries:
        path = os.path.join(orgs.PUBLIC_DIR, e["logo"])
        root = ElementTree.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.find("{http://www.w3.org/2000/svg}title").text
