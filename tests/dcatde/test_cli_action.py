"""``ckan jena validate`` and the action ``jena_dataset_validate``."""

from __future__ import annotations

import json

import pytest
from ckan.logic import NotAuthorized
from ckan.tests import factories, helpers

from ckanext.jena.cli import jena
from tests.dcatde.conftest import create, minimal_fields

PLACEHOLDER = "http://dcat-ap.de/def/contributors/stadtJena"


class TestCli:
    def test_catalogue_v30_text(self, cli, jena_datasets):
        result = cli.invoke(jena, ["validate"])
        assert result.exit_code == 0, result.output
        assert (
            f"Katalog ({len(jena_datasets)} öffentliche Datensätze), RDF-Profil jena_dcat_ap_de"
            in result.output
        )
        assert "Validierung gegen v30_de_spec" in result.output
        assert "Ergebnis: Verstoß: 0, Warnung: 2, Hinweis: 0 – konform" in result.output
        assert "Deprecated: dcatde:legalBasis" in result.output

    def test_catalogue_v20_reports_the_unregistered_contributor_id(self, cli, jena_datasets):
        result = cli.invoke(jena, ["validate", "--profile", "v20_de_spec_implr"])
        assert result.exit_code == 0, result.output
        assert "RDF-Profil jena_dcat_ap_de_2" in result.output
        assert "Verstoß: 0" in result.output
        assert f"Contributor-ID NICHT REGISTRIERT: {PLACEHOLDER}" in result.output
        strict = cli.invoke(
            jena, ["validate", "--profile", "v20_de_spec_implr", "--require-registered-contributor"]
        )
        assert strict.exit_code == 1

    def test_one_dataset_json(self, cli, jena_datasets):
        name = jena_datasets["maximal"]["name"]
        result = cli.invoke(
            jena,
            ["validate", "--dataset", name, "--format", "json", "--profile", "v20_de_spec_implr"],
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["scope"] == f"Datensatz {name}"
        assert data["rdf_profile"] == "jena_dcat_ap_de_2"
        assert data["counts"] == {"Violation": 0, "Warning": 0, "Info": 0}
        assert data["contributor"]["registered"] is False
        assert len(data["contributor"]["affected_datasets"]) == 1

    def test_violations_give_exit_status_1(self, cli, clean_db, clean_index, sysadmin, org):
        fields = minimal_fields(org)
        fields["resources"][0]["format"] = "FANTASIEFORMAT"  # stored with a warning
        d = create(sysadmin, **fields)
        result = cli.invoke(jena, ["validate", "--dataset", d["name"]])
        assert result.exit_code == 1
        assert "NICHT konform" in result.output and "[Verstoß]" in result.output
        assert "FANTASIEFORMAT" in result.output

    def test_unknown_dataset(self, cli, clean_db):
        result = cli.invoke(jena, ["validate", "--dataset", "gibt-es-nicht"])
        assert result.exit_code == 2
        assert "nicht gefunden" in result.output


class TestAction:
    def test_editor_gets_structured_results(self, jena_datasets, org):
        editor = factories.User()
        helpers.call_action(
            "organization_member_create", id=org["id"], username=editor["name"], role="editor"
        )
        result = helpers.call_action(
            "jena_dataset_validate",
            {"user": editor["name"], "ignore_auth": False},
            id=jena_datasets["maximal"]["name"],
        )
        assert result["run"] == "v30_de_spec" and result["conforms"] is True
        assert result["counts"] == {"Violation": 0, "Warning": 2, "Info": 0}
        finding = result["findings"][0]
        assert set(finding) >= {
            "severity",
            "severity_label",
            "message",
            "focus_node",
            "path",
            "value",
        }
        assert finding["severity_label"] == "Warnung"
        v2 = helpers.call_action(
            "jena_dataset_validate",
            {"user": editor["name"], "ignore_auth": False},
            id=jena_datasets["maximal"]["id"],
            profile="v20_de_spec_implr",
        )
        assert v2["contributor"]["registered"] is False and v2["counts"]["Violation"] == 0

    @pytest.mark.parametrize("role", ["member", None, "anonymous"])
    def test_others_may_not(self, jena_datasets, org, role):
        if role == "anonymous":
            context = {"user": "", "ignore_auth": False}
        else:
            user = factories.User()
            if role:
                helpers.call_action(
                    "organization_member_create", id=org["id"], username=user["name"], role=role
                )
            context = {"user": user["name"], "ignore_auth": False}
        with pytest.raises(NotAuthorized):
            helpers.call_action("jena_dataset_validate", context, id=jena_datasets["typical"]["id"])

    def test_sysadmin_and_private_datasets(self, clean_db, clean_index, sysadmin, org):
        d = create(sysadmin, **{**minimal_fields(org), "private": True})
        result = helpers.call_action(
            "jena_dataset_validate", {"user": sysadmin["name"], "ignore_auth": False}, id=d["id"]
        )
        assert result["conforms"] is True

    def test_bad_input(self, jena_datasets, sysadmin):
        ctx = {"user": sysadmin["name"], "ignore_auth": False}
        with pytest.raises(helpers.logic.ValidationError) as err:
            helpers.call_action(
                "jena_dataset_validate", ctx, id=jena_datasets["typical"]["id"], profile="v4"
            )
        assert "Unknown validation run" in str(err.value.error_dict["profile"])
        with pytest.raises(helpers.logic.ValidationError):
            helpers.call_action("jena_dataset_validate", ctx)
        with pytest.raises(helpers.logic.NotFound):
            helpers.call_action("jena_dataset_validate", ctx, id="gibt-es-nicht")
