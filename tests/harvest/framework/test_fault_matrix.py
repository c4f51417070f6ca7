"""Fault matrix: each fault is injected into a source that was harvested successfully
before. For every fault: no existing dataset is lost or changed (same ids, names,
states, metadata_modified, activities, hashes), the error is recorded on the job, and
the next run after the fault is gone succeeds. Figures are printed at the end and
written to var/log/harvest-fault-matrix.json."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ckan.model as model
import pytest
from ckanext.harvest.model import HarvestJob

from ckanext.jena.harvest import runner
from ckanext.jena.harvest.base import JenaHarvester
from tests.harvest.framework.conftest import (
    CkanPortal,
    CswCatalog,
    DcatCatalog,
    make_source,
    snapshot,
)

FIGURES: dict[str, dict[str, Any]] = {}
XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE csw [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2">
<csw:SearchResults numberOfRecordsMatched="1" nextRecord="0">&xxe;</csw:SearchResults>
</csw:GetRecordsResponse>"""
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2">&lol9;</csw:GetRecordsResponse>"""


@dataclass
class Env:
    city: Any
    ckan: CkanPortal
    dcat: DcatCatalog
    csw: CswCatalog
    monkeypatch: Any
    restore: Callable[[], None] | None = None


def _json_route(
    env: Env,
    status: int,
    body: bytes,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> None:
    path = env.ckan.prefix + "/api/3/action/package_search"
    original = env.city.routes[path]
    env.city.static(path, body, status=status, content_type=content_type, headers=headers)
    env.restore = lambda: env.city.route(path, original)


def connection_refused(env: Env) -> None:
    env.city.stop()
    env.restore = env.city.start


def http_500(env: Env) -> None:
    _json_route(env, 500, b'{"success": false, "error": {"message": "Internal Server Error"}}')


def read_timeout(env: Env) -> None:
    path = env.ckan.prefix + "/api/3/action/package_search"
    original = env.city.routes[path]

    def slow(p, q, h):
        import time

        time.sleep(1.6)
        return original(p, q, h)

    env.city.route(path, slow)
    env.restore = lambda: env.city.route(path, original)


def invalid_xml(env: Env) -> None:
    env.csw.raw = b'<?xml version="1.0"?><csw:GetRecordsResponse xmlns:csw="x"><csw:SearchResults>'
    env.restore = lambda: setattr(env.csw, "raw", None)


def invalid_rdf(env: Env) -> None:
    env.dcat.pages[1] = b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> dcat:dataset <b"
    env.restore = env.dcat.reset


def invalid_json(env: Env) -> None:
    _json_route(env, 200, b'{"success": true, "result": {"count": 5, "results": [{"id": ')


def empty_catalog(env: Env) -> None:
    saved = env.ckan.packages
    env.ckan.packages = []
    env.restore = lambda: setattr(env.ckan, "packages", saved)


def truncated_paging(env: Env) -> None:
    saved = env.ckan.packages
    env.ckan.packages = saved[:4]  # one dataset not delivered ...
    env.ckan.report_count = 8  # ... and the portal announces more than it delivers

    def restore():
        env.ckan.packages = saved
        env.ckan.report_count = None

    env.restore = restore


def oversize_body(env: Env) -> None:
    # no Content-Length: the cap must hold while streaming
    _json_route(
        env,
        200,
        b'{"success": true, "result": {"count": 1, "results": [], "x": "' + b"A" * 300_000 + b'"}}',
        headers={"Content-Length": None},
    )


def xxe(env: Env) -> None:
    env.csw.raw = XXE
    env.restore = lambda: setattr(env.csw, "raw", None)


def entity_bomb(env: Env) -> None:
    env.csw.raw = BOMB
    env.restore = lambda: setattr(env.csw, "raw", None)


def redirect_metadata(env: Env) -> None:
    _json_route(
        env,
        302,
        b"",
        headers={"Location": "http://169.254.169.254/latest/meta-data/iam/security-credentials/"},
    )


def redirect_foreign(env: Env) -> None:
    _json_route(env, 301, b"", headers={"Location": "https://evil.example.org/api/3/action/x"})


def duplicate_identifiers(env: Env) -> None:
    import copy

    saved = env.ckan.packages
    twin = copy.deepcopy(saved[2])
    twin["title"] = "Parken (Kopie mit anderem Inhalt)"
    env.ckan.packages = saved + [twin]
    env.restore = lambda: setattr(env.ckan, "packages", saved)


def non_utf8(env: Env) -> None:
    data = json.dumps(
        {"success": True, "result": {"count": 5, "results": env.ckan.packages}}, ensure_ascii=False
    ).encode("latin-1", errors="replace")
    _json_route(env, 200, data, content_type="application/json; charset=utf-8")


def crash_between_fetch_and_import(env: Env) -> None:
    # the source changed, so the run would update two datasets, but the process dies
    # after fetching, before the first import; the changes stay at the source
    for pkg in env.ckan.packages[:2]:
        pkg["title"] = pkg["title"] + " (aktualisiert)"
    original = JenaHarvester._import

    def killed(self, obj, source):
        raise KeyboardInterrupt("harvest process killed between fetch and import")

    env.monkeypatch.setattr(JenaHarvester, "_import", killed)
    env.restore = lambda: env.monkeypatch.setattr(JenaHarvester, "_import", original)


# fault id -> (injector, protocol, expected message fragment)
FAULTS: dict[str, tuple[Callable[[Env], None], str, str]] = {
    "connection refused": (connection_refused, "ckan", "connection refused"),
    "HTTP 500": (http_500, "ckan", "HTTP 500"),
    "read timeout": (read_timeout, "ckan", "read timeout"),
    "invalid XML": (invalid_xml, "csw", "invalid XML"),
    "invalid RDF": (invalid_rdf, "dcat", "invalid RDF"),
    "invalid JSON": (invalid_json, "ckan", "invalid JSON"),
    "empty catalog": (empty_catalog, "ckan", "empty catalogue"),
    "truncated paging": (truncated_paging, "ckan", "paging broke off"),
    "over-size body": (oversize_body, "ckan", "exceeds the limit of 200000 bytes"),
    "XXE": (xxe, "csw", "declares entities"),
    "entity-expansion bomb": (entity_bomb, "csw", "declares entities"),
    "redirect to 169.254.169.254": (
        redirect_metadata,
        "ckan",
        "non-public address 169.254.169.254",
    ),
    "redirect to a non-allowed host": (redirect_foreign, "ckan", "'evil.example.org' is not among"),
    "duplicate identifiers": (duplicate_identifiers, "ckan", "Duplicate identifier"),
    "non-UTF-8 text": (non_utf8, "ckan", "is not valid utf-8"),
    "crash between fetch and import": (crash_between_fetch_and_import, "ckan", "Interrupted"),
}

SOURCE = {
    "ckan": "opendata-jena-ckan",
    "dcat": "wissensallmende-dcat",
    "csw": "geoportal-thueringen-csw",
}
EXPECTED = {"ckan": 5, "dcat": 5, "csw": 3}


def _job_messages(source_name: str) -> list[str]:
    """All gather and record errors recorded on the source's jobs."""
    from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError

    hs = runner.get_source(source_name)
    jobs = [j.id for j in model.Session.query(HarvestJob).filter_by(source_id=hs.id)]
    msgs = [
        e.message
        for e in model.Session.query(HarvestGatherError).filter(
            HarvestGatherError.harvest_job_id.in_(jobs)
        )
    ]
    msgs += [
        e.message
        for e in model.Session.query(HarvestObjectError)
        .join(HarvestObject)
        .filter(HarvestObject.harvest_job_id.in_(jobs))
    ]
    return msgs


def _duplicates() -> int:
    """Active datasets sharing an identifier or a (source, title) pair."""
    model.Session.expire_all()
    seen: dict[tuple, int] = {}
    for pkg in model.Session.query(model.Package).filter(
        model.Package.type == "dataset", model.Package.state == "active"
    ):
        for key in (
            ("id", pkg.extras.get("identifier")),
            ("title", pkg.extras.get("jena_harvest_source"), pkg.title),
        ):
            if key[1]:
                seen[key] = seen.get(key, 0) + 1
    return sum(n - 1 for n in seen.values() if n > 1)


@pytest.mark.usefixtures("orgs")
@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault(fault, city, monkeypatch):
    inject, protocol, expected = FAULTS[fault]
    env = Env(city, CkanPortal(city), DcatCatalog(city), CswCatalog(city), monkeypatch)
    url = {"ckan": env.ckan.url, "dcat": env.dcat.url, "csw": env.csw.url}[protocol]
    name = SOURCE[protocol]
    # even a source misconfigured to allow the metadata address never reaches it
    make_source(
        name,
        protocol,
        url,
        allowed_hosts=["127.0.0.1", "169.254.169.254"],
        options={"rows": 2, "page_size": 2},
        fetch={"read_timeout": 1, "connect_timeout": 1, "total_timeout": 10, "max_bytes": 200_000},
    )
    first = runner.run_source(name)
    assert (first.added, first.errors) == (EXPECTED[protocol], 0), first.messages
    before = snapshot()

    inject(env)
    try:
        faulty = runner.run_source(name)
    except KeyboardInterrupt:
        faulty = None  # the process "died"; the job is left behind
    after = snapshot()
    lost = sum(1 for k, v in before.items() if k not in after or after[k][1] != "active")
    changed = sum(1 for k, v in before.items() if k in after and after[k] != v)
    assert lost == 0 and changed == 0, (before, after)
    assert after == before
    if faulty is not None:
        assert faulty.status != "ok" and faulty.withdrawn == 0
    else:
        model.Session.expire_all()
        hs = runner.get_source(name)
        assert (
            model.Session.query(HarvestJob).filter_by(source_id=hs.id, status="Running").count()
            == 1
        )

    env.restore()
    recovered = runner.run_source(name)
    model.Session.expire_all()
    recorded = [m for m in _job_messages(name) if expected.lower() in m.lower()]
    assert recorded, (fault, _job_messages(name))
    assert recovered.status == "ok", recovered.messages
    hs = runner.get_source(name)
    assert (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == hs.id, HarvestJob.status != "Finished")
        .count()
        == 0
    )
    final = snapshot()
    assert {k for k, v in final.items() if v[1] == "active"} == set(before)
    duplicates = _duplicates()
    assert duplicates == 0
    FIGURES[fault] = {
        "protocol": protocol,
        "datasets_before": len(before),
        "lost": lost,
        "changed": changed,
        "duplicates": duplicates,
        "error_recorded": recorded[0][:160],
        "next_run": f"{recovered.status}: {recovered.added} added, "
        f"{recovered.updated} updated, {recovered.unchanged} unchanged",
    }


REQUIRED = [
    "connection refused",
    "HTTP 500",
    "read timeout",
    "invalid XML",
    "invalid RDF",
    "invalid JSON",
    "empty catalog",
    "truncated paging",
    "over-size body",
    "XXE",
    "entity-expansion bomb",
    "redirect to 169.254.169.254",
    "redirect to a non-allowed host",
    "duplicate identifiers",
    "non-UTF-8 text",
    "crash between fetch and import",
]


def test_matrix_covers_every_fault_of_the_issue():
    assert sorted(FAULTS) == sorted(REQUIRED)


@pytest.fixture(scope="module", autouse=True)
def _figures():
    """After the module: print the figures and write var/log/harvest-fault-matrix.json."""
    yield
    if not FIGURES:
        return
    totals = {
        "faults_injected": len(FIGURES),
        "datasets_lost": sum(f["lost"] for f in FIGURES.values()),
        "datasets_changed_by_faults": sum(f["changed"] for f in FIGURES.values()),
        "duplicates": sum(f["duplicates"] for f in FIGURES.values()),
        "errors_recorded": sum(1 for f in FIGURES.values() if f["error_recorded"]),
        "next_run_succeeded": sum(1 for f in FIGURES.values() if f["next_run"].startswith("ok")),
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    os.makedirs(os.path.join(root, "var", "log"), exist_ok=True)
    with open(os.path.join(root, "var", "log", "harvest-fault-matrix.json"), "w") as f:
        json.dump({"totals": totals, "faults": FIGURES}, f, ensure_ascii=False, indent=1)
    print("\nFAULT MATRIX:", json.dumps(totals))
    for fault, fig in FIGURES.items():
        print(f"  {fault:32} lost={fig['lost']} dup={fig['duplicates']} -> {fig['next_run']}")
