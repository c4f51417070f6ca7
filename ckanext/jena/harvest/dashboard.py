"""Data of the harvest dashboard: per source the last runs, counts, next run, errors."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
    HarvestSource,
)
from ckanext.jena.harvest import runner

COUNTED = {
    "added": "added",
    "updated": "updated",
    "not modified": "unchanged",
    "deleted": "withdrawn",
    "errored": "errored",
}


def visible_sources(user: model.User | None) -> list[HarvestSource]:
    """Sysadmins: all sources; editors/admins: the sources of their organizations."""
    if user is None:
        return []
    q = model.Session.query(HarvestSource).join(model.Package, model.Package.id == HarvestSource.id)
    q = q.filter(model.Package.state == "active")
    if not user.sysadmin:
        org_ids = [
            m.group_id for m in model.Session.query(model.Member)
            .filter(model.Member.table_name == "user", model.Member.table_id == user.id)
            .filter(model.Member.state == "active")
            .filter(model.Member.capacity.in_(["admin", "editor"]))
        ]  # fmt: skip
        if not org_ids:
            return []
        q = q.filter(model.Package.owner_org.in_(org_ids))
    return q.order_by(model.Package.name).all()


def job_counts(job_id: str) -> dict[str, int]:
    rows = (
        model.Session.query(HarvestObject.report_status, sa.func.count(HarvestObject.id))
        .filter(HarvestObject.harvest_job_id == job_id)
        .group_by(HarvestObject.report_status)
        .all()
    )
    counts = {v: 0 for v in COUNTED.values()}
    for status, n in rows:
        if status in COUNTED:
            counts[COUNTED[status]] += n
    counts["gather_errors"] = (
        model.Session.query(HarvestGatherError).filter_by(harvest_job_id=job_id).count()
    )
    counts["object_errors"] = (
        model.Session.query(HarvestObjectError)
        .join(HarvestObject, HarvestObject.id == HarvestObjectError.harvest_object_id)
        .filter(HarvestObject.harvest_job_id == job_id)
        .count()
    )
    return counts


def job_errors(job_id: str, limit: int = 100) -> dict[str, list[dict[str, str]]]:
    gather = [
        {"message": e.message, "created": e.created}
        for e in model.Session.query(HarvestGatherError)
        .filter_by(harvest_job_id=job_id).order_by(HarvestGatherError.created)
    ]  # fmt: skip
    objects = [
        {"guid": guid, "message": message, "stage": stage, "package_id": pid}
        for guid, message, stage, pid in model.Session.query(
            HarvestObject.guid, HarvestObjectError.message, HarvestObjectError.stage,
            HarvestObject.package_id)
        .join(HarvestObject, HarvestObject.id == HarvestObjectError.harvest_object_id)
        .filter(HarvestObject.harvest_job_id == job_id)
        .order_by(HarvestObject.guid)
        .limit(limit)
    ]  # fmt: skip
    return {"gather": gather, "objects": objects}


def source_overview(source: HarvestSource, runs: int = 5) -> dict[str, Any]:
    pkg = model.Package.get(source.id)
    cfg = runner.source_config_dict(source)
    org = model.Group.get(pkg.owner_org) if pkg and pkg.owner_org else None
    jobs = (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == source.id)
        .order_by(HarvestJob.created.desc())
        .limit(runs)
        .all()
    )
    job_rows = []
    for job in jobs:
        counts = job_counts(job.id)
        job_rows.append(
            {
                "id": job.id,
                "status": job.status,
                "created": job.created,
                "finished": job.finished,
                "counts": counts,
                "ok": job.status == "Finished"
                and not counts["gather_errors"]
                and not counts["object_errors"],
            }
        )
    datasets = (
        model.Session.query(sa.func.count(sa.distinct(HarvestObject.package_id)))
        .join(model.Package, model.Package.id == HarvestObject.package_id)
        .filter(HarvestObject.harvest_source_id == source.id, model.Package.state == "active")
        .scalar()
    )
    return {
        "name": pkg.name if pkg else source.id,
        "title": source.title or (pkg.title if pkg else ""),
        "url": source.url,
        "type": source.type,
        "organization": org.display_name if org else "",
        "schedule": cfg.get("schedule", ""),
        "enabled": bool(source.active),
        "next_run": runner.next_run(source),
        "datasets": datasets or 0,
        "jobs": job_rows,
        "errors": job_errors(jobs[0].id) if jobs else {"gather": [], "objects": []},
    }
