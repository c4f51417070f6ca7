"""The publishing form's map for the spatial coverage, in a real browser: the officer draws
a box with the mouse and gets a GeoJSON Polygon in the field, typed GeoJSON is drawn on the
map, the button sets Jena's extent; no tiles, no requests beyond the portal, axe clean."""

from __future__ import annotations

import json
import math
import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_portal import log_in, run_axe

JENA = [[11.4996, 50.8548], [11.6859, 50.9851]]  # the schema's default extent (lon/lat)
PADDING = 12  # fitBounds padding of the widget (px)


def project(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Web Mercator (EPSG:3857) pixel coordinates at ``zoom``, as Leaflet computes them."""
    scale = 256 * 2**zoom
    x = (lon + 180) / 360 * scale
    s = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
    return x, y


def unproject(x: float, y: float, zoom: int) -> tuple[float, float]:
    scale = 256 * 2**zoom
    lon = x / scale * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale))))
    return lon, lat


def view_after_fit(width: float, height: float) -> tuple[int, float, float]:
    """Zoom and projected centre of the map after fitting Jena's extent (Leaflet's
    fitBounds: the largest whole zoom at which the box fits within the padding)."""
    (w, s), (e, n) = JENA
    x0, y0 = project(w, n, 0)
    x1, y1 = project(e, s, 0)
    scale = min((width - 2 * PADDING) / (x1 - x0), (height - 2 * PADDING) / (y1 - y0))
    zoom = min(16, math.floor(math.log2(scale)))
    x0, y0 = project(w, n, zoom)
    x1, y1 = project(e, s, zoom)
    return zoom, (x0 + x1) / 2, (y0 + y1) / 2


def open_form(page, portal):
    log_in(page, portal)
    page.goto(portal.url + "/dataset/new")
    page.wait_for_selector("#field-spatial-map[data-map-ready]")
    return page.get_by_label("Räumliche Abdeckung (GeoJSON)")


def test_officer_draws_the_spatial_coverage_on_the_map(page, portal):
    textarea = open_form(page, portal)
    mapel = page.locator("#field-spatial-map")
    # the field's default (Jena) is shown on the map
    assert json.loads(mapel.get_attribute("data-geometry"))["type"] == "Polygon"
    expect(mapel.locator("path.leaflet-interactive")).to_have_count(1)
    # no tiles configured: a plain map with a degree grid, nothing loaded from outside
    expect(mapel).to_have_class(re.compile(r"jena-map-plain"))
    expect(mapel.locator("img.leaflet-tile")).to_have_count(0)

    # the button sets Jena's extent (and the map fits it)
    textarea.fill("")
    page.get_by_role("button", name="Ausdehnung von Jena verwenden").click()
    extent = json.loads(textarea.input_value())
    assert extent["coordinates"][0][0] == JENA[0]
    assert extent["coordinates"][0][2] == JENA[1]

    # draw a box over the south-east of the city with the mouse
    box = mapel.bounding_box()
    assert box is not None
    zoom, cx, cy = view_after_fit(box["width"], box["height"])
    # from a little north-west of the centre to the south-east (inside Jena's extent)
    start = (box["width"] / 2 - 40, box["height"] / 2 - 30)
    end = (box["width"] / 2 + 45, box["height"] / 2 + 60)
    page.get_by_role("button", name="Rechteck zeichnen").click()
    expect(page.get_by_role("button", name="Rechteck zeichnen")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.mouse.move(box["x"] + start[0], box["y"] + start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + end[0], box["y"] + end[1], steps=8)
    page.mouse.up()

    drawn = json.loads(textarea.input_value())
    assert drawn["type"] == "Polygon"
    ring = drawn["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    # the coordinates of the mouse positions, computed independently of the page
    west, north = unproject(
        cx - box["width"] / 2 + start[0], cy - box["height"] / 2 + start[1], zoom
    )
    east, south = unproject(cx - box["width"] / 2 + end[0], cy - box["height"] / 2 + end[1], zoom)
    tolerance = 0.002  # a few pixels at the city zoom
    assert abs(min(lons) - west) < tolerance, (min(lons), west)
    assert abs(max(lons) - east) < tolerance, (max(lons), east)
    assert abs(min(lats) - south) < tolerance, (min(lats), south)
    assert abs(max(lats) - north) < tolerance, (max(lats), north)
    assert JENA[0][0] < west < east < JENA[1][0]
    assert JENA[0][1] < south < north < JENA[1][1]
    expect(page.get_by_role("button", name="Rechteck zeichnen")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert json.loads(mapel.get_attribute("data-geometry")) == drawn
    screenshot(page, "officer-spatial-drawn")
    assert page.js_errors == []


def test_typed_geojson_is_drawn_and_the_form_is_accessible(page, portal):
    textarea = open_form(page, portal)
    mapel = page.locator("#field-spatial-map")
    status = page.locator("#field-spatial-map-status")
    path = mapel.locator("path.leaflet-interactive")
    before = path.bounding_box()

    # keyboard: type a small polygon around Lobeda into the field
    lobeda = {
        "type": "Polygon",
        "coordinates": [
            [[11.585, 50.86], [11.63, 50.86], [11.63, 50.895], [11.585, 50.895], [11.585, 50.86]]
        ],
    }
    textarea.fill("")
    textarea.press_sequentially(json.dumps(lobeda), delay=0)
    expect(mapel).to_have_attribute("data-geometry", json.dumps(lobeda, separators=(",", ":")))
    expect(path).to_have_count(1)
    after = path.bounding_box()
    assert before is not None and after is not None
    # the map fitted the small polygon: it fills the map, not a corner of Jena
    box = mapel.bounding_box()
    assert after["width"] > box["width"] * 0.3 or after["height"] > box["height"] * 0.3
    assert after != before
    expect(status).to_have_text("")

    # broken GeoJSON: the map keeps the last valid geometry and says so
    textarea.fill('{"type": "Polygon", "coordinates": [[[11.5')
    expect(status).to_contain_text("kein gültiges GeoJSON")
    expect(mapel).to_have_attribute("data-geometry", json.dumps(lobeda, separators=(",", ":")))
    textarea.fill(json.dumps({"type": "Point", "coordinates": [11.5887, 50.9271]}))
    expect(status).to_have_text("")
    expect(mapel.locator("path.leaflet-interactive")).to_have_count(1)  # a circle marker

    # the textarea stays reachable with the keyboard and labelled
    page.get_by_role("button", name="Ausdehnung von Jena verwenden").focus()
    page.keyboard.press("Enter")
    assert json.loads(textarea.input_value())["coordinates"][0][0] == JENA[0]
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == "field-spatial"

    screenshot(page, "officer-spatial-typed")
    assert run_axe(page, "dataset-form-spatial-map") == []
    assert page.js_errors == []
