"""Citizen pages rendered by the test app: German and English, the home page's themes
and publishers, the dataset page's facts, legal pages, and nothing from third parties."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from ckan.tests import factories

from tests.factories import JenaDataset

THEME = "http://publications.europa.eu/resource/authority/data-theme/"
CENTRE = {
    "type": "Polygon",
    "coordinates": [
        [[11.57, 50.92], [11.60, 50.92], [11.60, 50.94], [11.57, 50.94], [11.57, 50.92]]
    ],
}


class _Assets(HTMLParser):
    """Collects the URLs a browser would load: script src, link href, img src(set)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href"):
            self.urls.append(a["href"])
        elif tag in ("img", "source", "iframe", "video", "audio"):
            for key in ("src", "srcset"):
                if a.get(key):
                    self.urls.extend(u.strip().split(" ")[0] for u in a[key].split(","))
        elif a.get("style") and "url(" in a["style"]:
            self.urls.extend(re.findall(r"url\(['\"]?([^'\")]+)", a["style"]))


def third_party_assets(html: str, own_host: str = "test.ckan.net") -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return [
        u
        for u in parser.urls
        if urlsplit(u).netloc and urlsplit(u).hostname not in (own_host, "127.0.0.1", "localhost")
    ]


@pytest.fixture
def content(clean_db, clean_index):
    org = factories.Organization(
        name="kommunalservice-jena",
        title="Kommunal Service Jena",
        image_url="https://cdn.example.com/ksj-logo.png",  # a third-party logo
    )
    stadt = factories.Organization(name="stadtverwaltung-jena", title="Stadtverwaltung Jena")
    parken = JenaDataset(
        name="parkplaetze-jena",
        title="Parkplätze und Parkhäuser in Jena",
        notes="Lage und Kapazität der öffentlichen Parkplätze.",
        owner_org=org["id"],
        theme=[THEME + "TRAN", THEME + "REGI"],
        license_id="dl-by-de/2.0",
        license_attribution_by_text="Kommunal Service Jena",
        spatial=json.dumps(CENTRE),
        temporal_coverage=[{"start": "2024-01-01", "end": "2025-12-31"}],
        contact=[{"name": "Parkraummanagement", "email": "parken@ksj.example"}],
        resources=[
            {"name": "Parkplätze", "url": "http://127.0.0.1:9/parken.geojson", "format": "GEOJSON",
             "size": 2048},
            {"name": "Belegung", "url": "http://127.0.0.1:9/belegung.csv", "format": "CSV"},
        ],
    )  # fmt: skip
    haushalt = JenaDataset(
        name="haushalt-2026",
        title="Haushalt 2026",
        owner_org=stadt["id"],
        theme=[THEME + "ECON"],
        license_id="dl-zero-de/2.0",
    )
    return {"org": org, "stadt": stadt, "parken": parken, "haushalt": haushalt}


PUBLIC_PAGES = [
    "/",
    "/dataset/",
    "/dataset/parkplaetze-jena",
    "/organization/",
    "/organization/kommunalservice-jena",
    "/daten-nutzen",
    "/barrierefreiheit",
    "/impressum",
    "/datenschutz",
]


def test_pages_render_in_german_and_english_without_third_party_assets(app, content):
    for path in PUBLIC_PAGES:
        de = app.get(path)
        assert de.status_code == 200, path
        assert '<html lang="de"' in de.body, path
        assert third_party_assets(de.body) == [], path
        en = app.get("/en" + path)
        assert en.status_code == 200, path
        assert '<html lang="en"' in en.body, path
        assert third_party_assets(en.body) == [], path
        # the skip link and the footer's legal links are on every page
        assert 'href="#content"' in de.body, path
        for target in ("/barrierefreiheit", "/impressum", "/datenschutz", "/daten-nutzen"):
            assert f'href="{target}"' in de.body, path
            assert f'href="/en{target}"' in en.body, path


def test_third_party_asset_detection():
    html = (
        '<link rel="stylesheet" href="/webassets/a.css"><script src="https://cdn.example.com/x.js">'
        '</script><img src="http://test.ckan.net/logo.png"><img srcset="https://fonts.example.org/a.png 2x">'
        '<a href="https://ckan.org/">CKAN</a>'
    )
    assert third_party_assets(html) == [
        "https://cdn.example.com/x.js",
        "https://fonts.example.org/a.png",
    ]


def test_home_shows_the_13_themes_with_counts_newest_and_publishers(app, content):
    html = app.get("/").body
    themes = re.findall(r'<li class="[^"]*" data-theme="([A-Z]{4})">', html)
    assert len(themes) == 13
    assert set(themes) >= {"TRAN", "ECON", "ENVI", "AGRI"}
    # every theme links to its filtered search and has its own icon
    for code in themes:
        assert f"/jena/icons/theme-{code.lower()}.svg" in html
    tran = html.split('data-theme="TRAN"', 1)[1].split("</li>", 1)[0]
    assert "Verkehr" in tran and "1 Datensatz" in tran
    assert (
        'href="/dataset/?vocab_theme=http://publications.europa.eu/resource/authority/data-theme/TRAN"'
        in tran
    )
    agri = html.split('data-theme="AGRI"', 1)[1].split("</li>", 1)[0]
    assert "0 Datensätze" in agri
    assert "Neueste Datensätze" in html
    assert html.index("Haushalt 2026") < html.index("Parkplätze und Parkhäuser in Jena")
    assert "Kommunal Service Jena" in html and "Stadtverwaltung Jena" in html
    # the third-party logo is replaced by the portal's own publisher icon
    assert "cdn.example.com" not in html
    assert "/jena/publisher.svg" in html


def test_home_in_english_uses_english_theme_labels(app, content):
    html = app.get("/en/").body
    assert "Transport" in html
    assert "Economy and finance" in html
    assert "Newest datasets" in html
    assert "1 dataset" in html


def test_theme_link_filters_the_search(app, content):
    html = app.get("/dataset/", query_string={"vocab_theme": THEME + "ECON"}).body
    assert "Haushalt 2026" in html
    assert "Parkplätze und Parkhäuser in Jena" not in html


def test_dataset_page_shows_facts_licence_attribution_and_metadata_links(app, content):
    html = app.get("/dataset/parkplaetze-jena").body
    assert "Über diesen Datensatz" in html
    # themes, temporal coverage, contact, origin
    assert "Verkehr" in html and "Regionen und Städte" in html
    assert "1. Januar 2024 bis 31. Dezember 2025" in html
    assert 'href="mailto:parken@ksj.example"' in html
    assert "Direkt in diesem Portal veröffentlicht" in html
    # map of the spatial coverage, without tiles by default
    m = re.search(r'<div id="jena-dataset-map"[^>]*data-geojson="([^"]+)"', html)
    assert m is not None
    geometry = json.loads(m.group(1).replace("&#34;", '"').replace("&quot;", '"'))
    assert geometry["type"] == "Polygon"
    assert 'data-map-config="{&#34;tile_url&#34;: &#34;&#34;' in html
    # licence with label from the vocabulary and the attribution text to copy
    assert "Datenlizenz Deutschland Namensnennung 2.0" in html
    attribution = re.search(r'<textarea id="jena-attribution-text"[^>]*>([^<]+)</textarea>', html)
    assert attribution is not None
    text = attribution.group(1)
    assert text.startswith("Datenquelle: Kommunal Service Jena, Parkplätze und Parkhäuser in Jena")
    assert "Datenlizenz Deutschland Namensnennung 2.0" in text
    assert text.rstrip().endswith("/dataset/parkplaetze-jena")
    assert 'data-module="jena-copy"' in html
    # resources with format, size, preview and download
    sizes = re.findall(r'<span class="jena-size">([^<]+)</span>', html)
    assert sizes == ["2 KiB"], sizes
    assert '<span class="jena-format">GEOJSON</span>' in html
    assert html.count(">Vorschau<") + html.count("Vorschau<span") >= 2
    assert 'href="http://127.0.0.1:9/belegung.csv"' in html
    # metadata links: DCAT serialisations and the API
    for suffix in (".ttl", ".rdf", ".jsonld"):
        assert f'href="/dataset/parkplaetze-jena{suffix}"' in html
    assert 'href="/api/3/action/package_show?id=parkplaetze-jena"' in html


def test_harvested_dataset_names_its_origin(app, content):
    dataset = JenaDataset(
        name="baumkataster",
        owner_org=content["org"]["id"],
        jena_harvest_source="opendata-jena-ckan",
        jena_source_uri="https://opendata.jena.de/dataset/baumkataster",
    )
    html = app.get(f"/dataset/{dataset['name']}").body
    assert dataset["jena_harvest_source"] == "opendata-jena-ckan"
    assert "Automatisch übernommen aus" in html
    assert "opendata-jena-ckan" in html
    assert 'href="https://opendata.jena.de/dataset/baumkataster"' in html


def test_metadata_links_answer(app, content):
    api = app.get("/api/3/action/package_show", query_string={"id": "parkplaetze-jena"})
    assert api.json["result"]["name"] == "parkplaetze-jena"
    ttl = app.get("/dataset/parkplaetze-jena.ttl")
    assert ttl.status_code == 200
    assert "Parkplätze und Parkhäuser in Jena" in ttl.body


def test_use_data_page_explains_api_and_catalogue(app, content):
    html = app.get("/daten-nutzen").body
    assert "<h1>Daten nutzen</h1>" in html
    assert "/api/3/action/package_search" in html
    assert "/catalog.ttl" in html
    assert "SPARQL" in html
    en = app.get("/en/daten-nutzen").body
    assert "<h1>Using the data</h1>" in en
    assert "The CKAN API" in en


@pytest.mark.parametrize(
    ("path", "de_heading", "en_heading"),
    [
        ("/barrierefreiheit", "Erklärung zur Barrierefreiheit", "Accessibility statement"),
        ("/impressum", "Impressum", "Legal notice"),
        ("/datenschutz", "Datenschutzerklärung", "Privacy policy"),
    ],
)
def test_legal_pages_ship_german_and_english_defaults(app, path, de_heading, en_heading):
    assert f"<h1>{de_heading}</h1>" in app.get(path).body
    assert f"<h1>{en_heading}</h1>" in app.get("/en" + path).body


def test_legal_page_content_is_configurable(app, tmp_path, ckan_config, monkeypatch):
    (tmp_path / "impressum.de.md").write_text(
        "# Impressum\n\nHerausgeberin: **Stadt Jena, Testamt**\n"
    )
    monkeypatch.setitem(
        ckan_config, "ckanext.jena.pages.imprint", str(tmp_path / "impressum.{lang}.md")
    )
    html = app.get("/impressum").body
    assert "<strong>Stadt Jena, Testamt</strong>" in html
    # no English file: the German text is shown on /en/ too
    assert "Stadt Jena, Testamt" in app.get("/en/impressum").body


def test_missing_legal_page_file_says_so(app, tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.jena.pages.privacy", str(tmp_path / "none.{lang}.md"))
    html = app.get("/datenschutz").body
    assert "Diese Seite ist noch nicht eingerichtet." in html


def test_search_page_has_the_map_search_with_a_keyboard_alternative(app, content):
    html = app.get("/dataset/", query_string={"q": "Park", "ext_bbox": "11.5,50.8,11.7,51.0"}).body
    assert "Kartensuche" in html
    for key, label in (("west", "West (Längengrad)"), ("south", "Süd (Breitengrad)"),
                       ("east", "Ost (Längengrad)"), ("north", "Nord (Breitengrad)")):  # fmt: skip
        assert f'<label for="jena-bbox-{key}">{label}</label>' in html
        assert f'aria-describedby="jena-bbox-{key}-error"' in html
    assert 'value="11.5"' in html and 'value="51.0"' in html
    assert "Kartenausschnitt verwenden" in html and "Rechteck zeichnen" in html
    # the query is kept when searching by map
    assert '<input type="hidden" class="jena-bbox-keep" name="q" value="Park" />' in html
    assert "Gebiet entfernen" in html


def test_bbox_search_filters_by_area(app, content):
    JenaDataset(
        name="lobeda",
        title="Spielplätze Lobeda",
        owner_org=content["stadt"]["id"],
        spatial=json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[11.60, 50.88], [11.61, 50.88], [11.61, 50.885], [11.60, 50.88]]],
            }
        ),
    )
    html = app.get("/dataset/", query_string={"ext_bbox": "11.58,50.86,11.63,50.90"}).body
    assert "Spielplätze Lobeda" in html
    assert "Parkplätze und Parkhäuser in Jena" not in html


def test_maps_use_the_configured_tile_server(app, content, ckan_config, monkeypatch):
    monkeypatch.setitem(
        ckan_config, "ckanext.jena.map.tile_url", "https://karten.jena.example/{z}/{x}/{y}.png"
    )
    monkeypatch.setitem(ckan_config, "ckanext.jena.map.tile_attribution", "© Stadt Jena")
    html = app.get("/dataset/parkplaetze-jena").body
    m = re.search(r'<div id="jena-dataset-map"[^>]*data-map-config="([^"]+)"', html)
    assert m is not None
    config = json.loads(m.group(1).replace("&#34;", '"'))
    assert config == {
        "tile_url": "https://karten.jena.example/{z}/{x}/{y}.png",
        "attribution": "© Stadt Jena",
    }
