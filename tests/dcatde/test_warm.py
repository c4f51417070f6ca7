"""Catalogue fragments are built in the background when datasets change
(``ckanext/jena/dcatde/warm.py``), and by ``ckan jena dcat warm`` for the whole
catalogue, so a walk finds them ready."""

from __future__ import annotations

import copy
import random

import pytest
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers
from rdflib import Graph

from bench import run as bench
from ckanext.jena.cli import jena
from ckanext.jena.dcatde import fragments, warm

PROFILES = ["jena_dcat_ap_de"]


@pytest.fixture
def fresh_redis():
    redis = connect_to_redis()
    for key in redis.scan_iter("jena:dcat*"):
        redis.delete(key)
    jobs.get_queue(warm.QUEUE).empty()
    return redis


@pytest.fixture
def datasets(fresh_redis):
    org = factories.Organization(
        uri="https://opendata.jena.de/organization/warm", email="opendata@jena.de"
    )
    user = factories.Sysadmin()
    rng = random.Random(11)
    out = []
    for k in range(3):
        d = copy.deepcopy(bench.template(k, rng))
        d.update(owner_org=org["id"], name=f"warm-{k}", private=k == 2)
        out.append(
            helpers.call_action("package_create", {"user": user["name"], "ignore_auth": True}, **d)
        )
    return {"public": out[:2], "private": out[2], "user": user}


def _built(pkg: dict, fmt: str) -> bool:
    """Is the fragment the catalogue would use (keyed by the search hit) in Redis?"""
    hits = helpers.call_action(
        "package_search",
        fq=f'id:"{pkg["id"]}"',
        fl="id metadata_modified owner_org",
        include_private=True,
    )["results"]
    key = fragments.fragment_key(hits[0], PROFILES, fmt=fmt)
    return bool(connect_to_redis().exists(key))


def _no_building(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a fragment was built during the request")

    monkeypatch.setattr(fragments, "_build", refuse)


def _walk_all_formats(app) -> None:
    for ext, fmt in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld")):
        body = app.get(f"/catalog.{ext}", status=200).body
        assert len(Graph().parse(data=body, format=fmt)) > 50


@pytest.mark.usefixtures("clean_db", "clean_index", "with_test_worker", "with_request_context")
def test_changed_datasets_are_built_by_one_background_job(app, datasets, monkeypatch):
    queue = jobs.get_queue(warm.QUEUE)
    assert len(queue) == 1  # three datasets created, one job queued
    assert not _built(datasets["public"][0], "turtle")
    helpers.call_action(
        "package_patch",
        {"user": datasets["user"]["name"], "ignore_auth": True},
        id=datasets["public"][0]["id"],
        title="Geändert, bevor der Job lief",
    )
    assert len(queue) == 1
    jobs.Worker([warm.QUEUE]).work(burst=True)
    assert len(queue) == 0
    for pkg in datasets["public"]:
        for fmt in fragments.FORMATS:
            assert _built(pkg, fmt), (pkg["name"], fmt)
    assert not any(_built(datasets["private"], fmt) for fmt in fragments.FORMATS)
    _no_building(monkeypatch)
    _walk_all_formats(app)
    # the next change queues the next job
    helpers.call_action(
        "package_patch",
        {"user": datasets["user"]["name"], "ignore_auth": True},
        id=datasets["public"][1]["id"],
        title="Später geändert",
    )
    assert len(queue) == 1


@pytest.mark.usefixtures("clean_db", "clean_index", "with_request_context")
@pytest.mark.ckan_config("ckanext.jena.dcat.fragment_warm", "false")
def test_the_cli_builds_the_whole_catalogue(app, cli, datasets, monkeypatch):
    assert len(jobs.get_queue(warm.QUEUE)) == 0  # switched off: nothing queued
    result = cli.invoke(jena, ["dcat", "warm"])
    assert result.exit_code == 0, result.output
    assert "2 Datensätze" in result.output
    assert all(_built(p, f) for p in datasets["public"] for f in fragments.FORMATS)
    _no_building(monkeypatch)
    _walk_all_formats(app)
