"""The home page and a dataset page render in German by default, English on /en/."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests.factories import JenaDataset


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_page_is_german(app):
    html = app.get("/").body
    assert '<html lang="de"' in html
    assert "Offene Daten Jena" in html  # our catalog (ckanext-jena)
    assert "Offene Daten der Stadt Jena und ihrer kommunalen Unternehmen" in html
    assert "Datensätze" in html  # CKAN core's German catalog


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_page_english_is_second_locale(app):
    html = app.get("/en/").body
    assert '<html lang="en"' in html
    assert "Open data of the city of Jena and its municipal companies" in html
    assert "Datensätze" not in html


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_page_is_german(app):
    org = factories.Organization(title="Kommunal Service Jena")
    dataset = JenaDataset(
        owner_org=org["id"],
        title="Baumkataster der Stadt Jena",
        license_id="cc-by",
        license_attribution_by_text="Kommunal Service Jena",
        resources=[{"url": "https://example.org/baeume.csv", "format": "CSV", "name": "Bäume"}],
    )
    html = app.get(f"/dataset/{dataset['name']}").body
    assert '<html lang="de"' in html
    assert "Baumkataster der Stadt Jena" in html
    assert "Daten und Ressourcen" in html
    assert "Lizenz" in html


@pytest.mark.usefixtures("clean_db", "clean_index", "with_request_context")
def test_organization_is_looked_up_once_per_request(app):
    """The dataset page renders its organization box twice; ``h.get_organization`` asks
    ``organization_show`` once per request and organization."""
    import ckan.plugins.toolkit as tk
    from ckan.tests import helpers

    org = factories.Organization(title="Stadtwerke Jena")
    first = tk.h.get_organization(org["id"])
    admin = factories.Sysadmin()
    helpers.call_action(
        "organization_patch",
        {"user": admin["name"]},
        id=org["id"],
        title="Stadtwerke Energie Jena",
    )
    assert tk.h.get_organization(org["id"]) is first  # same request: asked once
    assert first["title"] == "Stadtwerke Jena"
    assert tk.h.get_organization(None) == {}
    # the next request (its own app context, as each served request has) sees the change
    with app.flask_app.app_context(), app.flask_app.test_request_context():
        assert tk.h.get_organization(org["id"])["title"] == "Stadtwerke Energie Jena"
