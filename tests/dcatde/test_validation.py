"""The offline validator (CKAN-free module): composition of the runs, caching, the
``r5r#`` quirk, closure vs. full merge, the contributor-ID finding, the German report."""

from __future__ import annotations

import os

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from ckanext.jena.dcatde import validation
from tests.dcatde.conftest import registration_of

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "dcatde")
SMOKE_V3 = os.path.join(DATA, "smoke-v3.ttl")
SMOKE_V2 = os.path.join(DATA, "smoke-v2.ttl")
PLACEHOLDER = "http://dcat-ap.de/def/contributors/stadtJena"
DATASET = URIRef("https://opendata.jena.example/dataset/haushalt")
DCATDE_CONTRIBUTOR = URIRef("http://dcat-ap.de/def/dcatde/contributorID")


def _graph(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def _with_contributor(g: Graph, *values) -> Graph:
    g.remove((None, DCATDE_CONTRIBUTOR, None))
    for v in values:
        g.add((DATASET, DCATDE_CONTRIBUTOR, v))
    return g


def test_runs_are_composed_as_govdatas_validator():
    assert validation.RUNS["v30_de_spec"] == (
        "v3.0/dcat-ap-SHACL.ttl",
        "v3.0/dcat-ap-SHACL-DE.ttl",
        "v3.0/dcat-ap-de-deprecated.ttl",
        "v3.0/dcat-ap-spec-german-additions.ttl",
        "v3.0/dcat-ap-de-controlledvocabularies.ttl",
    )
    assert validation.RUNS["v20_de_spec"] == (
        "v2.0/dcat-ap_2.1.1_shacl_shapes.ttl",
        "v2.0/dcat-ap-spec-german-messages.ttl",
        "v2.0/dcat-ap-spec-german-additions.ttl",
        "v2.0/dcat-ap-de-deprecated.ttl",
    )
    assert validation.RUNS["v20_de_spec_implr"] == validation.RUNS["v20_de_spec"] + (
        "v2.0/dcat-ap-konventionen.ttl",
    )
    for files in validation.RUNS.values():
        for rel in files:
            assert os.path.isfile(os.path.join(validation.SHACL_DIR, rel))
    names = {os.path.basename(f) for f in validation.vocabulary_files()}
    assert "dcat-ap-de-contributors.rdf" in names
    assert "language.rdf" in names and "foaf_0_1.rdf" in names
    assert not any("high-value" in n for n in names)  # vocabularies/optional is not used


def test_shapes_and_vocabularies_are_parsed_once():
    assert validation.shapes_graph("v30_de_spec") is validation.shapes_graph("v30_de_spec")
    assert validation.vocabulary_graph() is validation.vocabulary_graph()
    assert validation._validator_shapes("v20_de_spec_implr") is validation._validator_shapes(
        "v20_de_spec_implr"
    )
    with pytest.raises(ValueError, match="unknown validation run"):
        validation.shapes_graph("v99")


def test_smoke_catalogues_conform():
    # the project's vocabulary smoke tests (one real value of every vocabulary)
    r3 = validation.validate_graph(_graph(SMOKE_V3), "v30_de_spec")
    assert r3.violations == 0, r3.to_text()
    # the only warning: dct:spatial points at a political-geocoding IRI that is not typed
    # dct:Location; the shape's message itself says it may be ignored for vocabularies
    assert [f.path for f in r3.findings] == ["http://purl.org/dc/terms/spatial"]
    r2 = validation.validate_graph(_graph(SMOKE_V2), "v20_de_spec_implr")
    assert r2.counts() == {"Violation": 0, "Warning": 0, "Info": 0}, r2.to_text()


@pytest.mark.parametrize(
    "path,run",
    [
        (SMOKE_V3, "v30_de_spec"),
        (SMOKE_V2, "v20_de_spec_implr"),
        (os.path.join(DATA, "official", "Dataset-und-Distribution.ttl"), "v30_de_spec"),
        (os.path.join(DATA, "official", "Dataset-und-Distribution.ttl"), "v20_de_spec_implr"),
        (os.path.join(DATA, "DataService-fixed.ttl"), "v30_de_spec"),
        (os.path.join(DATA, "official", "DatasetSeries.ttl"), "v30_de_spec"),
        (os.path.join(DATA, "dcatapde-2.0-nahverkehr.ttl"), "v20_de_spec_implr"),
    ],
)
def test_vocabulary_closure_gives_the_full_merge_result(path, run):
    """Adding only the vocabulary part the data reaches changes nothing."""
    g = _graph(path)

    def key(report):
        # blank-node labels differ between runs: compare what identifies a result
        return sorted(
            (
                f.severity,
                f.constraint,
                f.path if not f.path.startswith("[") else "",
                f.value if not f.value.startswith("[") else "",
                f.focus_node if not f.focus_node.startswith("[") else "",
                f.source_shape if not f.source_shape.startswith("[") else "",
            )
            for f in report.findings
        )

    fast = validation.validate_graph(g, run)
    full = validation.validate_graph(g, run, full_merge=True)
    assert len(validation.build_data_graph(g, run=run)) < len(g) + 500
    assert key(fast) == key(full)
    assert fast.seconds < full.seconds


def test_relevant_predicates():
    preds = validation.relevant_predicates("v30_de_spec")
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert URIRef(skos + "inScheme") in preds
    assert URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type") in preds
    assert URIRef(skos + "hasTopConcept") not in preds
    assert URIRef("http://dcat-ap.de/def/dcatde/politicalGeocodingURI") in preds  # a target


def test_r5r_namespace_quirk_twins_the_shapes_without_touching_data():
    raw = Graph()
    for rel in validation.RUNS["v20_de_spec"]:
        raw.parse(os.path.join(validation.SHACL_DIR, rel), format="turtle")
    wrong = URIRef("http://data.europa.eu/r5r#availability")
    right = URIRef("http://data.europa.eu/r5r/availability")
    assert (None, SH.path, wrong) in raw and (None, SH.path, right) not in raw

    fixed = validation.shapes_graph("v20_de_spec")
    # the originals stay, every r5r# / r5r (no separator) path has a twin in r5r/
    assert len(list(fixed.subjects(SH.path, wrong))) == len(list(raw.subjects(SH.path, wrong)))
    wrong_total = len(list(raw.subjects(SH.path, wrong))) + len(
        list(raw.subjects(SH.path, URIRef("http://data.europa.eu/r5ravailability")))
    )
    assert len(list(fixed.subjects(SH.path, right))) == wrong_total
    # shape names in r5r# (the 2.1.1 base names its shapes there) are not touched
    assert (URIRef("http://data.europa.eu/r5r#Category_Shape"), SH.deactivated, None) in fixed

    # conformant data (r5r/) with a value outside the vocabulary: the German check fires
    # only with the twins; the data stays as it is
    data = _graph(SMOKE_V2)
    dist = URIRef("https://opendata.jena.example/dataset/haushalt/csv")
    data.set((dist, right, URIRef("http://example.org/availability/sometimes")))
    report = validation.validate_graph(data, "v20_de_spec")
    messages = [f.message for f in report.findings if f.severity == "Violation"]
    assert any("dcatap:availability MUSS eine IRI aus diesem Vokabular" in m for m in messages)
    assert (dist, right, URIRef("http://example.org/availability/sometimes")) in data
    conforms, _g, text = pyshacl.validate(
        validation.build_data_graph(data), shacl_graph=raw, inference="none", meta_shacl=False
    )
    assert "aus diesem Vokabular" not in text  # without the twins: silently passed


class TestContributorId:
    RUN = "v20_de_spec_implr"

    def test_unregistered_placeholder_is_its_own_finding(self):
        g = _with_contributor(_graph(SMOKE_V2), URIRef(PLACEHOLDER))
        report = validation.validate_graph(g, self.RUN, contributor_id=PLACEHOLDER)
        assert report.violations == 0, report.to_text()
        assert report.contributor["registered"] is False
        assert report.contributor["affected_datasets"] == [str(DATASET)]
        assert "NICHT REGISTRIERT" in report.contributor["message"]
        assert "NICHT REGISTRIERT" in report.to_text()
        # without the catalogue's ID given, K12/13 is an ordinary violation
        plain = validation.validate_graph(g, self.RUN)
        assert [f.source_shape for f in plain.findings if f.severity == "Violation"] == [
            str(validation.CONTRIBUTOR_SHAPE)
        ]

    def test_registered_id_passes_every_part_of_the_rule(self):
        registration = registration_of(PLACEHOLDER)
        assert len(registration) == 1  # the ID as a concept of the list, nothing else
        ok = _with_contributor(_graph(SMOKE_V2), URIRef(PLACEHOLDER))
        report = validation.validate_graph(ok, self.RUN, extra_vocabulary=registration)
        assert report.counts() == {"Violation": 0, "Warning": 0, "Info": 0}

        def k12(graph):
            r = validation.validate_graph(
                graph, self.RUN, extra_vocabulary=registration, contributor_id=PLACEHOLDER
            )
            return [
                f
                for f in r.findings
                if f.source_shape == str(validation.CONTRIBUTOR_SHAPE) and f.severity == "Violation"
            ]

        # missing, twice, as a literal, a registered ID next to another: all still violations
        assert k12(_with_contributor(_graph(SMOKE_V2)))
        assert k12(
            _with_contributor(
                _graph(SMOKE_V2),
                URIRef(PLACEHOLDER),
                URIRef("http://dcat-ap.de/def/contributors/govData"),
            )
        )
        assert k12(_with_contributor(_graph(SMOKE_V2), Literal(PLACEHOLDER)))
        assert not k12(_with_contributor(_graph(SMOKE_V2), URIRef(PLACEHOLDER)))

    def test_status_of_known_and_foreign_ids(self):
        assert validation.contributor_status("http://dcat-ap.de/def/contributors/govData")[
            "registered"
        ]
        foreign = validation.contributor_status("https://jena.de/contributor")
        assert not foreign["registered"] and not foreign["in_namespace"]
        assert "nicht unter" in foreign["message"]
        assert "keine konfiguriert" in validation.contributor_status("")["message"]


def test_report_is_german_with_counts_per_severity():
    g = _graph(SMOKE_V3)
    g.remove((DATASET, URIRef("http://purl.org/dc/terms/title"), None))
    report = validation.validate_graph(g, "v30_de_spec")
    assert report.violations >= 1 and not report.conforms
    text = report.to_text()
    assert "Ergebnis: Verstoß:" in text and "Warnung:" in text and "Hinweis:" in text
    assert "NICHT konform" in text and "Fokusknoten: " + str(DATASET) in text
    assert "Pfad:        http://purl.org/dc/terms/title" in text
    data = report.as_dict()
    assert data["counts"]["Violation"] == report.violations
    title = [f for f in data["findings"] if f["path"] == "http://purl.org/dc/terms/title"]
    assert title and title[0]["severity_label"] == "Verstoß"
    assert "MUSS" in title[0]["message"]  # the shapes' German message


def test_official_dataservice_example_is_broken_and_the_fixed_copy_parses():
    original = os.path.join(DATA, "official", "DataService.ttl")
    with pytest.raises(Exception, match="Bad syntax"):
        Graph().parse(original, format="turtle")
    with open(original, encoding="utf-8") as f:
        lines = f.read().splitlines()
    with open(os.path.join(DATA, "DataService-fixed.ttl"), encoding="utf-8") as f:
        fixed = f.read().splitlines()
    changed = [(a, b) for a, b in zip(lines, fixed, strict=True) if a != b]
    # exactly one line differs: the skos @prefix got its final "."
    assert len(changed) == 1 and changed[0][0].startswith("@prefix skos:")
    assert changed[0][1].split("#>", 1)[1].lstrip().startswith(".")
    g = _graph(os.path.join(DATA, "DataService-fixed.ttl"))
    assert len(g) > 50


def test_vendored_files_match_their_provenance():
    import hashlib
    import re

    with open(os.path.join(validation.SHACL_DIR, "PROVENANCE.md"), encoding="utf-8") as f:
        rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", f.read(), re.M)
    assert len(rows) >= 30
    listed = set()
    for rel, digest in rows:
        with open(os.path.join(validation.SHACL_DIR, rel), "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == digest, rel
        listed.add(rel)
    # every file the validator reads is listed
    for run_files in validation.RUNS.values():
        assert set(run_files) <= listed
    for path in validation.vocabulary_files():
        assert os.path.relpath(path, validation.SHACL_DIR) in listed
