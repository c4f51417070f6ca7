"""Search integration on the real Solr: vocabulary facets with counts, German (and English)
titles and labels on the search page, filtering by facet."""

from __future__ import annotations

import re
from html import unescape

import pytest
from ckan.tests import factories, helpers

from tests.factories import JenaDataset

T = "http://publications.europa.eu/resource/authority/data-theme/"
FREQ = "http://publications.europa.eu/resource/authority/frequency/"
HVD_MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
HVD_GEO = "http://data.europa.eu/bna/c_ac64a52d"


@pytest.fixture
def catalogue():
    ksj = factories.Organization(name="kommunalservice-jena", title="Kommunal Service Jena")
    sv = factories.Organization(name="stadtverwaltung-jena", title="Stadtverwaltung Jena")
    JenaDataset(
        name="parkplaetze",
        title="Parkplätze",
        owner_org=ksj["id"],
        theme=[T + "TRAN"],
        hvd_category=[HVD_MOBILITY],
        frequency=FREQ + "MONTHLY",
        license_id="dl-by-de/2.0",
        license_attribution_by_text="Kommunal Service Jena",
        resources=[{"url": "https://opendata.jena.de/parken.geojson", "format": "GeoJSON"}],
    )
    JenaDataset(
        name="baumkataster",
        title="Baumkataster",
        owner_org=ksj["id"],
        theme=[T + "ENVI", T + "REGI"],
        hvd_category=[HVD_GEO],
        frequency=FREQ + "ANNUAL",
        resources=[{"url": "https://opendata.jena.de/baeume.csv", "format": "csv"}],
    )
    JenaDataset(
        name="verkehrsbehinderungen",
        title="Verkehrsbehinderungen",
        owner_org=sv["id"],
        theme=[T + "TRAN"],
        frequency=FREQ + "DAILY",
        resources=[
            {"url": "https://opendata.jena.de/vb.geojson", "format": "geojson"},
            {"url": "https://opendata.jena.de/vb.csv", "format": "CSV"},
        ],
    )
    return ksj, sv


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_facet_counts_from_solr(catalogue):
    result = helpers.call_action(
        "package_search",
        q="*:*",
        **{
            "facet.field": '["vocab_theme", "vocab_hvd_category", "vocab_frequency", '
            '"license_id", "res_format", "organization"]'
        },
    )
    facets = result["facets"]
    assert facets["vocab_theme"] == {T + "TRAN": 2, T + "ENVI": 1, T + "REGI": 1}
    assert facets["vocab_hvd_category"] == {HVD_MOBILITY: 1, HVD_GEO: 1}
    assert facets["vocab_frequency"] == {FREQ + "MONTHLY": 1, FREQ + "ANNUAL": 1, FREQ + "DAILY": 1}
    assert facets["license_id"] == {"dl-by-de/2.0": 1, "cc-zero": 2}
    assert facets["res_format"] == {"GEOJSON": 2, "CSV": 2}
    assert facets["organization"] == {"kommunalservice-jena": 2, "stadtverwaltung-jena": 1}

    labels = {i["name"]: i["display_name"] for i in result["search_facets"]["vocab_theme"]["items"]}
    assert labels[T + "TRAN"] == "Verkehr"
    hvd = {
        i["name"]: i["display_name"] for i in result["search_facets"]["vocab_hvd_category"]["items"]
    }
    assert hvd == {HVD_MOBILITY: "Mobilität", HVD_GEO: "Georaum"}

    # filtering by a facet value (an IRI) through the action API
    hits = helpers.call_action("package_search", fq=f'vocab_hvd_category:"{HVD_MOBILITY}"')
    assert [d["name"] for d in hits["results"]] == ["parkplaetze"]


def facet_section(html: str, title: str) -> str:
    start = re.search(r'fa-filter"></i>\s*' + re.escape(title), html).start()
    end = html.find('<section class="module', start)
    return html[start : end if end != -1 else len(html)]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_search_page_in_german_and_english(app, catalogue):
    html = unescape(app.get("/dataset/").body)
    titles = [
        t.strip() for t in re.findall(r'<i class="fa fa-filter"></i>\s*([^<]+?)\s*</h2>', html)
    ]
    assert titles[:6] == [
        "Kategorien",
        "Herausgeber",
        "Formate",
        "Lizenzen",
        "HVD-Kategorien",
        "Aktualisierungsintervall",
    ]
    themes = facet_section(html, "Kategorien")
    assert "Verkehr" in themes and "Umwelt" in themes and "Regionen und Städte" in themes
    assert re.search(
        r'href="[^"]*vocab_theme=[^"]*data-theme(/|%2F)TRAN', themes
    )  # links filter by IRI
    assert "Kommunal Service Jena" in facet_section(html, "Herausgeber")
    assert "GEOJSON" in facet_section(html, "Formate")
    assert "Datenlizenz Deutschland Namensnennung 2.0" in facet_section(html, "Lizenzen")
    assert "Mobilität" in facet_section(html, "HVD-Kategorien")
    frequency = facet_section(html, "Aktualisierungsintervall")
    assert "monatlich" in frequency and "täglich" in frequency

    # filtering by a facet on the page
    html = app.get("/dataset/", query_string={"vocab_frequency": FREQ + "DAILY"}).body
    assert "Verkehrsbehinderungen" in html and "Baumkataster" not in html
    html = app.get(
        "/dataset/",
        query_string={"vocab_theme": T + "TRAN", "organization": "kommunalservice-jena"},
    ).body
    assert "Parkplätze" in html and "Verkehrsbehinderungen" not in html

    # English
    html = unescape(app.get("/en/dataset/").body)
    titles = [
        t.strip() for t in re.findall(r'<i class="fa fa-filter"></i>\s*([^<]+?)\s*</h2>', html)
    ]
    assert titles[:6] == [
        "Themes",
        "Publishers",
        "Formats",
        "Licences",
        "High-value dataset categories",
        "Update frequency",
    ]
    assert "Transport" in facet_section(html, "Themes")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_organization_page_has_the_vocabulary_facets(app, catalogue):
    html = unescape(app.get("/organization/kommunalservice-jena").body)
    assert "Kategorien" in html and "Verkehr" in html


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_active_filter_without_hits_shows_its_label(app, catalogue):
    html = unescape(app.get("/dataset/", query_string={"vocab_theme": T + "HEAL"}).body)
    pills = re.findall(r'<span class="filtered pill">\s*([^<]+?)\s*<a', html)
    assert pills == ["Gesundheit"]
