"""Whole-catalogue validation in chunks on two processes equals one plain pySHACL run."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph

from ckanext.jena.dcatde import chunked, logic, validation
from tests.dcatde.conftest import create, minimal_fields, typical_fields

PLACEHOLDER = "http://dcat-ap.de/def/contributors/stadtJena"


def keys(findings) -> list[tuple]:
    return sorted(
        (f.severity, f.focus_node, f.path, f.value, f.source_shape, f.constraint, f.message)
        for f in findings
    )


@pytest.fixture
def catalogue(jena_datasets, sysadmin, org):
    """The fixture datasets plus three that break rules, two of them sharing the
    publisher with the others (findings on shared nodes occur in several chunks)."""
    broken = []
    for i in range(3):
        fields = minimal_fields(org) if i else typical_fields(org)
        fields["resources"][0]["format"] = f"FANTASIEFORMAT{i}"  # not in the file types
        broken.append(create(sysadmin, **fields))
    return {**jena_datasets, **{f"broken{i}": d for i, d in enumerate(broken)}}


def union(chunks: list[str]) -> Graph:
    g = Graph()
    for text in chunks:
        g.parse(data=text, format="nt")
    return g


@pytest.mark.parametrize("run", ["v30_de_spec", "v20_de_spec_implr"])
def test_chunks_on_two_processes_equal_one_plain_pyshacl_run(catalogue, run):
    chunks = list(logic.catalog_chunks(logic.RUN_PROFILE[run], 2))
    assert len(chunks) == 4  # 8 datasets, 2 per chunk
    ours = chunked.validate_chunks(chunks, run, processes=2)
    whole = union(chunks)
    conforms, report, _text = pyshacl.validate(
        validation.build_data_graph(whole, full_merge=True, run=run),
        shacl_graph=validation.shapes_graph(run),
        inference="none",
        allow_infos=True,
        allow_warnings=True,
    )
    plain = validation._findings(report)
    # the same findings; pySHACL states some of them several times, we once
    assert keys(ours.findings) == sorted(set(keys(plain)))
    assert ours.conforms is conforms is False
    assert ours.violations >= 3  # one per FANTASIEFORMAT at least
    if run == "v30_de_spec":
        # the contributor ID is a node of every chunk: one warning per dataset from
        # pySHACL (targetObjectsOf), in every chunk, and once in the merged report
        about_id = [f for f in plain if f.focus_node == PLACEHOLDER]
        assert len(about_id) == len(catalogue)
        per_chunk = [
            f
            for c in chunks
            for f in chunked.validate_chunk(c, run, None)["findings"]
            if f["focus_node"] == PLACEHOLDER
        ]
        assert len(per_chunk) == len(chunks)
        assert [f.focus_node for f in ours.findings].count(PLACEHOLDER) == 1


def test_the_contributor_finding_merges_to_the_whole_catalogue_report(catalogue):
    run = "v20_de_spec_implr"
    chunks = list(logic.catalog_chunks(logic.RUN_PROFILE[run], 3))
    ours = chunked.validate_chunks(chunks, run, contributor_id=PLACEHOLDER, processes=2)
    whole = validation.validate_graph(union(chunks), run, contributor_id=PLACEHOLDER)
    a, b = ours.as_dict(), whole.as_dict()
    a.pop("seconds"), b.pop("seconds")
    assert a == b
    assert b["contributor"]["registered"] is False and b["contributor"]["findings"]


def test_one_process_and_two_give_the_same_report(catalogue):
    chunks = list(logic.catalog_chunks("jena_dcat_ap_de", 3))
    counted = []
    one = chunked.validate_chunks(chunks, processes=1, progress=counted.append)
    two = chunked.validate_chunks(iter(chunks), processes=2, progress=counted.append)
    assert keys(one.findings) == keys(two.findings) and one.violations >= 3
    assert sum(counted) == 2 * len(chunks)


def test_a_broken_chunk_is_an_error_not_a_clean_report(catalogue):
    chunks = list(logic.catalog_chunks("jena_dcat_ap_de", 4))
    chunks.insert(1, "<http://a> <http://b> this is not n-triples .\n")
    with pytest.raises(Exception, match="(?i)bad syntax|invalid|expected"):
        chunked.validate_chunks(chunks, processes=2)
