"""Import: DCAT-AP.de 1.0 / 2.0 / 3.0 and plain DCAT-AP into Jena dataset dicts, the
official 3.0 example, unknown terms, and the export -> parse -> export round trip."""

from __future__ import annotations

import json
import os
import re

import pytest
from ckan.tests import helpers
from ckanext.dcat.processors import RDFParser
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from ckanext.jena.dcatde import logic, validation
from ckanext.jena.dcatde.parse import ParseError, parse_catalog, parse_graph
from tests.dcatde.conftest import T

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "dcatde")


def _read(name: str) -> str:
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return f.read()


def _only(result, type_="dataset"):
    found = [d for d in result.datasets if d["type"] == type_]
    assert len(found) == 1
    return found[0]


def test_dcatapde_10_rdfxml():
    result = parse_catalog(_read("dcatapde-1.0-stadtwerke.rdf"), "rdf")
    d = _only(result)
    assert d["uri"] == "https://www.stadtwerke-jena.de/opendata/dataset/trinkwasserqualitaet"
    assert d["title"] == "Trinkwasserqualität in Jena"  # German preferred over English
    assert [t["name"] for t in d["tags"]] == ["Trinkwasser", "Wasserhärte"]
    assert d["identifier"] == "swj-trinkwasser-2018"
    assert d["language"] == [T + "language/DEU"]  # literal "de" mapped to the EU IRI
    assert d["frequency"] == T + "frequency/ANNUAL"  # old Dublin Core frequency IRI
    assert d["version"] == "2018"
    assert d["geocoding_description"] == "Versorgungsgebiet der Stadtwerke Jena"
    assert d["political_geocoding_uri"] == [
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
    ]
    assert d["temporal_coverage"] == [{"start": "2018-01-01", "end": "2018-12-31"}]
    assert d["organization"]["title"] == "Stadtwerke Jena GmbH"
    assert d["organization"]["email"] == "info@stadtwerke-jena.de"
    assert d["maintainer_agent"] == [
        {
            "name": "Stadtwerke Jena, Trinkwasserlabor",
            "email": "labor@stadtwerke-jena.de",
            "type": "http://xmlns.com/foaf/0.1/Organization",
        }
    ]
    assert d["originator"][0]["name"] == "JenaWasser"
    assert d["contact"] == [
        {
            "name": "Kundenservice Stadtwerke Jena",
            "email": "kundenservice@stadtwerke-jena.de",
            "phone": "+49364168880",
        }
    ]
    assert d["license_id"] == "dl-by-de/2.0"
    assert d["license_attribution_by_text"] == "Stadtwerke Jena GmbH"
    (res,) = d["resources"]
    assert res["format"] == "CSV" and res["mimetype"] == "text/csv"
    assert res["size"] == 20480
    assert res["availability"] == T + "planned-availability/STABLE"
    assert res["url"] == "https://www.stadtwerke-jena.de/opendata/trinkwasser-2018.csv"
    assert result.unknown_terms == []


def test_dcatapde_20_turtle():
    result = parse_catalog(_read("dcatapde-2.0-nahverkehr.ttl"), "ttl")
    assert result.next_page == "https://www.nahverkehr-jena.de/opendata/catalog.ttl?page=2"
    d = _only(result)
    assert d["version"] == "2025-12" and d["version_notes"] == "Winterfahrplan 2025/26"
    assert d["legal_basis"] == "Personenbeförderungsgesetz (PBefG) § 3a"
    assert d["quality_process_uri"] == "https://www.nahverkehr-jena.de/opendata/qualitaet"
    assert d["conforms_to"] == ["https://gtfs.org/reference/static"]
    assert d["related_resource"] == ["https://www.vmt-thueringen.de/opendata"]
    assert d["temporal_resolution"] == "P1D"
    assert d["access_rights"] == T + "access-right/PUBLIC"
    assert json.loads(d["spatial"])["type"] == "Polygon"
    assert d["organization"]["publisher_type"] == "http://purl.org/adms/publishertype/Company"
    assert d["maintainer_agent"][0]["type"] == "http://xmlns.com/foaf/0.1/Person"
    (zip_,) = [r for r in d["resources"] if r["format"] == "ZIP"]
    assert zip_["status"] == "Completed"  # ADMS status -> code
    assert zip_["hash_algorithm"] == "md5"  # dcat-ap.de hashAlgorithms IRI -> code
    assert zip_["size"] == 3145728 and zip_["mimetype"] == "application/zip"
    assert zip_["license"] == "cc-by/4.0"
    (api,) = [r for r in d["resources"] if r["format"] == "JSON"]
    assert api["status"] == "UnderDevelopment"
    assert api["access_services"] == [
        {
            "title": "GTFS-Schnittstelle des Jenaer Nahverkehrs",
            "endpoint_url": "https://api.nahverkehr-jena.de/gtfs/",
            "endpoint_description": "https://api.nahverkehr-jena.de/gtfs/openapi.yaml",
            "uri": "https://api.nahverkehr-jena.de/gtfs/#service",
            "service_type": "OGC_API_FEATURES",
        }
    ]


def test_dcatap_30_plain_with_series_and_unknown_terms():
    result = parse_catalog(_read("dcatap-3.0-plain.ttl"), "turtle")
    d = _only(result)
    series = _only(result, "dataset_series")
    assert d["in_series"] == [series["uri"]]
    assert d["hvd_category"] == ["http://data.europa.eu/bna/c_dd313021"]
    assert d["version"] == "1.0"
    assert json.loads(d["spatial"]) == {"type": "Point", "coordinates": [11.6, 50.94]}
    assert d["originator"] == [
        {
            "name": "Thüringer Landesamt für Umwelt, Bergbau und Naturschutz",
            "uri": "https://data.thueringen.example/org/tlubn",
        }
    ]
    (res,) = d["resources"]
    assert res["status"] == "Completed" and res["hash_algorithm"] == "sha512"
    assert res["license"] == "dl-zero-de/2.0"
    # unknown terms: reported; kept where they can be re-attached (IRI subject)
    terms = {(t["predicate"], t["kept"]) for t in result.unknown_terms}
    assert terms == {
        ("http://www.w3.org/ns/prov#wasGeneratedBy", True),
        ("http://www.w3.org/ns/dcat#compressFormat", False),  # on a blank distribution
    }
    extra = Graph().parse(data=d["jena_extra_rdf"], format="turtle")
    assert (
        URIRef(d["uri"]),
        URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"),
        URIRef("https://data.thueringen.example/activity/messnetz"),
    ) in extra


def test_parse_errors_are_clear():
    with pytest.raises(ParseError, match="not parsable as turtle"):
        parse_catalog("<http://a> <http://b> .", "ttl")
    assert parse_catalog("", "ttl").datasets == []


def test_profile_parse_dataset_is_the_same_mapping(with_request_context):
    parser = RDFParser(profiles=["jena_dcat_ap_de"])
    parser.parse(_read("dcatapde-2.0-nahverkehr.ttl"), _format="turtle")
    (via_profile,) = list(parser.datasets())
    via_profile.pop("jena_unknown_terms")
    assert via_profile == _only(parse_catalog(_read("dcatapde-2.0-nahverkehr.ttl"), "ttl"))
    parser2 = RDFParser(profiles=["jena_dcat_ap_de_2"])
    parser2.parse(_read("dcatapde-1.0-stadtwerke.rdf"), _format="xml")
    (d,) = list(parser2.datasets())
    assert d["license_id"] == "dl-by-de/2.0" and d["resources"][0]["format"] == "CSV"


def _to_package(parsed: dict, org: dict) -> dict:
    """What a harvester does with a parsed dict: its own name, the organization."""
    pkg = {k: v for k, v in parsed.items() if k not in ("uri", "organization", "jena_extra_rdf")}
    pkg["name"] = re.sub(r"[^a-z0-9-]", "-", parsed["title"].lower())[:60].strip("-")
    pkg["owner_org"] = org["id"]
    pkg["jena_source_uri"] = parsed["uri"]
    return pkg


def test_official_30_example_becomes_a_valid_jena_dataset(
    clean_db, clean_index, sysadmin, org, with_request_context
):
    result = parse_catalog(_read(os.path.join("official", "Dataset-und-Distribution.ttl")), "ttl")
    parsed = _only(result)
    # its ADMS status (a genuine 3.0 violation in the source) is read as a status code
    assert {r["status"] for r in parsed["resources"]} == {"Completed"}
    # licences stay on the distributions; the dataset's default licence is the one the
    # attribution text belongs to (dct:license on the dataset is no DCAT-AP.de property:
    # kept and reported as an unknown term)
    assert [r["license"] for r in parsed["resources"]] == ["officialWork", "cc-by-nd/4.0"]
    assert parsed["license_id"] == "cc-by-nd/4.0"
    assert parsed["license_attribution_by_text"] == "Finanzministerium Musterland"
    assert {"http://purl.org/dc/terms/license", "http://purl.org/dc/terms/references"} <= {
        t["predicate"] for t in result.unknown_terms if t["kept"]
    }
    # the source validates with violations (pySHACL gives 3 results: the ADMS status IRI's
    # once per distribution using it; the report states each distinct finding once)...
    source = Graph().parse(
        data=_read(os.path.join("official", "Dataset-und-Distribution.ttl")), format="turtle"
    )
    assert validation.validate_graph(source, "v30_de_spec").violations == 2
    # ...it is a valid Jena dataset (the schema accepts it)...
    created = helpers.call_action(
        "package_create", {"user": sysadmin["name"]}, **_to_package(parsed, org)
    )
    assert created["resources"][0]["status"] == "Completed"
    # ...and its re-export validates, also with the terms kept from the source
    reexport = logic.dataset_graph(
        {**parsed, "organization": parsed["organization"]}, "jena_dcat_ap_de"
    )
    report = validation.validate_graph(reexport, "v30_de_spec")
    assert report.violations == 0, report.to_text()
    stored = logic.dataset_graph(
        helpers.call_action("package_show", id=created["id"]), "jena_dcat_ap_de"
    )
    report = validation.validate_graph(stored, "v30_de_spec")
    assert report.violations == 0, report.to_text()
    assert (None, URIRef("http://purl.org/dc/terms/references"), None) in reexport


def test_fixed_dataservice_example_parses(with_request_context):
    result = parse_catalog(_read("DataService-fixed.ttl"), "ttl")
    services = [
        s
        for d in result.datasets
        for r in d.get("resources", [])
        for s in r.get("access_services", [])
    ]
    assert services and all(s.get("endpoint_url") for s in services)


@pytest.mark.parametrize("profile", ["jena_dcat_ap_de", "jena_dcat_ap_de_2"])
def test_round_trip_is_isomorphic(jena_datasets, with_request_context, profile):
    """export -> parse -> export gives the same graph for the maximal dataset."""
    pkg = helpers.call_action("package_show", id=jena_datasets["maximal"]["id"])
    first = logic.dataset_graph(pkg, profile)
    result = parse_graph(first)
    assert result.unknown_terms == []
    parsed = next(
        d for d in result.datasets if d["uri"] == f"http://test.ckan.net/dataset/{pkg['id']}"
    )
    second = logic.dataset_graph(parsed, profile)
    if not isomorphic(first, second):
        _in_both, only_first, only_second = graph_diff(to_isomorphic(first), to_isomorphic(second))
        pytest.fail(
            "only in first:\n"
            + only_first.serialize(format="nt")
            + "\nonly in second:\n"
            + only_second.serialize(format="nt")
        )


def test_unknown_terms_survive_a_round_trip(jena_datasets, with_request_context):
    pkg = helpers.call_action("package_show", id=jena_datasets["typical"]["id"])
    g = logic.dataset_graph(pkg, "jena_dcat_ap_de")
    ds = URIRef(f"http://test.ckan.net/dataset/{pkg['id']}")
    extra = (
        ds,
        URIRef("http://purl.org/dc/terms/references"),
        URIRef("https://musterdatenkatalog.de/def/musterdatensatz/umwelt/baumkataster"),
    )
    g.add(extra)
    result = parse_graph(g)
    assert {(t["predicate"], t["kept"]) for t in result.unknown_terms} == {
        ("http://purl.org/dc/terms/references", True)
    }
    parsed = next(d for d in result.datasets if d["uri"] == str(ds))
    assert extra in logic.dataset_graph(parsed, "jena_dcat_ap_de")
