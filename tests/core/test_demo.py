"""`ckan jena demo load` creates the demo content once and is idempotent."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.tests import helpers

from ckanext.jena.cli import jena


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_demo_load_is_idempotent(cli):
    first = cli.invoke(jena, ["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "0 aktualisiert" in first.output

    count = helpers.call_action("package_search", q="*:*")["count"]
    assert count >= 5
    # the organizations come from config/organizations.yaml (ckan jena orgs sync)
    orgs = helpers.call_action("organization_list")
    assert set(orgs) == {
        "stadtverwaltung-jena",
        "kommunalservice-jena",
        "stadtwerke-jena",
        "jenaer-nahverkehr",
        "jenawohnen",
        "jenakultur",
        "jenawirtschaft",
        "jenaer-baeder",
    }
    assert "angelegt/created: organization jenakultur" in first.output
    admin = model.User.get("admin")
    assert admin is not None and admin.sysadmin

    second = cli.invoke(jena, ["demo", "load"])
    assert second.exit_code == 0, second.output
    assert " 0 angelegt" in second.output or second.output.strip().endswith(" aktualisiert")
    assert "\n0 angelegt" in "\n" + second.output.splitlines()[-1]
    # unchanged organizations are not rewritten
    assert "organization" not in second.output
    assert helpers.call_action("package_search", q="*:*")["count"] == count
    result = helpers.call_action("package_search", fq="organization:kommunalservice-jena")
    assert {d["name"] for d in result["results"]} == {"baumkataster-jena", "parkplaetze-jena"}
