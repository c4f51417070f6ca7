"""Running harvests in-process, scheduling, stale-job recovery and the run summary.

``run_source`` does what ckanext-harvest's gather and fetch consumers do, in one process
(like ``ckan harvester run-test``) under the Jena safety rules, and finishes the job with
ckanext-harvest's own ``harvest_jobs_run``. A Redis heartbeat marks in-process jobs as
alive; a Running job without heartbeat (process killed) or without any activity for
``ckanext.jena.harvest.stale_minutes`` is recovered: its unfinished records are marked
as errors ("interrupted"), the datasets it touched are re-indexed, and the job is
finished, so the next run starts cleanly.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.lib.redis import connect_to_redis
from croniter import croniter

from ckanext.harvest import queue
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
    HarvestSource,
)
from ckanext.jena.harvest.base import (
    JenaHarvester,
    RecordError,
    commit_search_index,
    solr_commit_deferred,
)

log = logging.getLogger(__name__)

INTERRUPTED = (
    "Interrupted: the harvest process stopped before this record was finished; "
    "nothing was changed for it and it is harvested again by the next run"
)


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


@dataclass
class RunSummary:
    source: str
    status: str = "ok"  # ok, errors, stopped, failed, skipped, dry-run
    job_id: str | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    errors: int = 0
    messages: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        return [
            self.source,
            self.status,
            str(self.added),
            str(self.updated),
            str(self.unchanged),
            str(self.withdrawn),
            str(self.errors),
        ]


# -- lookup ---------------------------------------------------------------------------
def harvester_for(source_type: str) -> Any | None:
    for harvester in p.PluginImplementations(IHarvester):
        if harvester.info()["name"] == source_type:
            return harvester
    return None


def jena_harvesters() -> dict[str, JenaHarvester]:
    """protocol -> installed Jena harvester."""
    return {
        h.PROTOCOL: h for h in p.PluginImplementations(IHarvester) if isinstance(h, JenaHarvester)
    }


def get_source(name_or_id: str) -> HarvestSource | None:
    pkg = model.Package.get(name_or_id)
    if pkg is None or pkg.type != "harvest":
        return None
    return HarvestSource.get(pkg.id)


def source_name(source: HarvestSource) -> str:
    pkg = model.Package.get(source.id)
    return pkg.name if pkg else source.id


def source_config_dict(source: HarvestSource) -> dict[str, Any]:
    try:
        data = json.loads(source.config or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# -- heartbeat --------------------------------------------------------------------------
def _redis():
    return connect_to_redis()


def _site() -> str:
    return tk.config.get("ckan.site_id") or "default"


def _owner_key(job_id: str) -> str:
    return f"{_site()}:jena:harvest:inprocess:{job_id}"


def _beat_key(job_id: str) -> str:
    return f"{_site()}:jena:harvest:heartbeat:{job_id}"


def heartbeat(job_id: str) -> None:
    ttl = int(tk.config.get("ckanext.jena.harvest.heartbeat_seconds") or 120)
    r = _redis()
    r.set(_owner_key(job_id), "1", ex=7 * 24 * 3600)
    r.set(_beat_key(job_id), "1", ex=ttl)


def release(job_id: str) -> None:
    _redis().delete(_owner_key(job_id), _beat_key(job_id))


def is_stale(job: HarvestJob, now: datetime.datetime | None = None) -> bool:
    now = now or utcnow()
    r = _redis()
    if r.exists(_owner_key(job.id)) and not r.exists(_beat_key(job.id)):
        return True  # an in-process run that stopped beating
    if r.exists(_beat_key(job.id)):
        return False
    minutes = int(tk.config.get("ckanext.jena.harvest.stale_minutes") or 120)
    last = job.get_last_action_time() if job.status == "Running" else job.created
    return bool(last) and now - last > datetime.timedelta(minutes=minutes)


def recover_stale_jobs(source_id: str | None = None) -> list[str]:
    """Finish stale New/Running jobs (of one source or all); returns their ids."""
    q = model.Session.query(HarvestJob).filter(HarvestJob.status.in_(["New", "Running"]))
    if source_id:
        q = q.filter(HarvestJob.source_id == source_id)
    recovered = []
    for job in q.all():
        if not is_stale(job):
            continue
        reindex = set()
        objects = (
            model.Session.query(HarvestObject)
            .filter(HarvestObject.harvest_job_id == job.id)
            .filter(HarvestObject.state.notin_(["COMPLETE", "ERROR"]))
            .all()
        )
        for obj in objects:
            if obj.package_id:
                reindex.add(obj.package_id)
            obj.state = "ERROR"
            obj.report_status = "errored"
            model.Session.add(HarvestObjectError(message=INTERRUPTED, object=obj, stage="Import"))
        job.status = "Finished"
        job.finished = utcnow()
        if job.gather_started and not job.gather_finished:
            job.gather_finished = job.finished
        model.Session.add(
            HarvestGatherError(
                message=f"Job recovered: it was left {'Running' if job.gather_started else 'New'} "
                f"by a stopped harvest process ({len(objects)} records unfinished); "
                "nothing was withdrawn",
                job=job,
            )
        )
        model.Session.commit()
        _redis().delete(_owner_key(job.id), _beat_key(job.id))
        for pid in reindex:
            if model.Package.get(pid) is not None:
                search.rebuild(pid)
        recovered.append(job.id)
        log.warning("recovered stale harvest job %s", job.id)
    return recovered


# -- scheduling -----------------------------------------------------------------------
def last_job(source_id: str) -> HarvestJob | None:
    return (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == source_id)
        .order_by(HarvestJob.created.desc())
        .first()
    )


def next_run(
    source: HarvestSource, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Next scheduled run (UTC) of a source by its registry cron schedule."""
    schedule = source_config_dict(source).get("schedule")
    if not schedule or not croniter.is_valid(schedule) or not source.active:
        return None
    job = last_job(source.id)
    base = job.created if job else (source.created or now or utcnow())
    return croniter(schedule, base).get_next(datetime.datetime)


def due_sources(now: datetime.datetime | None = None) -> list[HarvestSource]:
    now = now or utcnow()
    due = []
    types = {h.source_type() for h in jena_harvesters().values()}
    for source in model.Session.query(HarvestSource).filter(HarvestSource.active.is_(True)):
        if source.type not in types:
            continue
        nxt = next_run(source, now)
        if nxt is not None and nxt <= now:
            due.append(source)
    return due


def schedule_once(
    in_process: bool = False,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """One scheduler tick: recover stale jobs, start due sources, finish finished jobs."""
    context = {"model": model, "session": model.Session, "ignore_auth": True, "user": _site_user()}
    recovered = recover_stale_jobs()
    started, summaries, skipped = [], [], []
    for source in due_sources(now):
        name = source_name(source)
        if in_process:
            summaries.append(run_source(name))
            started.append(name)
            continue
        try:
            tk.get_action("harvest_job_create")(context, {"source_id": source.id, "run": True})
            started.append(name)
        except Exception as e:  # HarvestJobExists: a job of this source is still running
            skipped.append(f"{name}: {e}")
    tk.get_action("harvest_jobs_run")(context, {})
    return {"recovered": recovered, "started": started, "skipped": skipped, "summaries": summaries}


def _site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


# -- running ----------------------------------------------------------------------------
def summarize(job: HarvestJob, summary: RunSummary) -> RunSummary:
    model.Session.expire_all()
    for obj in model.Session.query(HarvestObject).filter(HarvestObject.harvest_job_id == job.id):
        status = obj.report_status
        if status == "added":
            summary.added += 1
        elif status == "updated":
            summary.updated += 1
        elif status == "not modified":
            summary.unchanged += 1
        elif status == "deleted":
            summary.withdrawn += 1
        for err in obj.errors:
            summary.errors += 1
            summary.messages.append(err.message)
    gather_errors = job.get_gather_errors()
    for err in gather_errors:
        summary.errors += 1
        summary.messages.append(err.message)
    if any(m.startswith(("Gather failed", "Safety stop")) for m in summary.messages):
        summary.status = "stopped" if "Safety stop" in " ".join(summary.messages) else "failed"
    elif summary.errors:
        summary.status = "errors"
    return summary


def run_source(
    name: str, dry_run: bool = False, progress: Callable[[str, int], Any] | None = None
) -> RunSummary:
    """Harvest one source now (gather, fetch, import, finish). ``progress(event, n)``
    is called with ("total", number of records) and ("step", 1) per record."""
    summary = RunSummary(source=name)
    source = get_source(name)
    if source is None:
        summary.status = "failed"
        summary.errors = 1
        summary.messages.append(f"no harvest source named {name!r} (run `jena sources sync`)")
        return summary
    harvester = harvester_for(source.type)
    if harvester is None:
        summary.status = "failed"
        summary.errors = 1
        summary.messages.append(f"no harvester for source type {source.type!r} is installed")
        return summary
    if dry_run:
        return dry_run_source(source, harvester, summary)
    if not source.active:
        summary.status = "skipped"
        summary.messages.append("source is disabled")
        return summary
    recover_stale_jobs(source.id)
    if (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == source.id, HarvestJob.status.in_(["New", "Running"]))
        .count()
    ):
        summary.status = "skipped"
        summary.messages.append("another job of this source is still running")
        return summary
    job = HarvestJob(source=source, status="Running")
    job.save()
    summary.job_id = job.id
    heartbeat(job.id)
    try:
        ids = queue.gather_stage(harvester, job)
        if not isinstance(ids, list):
            ids = []
        if progress:
            progress("total", len(ids))
        for obj_id in ids:
            heartbeat(job.id)
            obj = HarvestObject.get(obj_id)
            if obj is not None:
                queue.fetch_and_import_stages(harvester, obj)
            if progress:
                progress("step", 1)
        if solr_commit_deferred():
            commit_search_index()
        context = {
            "model": model,
            "session": model.Session,
            "ignore_auth": True,
            "user": _site_user(),
        }
        tk.get_action("harvest_jobs_run")(context, {"source_id": source.id})
    except BaseException:
        # killed or crashed: drop the heartbeat so the next run recovers the job at once
        # (a process killed with SIGKILL loses it when the heartbeat expires)
        _redis().delete(_beat_key(job.id))
        raise
    release(job.id)
    return summarize(HarvestJob.get(job.id), summary)


def dry_run_source(source: HarvestSource, harvester: Any, summary: RunSummary) -> RunSummary:
    """What a run would change, without writing anything."""
    summary.status = "dry-run"
    if not isinstance(harvester, JenaHarvester):
        summary.messages.append("dry runs need a Jena harvester")
        summary.errors += 1
        return summary
    try:
        plan = harvester.plan(source)
        summary.messages.extend(plan.errors)
        summary.errors += len(plan.errors)
        if plan.stop:
            summary.status = "stopped"
            return summary
        cfg = plan.source
        for record in plan.records:
            try:
                pkg = harvester.build_dataset(record, cfg)
                conflict = harvester.identifier_conflict(pkg)
                if conflict:
                    raise RecordError(conflict)
            except Exception as e:
                summary.errors += 1
                summary.messages.append(f"{record.guid}: {e}")
                continue
            state = harvester.compare(pkg)
            if state == "new":
                summary.added += 1
                summary.changes.append(f"+ add      {pkg['title']} ({record.guid})")
            elif state == "unchanged":
                summary.unchanged += 1
            else:
                summary.updated += 1
                verb = "restore" if state == "restore" else "update"
                summary.changes.append(f"~ {verb:8} {pkg['title']} ({record.guid})")
        for guid, pid in plan.withdraw.items():
            summary.withdrawn += 1
            pkg = model.Package.get(pid)
            summary.changes.append(f"- withdraw {pkg.title if pkg else pid} ({guid})")
    finally:
        model.Session.rollback()
    return summary
