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
    errors = [e.message for e in HarvestGatherError.filter(harvest_job_id=job.id).all()]
    return {"objects": objects, "gather_errors": errors, "job": job_dict}


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

    out = {}
    for pid in package_ids:
        pkg = model.Package.get(pid)
        n_act = model.Session.execute(
            model.meta.text("select count(*) from activity where object_id = :id"), {"id": pid}
        ).scalar()
        out[pid] = (pkg.metadata_modified, n_act)
    return out
