"""Fixtures of the harvesting framework tests: a loopback city network replaying the
recorded fixtures in tests/data/harvest/, organizations, sources, dataset snapshots."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

import pytest

from tests.harvest.framework.server import CityServer

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "data", "harvest")
ORGS = ["stadtverwaltung-jena", "kommunalservice-jena", "stadtwerke-jena"]


def data_path(*parts: str) -> str:
    return os.path.join(DATA, *parts)


def read_data(*parts: str) -> bytes:
    with open(data_path(*parts), "rb") as f:
        return f.read()


class CkanPortal:
    """The old opendata.jena.de: package_search with rows/start paging over a list of
    recorded datasets. ``fault`` switches injected errors."""

    def __init__(self, server: CityServer, prefix: str = "/ckan") -> None:
        self.server = server
        self.prefix = prefix
        recorded = json.loads(read_data("ckan", "opendata_jena_package_search.json"))
        self.packages: list[dict[str, Any]] = copy.deepcopy(recorded["result"]["results"])
        self.fault: str | None = None
        self.report_count: int | None = None
        server.route(prefix + "/api/3/action/package_search", self.package_search)

    @property
    def url(self) -> str:
        return self.server.url(self.prefix)

    def package_search(self, _path: str, query: dict[str, list[str]], _headers: dict[str, str]):
        rows = int(query.get("rows", ["10"])[0])
        start = int(query.get("start", ["0"])[0])
        pkgs = sorted(self.packages, key=lambda p: p["id"])
        body = {
            "help": "",
            "success": True,
            "result": {
                "count": self.report_count or len(pkgs),
                "results": pkgs[start : start + rows],
            },
        }
        return 200, {"Content-Type": "application/json;charset=utf-8"}, json.dumps(body).encode()

    def get(self, name: str) -> dict[str, Any]:
        return next(p for p in self.packages if p["name"] == name)


@pytest.fixture
def city():
    server = CityServer()
    yield server
    server.close()


@pytest.fixture
def portal(city):
    return CkanPortal(city)


@pytest.fixture
def orgs(clean_db, clean_index):
    from ckan.tests import factories

    return {
        name: factories.Organization(name=name, title=name.replace("-", " ").title())
        for name in ORGS
    }


def registry_defaults(name: str) -> dict[str, Any]:
    from ckanext.jena.harvest.registry import load_registry

    return load_registry(profile="production").sources[name].defaults


def make_source(
    name: str, protocol: str, url: str, org: str = "stadtverwaltung-jena", **config: Any
) -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    cfg = {
        "name": name,
        "url": url,
        "protocol": protocol,
        "schedule": "*/30 * * * *",
        "allowed_hosts": ["127.0.0.1"],
        "allow_private": True,
        "defaults": registry_defaults("opendata-jena-ckan"),
        "fetch": {"read_timeout": 2, "connect_timeout": 2, "total_timeout": 10},
    }
    cfg.update(config)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return tk.get_action("harvest_source_create")(
        {"user": site_user, "ignore_auth": True},
        {
            "name": name,
            "title": name,
            "url": url,
            "source_type": f"jena_{protocol}",
            "owner_org": org,
            "config": json.dumps(cfg),
            "frequency": "MANUAL",
        },
    )


def snapshot() -> dict[str, tuple]:
    """Every dataset (not harvest sources): id -> (name, state, metadata_modified,
    number of activities, hash)."""
    import ckan.model as model
    from ckanext.activity.model import Activity

    model.Session.expire_all()
    out = {}
    for pkg in model.Session.query(model.Package).filter(model.Package.type == "dataset"):
        activities = model.Session.query(Activity).filter(Activity.object_id == pkg.id).count()
        out[pkg.id] = (
            pkg.name,
            pkg.state,
            pkg.metadata_modified,
            activities,
            pkg.extras.get("jena_harvest_hash"),
        )
    return out


def active_names() -> list[str]:
    import ckan.model as model

    model.Session.expire_all()
    return sorted(
        p.name for p in model.Session.query(model.Package)
        .filter(model.Package.type == "dataset", model.Package.state == "active")
    )  # fmt: skip


def solr_count(source_name: str) -> int:
    import ckan.plugins.toolkit as tk

    result = tk.get_action("package_search")(
        {"ignore_auth": True},
        {"fq": f'jena_harvest_source:"{source_name}"', "rows": 0, "include_private": True},
    )
    return result["count"]
