"""``ckan jena migrate``: move datasets of the old portal onto the Jena schema."""

from __future__ import annotations

import json

import click

from ckanext.jena.cli import jena


@jena.command(name="migrate", short_help="Map old datasets onto the Jena schema")
@click.option("--dry-run", is_flag=True, help="Report what would change; store nothing.")
@click.option(
    "--from-export",
    "export",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="JSON export of an old CKAN portal (package_show dicts or a package_search result) "
    "to import instead of the datasets in this portal's database.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def migrate(dry_run: bool, export: str | None, as_json: bool) -> None:
    """Map datasets with CKAN's default fields and old OGD/GovData 1.x categories and
    licence codes onto the Jena schema. Values that cannot be mapped are kept in the field
    ``jena_migration_unmapped`` and listed in the report."""
    from ckanext.jena.schema import migrate as logic

    report = logic.run(dry_run=dry_run, export_path=export)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    if report.failed:
        raise SystemExit(1)


def get_commands() -> list[click.Command]:
    return [jena]
