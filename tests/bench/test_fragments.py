"""Catalogue pages assembled from cached per-dataset fragments
(``ckanext/jena/dcatde/fragments.py``): the graph equals the uncached serialisation, the
fragments are reused, a changed dataset is never served from an outdated fragment, and
the hidden datasets stay hidden."""

from __future__ import annotations

import copy
import json
import random
import re

import pytest
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from bench import run as bench
from ckanext.jena.dcatde import fragments

CACHE = "ckanext.jena.dcat.fragment_cache"


FORMATS = {".ttl": "turtle", ".rdf": "xml", ".jsonld": "json-ld"}


def _graph(app, url: str) -> Graph:
    res = app.get(url, status=200)
    ext = "." + url.split("?")[0].rsplit(".", 1)[1]
    return Graph().parse(data=res.body, format=FORMATS[ext])


@pytest.fixture
def catalogue():
    org = factories.Organization(
        uri="https://opendata.jena.de/organization/bench-frag", email="opendata@jena.de"
    )
    user = factories.Sysadmin()
    rng = random.Random(3)
    out = []
    for k in range(4):
        d = copy.deepcopy(bench.template(k, rng))
        d.update(
            owner_org=org["id"],
            name=f"bench-frag-{k}",
            identifier=f"https://opendata.jena.de/id/bench-frag-{k}",
            private=k == 3,
        )
        out.append(
            helpers.call_action("package_create", {"user": user["name"], "ignore_auth": True}, **d)
        )
    return {"datasets": out, "user": user}


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize(
    "url",
    [
        "/catalog.ttl",
        "/catalog.ttl?profiles=jena_dcat_ap_de_2",
        "/catalog.ttl?page=2",
        "/catalog.rdf",
        "/catalog.rdf?profiles=jena_dcat_ap_de_2&page=2",
        "/catalog.jsonld",
        "/catalog.jsonld?profiles=jena_dcat_ap_de_2&page=2",
    ],
)
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
def test_assembled_page_is_isomorphic_to_the_uncached_one(
    app, catalogue, ckan_config, monkeypatch, url
):
    cold = _graph(app, url)  # fills the cache
    warm = _graph(app, url)  # served from it
    monkeypatch.setitem(ckan_config, CACHE, False)
    plain = _graph(app, url)
    assert len(plain) > 50
    assert isomorphic(cold, plain)
    assert isomorphic(warm, plain)
    # the private dataset is never in the catalogue
    names = {str(o) for o in plain.objects(None, DCTERMS.identifier)}
    assert "https://opendata.jena.de/id/bench-frag-3" not in names


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_fragments_are_cached_and_a_change_is_served_at_once(app, catalogue, ckan_config):
    redis = connect_to_redis()
    site = ckan_config.get("ckan.site_id")
    before = set(redis.scan_iter(f"jena:dcatfrag:{site}:{fragments.generation()}:*"))
    _graph(app, "/catalog.ttl")
    keys = set(redis.scan_iter(f"jena:dcatfrag:{site}:{fragments.generation()}:*")) - before
    assert len(keys) == 3  # the three public datasets

    pkg = catalogue["datasets"][0]
    helpers.call_action(
        "package_patch",
        {"user": catalogue["user"]["name"], "ignore_auth": True},
        id=pkg["id"],
        title="Geänderter Titel für den Katalog",
    )
    g = _graph(app, "/catalog.ttl")
    titles = {str(o) for o in g.objects(None, DCTERMS.title)}
    assert "Geänderter Titel für den Katalog" in titles
    assert not any(t == pkg["title"] for t in titles)
    ckan_config[CACHE] = False
    try:
        assert isomorphic(g, _graph(app, "/catalog.ttl"))
    finally:
        ckan_config[CACHE] = True


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_other_profiles_are_left_to_ckanext_dcat(app, catalogue):
    res = app.get("/catalog.rdf", status=200)
    assert "rdf:RDF" in res.body
    g = _graph(app, "/catalog.ttl?profiles=euro_dcat_ap_3")
    assert any(True for _ in g.subjects(None, URIRef("http://www.w3.org/ns/dcat#Dataset")))


def _structured(app, name: str) -> dict:
    body = app.get(f"/dataset/{name}", status=200).body
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert found, "no schema.org JSON-LD on the dataset page"
    return json.loads(found.group(1))


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_schema_org_json_ld_of_the_dataset_page_is_cached_by_content(app, catalogue, ckan_config):
    redis = connect_to_redis()
    site = ckan_config.get("ckan.site_id")
    pattern = f"jena:dcatfrag:{site}:*:structured:*"
    pkg = catalogue["datasets"][0]
    before = set(redis.scan_iter(pattern))
    first = _structured(app, pkg["name"])
    assert len(set(redis.scan_iter(pattern)) - before) == 1
    assert _structured(app, pkg["name"]) == first  # from the cache
    ckan_config[CACHE] = False
    try:
        plain = _structured(app, pkg["name"])  # ckanext-dcat's own output
        assert isomorphic(
            Graph().parse(data=json.dumps(plain), format="json-ld"),
            Graph().parse(data=json.dumps(first), format="json-ld"),
        )
    finally:
        ckan_config[CACHE] = True
    helpers.call_action(
        "package_patch",
        {"user": catalogue["user"]["name"], "ignore_auth": True},
        id=pkg["id"],
        title="Neuer Titel auf der Datensatzseite",
    )
    assert "Neuer Titel auf der Datensatzseite" in json.dumps(
        _structured(app, pkg["name"]), ensure_ascii=False
    )


@pytest.mark.usefixtures("clean_db", "clean_index", "with_request_context")
def test_a_dataset_made_private_after_the_page_search_is_left_out(catalogue):
    private = catalogue["datasets"][3]  # private in the fixture
    public = catalogue["datasets"][0]
    hits = [{k: d[k] for k in ("id", "metadata_modified", "owner_org")} for d in (public, private)]
    out = fragments.dataset_fragments(hits, ["jena_dcat_ap_de"], {}, "turtle")
    assert [ref for ref, _, _ in out] == [f"http://test.ckan.net/dataset/{public['id']}"]
