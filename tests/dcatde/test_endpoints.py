"""ckanext-dcat's endpoints with the Jena profiles: formats, content negotiation, hydra
paging, modified_since, ?profiles=, and the privacy rules."""

from __future__ import annotations

import datetime
import time

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ckanext.jena.dcatde.mapping import ADMS, DCAT, DCATDE, HYDRA
from tests.dcatde.conftest import create, minimal_fields, typical_fields

BASE = "http://test.ckan.net"
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}


def _get(app, url, status=200, **kwargs) -> Graph | None:
    res = app.get(url, status=status, **kwargs)
    if status != 200:
        return None
    ctype = res.headers["Content-Type"]
    fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}[
        ctype.split(";")[0]
    ]
    return Graph().parse(data=res.body, format=fmt)


def _uri(d) -> URIRef:
    return URIRef(f"{BASE}/dataset/{d['id']}")


@pytest.fixture
def hidden(clean_db, clean_index, sysadmin, org):
    """A private, a draft and a deleted dataset next to two public ones."""
    public = [create(sysadmin, **minimal_fields(org)), create(sysadmin, **typical_fields(org))]
    private = create(sysadmin, **{**minimal_fields(org), "private": True, "title": "Privat"})
    draft = create(sysadmin, **{**minimal_fields(org), "state": "draft", "title": "Entwurf"})
    deleted = create(sysadmin, **{**minimal_fields(org), "title": "Gelöscht"})
    helpers.call_action("package_delete", {"user": sysadmin["name"]}, id=deleted["id"])
    return {"public": public, "private": private, "draft": draft, "deleted": deleted}


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_catalog_formats(app, hidden, ext):
    g = _get(app, f"/catalog.{ext}")
    assert set(g.objects(URIRef(BASE), DCAT.dataset)) == {_uri(d) for d in hidden["public"]}


@pytest.mark.parametrize("ext", ["ttl", "rdf", "jsonld"])
def test_dataset_formats(app, hidden, ext):
    d = hidden["public"][1]
    g = _get(app, f"/dataset/{d['name']}.{ext}")
    assert (_uri(d), RDF.type, DCAT.Dataset) in g
    assert (_uri(d), DCATDE.contributorID, None) in g


def test_content_negotiation(app, hidden):
    d = hidden["public"][0]
    g = _get(app, f"/dataset/{d['name']}", headers={"Accept": "text/turtle"})
    assert (_uri(d), RDF.type, DCAT.Dataset) in g
    g = _get(app, "/", headers={"Accept": "application/rdf+xml"})
    assert (URIRef(BASE), RDF.type, DCAT.Catalog) in g
    html = app.get(f"/dataset/{d['name']}", headers={"Accept": "text/html"})
    assert "<html" in html.body


class TestPrivacy:
    @pytest.mark.parametrize("kind", ["private", "draft", "deleted"])
    def test_per_dataset_urls_are_404(self, app, hidden, kind):
        d = hidden[kind]
        for ref in (d["id"], d["name"]):
            for ext in ("ttl", "rdf", "jsonld"):
                _get(app, f"/dataset/{ref}.{ext}", status=404)
                _get(app, f"/dataset/{ref}.{ext}?profiles=jena_dcat_ap_de_2", status=404)
        _get(app, f"/dataset/{d['id']}", status=404, headers={"Accept": "text/turtle"})

    def test_not_even_for_the_organization_editor(self, app, hidden, org):
        editor = factories.User()
        helpers.call_action(
            "organization_member_create", id=org["id"], username=editor["name"], role="editor"
        )
        token = factories.APIToken(user=editor["name"])["token"]
        headers = {"Authorization": token}
        _get(app, f"/dataset/{hidden['private']['id']}.ttl", status=404, headers=headers)
        g = _get(app, "/catalog.ttl", headers=headers)
        listed = set(g.objects(URIRef(BASE), DCAT.dataset))
        assert listed == {_uri(d) for d in hidden["public"]}

    def test_catalogue_never_lists_them(self, app, hidden):
        hidden_uris = {_uri(hidden[k]) for k in ("private", "draft", "deleted")}
        for url in (
            "/catalog.ttl",
            "/catalog.ttl?profiles=jena_dcat_ap_de_2",
            "/catalog.ttl?q=*:*",
        ):
            g = _get(app, url)
            subjects = set(g.subjects()) | set(g.objects())
            assert not hidden_uris & subjects
            titles = {str(t) for t in g.objects(None, URIRef("http://purl.org/dc/terms/title"))}
            assert not {"Privat", "Entwurf", "Gelöscht"} & titles


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "2")
def test_hydra_paging_walks_every_public_dataset_once(app, clean_db, clean_index, sysadmin, org):
    public = [create(sysadmin, **minimal_fields(org)) for _ in range(5)]
    create(sysadmin, **{**minimal_fields(org), "private": True})
    seen: list[URIRef] = []
    url = "/catalog.ttl"
    pages = 0
    while url:
        g = _get(app, url)
        pages += 1
        seen.extend(g.objects(URIRef(BASE), DCAT.dataset))
        nxt = list(g.objects(None, HYDRA.next))
        assert len(nxt) <= 1
        url = str(nxt[0]).replace(BASE, "") if nxt else None
        assert pages < 10
    assert pages == 3
    assert sorted(seen) == sorted(_uri(d) for d in public)
    total = next(g.objects(None, HYDRA.totalItems))
    assert int(total) == 5


def test_modified_since(app, clean_db, clean_index, sysadmin, org):
    old = create(sysadmin, **minimal_fields(org))
    fresh = create(sysadmin, **typical_fields(org))
    time.sleep(1.1)
    since = datetime.datetime.utcnow().replace(microsecond=0).isoformat()
    time.sleep(0.1)
    helpers.call_action("package_patch", {"user": sysadmin["name"]}, id=fresh["id"], title="Neu")
    g = _get(app, f"/catalog.ttl?modified_since={since}")
    assert set(g.objects(URIRef(BASE), DCAT.dataset)) == {_uri(fresh)}
    g = _get(app, "/catalog.ttl?modified_since=2000-01-01")
    assert set(g.objects(URIRef(BASE), DCAT.dataset)) == {_uri(old), _uri(fresh)}
    res = app.get("/catalog.ttl?modified_since=gestern", status=409)
    assert "ISO-8601" in res.body


def test_profiles_parameter_selects_the_20_flavour_everywhere(
    app, clean_db, clean_index, sysadmin, org
):
    from tests.dcatde.conftest import maximal_fields

    d = create(sysadmin, **maximal_fields(org))
    status_20 = URIRef("http://purl.org/adms/status/Completed")
    for url in (
        f"/dataset/{d['name']}.ttl?profiles=jena_dcat_ap_de_2",
        f"/dataset/{d['name']}.jsonld?profiles=jena_dcat_ap_de_2",
        "/catalog.ttl?profiles=jena_dcat_ap_de_2",
        "/catalog.rdf?profiles=jena_dcat_ap_de_2",
    ):
        g = _get(app, url)
        assert (None, ADMS.status, status_20) in g, url
        assert (_uri(d), OWL.versionInfo, None) in g, url
        assert (_uri(d), DCATDE.politicalGeocodingURI, None) in g, url
    g = _get(app, f"/dataset/{d['name']}.ttl")  # default: 3.0
    assert (None, ADMS.status, status_20) not in g
    assert (_uri(d), DCAT.version, None) in g
    g = _get(app, f"/dataset/{d['name']}.ttl", headers={"Accept": "text/turtle"})
    res = app.get("/catalog.ttl?profiles=gibtsnicht", status=409)
    assert "Unknown RDF profiles" in res.body


def test_series_endpoint_and_default_profile(
    app, clean_db, clean_index, sysadmin, org, ckan_config
):
    from tests.dcatde.conftest import series_fields

    assert ckan_config["ckanext.dcat.rdf.profiles"] == "jena_dcat_ap_de"
    series = create(sysadmin, **series_fields(org))
    for url in (f"/dataset_series/{series['name']}.ttl", f"/dataset/{series['name']}.ttl"):
        g = _get(app, url)
        assert (_uri(series), RDF.type, DCAT.DatasetSeries) in g
        assert (URIRef(f"{_uri(series)}#record"), RDF.type, DCAT.CatalogRecord) in g
