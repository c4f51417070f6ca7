"""``ckan jena demo ...`` commands."""

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
def load(path: str | None) -> None:
    """Create or update the demo organizations, datasets and the admin user (idempotent)."""
    report = demo.load(path)
    for line in report.lines():
        click.echo(line)


def get_commands() -> list[click.Command]:
    return [jena]
