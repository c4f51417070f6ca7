"""OParl harvester plugin: harvest into the real database, incremental re-harvest, faults."""

from __future__ import annotations

import pytest

from ckanext.jena.harvest import fetch
from ckanext.jena.harvest.oparl.plugin import JenaOparlHarvester
from tests.harvest.citytools import (
    create_source,
    dcat_violations,
    entry_faults,
    harvest_with,
    public_resolver,
    publisher_org,
    run_fault_matrix,
    source_datasets,
    write_marks,
)
from tests.harvest.oparl.test_mapping import DEFAULTS, SYSTEM, register

CONFIG = {
    "allowed_hosts": ["ris.jena.de"],
    "fetch": {"max_bytes": 2 * 1024 * 1024},
    "defaults": DEFAULTS,
}
NAME = "stadt-jena-ratsinformationssystem"


@pytest.fixture
def source(monkeypatch):
    monkeypatch.setattr(fetch, "default_resolver", public_resolver)
    org = publisher_org("stadtverwaltung-jena")
    return create_source(JenaOparlHarvester, NAME, SYSTEM, org["id"], CONFIG)


def titles():
    return sorted(d["title"] for d in source_datasets(NAME))


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvest_incremental_rerun_and_broken_list(source):
    run = harvest_with(JenaOparlHarvester, source, lambda r: register(r, changes=False))
    assert run["gather_errors"] == []
    assert titles() == [
        "Dokumente – Ratsinformationssystem Stadt Jena",
        "Drucksachen – Ratsinformationssystem Stadt Jena",
        "Gremien – Ratsinformationssystem Stadt Jena",
        "Personen – Ratsinformationssystem Stadt Jena",
        "Sitzungen – Ratsinformationssystem Stadt Jena",
    ]
    by_title = {d["title"]: d for d in source_datasets(NAME)}
    ids = sorted(by_title[t]["id"] for t in by_title)
    marks = write_marks(ids)

    # nothing modified since the last run: nothing is rewritten
    seen: list[str] = []
    again = harvest_with(JenaOparlHarvester, source, lambda r: register(r, seen, changes=False))
    assert {o["report_status"] for o in again["objects"].values()} == {"not modified"}
    assert write_marks(ids) == marks
    assert any("modified_since=" in u for u in seen)

    # a new meeting: only the meetings dataset changes
    third = harvest_with(JenaOparlHarvester, source, register)
    status = {g.rsplit("#", 1)[1]: o["report_status"] for g, o in third["objects"].items()}
    assert status == {
        "meeting": "updated",
        "paper": "not modified",
        "organization": "not modified",
        "person": "not modified",
        "file": "not modified",
    }
    meetings = next(d for d in source_datasets(NAME) if d["title"].startswith("Sitzungen"))
    assert "Zeitraum: 24.01.2024 bis 16.12.2026." in meetings["notes"]

    # one list answers HTTP 500: it is reported and kept, the others are harvested
    fourth = harvest_with(JenaOparlHarvester, source, lambda r: register(r, broken="/papers"))
    assert any("papers" in e and "500" in e for e in fourth["gather_errors"])
    assert len(source_datasets(NAME)) == 5


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fault_matrix(source):
    figures = run_fault_matrix(
        JenaOparlHarvester, source, lambda r: register(r, changes=False), entry_faults(SYSTEM)
    )
    assert figures == {"faults": 8, "lost": 0, "changed": 0, "unrecorded": []}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_datasets_validate_dcat_ap_de(source):
    run = harvest_with(JenaOparlHarvester, source, lambda r: register(r, changes=False))
    assert run["gather_errors"] == []
    datasets = source_datasets(NAME)
    assert len(datasets) == 5
    assert dcat_violations(datasets) == {d["title"]: [] for d in datasets}
