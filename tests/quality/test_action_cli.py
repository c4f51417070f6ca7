"""Action ``jena_quality_score``, ``ckan jena quality report`` and the panel agree."""

from __future__ import annotations

import json
import re

import pytest
from ckan.logic import NotAuthorized
from ckan.tests import helpers

from ckanext.jena.cli import jena
from tests.quality.conftest import create, maximal_fields, minimal_fields

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _bad(org):
    fields = minimal_fields(org)
    fields["resources"][0]["format"] = "FANTASIEFORMAT"
    return fields


def test_action_cli_and_panel_agree(app, cli, sysadmin, org, editor):
    datasets = [
        create(sysadmin, **maximal_fields(org)),
        create(sysadmin, **minimal_fields(org)),
        create(sysadmin, **_bad(org)),
    ]
    report = cli.invoke(
        jena, ["quality", "report", "--organization", org["name"], "--format", "json"]
    )
    assert report.exit_code == 0, report.output
    rows = {r["name"]: r for r in json.loads(report.output)}
    assert list(rows) == [datasets[2]["name"], datasets[1]["name"], datasets[0]["name"]]
    text = cli.invoke(jena, ["quality", "report", "--organization", org["name"]])
    assert text.exit_code == 0, text.output
    for d in datasets:
        action = helpers.call_action("jena_quality_score", {"user": editor["name"]}, id=d["name"])
        row = rows[d["name"]]
        assert action["points"] == row["points"]
        assert action["dimensions"] == row["dimensions"]
        assert action["validation"]["counts"] == row["validation"]["counts"]
        html = app.get(f"/dataset/{d['name']}", headers=editor["headers"]).body
        shown = re.search(r"Qualitätspunkte: ([\d.]+) von 405 Punkten", html).group(1)
        assert float(shown) == action["points"]
        assert f'data-violations="{action["validation"]["counts"]["Violation"]}"' in html
        assert f"{d['name']}: {action['points']:g}/405 Punkte" in text.output
    bad = helpers.call_action("jena_quality_score", {"user": editor["name"]}, id=datasets[2]["id"])
    assert bad["validation"]["counts"]["Violation"] >= 1
    fmt = [f for f in bad["findings"] if f["severity"] == "Violation"]
    assert fmt, bad["findings"]
    # both the distribution's dct:format and the value's skos:inScheme point at the field
    assert len(fmt) == 2
    assert all(f["field"] == "format" and f["kind"] == "resource" for f in fmt)
    assert {f["edit_url"] for f in fmt} == {
        f"/dataset/{datasets[2]['name']}/resource/{datasets[2]['resources'][0]['id']}"
        "/edit#field-format"
    }
    assert "Verstöße: " in text.output


def test_action_is_for_editors_only(sysadmin, org, citizen, member):
    d = create(sysadmin, **minimal_fields(org))
    for user in (citizen, member):
        with pytest.raises(NotAuthorized):
            helpers.call_action(
                "jena_quality_score", {"user": user["name"], "ignore_auth": False}, id=d["id"]
            )
    with pytest.raises(NotAuthorized):
        helpers.call_action(
            "jena_quality_organization",
            {"user": citizen["name"], "ignore_auth": False},
            id=org["id"],
        )


def test_action_over_http_and_bad_input(app, sysadmin, org, editor):
    d = create(sysadmin, **minimal_fields(org))
    resp = app.get(
        "/api/3/action/jena_quality_score", params={"id": d["name"]}, headers=editor["headers"]
    )
    assert resp.json["result"]["max_points"] == 405
    missing = app.get(
        "/api/3/action/jena_quality_score", params={"id": "gibt-es-nicht"},
        headers=editor["headers"], status=404,
    )  # fmt: skip
    assert missing.json["success"] is False
    no_id = app.get("/api/3/action/jena_quality_score", headers=editor["headers"], status=409)
    assert "id" in no_id.json["error"]


def test_report_for_unknown_organization(cli):
    result = cli.invoke(jena, ["quality", "report", "--organization", "gibt-es-nicht"])
    assert result.exit_code != 0
    assert "organization 'gibt-es-nicht' not found" in result.output
