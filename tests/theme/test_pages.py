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
