"""The benchmark's validation figures are only meaningful if the fast validator
(``ckanext.jena.dcatde.validation``: shapes parsed once, vocabulary closure) reports
exactly what a plain pySHACL run over the same shapes and data reports. Checked on five
datasets of the benchmark's own templates (1-5 resources, several licences, temporal
coverage, HVD) and on a broken one (so findings are compared, not only empty lists)."""

from __future__ import annotations

import copy
import random

import pyshacl
import pytest
from ckan.tests import factories, helpers
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from bench import run as bench
from ckanext.jena.dcatde import logic, validation

RUN = "v30_de_spec"


def finding_keys(findings) -> list[tuple]:
    return sorted(
        (f.severity, f.focus_node, f.path, f.value, f.source_shape, f.constraint, f.message)
        for f in findings
    )


def plain(graph) -> tuple[bool, list[tuple]]:
    """pySHACL's own validate(): every vocabulary triple merged, nothing cached."""
    data = validation.build_data_graph(graph, full_merge=True, run=RUN)
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=validation.shapes_graph(RUN),
        inference="none",
        allow_infos=True,
        allow_warnings=True,
    )
    return conforms, finding_keys(validation._findings(report))


@pytest.fixture
def datasets():
    org = factories.Organization(
        uri="https://opendata.jena.de/organization/bench-test", email="opendata@jena.de"
    )
    user = factories.Sysadmin()
    rng = random.Random(8)
    out = []
    for k in range(5):
        d = copy.deepcopy(bench.template(k, rng))
        d["owner_org"] = org["id"]
        d["name"] = f"bench-eq-{k}"
        d["identifier"] = f"https://opendata.jena.de/id/bench-eq-{k}"
        out.append(
            helpers.call_action("package_create", {"user": user["name"], "ignore_auth": True}, **d)
        )
    return out


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fast_validation_equals_plain_pyshacl(datasets):
    assert sorted(len(d["resources"]) for d in datasets) == [1, 2, 3, 4, 5]
    for pkg in datasets:
        graph = logic.dataset_graph(pkg, logic.RUN_PROFILE[RUN])
        ours = validation.validate_graph(graph, RUN)
        conforms, keys = plain(graph)
        assert finding_keys(ours.findings) == keys, pkg["name"]
        assert ours.conforms == conforms


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_equal_on_a_dataset_with_violations(datasets):
    pkg = datasets[0]
    graph = logic.dataset_graph(pkg, logic.RUN_PROFILE[RUN])
    dataset_ref = URIRef(next(str(s) for s in graph.subjects(DCTERMS.identifier, None)))
    graph.remove((dataset_ref, DCTERMS.description, None))
    graph.remove((None, DCTERMS.license, None))
    ours = validation.validate_graph(graph, RUN)
    conforms, keys = plain(graph)
    assert ours.violations >= 1 and not ours.conforms
    assert finding_keys(ours.findings) == keys
    assert conforms is False
