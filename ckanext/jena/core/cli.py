"""``ckan jena demo ...``, ``ckan jena vocab ...`` and ``ckan jena orgs ...`` commands."""

from __future__ import annotations

import click

from ckanext.jena.cli import jena
from ckanext.jena.core import demo


@jena.group(name="demo", short_help="Demo content")
def demo_group() -> None:
    """Demo content of the portal."""


@demo_group.command(name="load")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Demo content file (default: config/demo/content.yaml).",
)
@click.option(
    "--no-datasets",
    is_flag=True,
    help="Only the admin user and the organizations (the demo city network's harvests "
    "bring the datasets).",
)
def load(path: str | None, no_datasets: bool) -> None:
    """Create or update the demo organizations, datasets and the admin user (idempotent)."""
    report = demo.load(path, datasets=not no_datasets)
    for line in report.lines():
        click.echo(line)


@demo_group.command(name="network")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=int,
    default=None,
    help="Port (default: ckanext.jena.demo.network_port, 8765; 0: a free port).",
)
@click.option(
    "--base-url",
    default=None,
    help="Base URL written into the responses (default: http://HOST:PORT).",
)
def network(host: str, port: int | None, base_url: str | None) -> None:
    """Serve the embedded demo city network (CKAN portal, DCAT hub, CSW, OGC API Features,
    WFS, SensorThings, GTFS, OParl, files) until interrupted."""
    import ckan.plugins.toolkit as tk

    from ckanext.jena.demo_network.server import serve_forever

    if port is None:
        port = int(tk.config.get("ckanext.jena.demo.network_port") or 8765)
    try:
        serve_forever(host, port, base_url)
    except OSError as e:
        click.echo(f"FEHLER/ERROR: cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        raise SystemExit(1) from None


@jena.group(name="vocab", short_help="Controlled vocabularies")
def vocab_group() -> None:
    """The bundled controlled vocabularies (DCAT-AP.de / EU authority tables)."""


@vocab_group.command(name="check")
@click.option(
    "--shared",
    "shared",
    type=click.Path(file_okay=False),
    default=None,
    help="DCAT-AP.de folder (default: ../shared/dcat-ap-de beside the repository).",
)
def vocab_check(shared: str | None) -> None:
    """Check the bundled vocabularies against the DCAT-AP.de folder (exit 1 if not consistent)."""
    from ckanext.jena.vocab import check

    report = check.check(shared)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


@jena.group(name="orgs", short_help="Organizations of the Stadtverbund")
def orgs_group() -> None:
    """The organizations (publishers) declared in config/organizations.yaml."""


@orgs_group.command(name="sync")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Organizations file (default: ckanext.jena.organizations.file or config/organizations.yaml).",
)
@click.option("--dry-run", is_flag=True, help="Only report what would change.")
def orgs_sync(path: str | None, dry_run: bool) -> None:
    """Create or update the organizations of the file (never deletes any)."""
    from ckanext.jena.core import orgs

    try:
        report = orgs.sync(path, dry_run=dry_run)
    except orgs.OrganizationsFileError as e:
        for message in e.messages:
            click.echo(f"FEHLER/ERROR: {message}", err=True)
        click.echo("Nichts geändert/nothing changed.", err=True)
        raise SystemExit(1) from None
    for line in report.lines():
        click.echo(line)


def get_commands() -> list[click.Command]:
    return [jena]
