"""The ``jena_harvest`` migration: the identifier check of every harvested record uses an
index instead of reading the whole package table."""

from __future__ import annotations

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import factories

from ckanext.jena.harvest.base import JenaHarvester
from tests.factories import JenaDataset


@pytest.mark.usefixtures("clean_db")
def test_the_identifier_index_exists_and_the_duplicate_check_uses_it():
    found = model.Session.execute(
        sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_jena_package_identifier'")
    ).scalar()
    assert found and "extras ->> 'identifier'" in found
    model.Session.execute(sa.text("SET LOCAL enable_seqscan = off"))  # tiny test table
    plan = "\n".join(
        row[0]
        for row in model.Session.execute(
            sa.text(
                "EXPLAIN SELECT id FROM package WHERE state = 'active' "
                "AND extras ->> 'identifier' = 'https://opendata.jena.de/id/x'"
            )
        )
    )
    assert "idx_jena_package_identifier" in plan
    model.Session.rollback()


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_duplicate_check_finds_an_editors_dataset_with_the_same_identifier():
    org = factories.Organization()
    ident = "https://opendata.jena.de/id/radwege"
    pkg = JenaDataset(owner_org=org["id"])
    row = model.Package.get(pkg["id"])
    row.extras = {**(row.extras or {}), "identifier": ident}
    model.Session.commit()
    conflict = JenaHarvester().identifier_conflict({"id": "other-id", "identifier": ident})
    assert conflict and "an editor (not harvested)" in conflict
    assert JenaHarvester().identifier_conflict({"id": pkg["id"], "identifier": ident}) is None
