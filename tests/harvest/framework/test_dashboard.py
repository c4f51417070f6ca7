"""The German harvest dashboard (/dashboard/harvest) and the "harvested - change it at
the source" notices on the dataset page and the edit form."""

from __future__ import annotations

from html import unescape

import pytest
from ckan.tests import factories

from ckanext.jena.harvest import runner
from tests.harvest.framework.conftest import make_source


@pytest.fixture
def people(clean_db, clean_index):
    admin = factories.SysadminWithToken()
    editor = factories.UserWithToken()
    outsider = factories.UserWithToken()
    factories.Organization(
        name="stadtverwaltung-jena", users=[{"name": editor["name"], "capacity": "editor"}]
    )
    factories.Organization(
        name="kommunalservice-jena", users=[{"name": outsider["name"], "capacity": "editor"}]
    )
    return admin, editor, outsider


def test_dashboard_in_german_with_runs_counts_errors_and_next_run(app, people, portal):
    admin, editor, outsider = people
    make_source("opendata-jena-ckan", "ckan", portal.url)
    runner.run_source("opendata-jena-ckan")
    portal.get("parken")["notes"] = ""  # the Jena schema requires a description
    portal.get("vornamen")["title"] = "Vornamen 2023"
    runner.run_source("opendata-jena-ckan")
    html = unescape(app.get("/dashboard/harvest", headers={"Authorization": editor["token"]}).body)
    assert "Harvesting-Übersicht" in html
    assert "opendata-jena-ckan" in html and "Nächster geplanter Lauf" in html
    assert "Zeitplan (cron)" in html and "*/30 * * * *" in html
    assert "Fehler des letzten Laufs" in html
    assert "2d3f57c6-af30-4d2e-9dac-8b3f5a4c3e03" in html  # the failing record (parken)
    assert "Letzte Läufe" in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    cells = [[c.split("</td>")[0].strip() for c in r.split("<td>")[1:]] for r in rows]
    # newest first: 0 added, 1 updated, 3 unchanged, 0 withdrawn, 1 error; then 5 added
    assert cells[0][3:] == ["0", "1", "3", "0", "1"]
    assert cells[1][3:] == ["5", "0", "0", "0", "0"]
    # sysadmins see it too; editors of other organizations do not see this source
    assert (
        "opendata-jena-ckan"
        in app.get("/dashboard/harvest", headers={"Authorization": admin["token"]}).body
    )
    resp = app.get("/dashboard/harvest", headers={"Authorization": outsider["token"]}, status=403)
    assert "opendata-jena-ckan" not in resp.body
    app.get("/dashboard/harvest", status=403)
    # the user dashboard links to it for those who may see it
    assert (
        'href="/dashboard/harvest"'
        in app.get("/dashboard/datasets", headers={"Authorization": editor["token"]}).body
    )
    assert (
        'href="/dashboard/harvest"'
        not in app.get("/dashboard/datasets", headers={"Authorization": outsider["token"]}).body
    )


def test_harvested_dataset_page_and_edit_form_point_to_the_source(app, people, portal):
    admin, editor, _ = people
    make_source("opendata-jena-ckan", "ckan", portal.url)
    runner.run_source("opendata-jena-ckan")
    page = unescape(
        app.get("/dataset/baumkataster", headers={"Authorization": editor["token"]}).body
    )
    assert "Dieser Datensatz wird automatisch übernommen aus:" in page
    assert portal.url + "/dataset/baumkataster" in page
    form = unescape(
        app.get("/dataset/edit/baumkataster", headers={"Authorization": editor["token"]}).body
    )
    assert "Bitte ändern Sie die Daten an der Quelle" in form
    # datasets maintained in the portal have no notice
    from ckanext.jena.harvest.helpers import jena_harvest_origin

    assert jena_harvest_origin({"name": "eigener-datensatz", "extras": []}) is None
