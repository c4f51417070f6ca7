"""Test helpers for the harvesters of the city's own systems (helper of tests only)."""

from __future__ import annotations

import json
import os

from ckanext.jena.harvest.fetch import Fetcher

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "harvest")


def data_path(*parts: str) -> str:
    return os.path.join(DATA, *parts)


def load_bytes(*parts: str) -> bytes:
    with open(data_path(*parts), "rb") as f:
        return f.read()


def load_json(*parts: str):
    return json.loads(load_bytes(*parts))


def public_resolver(host: str, port: int) -> list[str]:
    """Pretend every host name resolves to a public address (no DNS in tests)."""
    return ["93.184.215.14"]


def make_fetcher(*hosts: str, **settings) -> Fetcher:
    """The framework's safe fetcher for recorded sources (``responses`` replays them)."""
    return Fetcher(list(hosts), allow_private=False, resolver=public_resolver, **settings)


# --- running a harvest into the real database (plugin tests) -------------------------------


def create_source(harvester_cls, name: str, url: str, org_id: str, config: dict) -> dict:
    """A ckanext-harvest source of the harvester's type (as ``jena sources sync`` makes)."""
    import json as _json

    import ckan.plugins.toolkit as tk

    context = {"ignore_auth": True, "user": _site_user()}
    return tk.get_action("harvest_source_create")(
        context,
        {
            "name": name,
            "title": config.get("title") or name,
            "url": url,
            "source_type": harvester_cls.source_type(),
            "owner_org": org_id,
            "frequency": "MANUAL",
            "config": _json.dumps(config),
        },
    )


def _site_user() -> str:
    import ckan.plugins.toolkit as tk

    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def run_source(harvester_cls, source_id: str) -> dict:
    """Run one harvest job synchronously (gather, fetch, import) and return
    ``{"objects": {guid: {...}}, "gather_errors": [...], "job": job_dict}``."""
    import ckan.plugins.toolkit as tk
    from ckanext.harvest.model import HarvestGatherError, HarvestJob
    from ckanext.harvest.tests.lib import run_harvest_job

    context = {"ignore_auth": True, "user": _site_user()}
    job_dict = tk.get_action("harvest_job_create")(context, {"source_id": source_id, "run": False})
    job = HarvestJob.get(job_dict["id"])
    harvester = next(p for p in _harvesters() if p.info()["name"] == harvester_cls.source_type())
    objects = run_harvest_job(job, harvester)
    objects.update(_settled_in_gather(job.id, objects))
    errors = [e.message for e in HarvestGatherError.filter(harvest_job_id=job.id).all()]
    return {"objects": objects, "gather_errors": errors, "job": job_dict}


def _settled_in_gather(job_id: str, seen: dict) -> dict:
    """The job's objects that the gather stage finished itself (unchanged records are
    not queued, see ``JenaHarvester.prescreen``), in ``run_harvest_job``'s shape."""
    import ckan.plugins.toolkit as tk
    from ckanext.harvest.model import HarvestObject

    out = {}
    for obj in HarvestObject.filter(harvest_job_id=job_id).all():
        if obj.guid in seen:
            continue
        out[obj.guid] = {
            "obj_id": obj.id,
            "state": obj.state,
            "report_status": obj.report_status,
            "errors": obj.errors,
        }
        if obj.state == "COMPLETE" and obj.package_id:
            out[obj.guid]["dataset"] = tk.get_action("package_show")(
                {"ignore_auth": True}, {"id": obj.package_id}
            )
    return out


def _harvesters():
    from ckan.plugins import PluginImplementations
    from ckanext.harvest.interfaces import IHarvester

    return list(PluginImplementations(IHarvester))


def source_datasets(source_name: str) -> list[dict]:
    """Active datasets of a harvest source (from the database, not the index)."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    ids = [
        p.id
        for p in model.Session.query(model.Package)
        .filter(model.Package.state == "active", model.Package.type == "dataset")
        .all()
        if p.extras.get("jena_harvest_source") == source_name or _from_source(p.id, source_name)
    ]
    return [tk.get_action("package_show")({"ignore_auth": True}, {"id": i}) for i in ids]


def _from_source(package_id: str, source_name: str) -> bool:
    import ckan.model as model
    from ckanext.harvest.model import HarvestObject, HarvestSource

    row = (
        model.Session.query(HarvestObject)
        .join(HarvestSource, HarvestSource.id == HarvestObject.harvest_source_id)
        .join(model.Package, model.Package.id == HarvestSource.id)
        .filter(HarvestObject.package_id == package_id, model.Package.name == source_name)
        .first()
    )
    return row is not None


def write_marks(package_ids: list[str]) -> dict[str, tuple]:
    """What a rewrite would change: metadata_modified and the number of activities."""
    import ckan.model as model
    import sqlalchemy as sa

    out = {}
    for pid in package_ids:
        pkg = model.Package.get(pid)
        n_act = model.Session.execute(
            sa.text("select count(*) from activity where object_id = :id"), {"id": pid}
        ).scalar()
        out[pid] = (pkg.metadata_modified, n_act)
    return out


# --- harvest cycles and the fault matrix -------------------------------------------------------


def harvest_with(harvester_cls, source: dict, setup) -> dict:
    """One harvest run with ``setup(rsps)`` registering the recorded responses."""
    import responses

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_passthru("http://127.0.0.1")
        setup(rsps)
        return run_source(harvester_cls, source["id"])


def entry_faults(url: str, kind: str = "json") -> list[tuple[str, object]]:
    """Faults injected at a source's entry URL (framework fault matrix, protocol side):
    each is ``(name, setup(rsps))``."""
    import requests

    def reg(**kw):
        return lambda rsps: rsps.get(url, **kw)

    bad = b"<html><body>Wartungsarbeiten</body></html>" if kind == "json" else b"<wfs:WFS_Cap"
    faults = [
        ("connection refused", reg(body=requests.ConnectionError("Connection refused"))),
        ("HTTP 500", reg(status=500, body=b"Internal Server Error")),
        ("read timeout", reg(body=requests.exceptions.ReadTimeout("read timed out"))),
        ("invalid content", reg(body=bad)),
        ("over-size body", reg(body=b" " * (2 * 1024 * 1024 + 10))),
        ("non-UTF-8 text", reg(body='{"title": "Fahrradabstellplätze"}'.encode("latin-1"))),
        (
            "redirect to 169.254.169.254",
            reg(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
        ),
        (
            "redirect to a non-allowed host",
            reg(status=302, headers={"Location": "https://daten.example.org/export"}),
        ),
    ]
    if kind == "xml":
        faults.append(
            (
                "XXE",
                reg(
                    body=b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
                    b'"file:///etc/passwd">]><r>&x;</r>'
                ),
            )
        )
        faults.append(
            (
                "entity-expansion bomb",
                reg(
                    body=b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>'
                ),
            )
        )
    return faults


def run_fault_matrix(harvester_cls, source: dict, good_setup, faults) -> dict:
    """Harvest once, then inject each fault; after each: no dataset lost or changed and
    an error recorded. Finally the good source harvests again without a write.
    Returns figures ``{"faults": n, "lost": n, "changed": n, "unrecorded": [...]}``."""
    name = source["name"]
    first = harvest_with(harvester_cls, source, good_setup)
    assert first["gather_errors"] == [], first["gather_errors"]
    ids = sorted(d["id"] for d in source_datasets(name))
    assert ids
    marks = write_marks(ids)
    figures = {"faults": 0, "lost": 0, "changed": 0, "unrecorded": []}
    for fault, setup in faults:
        run = harvest_with(harvester_cls, source, setup)
        figures["faults"] += 1
        now = sorted(d["id"] for d in source_datasets(name))
        figures["lost"] += len(set(ids) - set(now))
        now_marks = write_marks(ids)
        figures["changed"] += sum(1 for i in ids if now_marks.get(i) != marks[i])
        errors = run["gather_errors"] + [
            str(e) for o in run["objects"].values() for e in o.get("errors") or []
        ]
        if not errors:
            figures["unrecorded"].append(fault)
    last = harvest_with(harvester_cls, source, good_setup)
    assert last["gather_errors"] == [], last["gather_errors"]
    assert {o["report_status"] for o in last["objects"].values()} == {"not modified"}
    assert write_marks(ids) == marks
    return figures


# --- publishers and DCAT-AP.de validation ------------------------------------------------------


def publisher_org(name: str) -> dict:
    """An organization with the publisher fields of config/organizations.yaml."""
    from ckan.tests import factories

    titles = {
        "stadtverwaltung-jena": "Stadtverwaltung Jena",
        "stadtwerke-jena": "Stadtwerke Jena",
        "jenaer-nahverkehr": "Jenaer Nahverkehr",
        "kommunalservice-jena": "Kommunal Service Jena (KSJ)",
    }
    return factories.Organization(
        name=name,
        title=titles.get(name, name),
        uri=f"https://opendata.jena.de/organization/{name}",
        homepage="https://www.jena.de",
        email="opendata@jena.de",
    )


def dcat_violations(datasets: list[dict], run: str = "v30_de_spec") -> dict[str, list[str]]:
    """title -> the SHACL violations of the dataset's DCAT-AP.de serialisation."""
    from ckanext.jena.dcatde.logic import validate_dataset

    out = {}
    for ds in datasets:
        report = validate_dataset(ds, run)
        out[ds["title"]] = [
            f"{f.path} = {f.value}: {f.message}"
            for f in report.findings
            if f.severity == "Violation"
        ]
    return out
