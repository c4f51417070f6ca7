"""The publishing form's spatial field: a map widget above the GeoJSON textarea, which
stays the labelled input and shows the validation error at the field."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def officer():
    user = factories.UserWithToken(name="datenbeauftragte-karte")
    org = factories.Organization(
        name="kommunalservice-jena",
        title="Kommunal Service Jena",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user, org


def test_form_has_the_map_widget_above_the_labelled_textarea(app, officer):
    user, _org = officer
    html = app.get("/dataset/new", headers={"Authorization": user["token"]}).body
    widget = html.index('id="field-spatial-widget"')
    textarea = html.index('<textarea id="field-spatial"')
    assert widget < textarea
    assert 'data-module="jena-spatial-input"' in html
    assert 'data-target="field-spatial"' in html
    assert 'id="field-spatial-map"' in html
    assert re.search(r'<label[^>]*for="field-spatial"', html)
    assert "Ausdehnung von Jena verwenden" in html
    assert "Rechteck zeichnen" in html
    assert 'aria-label="Karte der räumlichen Abdeckung.' in html
    # the Jena extent of the button is the schema's default geometry
    extent = json.loads(unescape(re.search(r'data-extent="([^"]*)"', html).group(1)))
    assert extent["type"] == "Polygon"
    assert extent["coordinates"][0][0] == [11.4996, 50.8548]
    # the Leaflet bundle is served by the portal itself
    assert re.search(r'src="/webassets/jena_theme/[^"]*jena_map\.js"', html)
    assert "unpkg.com" not in html


def test_invalid_geojson_error_is_shown_at_the_textarea(app, officer):
    user, org = officer
    resp = app.post(
        "/dataset/new",
        headers={"Authorization": user["token"]},
        data={
            "name": "karte-test",
            "title": "Karte Test",
            "owner_org": org["id"],
            "spatial": '{"type": "Polygon"',
            "save": "",
        },
    )
    html = resp.body
    start = html.index('<textarea id="field-spatial"')
    block = html[html.rfind('class="form-group', 0, start) : html.find('class="form-group', start)]
    assert "field-spatial-widget" in resp.body
    assert 'class="form-group error' in block
    assert re.search(r'<span class="error-block">[^<]*kein gültiges JSON', block)
    assert '{"type": "Polygon"' in unescape(block)
