"""Validation of the Jena schema in the action layer: one good and one bad case per rule.

The API is called over HTTP (German messages, as data officers and API clients see them);
a few checks use call_action directly. Invalid input never changes the stored dataset.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

T = "http://publications.europa.eu/resource/authority/data-theme/"
FREQ = "http://publications.europa.eu/resource/authority/frequency/"
LANG = "http://publications.europa.eu/resource/authority/language/"
HVD_MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
ELI_HVD = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
JENA = (
    '{"type": "Polygon", "coordinates": [[[11.50, 50.85], [11.68, 50.85], '
    "[11.68, 50.98], [11.50, 50.98], [11.50, 50.85]]]}"
)
MD5 = "9e107d9d372bb6826bd81d3542a419d6"
SHA1 = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"


def base(org_id: str, name: str = "baumkataster") -> dict[str, Any]:
    return {
        "name": name,
        "title": "Baumkataster der Stadt Jena",
        "notes": "Standorte und Arten der Straßenbäume.",
        "owner_org": org_id,
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "Kommunal Service Jena",
        "theme": [T + "ENVI"],
        "contact": [{"name": "KSJ", "email": "ksj@jena.de"}],
        "spatial": JENA,
        "resources": [{"url": "https://opendata.jena.de/baeume.csv", "format": "CSV"}],
    }


def patch(d: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply changes; keys like ``resources.0.size`` reach into lists."""
    out = copy.deepcopy(d)
    for path, value in changes.items():
        target: Any = out
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if isinstance(target, list) else target[part]
        last = parts[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return out


def error_at(errors: dict[str, Any], path: str) -> list[str]:
    node: Any = errors
    for part in path.split("."):
        if isinstance(node, list):
            index = int(part)
            node = node[index] if index < len(node) else {}
        else:
            node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, list) else []


# rule, good changes, bad changes, error path, fragment of the German message
RULES = [
    (
        "unknown licence",
        {"license_id": "dl-by-de/2.0"},
        {"license_id": "dl-de-by-2.0"},
        "license_id",
        "Unbekannte Lizenz „dl-de-by-2.0“",
    ),
    (
        "unknown theme IRI",
        {"theme": [T + "TRAN", T + "ENVI"]},
        {"theme": [T + "TRAFFIC"]},
        "theme",
        "Unbekannte Kategorie",
    ),
    (
        "theme required",
        {"theme": [T + "SOCI"]},
        {"theme": []},
        "theme",
        "mindestens eine Kategorie",
    ),
    (
        "unknown frequency IRI",
        {"frequency": FREQ + "WEEKLY"},
        {"frequency": "http://example.org/weekly"},
        "frequency",
        "Unbekannter Wert",
    ),
    (
        "unknown language IRI",
        {"language": [LANG + "DEU", LANG + "ENG"]},
        {"language": [LANG + "XXX"]},
        "language",
        "Unbekannter Wert",
    ),
    (
        "unknown access right",
        {"access_rights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
        {"access_rights": "offen"},
        "access_rights",
        "Unbekannter Wert",
    ),
    (
        "unknown HVD category",
        {"hvd_category": [HVD_MOBILITY]},
        {"hvd_category": ["http://data.europa.eu/bna/c_nonsense"]},
        "hvd_category",
        "Unbekannter Wert",
    ),
    (
        "unknown geocoding level",
        {
            "political_geocoding_level_uri": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        },
        {"political_geocoding_level_uri": "http://dcat-ap.de/def/politicalGeocoding/Level/city"},
        "political_geocoding_level_uri",
        "Unbekannter Wert",
    ),
    (
        "attribution text missing",
        {"license_id": "cc-by/4.0", "license_attribution_by_text": "Stadt Jena"},
        {"license_id": "cc-by/4.0", "license_attribution_by_text": ""},
        "license_attribution_by_text",
        "verlangt eine Namensnennung",
    ),
    (
        "attribution text for a licence without attribution",
        {"license_id": "cc-zero", "license_attribution_by_text": ""},
        {"license_id": "cc-zero", "license_attribution_by_text": "Stadt Jena"},
        "license_attribution_by_text",
        "verlangt keine Namensnennung",
    ),
    (
        "end before start",
        {"temporal_coverage": [{"start": "2020-01-01", "end": "2024-12-31"}]},
        {"temporal_coverage": [{"start": "2024-12-31", "end": "2020-01-01"}]},
        "temporal_coverage.0.end",
        "Das Enddatum liegt vor dem Anfangsdatum",
    ),
    (
        "malformed landing page URL",
        {"url": "https://www.jena.de/baeume"},
        {"url": "www.jena.de/baeume"},
        "url",
        "Keine gültige Webadresse",
    ),
    (
        "malformed documentation URL",
        {"documentation": ["https://www.jena.de/doku.pdf"]},
        {"documentation": ["ftp//jena.de"]},
        "documentation",
        "Keine gültige Webadresse",
    ),
    (
        "malformed contact email",
        {"contact": [{"name": "KSJ", "email": "gruen@ksj.jena.de"}]},
        {"contact": [{"name": "KSJ", "email": "gruen(at)ksj.jena.de"}]},
        "contact.0.email",
        "Keine gültige E-Mail-Adresse",
    ),
    (
        "contact without email or URL",
        {"contact": [{"name": "KSJ", "url": "https://www.ksj.de/kontakt"}]},
        {"contact": [{"name": "KSJ", "phone": "+49 3641 49-0"}]},
        "contact.0.email",
        "E-Mail-Adresse oder eine Webadresse",
    ),
    (
        "malformed phone number",
        {"contact": [{"email": "a@jena.de", "phone": "+49 3641 49-0"}]},
        {"contact": [{"email": "a@jena.de", "phone": "call us"}]},
        "contact.0.phone",
        "Keine gültige Telefonnummer",
    ),
    (
        "invalid GeoJSON",
        {"spatial": JENA},
        {"spatial": '{"type": "Polygon", "coordinates": [[[11.5, 50.8]'},
        "spatial",
        "kein gültiges JSON",
    ),
    (
        "not a geometry",
        {"spatial": '{"type": "Point", "coordinates": [11.58, 50.92]}'},
        {"spatial": '{"type": "Feature", "properties": {}, "geometry": null}'},
        "spatial",
        "muss eine GeoJSON-Geometrie sein",
    ),
    (
        "broken coordinates",
        {"spatial": '{"type": "LineString", "coordinates": [[11.5, 50.9], [11.6, 50.95]]}'},
        {
            "spatial": '{"type": "Polygon", "coordinates": [[[11.5, 50.9], [11.6, 50.95], [11.7, 50.9]]]}'
        },
        "spatial",
        "Ungültige Koordinaten",
    ),
    (
        "temporal resolution not a duration",
        {"temporal_resolution": "PT15M"},
        {"temporal_resolution": "15 Minuten"},
        "temporal_resolution",
        "Keine ISO-8601-Dauer",
    ),
    (
        "byte size negative",
        {"resources.0.size": 2048},
        {"resources.0.size": -5},
        "resources.0.size",
        "ganze Zahl von Bytes",
    ),
    (
        "byte size not an integer",
        {"resources.0.size": "2048"},
        {"resources.0.size": "2,5 MB"},
        "resources.0.size",
        "ganze Zahl von Bytes",
    ),
    (
        "checksum length does not match md5",
        {"resources.0.hash": MD5, "resources.0.hash_algorithm": "md5"},
        {"resources.0.hash": SHA1, "resources.0.hash_algorithm": "md5"},
        "resources.0.hash",
        "Eine MD5-Prüfsumme hat 32 Hexadezimalziffern, diese hat 40",
    ),
    (
        "checksum not hexadecimal",
        {"resources.0.hash": SHA1, "resources.0.hash_algorithm": "sha1"},
        {"resources.0.hash": "z" * 40, "resources.0.hash_algorithm": "sha1"},
        "resources.0.hash",
        "Hexadezimalziffern",
    ),
    (
        "checksum without algorithm",
        {"resources.0.hash": MD5, "resources.0.hash_algorithm": "MD5"},
        {"resources.0.hash": MD5},
        "resources.0.hash_algorithm",
        "Verfahren der Prüfsumme",
    ),
    (
        "unknown checksum algorithm",
        {"resources.0.hash": SHA1, "resources.0.hash_algorithm": "sha1"},
        {"resources.0.hash": SHA1, "resources.0.hash_algorithm": "crc32"},
        "resources.0.hash_algorithm",
        "Unbekanntes Prüfsummenverfahren",
    ),
    (
        "unknown resource licence",
        {"resources.0.license": "cc-zero"},
        {"resources.0.license": "CC-BY-4.0-International"},
        "resources.0.license",
        "Unbekannte Lizenz",
    ),
    (
        "malformed download URL",
        {"resources.0.download_url": "https://opendata.jena.de/baeume.csv"},
        {"resources.0.download_url": "opendata.jena.de/baeume.csv"},
        "resources.0.download_url",
        "Keine gültige Webadresse",
    ),
    (
        "malformed media type",
        {"resources.0.mimetype": "text/csv"},
        {"resources.0.mimetype": "CSV-Datei"},
        "resources.0.mimetype",
        "Kein Medientyp",
    ),
    (
        "unknown dataset series",
        {},
        {"in_series": ["vornamen-reihe-gibt-es-nicht"]},
        "in_series",
        "Unbekannte Datensatzreihe",
    ),
]


@pytest.fixture
def officer():
    return factories.SysadminWithToken()


@pytest.fixture
def org():
    return factories.Organization(name="kommunalservice-jena", title="Kommunal Service Jena")


def api(app, action: str, data: dict[str, Any], token: str):
    res = app.post(
        f"/api/3/action/{action}",
        json=data,
        headers={"Authorization": token},
    )
    return res.status_code, res.json


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_every_rule_has_a_good_and_a_bad_case(app, officer, org):
    """Table-driven: the good case is stored, the bad one refused with the German message
    at the field's path (one database for the whole table: resetting it per rule costs
    seconds each)."""
    failures = []
    for number, (rule, good, bad, path, message) in enumerate(RULES):
        status, body = api(
            app, "package_create", patch(base(org["id"], f"gut-{number}"), good), officer["token"]
        )
        if status != 200:
            failures.append((rule, "good case refused", body.get("error")))
            continue
        status, body = api(
            app,
            "package_create",
            patch(base(org["id"], f"schlecht-{number}"), bad),
            officer["token"],
        )
        if status != 409 or body["error"].get("__type") != "Validation Error":
            failures.append((rule, "bad case accepted", status))
            continue
        found = error_at(body["error"], path)
        if not any(message in m for m in found):
            failures.append((rule, f"no message {message!r} at {path}", body["error"]))
    assert failures == []
    # nothing of the bad cases was stored, all good ones were
    assert helpers.call_action("package_search", q="name:schlecht*")["count"] == 0
    assert helpers.call_action("package_search", q="name:gut*", rows=100)["count"] == len(RULES)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_duplicate_identifier(app, officer, org):
    first = patch(base(org["id"], "erster"), {"identifier": "https://opendata.jena.de/id/baeume"})
    status, body = api(app, "package_create", first, officer["token"])
    assert status == 200, body

    other = patch(base(org["id"], "zweiter"), {"identifier": "https://opendata.jena.de/id/parken"})
    assert api(app, "package_create", other, officer["token"])[0] == 200

    dup = patch(base(org["id"], "dritter"), {"identifier": "https://opendata.jena.de/id/baeume"})
    status, body = api(app, "package_create", dup, officer["token"])
    assert status == 409
    assert error_at(body["error"], "identifier") == [
        "Die Kennung „https://opendata.jena.de/id/baeume“ wird bereits vom Datensatz „erster“ verwendet."
    ]

    # updating the first dataset keeps its own identifier
    show = helpers.call_action("package_show", id="erster")
    status, body = api(
        app, "package_update", dict(show, title="Baumkataster 2025"), officer["token"]
    )
    assert status == 200, body

    # once the first dataset is deleted, the identifier is free again
    helpers.call_action("package_delete", context={"user": officer["name"]}, id="erster")
    status, body = api(app, "package_create", dup, officer["token"])
    assert status == 200, body


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_far_outside_thuringia_is_a_warning_not_an_error(app, officer, org):
    paris = '{"type": "Point", "coordinates": [2.35, 48.85]}'
    status, body = api(
        app, "package_create", patch(base(org["id"]), {"spatial": paris}), officer["token"]
    )
    assert status == 200, body
    warnings = body["result"]["jena_warnings"]
    assert [(w["field"], w["code"]) for w in warnings] == [("spatial", "outside_thuringia")]
    # shown in German on the dataset page and in the edit form
    expected = "Die räumliche Abdeckung liegt weit außerhalb Thüringens"
    assert expected in app.get("/dataset/baumkataster").body
    edit = app.get("/dataset/edit/baumkataster", headers={"Authorization": officer["token"]}).body
    assert expected in edit and "Hinweise zur Qualität" in edit

    # fixing the geometry clears the warning
    fixed = dict(body["result"], spatial=JENA)
    status, body = api(app, "package_update", fixed, officer["token"])
    assert status == 200, body
    assert "jena_warnings" not in body["result"]

    # a geometry in the next Land (Erfurt is inside, Leipzig close by) is no warning
    leipzig = '{"type": "Point", "coordinates": [12.37, 51.34]}'
    status, body = api(app, "package_update", dict(fixed, spatial=leipzig), officer["token"])
    assert "jena_warnings" not in body["result"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_hvd_category_adds_applicable_legislation(app, officer, org):
    data = patch(base(org["id"]), {"hvd_category": [HVD_MOBILITY]})
    status, body = api(app, "package_create", data, officer["token"])
    assert status == 200, body
    assert body["result"]["applicable_legislation"] == [ELI_HVD]

    # an explicit legislation list is kept and completed, not duplicated
    other = "http://data.europa.eu/eli/dir/2019/1024/oj"
    data = dict(body["result"], applicable_legislation=[other, ELI_HVD])
    status, body = api(app, "package_update", data, officer["token"])
    assert body["result"]["applicable_legislation"] == [other, ELI_HVD]

    # without HVD category nothing is added
    status, body = api(app, "package_create", base(org["id"], "ohne-hvd"), officer["token"])
    assert "applicable_legislation" not in body["result"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_resource_licence_defaults_to_the_dataset_licence(app, officer, org):
    data = base(org["id"])
    data["resources"] = [
        {"url": "https://opendata.jena.de/a.csv", "format": "CSV"},
        {"url": "https://opendata.jena.de/b.csv", "format": "CSV", "license": "cc-zero"},
    ]
    status, body = api(app, "package_create", data, officer["token"])
    assert status == 200, body
    assert [r["license"] for r in body["result"]["resources"]] == ["dl-by-de/2.0", "cc-zero"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_formats_are_normalised_to_eu_file_types(app, officer, org):
    data = base(org["id"])
    given = [
        "GeoJSON",
        "csv",
        "text/csv",
        "Excel",
        "WMS",
        "http://publications.europa.eu/resource/authority/file-type/PDF",
        "Tabelle-X",
    ]
    data["resources"] = [
        {"url": f"https://opendata.jena.de/r{i}", "format": f} for i, f in enumerate(given)
    ]
    status, body = api(app, "package_create", data, officer["token"])
    assert status == 200, body
    result = body["result"]
    assert [r["format"] for r in result["resources"]] == [
        "GEOJSON",
        "CSV",
        "CSV",
        "XLSX",
        "WMS_SRVC",
        "PDF",
        "Tabelle-X",
    ]
    # the unknown one is kept as given, with a warning
    assert result["jena_warnings"] == [
        {
            "field": "resources/6/format",
            "code": "unknown_format",
            "params": {"value": "Tabelle-X"},
            "message": 'Unknown file format "Tabelle-X" (not in the EU file-type list); stored as given.',
        }
    ]
    # and it is a facet value like any other
    facets = helpers.call_action("package_search", q="*:*", **{"facet.field": '["res_format"]'})[
        "facets"
    ]
    assert facets["res_format"]["GEOJSON"] == 1 and facets["res_format"]["Tabelle-X"] == 1


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_codes_and_licence_iris_are_stored_as_the_contract_says(app, officer, org):
    data = patch(
        base(org["id"]),
        {
            "theme": "TRAN",  # a code instead of the IRI
            "language": ["DEU"],
            "license_id": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
            "frequency": "ANNUAL",
        },
    )
    status, body = api(app, "package_create", data, officer["token"])
    assert status == 200, body
    result = body["result"]
    assert result["theme"] == [T + "TRAN"]
    assert result["language"] == [LANG + "DEU"]
    assert result["license_id"] == "dl-by-de/2.0"
    assert result["frequency"] == FREQ + "ANNUAL"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_invalid_update_leaves_the_stored_dataset_unchanged(officer, org):
    context = {"user": officer["name"]}
    created = helpers.call_action("package_create", context=dict(context), **base(org["id"]))
    before = helpers.call_action("package_show", id=created["id"])

    bad_changes = [
        {"license_id": "other-at"},
        {"theme": [T + "NOPE"]},
        {"license_attribution_by_text": ""},
        {"spatial": '{"type": "FeatureCollection", "features": []}'},
        {"temporal_coverage": [{"start": "2024-05-01", "end": "2024-04-30"}]},
        {"resources.0.size": "groß"},
        {"resources.0.hash": "abc", "resources.0.hash_algorithm": "sha256"},
    ]
    for changes in bad_changes:
        data = patch(before, changes)
        data["title"] = "Darf nicht gespeichert werden"
        with pytest.raises(tk.ValidationError):
            helpers.call_action("package_update", context=dict(context), **data)
        after = helpers.call_action("package_show", id=created["id"])
        assert after == before, changes

    hits = helpers.call_action("package_search", q='title:"Darf nicht gespeichert werden"')
    assert hits["count"] == 0


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_messages_are_english_on_the_english_api_path_and_precise(app, officer, org):
    """The action API answers in the portal's default language (German); field paths are
    the dataset dict's, so API clients can map them."""
    status, body = api(
        app, "package_create", patch(base(org["id"]), {"resources.0.size": -1}), officer["token"]
    )
    assert status == 409
    assert body["error"]["resources"] == [
        {"size": ["Die Größe muss eine ganze Zahl von Bytes sein (0 oder mehr)."]}
    ]
    assert json.dumps(body["error"], ensure_ascii=False).count("Bytes") == 1
