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


REAL_CATALOG = "https://wissensallmende.jena.de/api/hub/repo/catalogues/jena"


class DcatCatalog:
    """The WISSENsAllmende piveau hub: a DCAT-AP.de catalogue in two hydra pages
    (recorded Turtle, the hub's own URLs rewritten to the loopback server)."""

    def __init__(self, server: CityServer, prefix: str = "/dcat") -> None:
        self.server = server
        self.path = prefix + "/catalog"
        self.pages = {n: self._load(n) for n in (1, 2)}
        self.content_type = "text/turtle"
        server.route(self.path, self.catalog)

    def _load(self, n: int) -> bytes:
        text = read_data("dcat", f"wissensallmende_page{n}.ttl").decode("utf-8")
        return text.replace(REAL_CATALOG, self.server.url(self.path)).encode("utf-8")

    @property
    def url(self) -> str:
        return self.server.url(self.path)

    def reset(self) -> None:
        self.pages = {n: self._load(n) for n in (1, 2)}
        self.content_type = "text/turtle"

    def catalog(self, _path: str, query: dict[str, list[str]], _headers: dict[str, str]):
        n = int(query.get("page", ["1"])[0])
        if n not in self.pages:
            return 404, {"Content-Type": "text/plain"}, b"no such page"
        return 200, {"Content-Type": f"{self.content_type}; charset=utf-8"}, self.pages[n]


class CswCatalog:
    """GeoMIS.TH: CSW 2.0.2 GetRecords over the recorded ISO 19139 records, paged by
    startPosition/maxRecords like the real server."""

    def __init__(self, server: CityServer, prefix: str = "/csw") -> None:
        from lxml import etree

        from ckanext.jena.harvest.csw.client import NS

        self.server = server
        self.path = prefix
        root = etree.fromstring(read_data("csw", "geomis_jena_records.xml"))
        self.records = [
            etree.tostring(md, encoding="unicode")
            for md in root.findall("csw:SearchResults/gmd:MD_Metadata", NS)
        ]
        self.raw: bytes | None = None  # a fault: answer every request with this body
        server.route(prefix, self.getrecords)

    @property
    def url(self) -> str:
        return self.server.url(self.path)

    def getrecords(self, _path: str, query: dict[str, list[str]], _headers: dict[str, str]):
        headers = {"Content-Type": "application/xml; charset=UTF-8"}
        if self.raw is not None:
            return 200, headers, self.raw
        start = int(query.get("startPosition", ["1"])[0])
        size = int(query.get("maxRecords", ["10"])[0])
        page = self.records[start - 1 : start - 1 + size]
        nxt = start + len(page)
        nxt = 0 if nxt > len(self.records) else nxt
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" '
            'xmlns:gmd="http://www.isotc211.org/2005/gmd" version="2.0.2">'
            '<csw:SearchStatus timestamp="2025-11-20T09:41:07"/>'
            f'<csw:SearchResults numberOfRecordsMatched="{len(self.records)}" '
            f'numberOfRecordsReturned="{len(page)}" elementSet="full" nextRecord="{nxt}">'
            + "".join(page)
            + "</csw:SearchResults></csw:GetRecordsResponse>"
        )
        return 200, headers, body.encode("utf-8")


@pytest.fixture
def dcat_catalog(city):
    return DcatCatalog(city)


@pytest.fixture
def csw_catalog(city):
    return CswCatalog(city)
