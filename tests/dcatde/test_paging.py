"""Keyset paging of the catalogue endpoints (``ckanext/jena/dcatde/paging.py``): a client
that follows the hydra links sees every dataset exactly once, also while datasets are
edited and created during its walk."""

from __future__ import annotations

import copy
import random

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, RDF

from bench import run as bench

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
CACHE = "ckanext.jena.dcat.fragment_cache"
FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


@pytest.fixture
def catalogue():
    org = factories.Organization(
        uri="https://opendata.jena.de/organization/paging", email="opendata@jena.de"
    )
    user = factories.Sysadmin()
    rng = random.Random(5)

    def create(k: int, private: bool = False) -> dict:
        d = copy.deepcopy(bench.template(k, rng))
        d.update(
            owner_org=org["id"],
            name=f"paging-{k}",
            identifier=f"https://opendata.jena.de/id/paging-{k}",
            private=private,
        )
        return helpers.call_action(
            "package_create", {"user": user["name"], "ignore_auth": True}, **d
        )

    datasets = [create(k) for k in range(5)]
    create(9, private=True)
    return {"datasets": datasets, "user": user, "create": create}


def _page(app, url: str, fmt: str = "ttl") -> Graph:
    res = app.get(url.replace("http://test.ckan.net", ""), status=200)
    return Graph().parse(data=res.body, format=FORMATS[fmt])


def _identifiers(g: Graph) -> list[str]:
    return sorted(str(g.value(d, DCTERMS.identifier)) for d in g.subjects(RDF.type, DCAT.Dataset))


def _next(g: Graph) -> str | None:
    for coll in g.subjects(RDF.type, HYDRA.PagedCollection):
        nxt = g.value(coll, HYDRA.next)
        return str(nxt) if nxt is not None else None
    return None


def _patch(catalogue, pkg: dict, title: str) -> None:
    helpers.call_action(
        "package_patch",
        {"user": catalogue["user"]["name"], "ignore_auth": True},
        id=pkg["id"],
        title=title,
    )


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
@pytest.mark.parametrize("cache", ["true", "false"])
def test_a_walk_sees_every_dataset_once_while_datasets_change(
    app, catalogue, ckan_config, fmt, cache
):
    ckan_config[CACHE] = cache
    first = _page(app, f"/catalog.{fmt}", fmt)
    pages = [_identifiers(first)]
    assert len(pages[0]) == 2
    coll = next(first.subjects(RDF.type, HYDRA.PagedCollection))
    assert int(first.value(coll, HYDRA.totalItems)) == 5  # the private one is not counted
    assert first.value(coll, HYDRA.last) is None  # a cursor walk goes forward only
    # meanwhile a harvest edits a dataset already seen and one not seen yet, and adds one
    by_ident = {d["identifier"]: d for d in catalogue["datasets"]}
    seen = by_ident[pages[0][0]]
    unseen = next(d for i, d in by_ident.items() if i not in pages[0])
    _patch(catalogue, seen, "Während des Abrufs geändert (gesehen)")
    _patch(catalogue, unseen, "Während des Abrufs geändert (noch nicht gesehen)")
    catalogue["create"](7)
    url = _next(first)
    while url:
        g = _page(app, url, fmt)
        pages.append(_identifiers(g))
        url = _next(g)
    walked = [i for page in pages for i in page]
    assert len(walked) == len(set(walked)), f"a dataset was served twice: {pages}"
    assert set(walked) == set(by_ident) | {"https://opendata.jena.de/id/paging-7"}
    assert walked[-1] == "https://opendata.jena.de/id/paging-7"  # new ones come last


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
def test_cursor_links_keep_the_filters_and_offset_pages_still_work(app, catalogue):
    g = _page(app, "/catalog.ttl?profiles=jena_dcat_ap_de_2&modified_since=2000-01-01")
    nxt = _next(g)
    assert "profiles=jena_dcat_ap_de_2" in nxt and "modified_since=2000-01-01" in nxt
    assert "cursor=" in nxt
    offset = _page(app, "/catalog.ttl?page=3")
    assert len(_identifiers(offset)) == 1
    coll = next(offset.subjects(RDF.type, HYDRA.PagedCollection))
    assert offset.value(coll, HYDRA.last) is not None  # ckanext-dcat's offset paging
    none_after = _page(app, "/catalog.ttl?modified_since=2100-01-01")
    assert _identifiers(none_after) == []


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("cursor", ["kaputt", "MjAyNnwx", "%00%00", "bm9kYXRlfGFiYw"])
def test_a_broken_cursor_is_refused_with_a_precise_message(app, catalogue, cursor):
    res = app.get(f"/catalog.ttl?cursor={cursor}", status=409)
    assert "invalid cursor" in res.body
    # and the action says the same
    with pytest.raises(Exception, match="invalid cursor"):
        helpers.call_action("dcat_catalog_show", {}, format="ttl", cursor=cursor)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_datasets_with_the_same_creation_time_are_ordered_by_id(app, catalogue, ckan_config):
    import ckan.model as model
    from ckan.lib.search import rebuild

    stamp = catalogue["datasets"][0]["metadata_created"]
    model.Session.query(model.Package).filter(
        model.Package.id.in_([d["id"] for d in catalogue["datasets"]])
    ).update({"metadata_created": stamp}, synchronize_session=False)
    model.Session.commit()
    rebuild()
    ckan_config["ckanext.dcat.datasets_per_page"] = "2"
    g = _page(app, "/catalog.ttl")
    walked = _identifiers(g)
    url = _next(g)
    while url:
        g = _page(app, url)
        walked += _identifiers(g)
        url = _next(g)
    assert sorted(walked) == sorted(d["identifier"] for d in catalogue["datasets"])
    assert len(walked) == 5
