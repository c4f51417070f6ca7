"""The portal runs on the real services: PostgreSQL, Solr (with spatial fields), Redis."""

from __future__ import annotations

import pysolr
import pytest
from ckan import model
from ckan.lib import jobs
from ckan.plugins import plugin_loaded
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import JenaDataset

JENA = (
    '{"type": "Polygon", "coordinates": [[[11.50, 50.85], [11.68, 50.85], '
    "[11.68, 50.98], [11.50, 50.98], [11.50, 50.85]]]}"
)
HAMBURG = (
    '{"type": "Polygon", "coordinates": [[[9.73, 53.39], [10.33, 53.39], '
    "[10.33, 53.74], [9.73, 53.74], [9.73, 53.39]]]}"
)


@pytest.mark.parametrize(
    "name", ["jena_core", "jena_theme", "dcat", "harvest", "spatial_metadata", "spatial_query"]
)
def test_plugin_loaded(name):
    assert plugin_loaded(name)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_goes_through_solr_with_facets(ckan_config):
    org = factories.Organization(name="stadtverwaltung-jena")
    JenaDataset(owner_org=org["id"], title="Baumkataster", tags=[{"name": "Umwelt"}])
    JenaDataset(
        owner_org=org["id"], title="Luftqualität", tags=[{"name": "Umwelt"}, {"name": "Luft"}]
    )
    JenaDataset(owner_org=org["id"], title="Parkplätze", tags=[{"name": "Mobilität"}])

    result = helpers.call_action(
        "package_search", q="*:*", **{"facet.field": '["tags", "organization"]'}
    )
    assert result["count"] == 3
    tags = result["facets"]["tags"]
    assert tags == {"Umwelt": 2, "Luft": 1, "Mobilität": 1}
    assert result["facets"]["organization"] == {"stadtverwaltung-jena": 3}

    # The documents really are in Solr, under the test site id.
    solr = pysolr.Solr(ckan_config["solr_url"])
    hits = solr.search(f"site_id:{ckan_config['ckan.site_id']} AND title:Baumkataster")
    assert hits.hits == 1


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_spatial_bbox_search_finds_jena_not_hamburg():
    org = factories.Organization()
    jena = JenaDataset(owner_org=org["id"], spatial=JENA)
    hamburg = JenaDataset(owner_org=org["id"], spatial=HAMBURG)

    # A box around Jena's city centre.
    result = helpers.call_action("package_search", extras={"ext_bbox": "11.55,50.90,11.62,50.95"})
    names = [d["name"] for d in result["results"]]
    assert names == [jena["name"]]

    result = helpers.call_action("package_search", extras={"ext_bbox": "9.9,53.5,10.1,53.6"})
    assert [d["name"] for d in result["results"]] == [hamburg["name"]]


def retitle_dataset(dataset_id: str, title: str) -> None:
    """Background job used by the test below (imported by the RQ worker)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("package_patch")(
        {"user": site_user["name"], "ignore_auth": True}, {"id": dataset_id, "title": title}
    )


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues", "with_test_worker")
def test_background_job_runs_on_redis_queue():
    dataset = JenaDataset(owner_org=factories.Organization()["id"], title="Vorher")
    job = jobs.enqueue(retitle_dataset, [dataset["id"], "Nachher"], title="jena test job")

    # The job sits in Redis until a worker picks it up.
    assert job.connection.exists(job.key)
    assert [j.id for j in jobs.get_queue().jobs] == [job.id]
    assert model.Package.get(dataset["id"]).title == "Vorher"

    jobs.Worker().work(burst=True)

    model.Session.expire_all()
    assert model.Package.get(dataset["id"]).title == "Nachher"
    assert jobs.get_queue().jobs == []
