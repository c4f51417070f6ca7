"""The publishing form through the web app: sections, German choices and defaults, errors
next to the fields, fix and save, then find the dataset in search by facet. Editors
publish only for their own organization."""

from __future__ import annotations

import re
from html import unescape

import pytest
from ckan import model
from ckan.tests import factories, helpers

T = "http://publications.europa.eu/resource/authority/data-theme/"
FREQ = "http://publications.europa.eu/resource/authority/frequency/"
DEU = "http://publications.europa.eu/resource/authority/language/DEU"


@pytest.fixture
def setup():
    officer = factories.UserWithToken(name="datenbeauftragte")
    other_user = factories.User()
    ksj = factories.Organization(
        name="kommunalservice-jena",
        title="Kommunal Service Jena",
        users=[{"name": officer["name"], "capacity": "editor"}],
    )
    swj = factories.Organization(
        name="stadtwerke-jena",
        title="Stadtwerke Jena",
        users=[{"name": other_user["name"], "capacity": "editor"}],
    )
    return officer, ksj, swj


def field_block(html: str, field: str) -> str:
    """The form control group around ``id="field-<field>"`` (up to the next group)."""
    start = html.index(f'id="field-{field}')
    group_start = html.rfind('class="form-group', 0, start)
    group_end = html.find('class="form-group', start)
    return html[group_start : group_end if group_end != -1 else len(html)]


def stage_one(org_id: str, **changes):
    data = {
        "name": "baumkataster-jena",
        "title": "Baumkataster der Stadt Jena",
        "notes": "Standorte, Arten und Pflanzjahre der Straßenbäume.",
        "owner_org": org_id,
        "tag_string": "Bäume,Umwelt",
        "theme": [T + "ENVI", T + "REGI"],
        "language": [DEU],
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "Kommunal Service Jena",
        "access_rights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        "frequency": FREQ + "ANNUAL",
        "contact-0-name": "Kommunal Service Jena, Grünflächen",
        "contact-0-email": "gruen@ksj.jena.de",
        "temporal_coverage-0-start": "2015-01-01",
        "temporal_coverage-0-end": "2025-12-31",
        "spatial": '{"type": "Point", "coordinates": [11.586, 50.928]}',
        "political_geocoding_level_uri": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
        "save": "",
        "_ckan_phase": "1",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_form_round_trip_in_german(app, setup):
    officer, ksj, swj = setup
    headers = {"Authorization": officer["token"]}

    # The empty form: sections, German choices, Jena defaults, only the editor's organization.
    html = app.get("/dataset/new", headers=headers).body
    legends = re.findall(r'<legend class="jena-form-section-title[^"]*">([^<]+)</legend>', html)
    assert [unescape(x) for x in legends] == [
        "Beschreibung",
        "Herausgeber & Kontakt",
        "Lizenz",
        "Zeit & Raum",
        "Qualität & Recht",
    ]
    assert "Umwelt" in field_block(html, "theme") or "Umwelt" in html
    assert 'value="http://publications.europa.eu/resource/authority/data-theme/TRAN"' in html
    assert "Datenlizenz Deutschland Namensnennung 2.0" in html
    org_select = html[
        html.index('id="field-organizations"') : html.index(
            "</select>", html.index('id="field-organizations"')
        )
    ]
    assert ksj["id"] in org_select and swj["id"] not in org_select
    assert re.search(r'<option[^>]*value="dl-by-de/2.0"[^>]*selected', html)
    assert re.search(
        r'value="http://dcat-ap.de/def/politicalGeocoding/Level/municipality"\s+selected', html
    )
    assert "11.4996, 50.8548" in field_block(html, "spatial")  # Jena's extent
    assert "municipalityKey/16053000" in html

    # Submit with mistakes: attribution missing, end before start, bad e-mail, no theme.
    bad = stage_one(
        ksj["id"],
        theme=None,
        license_attribution_by_text="",
        **{
            "contact-0-email": "gruen(at)ksj.jena.de",
            "temporal_coverage-0-start": "2025-12-31",
            "temporal_coverage-0-end": "2015-01-01",
        },
    )
    res = app.post("/dataset/new", headers=headers, data=bad, follow_redirects=False)
    assert res.status_code == 200
    html = res.body
    assert "Wählen Sie mindestens eine Kategorie." in html
    block = field_block(html, "license_attribution_by_text")
    assert "verlangt eine Namensnennung" in unescape(block)
    assert "Keine gültige E-Mail-Adresse" in unescape(html)
    assert "Das Enddatum liegt vor dem Anfangsdatum." in html
    # the values typed are kept in the form
    assert "gruen(at)ksj.jena.de" in html
    assert model.Package.by_name("baumkataster-jena") is None

    # Fixed: stage one stores a draft and leads to the resource form.
    res = app.post(
        "/dataset/new", headers=headers, data=stage_one(ksj["id"]), follow_redirects=False
    )
    assert res.status_code == 302, res.body[:2000]
    location = res.headers["Location"]
    assert "/resource/new" in location
    form = app.get(location, headers=headers).body
    for label in (
        "Download-URL",
        "Prüfsummenverfahren",
        "Geplante Verfügbarkeit",
        "Datendienst (API)",
    ):
        assert label in form, label
    res = app.post(
        location,
        headers=headers,
        data={
            "id": "",
            "url": "https://opendata.jena.de/data/baumkataster.csv",
            "name": "Baumkataster (CSV)",
            "format": "csv",
            "save": "go-metadata",
        },
    )
    assert res.status_code == 200
    pkg = model.Package.by_name("baumkataster-jena")
    assert pkg is not None and pkg.state == "active"
    shown = helpers.call_action("package_show", id="baumkataster-jena")
    assert shown["theme"] == [T + "ENVI", T + "REGI"]
    assert shown["contact"] == [
        {"name": "Kommunal Service Jena, Grünflächen", "email": "gruen@ksj.jena.de"}
    ]
    assert shown["temporal_coverage"] == [{"start": "2015-01-01", "end": "2025-12-31"}]
    assert shown["resources"][0]["format"] == "CSV"
    assert shown["resources"][0]["license"] == "dl-by-de/2.0"

    # The edit form shows the stored values in the same sections; a bad edit is refused
    # with the message next to the field and changes nothing.
    html = app.get("/dataset/edit/baumkataster-jena", headers=headers).body
    assert '<legend class="jena-form-section-title h3">Lizenz</legend>' in html
    assert "gruen@ksj.jena.de" in field_block(html, "contact-0-email")
    edit = stage_one(ksj["id"], license_id="cc-zero", save="")
    edit.pop("_ckan_phase")
    res = app.post(
        "/dataset/edit/baumkataster-jena", headers=headers, data=edit, follow_redirects=False
    )
    assert res.status_code == 200
    assert "verlangt keine Namensnennung" in unescape(
        field_block(res.body, "license_attribution_by_text")
    )
    assert (
        helpers.call_action("package_show", id="baumkataster-jena")["license_id"] == "dl-by-de/2.0"
    )

    # Search page: German facet titles and labels; filtering by theme finds it.
    html = app.get("/dataset/").body
    for title in ("Kategorien", "Herausgeber", "Formate", "Lizenzen", "Aktualisierungsintervall"):
        assert title in html, title
    assert "Umwelt" in html and "jährlich" in html
    html = app.get("/dataset/", query_string={"vocab_theme": T + "ENVI"}).body
    assert "Baumkataster der Stadt Jena" in html
    html = app.get("/dataset/", query_string={"vocab_theme": T + "TRAN"}).body
    assert "Baumkataster der Stadt Jena" not in html


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_editor_cannot_publish_for_another_organization(app, setup):
    officer, ksj, swj = setup
    data = {
        "name": "fremder-datensatz",
        "title": "Fremder Datensatz",
        "notes": "Soll nicht angelegt werden.",
        "owner_org": swj["id"],
        "license_id": "cc-zero",
        "theme": [T + "ENER"],
    }
    res = app.post(
        "/api/3/action/package_create", json=data, headers={"Authorization": officer["token"]}
    )
    assert res.status_code == 403
    assert model.Package.by_name("fremder-datensatz") is None

    # the same through the form
    res = app.post(
        "/dataset/new",
        headers={"Authorization": officer["token"]},
        data=stage_one(swj["id"], name="fremder-datensatz"),
        follow_redirects=False,
    )
    assert res.status_code in (200, 403)
    assert model.Package.by_name("fremder-datensatz") is None

    # for the own organization it works
    res = app.post(
        "/api/3/action/package_create",
        json=dict(data, owner_org=ksj["id"]),
        headers={"Authorization": officer["token"]},
    )
    assert res.status_code == 200, res.json


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_edit_form_keeps_values_outside_the_offered_choices(app, setup):
    """A harvested dataset may use an HVD sub-category or a non-EU language, which the form
    does not offer by default: the edit form shows them selected, so saving keeps them."""
    officer, ksj, swj = setup
    hvd_sub = "http://data.europa.eu/bna/c_3af3368c"  # weather station observations
    turkish = "http://publications.europa.eu/resource/authority/language/TUR"
    helpers.call_action(
        "package_create",
        context={"user": officer["name"]},
        name="wetterstation",
        title="Wetterstation Jena-Sternwarte",
        notes="Messwerte",
        owner_org=ksj["id"],
        license_id="cc-zero",
        theme=[T + "ENVI"],
        hvd_category=[hvd_sub],
        language=[DEU, turkish],
    )
    html = app.get("/dataset/edit/wetterstation", headers={"Authorization": officer["token"]}).body
    # no defaults in the edit form: the dataset has no spatial coverage and keeps none
    assert "11.4996" not in field_block(html, "spatial")
    assert "selected" not in field_block(html, "political_geocoding_level_uri")
    assert re.search(r'value="' + re.escape(hvd_sub) + r'"\s+checked', html)
    assert "Beobachtungsmessdaten von Wetterstationen" in html
    assert re.search(r'value="' + re.escape(turkish) + r'"\s+selected', html)

    # saving the form unchanged keeps both
    form = {
        "name": "wetterstation",
        "title": "Wetterstation Jena-Sternwarte",
        "notes": "Messwerte",
        "owner_org": ksj["id"],
        "license_id": "cc-zero",
        "theme": [T + "ENVI"],
        "hvd_category": [hvd_sub],
        "language": [DEU, turkish],
        "save": "",
    }
    res = app.post(
        "/dataset/edit/wetterstation",
        headers={"Authorization": officer["token"]},
        data=form,
        follow_redirects=False,
    )
    assert res.status_code == 302, res.body[:1000]
    shown = helpers.call_action("package_show", id="wetterstation")
    assert shown["hvd_category"] == [hvd_sub]
    assert shown["language"] == [DEU, turkish]
