"""``ckan jena sources ...`` and ``ckan jena harvest ...`` commands."""

from __future__ import annotations

import sys
import time
from typing import Any

import ckan.plugins.toolkit as tk
import click

from ckanext.jena.cli import jena
from ckanext.jena.harvest import registry as registry_mod
from ckanext.jena.harvest import runner

PROFILE_HELP = "Registry profile: demo (embedded city network) or production (default: config)."


def _profile(profile: str | None) -> str:
    return profile or tk.config.get("ckanext.jena.harvest.profile") or "production"


def _load(profile: str | None) -> registry_mod.Registry:
    directory = tk.config.get("ckanext.jena.harvest.registry_dir") or None
    return registry_mod.load_registry(
        directory, _profile(profile), organizations=registry_mod.load_organization_names()
    )


def _table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False))
    click.echo(line)
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)))


@jena.group(name="sources", short_help="Harvest source registry")
def sources() -> None:
    """The harvest source registry (harvesters/*.yaml)."""


@sources.command(name="validate")
@click.option(
    "--profile", type=click.Choice(registry_mod.PROFILES), default=None, help=PROFILE_HELP
)
def validate(profile: str | None) -> None:
    """Check the registry files; print every problem with file, line and reason."""
    reg = _load(profile)
    for issue in reg.issues:
        click.echo(str(issue), err=True)
    if reg.issues:
        sys.exit(1)
    click.echo(f"{len(reg.sources)} sources in {len(reg.files)} files: valid")


@sources.command(name="sync")
@click.option("--dry-run", is_flag=True, help="Show the changes without writing.")
@click.option(
    "--profile", type=click.Choice(registry_mod.PROFILES), default=None, help=PROFILE_HELP
)
def sync(dry_run: bool, profile: str | None) -> None:
    """Create, update or deactivate ckanext-harvest sources to match the registry."""
    from ckanext.jena.harvest.sync import sync_sources

    reg = _load(profile)
    if reg.issues:
        for issue in reg.issues:
            click.echo(str(issue), err=True)
        click.echo("registry invalid: nothing was changed", err=True)
        sys.exit(1)
    report = sync_sources(reg, dry_run=dry_run)
    prefix = "[dry run] " if dry_run else ""
    for line in report.details:
        click.echo(prefix + line)
    for warning in report.warnings:
        click.echo("warning: " + warning, err=True)
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(
        f"{prefix}profile {reg.profile}: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{len(report.deactivated)} deactivated, {len(report.warnings)} skipped, "
        f"{len(report.problems)} problems"
    )
    if report.problems:
        sys.exit(1)


@sources.command(name="list")
def list_sources() -> None:
    """List the harvest sources with protocol, schedule, state and next run."""
    import ckan.model as model

    from ckanext.harvest.model import HarvestSource

    rows = []
    for hs in model.Session.query(HarvestSource).order_by(HarvestSource.url):
        cfg = runner.source_config_dict(hs)
        job = runner.last_job(hs.id)
        nxt = runner.next_run(hs)
        rows.append(
            [
                runner.source_name(hs),
                hs.type,
                cfg.get("schedule", "-"),
                "enabled" if hs.active else "disabled",
                f"{job.status} {job.created:%Y-%m-%d %H:%M}" if job else "never run",
                f"{nxt:%Y-%m-%d %H:%M} UTC" if nxt else "-",
                hs.url,
            ]
        )
    if not rows:
        click.echo("no harvest sources (run `ckan jena sources sync`)")
        return
    _table(["name", "type", "schedule", "state", "last job", "next run", "url"], rows)


@jena.group(name="harvest", short_help="Run and schedule harvests")
def harvest() -> None:
    """Run harvests now or on their schedules."""


class _Progress:
    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, event: str, n: int) -> None:
        if event == "total":
            self.bar = click.progressbar(
                length=max(n, 0), label=self.label, show_pos=True, file=sys.stderr
            )
            self.bar.__enter__()
        elif event == "step" and self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


HEADERS = ["source", "status", "added", "updated", "unchanged", "withdrawn", "errors"]


def print_summaries(summaries: list[runner.RunSummary], verbose: bool = True) -> None:
    for s in summaries:
        for change in s.changes:
            click.echo(f"{s.source}: {change}")
        if verbose:
            for msg in s.messages[:50]:
                click.echo(f"{s.source}: {msg}", err=True)
    if summaries:
        click.echo("")
        _table(HEADERS, [s.row() for s in summaries])


@harvest.command(name="run")
@click.argument("names", nargs=-1)
@click.option("--due", is_flag=True, help="Run the sources whose schedule is due.")
@click.option("--all", "run_all", is_flag=True, help="Run every enabled source.")
@click.option("--dry-run", is_flag=True, help="Show the changes without writing.")
def run(names: tuple[str, ...], due: bool, run_all: bool, dry_run: bool) -> None:
    """Harvest SOURCE ... now, in this process, with the safety rules."""
    import ckan.model as model

    from ckanext.harvest.model import HarvestSource

    selected = list(names)
    if due:
        selected += [runner.source_name(s) for s in runner.due_sources()]
    if run_all:
        selected += [
            runner.source_name(s)
            for s in model.Session.query(HarvestSource).filter(HarvestSource.active.is_(True))
        ]
    if not selected:
        raise click.UsageError("name at least one source, or use --due or --all")
    summaries = []
    for name in dict.fromkeys(selected):
        progress = _Progress(name)
        try:
            summaries.append(runner.run_source(name, dry_run=dry_run, progress=progress))
        finally:
            progress.close()
    print_summaries(summaries)
    if any(s.status in ("failed", "stopped") for s in summaries):
        sys.exit(1)


@harvest.command(name="schedule")
@click.option("--once", is_flag=True, help="One tick: enqueue due sources and exit.")
@click.option(
    "--interval",
    type=int,
    default=None,
    help="Seconds between ticks (default: ckanext.jena.harvest.scheduler_interval).",
)
@click.option(
    "--in-process",
    is_flag=True,
    help="Run due harvests in this process instead of the gather/fetch queues.",
)
def schedule(once: bool, interval: int | None, in_process: bool) -> None:
    """Honour every source's cron schedule: enqueue due sources on the harvest queues,
    finish completed jobs and recover stale ones. Loops unless --once."""
    interval = interval or int(tk.config.get("ckanext.jena.harvest.scheduler_interval") or 60)
    while True:
        try:
            result = runner.schedule_once(in_process=in_process)
            for name in result["started"]:
                click.echo(f"started {name}")
            for line in result["skipped"]:
                click.echo(f"skipped {line}")
            for job_id in result["recovered"]:
                click.echo(f"recovered stale job {job_id}")
            if result["summaries"]:
                print_summaries(result["summaries"], verbose=False)
        except Exception as e:  # keep the scheduler alive; the next tick retries
            click.echo(f"scheduler tick failed: {type(e).__name__}: {e}", err=True)
            import ckan.model as model

            model.Session.rollback()
            if once:
                raise
        if once:
            return
        time.sleep(interval)


@harvest.command(name="consumer")
@click.argument("queue_name", metavar="gather|fetch", type=click.Choice(["gather", "fetch"]))
def consumer(queue_name: str) -> None:
    """Run ckanext-harvest's gather or fetch queue consumer.

    Same as ``ckan harvester gather-consumer`` / ``fetch-consumer``, but the Redis
    connection may block while the queue is empty: redis-py 8 defaults to a 5 s socket
    timeout, which ends ckanext-harvest's consumers after 5 idle seconds."""
    from ckanext.harvest import queue, utils

    original = queue.get_connection_redis

    def blocking_connection():  # type: ignore[no-untyped-def]
        conn = original()
        conn.connection_pool.connection_kwargs["socket_timeout"] = None
        return conn

    queue.get_connection_redis = blocking_connection
    if queue_name == "gather":
        utils.gather_consumer()
    else:
        utils.fetch_consumer()


@harvest.command(name="recover")
def recover() -> None:
    """Finish stale New/Running jobs left by stopped processes."""
    ids = runner.recover_stale_jobs()
    click.echo(f"{len(ids)} stale jobs recovered")


def get_commands() -> list[click.Command]:
    return [jena]
