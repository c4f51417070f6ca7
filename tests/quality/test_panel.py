"""The "Qualität" panel on the dataset page and the organization overview."""

from __future__ import annotations

import re

import pytest
from ckan.tests import factories

from tests.quality.conftest import create, maximal_fields, minimal_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _bad(org):
    """A dataset with a DCAT-AP.de violation at a known field: a licence requiring
    attribution without the attribution text is caught by the schema, so use a resource
    format outside the EU file-type list (stored with a warning, a SHACL violation)."""
    fields = minimal_fields(org)
    fields["resources"][0]["format"] = "FANTASIEFORMAT"
    return fields


def test_panel_is_shown_to_editors_with_german_findings_and_field_links(app, sysadmin, org, editor):
    d = create(sysadmin, **_bad(org))
    res_id = d["resources"][0]["id"]
    html = app.get(f"/dataset/{d['name']}", headers=editor["headers"]).body
    assert 'id="jena-quality"' in html
    assert "Qualität" in html
    assert "Verstöße: " in html and 'data-violations="0"' not in html
    assert "Verstoß" in html
    link = f"/dataset/{d['name']}/resource/{res_id}/edit#field-format"
    assert f'href="{link}"' in html
    # the link leads to the form, to an element with the anchor's id
    form = app.get(link.split("#")[0], headers=editor["headers"]).body
    assert 'id="field-format"' in form
    assert re.search(r"Qualitätspunkte: [\d.]+ von 405 Punkten", html)


def test_dataset_field_links_point_at_existing_form_fields(app, sysadmin, org, editor):
    fields = minimal_fields(org)
    fields["license_id"] = "dl-by-de/2.0"  # needs an attribution text ...
    fields["license_attribution_by_text"] = "Stadt Jena"
    d = create(sysadmin, **fields)
    html = app.get(f"/dataset/{d['name']}", headers=editor["headers"]).body
    form = app.get(f"/dataset/edit/{d['name']}", headers=editor["headers"]).body
    # the unmet dataset-level indicators link to their fields, and the fields exist
    links = re.findall(rf'href="/dataset/edit/{d["name"]}#field-([a-z_]+)"', html)
    assert {"tag_string", "temporal_coverage", "access_rights", "spatial", "contact"} <= set(links)
    for field in links:
        assert f'id="field-{field}"' in form, (
            field,
            " ".join(sorted(set(re.findall(r'id="(field-[^"]+)"', form)))),
        )


@pytest.mark.parametrize("who", ["anonymous", "citizen", "member"])
def test_panel_is_invisible_to_others(app, sysadmin, org, citizen, member, who):
    d = create(sysadmin, **minimal_fields(org))
    headers = {"anonymous": {}, "citizen": citizen["headers"], "member": member["headers"]}[who]
    html = app.get(f"/dataset/{d['name']}", headers=headers).body
    assert d["title"] in html
    assert 'id="jena-quality"' not in html
    assert "Qualitätspunkte" not in html


def test_panel_for_sysadmins_shows_zero_violations_of_a_good_dataset(app, sysadmin, org):
    d = create(sysadmin, **maximal_fields(org))
    token = factories.APIToken(user=sysadmin["name"])["token"]
    html = app.get(f"/dataset/{d['name']}", headers={"Authorization": token}).body
    assert 'data-violations="0"' in html
    assert "Verstöße: 0" in html


def test_organization_overview_lists_worst_first(app, sysadmin, org, editor, citizen):
    good = create(sysadmin, **maximal_fields(org))
    minimal = create(sysadmin, **minimal_fields(org))
    bad = create(sysadmin, **_bad(org))
    url = f"/organization/{org['name']}/qualitaet"
    html = app.get(url, headers=editor["headers"]).body
    rows = re.findall(r'class="jena-quality-row" data-name="([^"]+)"', html)
    assert rows == [bad["name"], minimal["name"], good["name"]]
    assert "1 von 3 Datensätzen haben DCAT-AP.de-Verstöße" in html
    # the organization page links to the overview for its editors only
    org_page = f"/organization/{org['name']}"
    assert f'href="{url}"' in app.get(org_page, headers=editor["headers"]).body
    assert f'href="{url}"' not in app.get(org_page, headers=citizen["headers"]).body
    assert app.get(url, headers=citizen["headers"], status=403)
    assert app.get(url, status=403)
    assert app.get("/organization/gibt-es-nicht/qualitaet", headers=editor["headers"], status=404)


def test_panel_in_english(app, sysadmin, org, editor):
    d = create(sysadmin, **_bad(org))
    html = app.get(f"/en/dataset/{d['name']}", headers=editor["headers"]).body
    assert re.search(r"Quality score: [\d.]+ of 405 points", html)
    assert "Violations: " in html and "Qualitätspunkte" not in html
