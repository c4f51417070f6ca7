"""``ckan jena sources ...`` / ``ckan jena harvest ...``: registry sync (idempotent),
list, run with summary table and dry run, the scheduler, and a harvest process killed
with SIGKILL at several points converging on the next run."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time

import ckan.model as model
import pytest
import yaml
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckanext.harvest.model import HarvestJob, HarvestSource

from ckanext.jena.harvest import runner
from ckanext.jena.harvest.registry import load_organization_names
from tests.harvest.framework.conftest import active_names, make_source, snapshot

MEMBERS = sorted(load_organization_names())  # the Stadtverbund (config/organizations.yaml)


@pytest.fixture
def members(clean_db, clean_index):
    for name in MEMBERS:
        factories.Organization(name=name)


def invoke(cli, *args):
    result = cli.invoke(ckan_cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.mark.usefixtures("members")
def test_sources_sync_is_idempotent_and_deactivates_removed_sources(
    cli, repo_root, tmp_path, ckan_config, monkeypatch
):
    code, out = invoke(cli, "jena", "sources", "sync", "--profile", "demo", "--dry-run")
    assert code == 0, out
    assert "[dry run] create opendata-jena-ckan (ckan, http://127.0.0.1:8765/ckan/)" in out
    assert model.Session.query(HarvestSource).count() == 0
    code, out = invoke(cli, "jena", "sources", "sync", "--profile", "demo")
    assert code == 0, out
    created = model.Session.query(HarvestSource).count()
    assert created >= 3  # at least the ckan, dcat and csw sources
    hs = runner.get_source("opendata-jena-ckan")
    assert (hs.url, hs.type, hs.active) == ("http://127.0.0.1:8765/ckan/", "jena_ckan", True)
    assert runner.source_config_dict(hs)["allow_private"] is True
    code, out = invoke(cli, "jena", "sources", "sync", "--profile", "demo")
    assert f"0 created, 0 updated, {created} unchanged, 0 deactivated" in out
    # a source removed from the registry is deactivated, never deleted
    import shutil

    copy = tmp_path / "harvesters"
    shutil.copytree(os.path.join(repo_root, "harvesters"), copy)
    (copy / "jenakultur.yaml").unlink()
    profile = yaml.safe_load((copy / "profiles" / "demo.yaml").read_text(encoding="utf-8"))
    del profile["sources"]["jenakultur-dcat"]
    (copy / "profiles" / "demo.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.registry_dir", str(copy))
    code, out = invoke(cli, "jena", "sources", "sync", "--profile", "demo")
    assert "deactivate jenakultur-dcat (no longer in the registry)" in out, out
    model.Session.expire_all()
    assert model.Package.get("jenakultur-dcat").state == "active"
    monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.registry_dir", "")
    # production profile: URLs change, unconfirmed sources are disabled
    code, out = invoke(cli, "jena", "sources", "sync", "--profile", "production")
    assert "update opendata-jena-ckan: url" in out
    model.Session.expire_all()
    assert runner.get_source("opendata-jena-ckan").url == "https://opendata.jena.de"
    assert runner.get_source("wissensallmende-dcat").active is False
    code, out = invoke(cli, "jena", "sources", "list")
    assert "opendata-jena-ckan" in out and "15 2 * * *" in out


@pytest.mark.usefixtures("members")
def test_sync_refuses_an_invalid_registry(cli, tmp_path, repo_root, ckan_config, monkeypatch):
    import shutil

    copy = tmp_path / "harvesters"
    shutil.copytree(os.path.join(repo_root, "harvesters"), copy)
    text = (copy / "jenawohnen.yaml").read_text(encoding="utf-8")
    (copy / "jenawohnen.yaml").write_text(
        text.replace('schedule: "0 6 * * 1"', 'schedule: "every monday"')
    )
    monkeypatch.setitem(ckan_config, "ckanext.jena.harvest.registry_dir", str(copy))
    code, out = invoke(cli, "jena", "sources", "sync")
    assert code == 1
    assert (
        "harvesters/jenawohnen.yaml:16: (sources[0].schedule) 'every monday' is not a "
        "valid cron expression" in out
    )
    assert "registry invalid: nothing was changed" in out
    assert model.Session.query(HarvestSource).count() == 0


@pytest.mark.usefixtures("members")
def test_harvest_run_prints_progress_and_summary_table(cli, portal):
    make_source("opendata-jena-ckan", "ckan", portal.url)
    code, out = invoke(cli, "jena", "harvest", "run", "opendata-jena-ckan", "--dry-run")
    assert code == 0, out
    assert "opendata-jena-ckan: + add      Baumkataster" in out
    assert active_names() == []
    code, out = invoke(cli, "jena", "harvest", "run", "opendata-jena-ckan")
    assert code == 0, out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("source"))
    assert lines[header].split() == [
        "source",
        "status",
        "added",
        "updated",
        "unchanged",
        "withdrawn",
        "errors",
    ]
    assert lines[header + 2].split() == ["opendata-jena-ckan", "ok", "5", "0", "0", "0", "0"]
    code, out = invoke(cli, "jena", "harvest", "run", "nonexistent")
    assert code == 1 and "no harvest source named 'nonexistent'" in out


@pytest.mark.usefixtures("members")
def test_scheduler_runs_due_sources_and_recovers_stale_jobs(cli, portal):
    make_source("opendata-jena-ckan", "ckan", portal.url, schedule="*/5 * * * *")
    hs = runner.get_source("opendata-jena-ckan")
    hs.created = datetime.datetime.utcnow() - datetime.timedelta(minutes=6)
    model.Session.commit()
    assert [s.id for s in runner.due_sources()] == [hs.id]
    code, out = invoke(cli, "jena", "harvest", "schedule", "--once", "--in-process")
    assert code == 0, out
    assert "started opendata-jena-ckan" in out
    assert len(active_names()) == 5
    assert runner.due_sources() == []  # next run in the future now
    nxt = runner.next_run(runner.get_source("opendata-jena-ckan"))
    assert nxt > datetime.datetime.utcnow()
    # a job left Running by a consumer that died long ago is recovered
    job = HarvestJob(source=runner.get_source("opendata-jena-ckan"), status="Running")
    job.gather_started = datetime.datetime.utcnow() - datetime.timedelta(hours=5)
    job.created = job.gather_started
    job.save()
    code, out = invoke(cli, "jena", "harvest", "schedule", "--once")
    assert f"recovered stale job {job.id}" in out
    model.Session.expire_all()
    assert HarvestJob.get(job.id).status == "Finished"
    # queue mode: a due source gets a job on the gather queue
    hs = runner.get_source("opendata-jena-ckan")
    last = runner.last_job(hs.id)
    last.created = datetime.datetime.utcnow() - datetime.timedelta(minutes=6)
    model.Session.commit()
    code, out = invoke(cli, "jena", "harvest", "schedule", "--once")
    assert "started opendata-jena-ckan" in out
    model.Session.expire_all()
    assert runner.last_job(hs.id).status in ("New", "Running")


@pytest.mark.usefixtures("members")
@pytest.mark.parametrize("kill_after_requests", [1, 3, 6])
def test_sigkill_at_any_point_converges(kill_after_requests, portal, city, repo_root, tmp_path):
    """A real `ckan jena harvest run` process is killed with SIGKILL after the n-th
    request; the next run recovers the job and ends with every dataset exactly once."""
    make_source("opendata-jena-ckan", "ckan", portal.url, options={"rows": 1})
    runner.run_source("opendata-jena-ckan")
    for pkg in portal.packages:
        pkg["notes"] += " Stand: November 2025."
    original = city.routes[portal.prefix + "/api/3/action/package_search"]

    def slow(p, q, h):
        time.sleep(0.4)
        return original(p, q, h)

    city.route(portal.prefix + "/api/3/action/package_search", slow)
    ini = tmp_path / "kill.ini"
    ini.write_text(
        f"[app:main]\nuse = config:{repo_root}/test.ini\n"
        "ckanext.jena.harvest.heartbeat_seconds = 1\n",
        encoding="utf-8",
    )
    city.requests.clear()
    proc = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "ckan"),
            "-c",
            str(ini),
            "jena",
            "harvest",
            "run",
            "opendata-jena-ckan",
        ],
        env=os.environ.copy(),
        cwd=repo_root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while len(city.requests) < kill_after_requests and time.time() < deadline:
        time.sleep(0.02)
    if kill_after_requests == 6:
        time.sleep(0.3)  # gather done: kill during the imports
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.2)  # its heartbeat expires
    city.route(portal.prefix + "/api/3/action/package_search", original)
    summary = runner.run_source("opendata-jena-ckan")
    assert summary.status in ("ok", "errors"), summary.messages
    model.Session.expire_all()
    hs = runner.get_source("opendata-jena-ckan")
    assert (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == hs.id, HarvestJob.status != "Finished")
        .count()
        == 0
    )
    assert active_names() == [
        "baumkataster",
        "fahrradabstellanlagen",
        "haushaltsplan-2024",
        "parken",
        "vornamen",
    ]
    final = runner.run_source("opendata-jena-ckan")
    assert (final.status, final.unchanged) == ("ok", 5)
    assert len(snapshot()) == 5  # no duplicates, no orphans


@pytest.mark.usefixtures("members")
def test_production_path_scheduler_and_queue_consumers(cli, portal, repo_root):
    """The scheduler puts the due source on the Redis gather queue; ckanext-harvest's
    consumers (`ckan jena harvest consumer gather|fetch`, separate processes) harvest it;
    the next scheduler tick marks the job Finished."""
    make_source("opendata-jena-ckan", "ckan", portal.url, schedule="*/5 * * * *")
    hs = runner.get_source("opendata-jena-ckan")
    hs.created = datetime.datetime.utcnow() - datetime.timedelta(minutes=6)
    model.Session.commit()
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")
    procs = [
        subprocess.Popen(
            [ckan_bin, "-c", os.path.join(repo_root, "test.ini"), "jena", "harvest", "consumer", q],
            env=os.environ.copy(),
            cwd=repo_root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for q in ("gather", "fetch")
    ]
    try:
        code, out = invoke(cli, "jena", "harvest", "schedule", "--once")
        assert "started opendata-jena-ckan" in out, out
        deadline = time.time() + 90
        status = None
        while time.time() < deadline:
            time.sleep(1)
            invoke(cli, "jena", "harvest", "schedule", "--once")
            model.Session.expire_all()
            status = runner.last_job(hs.id).status
            if status == "Finished":
                break
        assert status == "Finished"
        assert all(p.poll() is None for p in procs)  # consumers still waiting for work
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=20)
    assert active_names() == [
        "baumkataster",
        "fahrradabstellanlagen",
        "haushaltsplan-2024",
        "parken",
        "vornamen",
    ]
    summary = runner.summarize(runner.last_job(hs.id), runner.RunSummary("opendata-jena-ckan"))
    assert (summary.status, summary.added) == ("ok", 5)
