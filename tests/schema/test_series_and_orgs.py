"""Dataset series (dcat:DatasetSeries) and the organization schema (publisher fields)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from tests.factories import JenaDataset

T = "http://publications.europa.eu/resource/authority/data-theme/"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_series_and_membership():
    sysadmin = factories.Sysadmin()
    org = factories.Organization(name="stadtverwaltung-jena")
    context = {"user": sysadmin["name"]}
    series = helpers.call_action(
        "package_create",
        context=dict(context),
        type="dataset_series",
        name="vornamen-jena",
        title="Vornamen der Neugeborenen in Jena",
        notes="Jährliche Statistik der Vornamen.",
        owner_org=org["id"],
        theme=[T + "SOCI"],
        frequency="http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        series_order_field="issued",
    )
    assert series["type"] == "dataset_series"
    assert series["theme"] == [T + "SOCI"]

    member = JenaDataset(owner_org=org["id"], name="vornamen-2024", in_series=["vornamen-jena"])
    assert member["in_series"] == [series["id"]]  # names are stored as ids

    # a normal dataset is no series
    with pytest.raises(tk.ValidationError) as e:
        JenaDataset(owner_org=org["id"], name="vornamen-2023", in_series=["vornamen-2024"])
    assert "in_series" in e.value.error_dict

    # the series' own rules apply too
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action(
            "package_create",
            context=dict(context),
            type="dataset_series",
            name="kaputte-reihe",
            title="Kaputte Reihe",
            notes="x",
            owner_org=org["id"],
            spatial="kein GeoJSON",
        )
    assert "spatial" in e.value.error_dict


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_series_form_has_no_resource_stage(app):
    user = factories.SysadminWithToken()
    factories.Organization()
    html = app.get("/dataset_series/new", headers={"Authorization": user["token"]}).body
    assert 'name="_ckan_phase" value=""' in html
    assert "Sortierfeld der Mitglieder" in html
    assert "Datensatzreihe anlegen" in html and "Dataset_Series" not in html


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_organization_publisher_fields():
    sysadmin = factories.Sysadmin()
    context = {"user": sysadmin["name"]}
    org = helpers.call_action(
        "organization_create",
        context=dict(context),
        name="jenaer-nahverkehr",
        title="Jenaer Nahverkehr",
        title_en="Jena public transport",
        uri="https://www.nahverkehr-jena.de",
        homepage="https://www.nahverkehr-jena.de",
        email="info@nahverkehr-jena.de",
    )
    shown = helpers.call_action("organization_show", id=org["id"])
    assert shown["title_en"] == "Jena public transport"
    assert (shown["uri"], shown["homepage"], shown["email"]) == (
        "https://www.nahverkehr-jena.de",
        "https://www.nahverkehr-jena.de",
        "info@nahverkehr-jena.de",
    )
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action(
            "organization_update",
            context=dict(context),
            id=org["id"],
            name="jenaer-nahverkehr",
            title="Jenaer Nahverkehr",
            email="info at nahverkehr",
            homepage="nahverkehr-jena.de",
        )
    assert set(e.value.error_dict) == {"email", "homepage"}
    assert (
        helpers.call_action("organization_show", id=org["id"])["email"] == "info@nahverkehr-jena.de"
    )
