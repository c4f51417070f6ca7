"""The portal's licence list is the dcat-ap.de list with German titles."""

from __future__ import annotations

import json

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.jena import vocab
from ckanext.jena.vocab import licenses


def test_license_register_file_matches_the_vocabulary():
    with open(licenses.PATH, encoding="utf-8") as f:
        entries = json.load(f)
    assert [e["id"] for e in entries] == [c.code for c in vocab.get("license")]
    assert entries == licenses.register_entries()


def test_licenses_group_url_points_at_the_bundled_file(ckan_config):
    assert ckan_config["licenses_group_url"] == "file://" + licenses.PATH


def test_license_list_returns_the_dcat_ap_de_licences_in_german():
    result = helpers.call_action("license_list")
    by_id = {lic["id"]: lic for lic in result}
    assert set(by_id) == {c.code for c in vocab.get("license")}
    dl = by_id["dl-by-de/2.0"]
    assert dl["title"] == "Datenlizenz Deutschland Namensnennung 2.0"
    assert dl["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert dl["od_conformance"] == "approved"
    assert by_id["dl-zero-de/2.0"]["title"] == "Datenlizenz Deutschland – Zero – Version 2.0"
    assert (
        by_id["cc-by/4.0"]["title"]
        == "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)"
    )
    # CKAN's own default ids are gone
    assert "notspecified" not in by_id and "cc-by-sa" in by_id
    # licences without a web page link to their dcat-ap.de IRI
    assert by_id["other-closed"]["url"] == "http://dcat-ap.de/def/licenses/other-closed"
    assert by_id["other-closed"]["od_conformance"] == "not reviewed"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_with_a_dcat_ap_de_licence_shows_its_title_and_openness():
    org = factories.Organization()
    fields = {
        "owner_org": org["id"],
        "notes": "Testdatensatz",
        "theme": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
    }
    open_ds = factories.Dataset(
        license_id="dl-by-de/2.0", license_attribution_by_text="Stadt Jena", **fields
    )
    assert open_ds["license_title"] == "Datenlizenz Deutschland Namensnennung 2.0"
    assert open_ds["isopen"] is True
    assert open_ds["license_url"] == "https://www.govdata.de/dl-de/by-2-0"
    closed = factories.Dataset(
        license_id="cc-by-nc/4.0", license_attribution_by_text="Stadt Jena", **fields
    )
    assert closed["isopen"] is False
    register = model.Package.get_license_register()
    assert register["apache"].isopen()
