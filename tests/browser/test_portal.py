"""The portal in a real browser (Debian's chromium, headless): the citizen's way through
the portal, accessibility (axe-core, WCAG 2.1 AA), no requests beyond the portal.

Screenshots go to test-artifacts/screenshots/, axe results to test-artifacts/axe/.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, HERE, screenshot

AXE = os.path.join(HERE, "vendor", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def run_axe(page, name: str) -> list[dict]:
    """Run axe-core on the page; write the result; return serious/critical violations."""
    page.add_script_tag(path=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    out_dir = os.path.join(ARTIFACTS, "axe")
    os.makedirs(out_dir, exist_ok=True)
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
        json.dump({"url": page.url, "violations": violations}, f, indent=2)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


PAGES = [
    ("home", "/", None),
    ("home-en", "/en/", None),
    ("search", "/dataset/", None),
    ("dataset", "/dataset/fahrradabstellanlagen-jena", "#jena-dataset-map[data-map-ready]"),
    ("organizations", "/organization/", None),
    ("organization", "/organization/kommunalservice-jena", None),
    ("daten-nutzen", "/daten-nutzen", None),
    ("barrierefreiheit", "/barrierefreiheit", None),
    ("impressum", "/impressum", None),
    ("datenschutz", "/datenschutz", None),
    ("login-form", "/user/login", None),
    ("dataset-en", "/en/dataset/parkplaetze-jena", "#jena-dataset-map[data-map-ready]"),
    ("daten-nutzen-en", "/en/daten-nutzen", None),
    ("search-filtered", "/dataset/?q=Jena&ext_bbox=11.5,50.85,11.7,50.95", None),
]


@pytest.mark.parametrize(("name", "path", "ready"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_accessibility_violations(page, portal, name, path, ready):
    response = page.goto(portal.url + path)
    assert response is not None and response.status == 200
    if ready:
        page.wait_for_selector(ready)
    screenshot(page, name)
    serious = run_axe(page, name)
    assert serious == [], json.dumps(serious, indent=2)
    assert page.js_errors == []


def test_resource_previews_are_accessible(page, portal):
    fahrrad = portal.data.datasets["fahrrad"]
    page.goto(f"{portal.url}/dataset/{fahrrad['name']}/resource/{fahrrad['resources'][0]['id']}")
    expect(page.locator("#jena-preview table")).to_be_visible()
    screenshot(page, "resource-csv-preview")
    assert run_axe(page, "resource-csv-preview") == []

    parken = portal.data.datasets["parken"]
    page.goto(f"{portal.url}/dataset/{parken['name']}/resource/{parken['resources'][0]['id']}")
    page.wait_for_selector("#jena-preview-map[data-features]")
    screenshot(page, "resource-geojson-preview")
    assert run_axe(page, "resource-geojson-preview") == []


def test_citizen_finds_previews_and_downloads_data(page, portal, file_server):
    page.goto(portal.url + "/")
    # search from the home page
    page.locator("#jena-home-search").fill("Jena")
    page.locator(".jena-hero button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dataset/\?q=Jena"))
    screenshot(page, "flow-1-search")

    # filter by theme (Verkehr) and by publisher
    page.locator(".nav-facet a[href*='vocab_theme=']", has_text="Verkehr").first.click()
    page.wait_for_url(re.compile(r"vocab_theme="))
    expect(page.locator(".dataset-item", has_text="Parkplätze und Parkhäuser")).to_have_count(1)
    expect(page.locator(".dataset-item", has_text="Baumkataster")).to_have_count(0)
    page.locator(
        ".nav-facet a[href*='organization=']", has_text="Stadtverwaltung Jena"
    ).first.click()
    page.wait_for_url(re.compile(r"organization=stadtverwaltung-jena"))
    items = page.locator(".dataset-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Fahrradabstellanlagen in Jena")
    screenshot(page, "flow-2-filtered")

    # open the dataset: description, map, licence, contact, metadata links
    items.first.locator("a", has_text="Fahrradabstellanlagen in Jena").first.click()
    page.wait_for_selector("#jena-dataset-map[data-map-ready]")
    expect(page.locator("h1")).to_contain_text("Fahrradabstellanlagen in Jena")
    expect(page.locator(".jena-temporal")).to_contain_text("2024")
    expect(page.locator(".jena-contact")).to_contain_text("opendata@jena.de")
    expect(page.locator("#jena-attribution-text")).to_have_value(
        re.compile("Stadtverwaltung Jena.*Fahrradabstellanlagen in Jena")
    )
    expect(page.get_by_role("link", name="Turtle")).to_be_visible()
    # the map works without tiles: the coverage is drawn, no tile is requested
    dataset_map = page.locator("#jena-dataset-map")
    expect(dataset_map).to_have_attribute("data-features", "1")
    expect(dataset_map.locator(".leaflet-tile")).to_have_count(0)
    expect(dataset_map.locator("path.leaflet-interactive")).to_have_count(1)
    # the attribution text is copied with the Clipboard API ...
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=portal.url)
    attribution = page.locator("#jena-attribution-text").input_value()
    page.get_by_role("button", name="Namensnennung kopieren").click()
    status = page.locator("#jena-attribution-text-status")
    expect(status).to_have_text("Der Text zur Namensnennung wurde kopiert.")
    assert page.evaluate("() => navigator.clipboard.readText()") == attribution
    # ... and without it (older browsers): the text is selected and copied or to be copied
    page.evaluate("() => { Object.defineProperty(navigator, 'clipboard', {value: undefined}); }")
    page.evaluate(
        "() => { document.getElementById('jena-attribution-text-status').textContent = ''; }"
    )
    page.get_by_role("button", name="Namensnennung kopieren").click()
    expect(status).to_have_text(
        re.compile("Der Text zur Namensnennung wurde kopiert.|Der Text ist markiert")
    )
    assert page.evaluate("() => document.activeElement.id") == "jena-attribution-text"
    assert page.evaluate(
        "() => { const t = document.activeElement; return t.selectionEnd - t.selectionStart; }"
    ) == len(attribution)
    screenshot(page, "flow-3-dataset")

    # preview the CSV as a table
    page.locator(".jena-resource a", has_text="Vorschau").first.click()
    table = page.locator("#jena-preview table")
    expect(table).to_be_visible()
    expect(table.locator("thead th").first).to_have_text("id")
    expect(table.locator("tbody tr")).to_have_count(8)
    expect(table).to_contain_text("Paradiesbahnhof")
    screenshot(page, "flow-4-preview")

    # download the file from the (loopback) file server
    page.go_back()
    with page.expect_download() as info:
        page.locator("a.jena-download").first.click()
    download = info.value
    with open(download.path(), encoding="utf-8") as f:
        content = f.read()
    assert content.startswith("id;standort;stadtteil")
    assert "/fahrradabstellanlagen.csv" in file_server.handler.requests_seen
    assert page.js_errors == []


def test_citizen_uses_the_map_search(page, portal):
    page.goto(portal.url + "/dataset/")
    page.wait_for_selector(".jena-bbox-map[data-map-ready]")
    # draw a box around Lobeda (south of the centre) with the mouse
    page.get_by_role("button", name="Rechteck zeichnen").click()
    box = page.locator(".jena-bbox-map").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.55)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.95, steps=8)
    page.mouse.up()
    west = float(page.get_by_label("West (Längengrad)").input_value())
    east = float(page.get_by_label("Ost (Längengrad)").input_value())
    assert west < east
    screenshot(page, "map-search-drawn")

    # a theme filter (applied through htmx) is kept by the map search
    page.locator(".nav-facet a[href*='vocab_theme=']", has_text="Umwelt").first.click()
    page.wait_for_url(re.compile(r"vocab_theme="))

    # keyboard alternative: type the coordinates of Lobeda
    page.get_by_label("West (Längengrad)").fill("11.585")
    page.get_by_label("Süd (Breitengrad)").fill("50.86")
    page.get_by_label("Ost (Längengrad)").fill("11.63")
    page.get_by_label("Nord (Breitengrad)").fill("50.895")
    page.get_by_role("button", name="In diesem Gebiet suchen").click()
    page.wait_for_url(re.compile(r"ext_bbox="))
    query = parse_qs(urlsplit(page.url).query)
    assert query["ext_bbox"] == ["11.585,50.86,11.63,50.895"]
    assert query["vocab_theme"] == [
        "http://publications.europa.eu/resource/authority/data-theme/ENVI"
    ]
    titles = page.locator(".dataset-item .dataset-heading").all_inner_texts()
    assert any("Baumkataster Lobeda" in t for t in titles)
    assert not any("Fahrradabstellanlagen" in t for t in titles)
    screenshot(page, "map-search-results")


def test_map_search_errors_are_shown_at_the_fields(page, portal):
    page.goto(portal.url + "/dataset/")
    page.wait_for_selector(".jena-bbox-map[data-map-ready]")
    page.get_by_label("West (Längengrad)").fill("200")
    page.get_by_label("Süd (Breitengrad)").fill("50.9")
    page.get_by_label("Ost (Längengrad)").fill("11.6")
    page.get_by_label("Nord (Breitengrad)").fill("50.8")
    page.get_by_role("button", name="In diesem Gebiet suchen").click()
    west = page.get_by_label("West (Längengrad)")
    expect(west).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#jena-bbox-west-error")).to_contain_text("zwischen -180 und 180")
    expect(west).to_be_focused()
    assert "ext_bbox" not in page.url
    screenshot(page, "map-search-errors")
    assert run_axe(page, "map-search-errors") == []


@pytest.mark.parametrize(
    ("name", "path"),
    [("home", "/"), ("search", "/dataset/"), ("dataset", "/dataset/fahrradabstellanlagen-jena")],
)
def test_layout_fits_a_phone_screen(page, portal, name, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(portal.url + path)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    # the navigation collapses behind a labelled toggle button
    toggle = page.locator("button.navbar-toggler")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(page.get_by_role("link", name="Daten nutzen").first).to_be_visible()
    screenshot(page, f"mobile-{name}")


def test_keyboard_user_reaches_the_content_and_the_map_controls(page, portal):
    page.goto(portal.url + "/dataset/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Überspringen zum Hauptinhalt")
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    # the map search's buttons and fields are reachable with the keyboard
    page.locator("#jena-bbox-help").click()
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate(
                "() => document.activeElement.id || document.activeElement.textContent.trim()"
            )
        )
    assert "Kartenausschnitt verwenden" in order
    assert "jena-bbox-west" in order and "jena-bbox-north" in order
    # "use map section" fills the four fields from the visible map
    page.get_by_role("button", name="Kartenausschnitt verwenden").focus()
    page.keyboard.press("Enter")
    west = float(page.get_by_label("West (Längengrad)").input_value())
    east = float(page.get_by_label("Ost (Längengrad)").input_value())
    assert 11.0 < west < east < 12.2


def log_in(page, portal) -> None:
    from tests.browser.seed import PASSWORD  # noqa: PLC0415

    page.goto(portal.url + "/user/login")
    page.locator("#field-login").fill(portal.data.sysadmin["name"])
    page.locator("#field-password").fill(PASSWORD)
    page.locator("form button[type=submit]", has_text="Anmeldung").click()
    page.wait_for_url(re.compile(r"/(dashboard|user)/"))


EDITOR_PAGES = [
    ("dataset-form", "/dataset/new"),
    ("dashboard", "/dashboard/datasets"),
    ("harvest-sources", "/harvest/"),
    ("harvest-dashboard", "/dashboard/harvest"),
    ("dataset-as-editor", "/dataset/fahrradabstellanlagen-jena"),
    ("quality-organization", "/organization/kommunalservice-jena/qualitaet"),
]


def test_editor_pages_have_no_serious_accessibility_violations(page, portal):
    log_in(page, portal)
    failures = {}
    for name, path in EDITOR_PAGES:
        response = page.goto(portal.url + path)
        assert response is not None and response.status == 200, path
        screenshot(page, name)
        serious = run_axe(page, name)
        if serious:
            failures[name] = serious
    assert failures == {}, json.dumps(failures, indent=2)

    # scheming's list widget: a row added with "Add" is labelled and repeats no id
    page.goto(portal.url + "/dataset/new")
    page.locator("fieldset[name=documentation] a.btn-link").click()
    inputs = page.locator("fieldset[name=documentation] input")
    expect(inputs).to_have_count(2)
    expect(page.locator("[id=field-documentation]")).to_have_count(1)
    expect(inputs.nth(1)).to_have_attribute("aria-label", re.compile(r"\w"))
    assert run_axe(page, "dataset-form-added-row") == []


def test_data_officer_fixes_german_errors_and_publishes(page, portal, file_server):
    log_in(page, portal)
    page.goto(portal.url + "/dataset/new")
    page.locator("#field-title").fill("Sitzbänke in Jena")
    page.locator("#field-notes").fill("Standorte der öffentlichen Sitzbänke im Stadtgebiet.")
    page.locator("#field-url").fill("kein Link")  # bad URL, and no theme ticked
    page.locator("button[name=save]").first.click()
    page.wait_for_load_state()
    # German errors, each at its field
    errors = page.locator(".error-block, .error-explanation, .alert-error, .alert-danger")
    expect(errors.first).to_be_visible()
    body = page.locator("form#dataset-edit, form.dataset-form").first.inner_text()
    assert re.search(r"fehlt|erforderlich|Pflicht|mindestens", body), body[:2000]
    url_group = page.locator("#field-url").locator(
        "xpath=ancestor::*[contains(@class,'form-group')][1]"
    )
    expect(url_group.locator(".error-block")).to_be_visible()
    screenshot(page, "officer-form-errors")
    assert run_axe(page, "officer-form-errors") == []

    # fix the values and publish with a resource
    page.get_by_label("Verkehr", exact=True).check()
    page.locator("#field-url").fill("https://www.jena.de/sitzbaenke")
    page.locator("#field-license_attribution_by_text").fill("Stadt Jena, Fachdienst Umwelt")
    page.locator("#field-private").select_option("False")  # public
    page.locator("button[name=save]").first.click()
    page.wait_for_url(re.compile(r"/resource/new"))
    if not page.locator("#field-resource-url").is_visible():
        page.locator(
            "#resource-url-link, a:has-text('Link'), button:has-text('Link')"
        ).first.click()
    page.locator("#field-resource-url").fill(file_server.base + "/fahrradabstellanlagen.csv")
    page.locator("#field-name").fill("Sitzbänke (CSV)")
    page.locator("button[name=save][value=go-metadata]").click()
    page.wait_for_url(lambda url: "/resource/" not in url)
    expect(page.locator("h1").first).to_contain_text("Sitzbänke in Jena")
    expect(page.locator(".jena-resource")).to_contain_text("Sitzbänke (CSV)")
    screenshot(page, "officer-published")
    # the quality panel: zero DCAT-AP.de violations, the score and its indicators
    panel = page.locator("#jena-quality")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text("Qualität")
    expect(panel.locator(".jena-quality-counts")).to_have_attribute("data-violations", "0")
    expect(panel.locator(".jena-quality-counts")).to_contain_text("Verstöße: 0")
    expect(panel).to_contain_text(re.compile(r"Qualitätspunkte: [\d.]+ von 405 Punkten"))
    panel.locator("summary").click()
    expect(panel.locator("table").first).to_be_visible()
    panel.scroll_into_view_if_needed()
    screenshot(page, "officer-quality-panel")
    assert run_axe(page, "officer-quality-panel") == []
    # an unmet indicator's link opens the form at its field
    link = panel.locator("a[href*='/dataset/edit/'][href*='#field-']").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(r"/dataset/edit/"))
    expect(page.locator(f"[id='{anchor}']")).to_have_count(1)
    # published: anonymous users find it through the API
    name = urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1]
    shown = requests.get(
        portal.url + "/api/3/action/package_show", params={"id": name}, timeout=10
    ).json()
    assert shown["success"] and shown["result"]["private"] is False, shown
    assert shown["result"]["theme"] == [
        "http://publications.europa.eu/resource/authority/data-theme/TRAN"
    ]
    # leave the seeded catalogue as it was for the other tests
    purged = requests.post(
        portal.url + "/api/3/action/dataset_purge",
        json={"id": name},
        headers={"Authorization": portal.data.token},
        timeout=30,
    )
    assert purged.json()["success"], purged.text
