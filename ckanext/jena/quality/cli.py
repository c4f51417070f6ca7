"""``ckan jena quality report`` and ``ckan jena quality check-links``."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import click

from ckanext.jena.cli import jena
from ckanext.jena.quality import logic

RATING_DE = {
    "excellent": "Ausgezeichnet",
    "good": "Gut",
    "sufficient": "Ausreichend",
    "bad": "Mangelhaft",
}


def get_commands() -> list[click.Command]:
    return [jena]


@jena.group(name="quality", short_help="Metadata quality (MQA score, DCAT-AP.de, links)")
def quality() -> None:
    """Quality feedback for data officers."""


def _datasets(organization: str | None) -> list[dict[str, Any]]:
    if organization:
        try:
            return logic.organization_quality(organization)["datasets"]
        except tk.ObjectNotFound:
            raise click.UsageError(f"organization {organization!r} not found") from None
    rows = []
    for hit in logic._search("+dataset_type:dataset"):
        pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": hit["id"]})
        rows.append(logic.dataset_quality(pkg))
    rows.sort(key=lambda r: (-r["validation"]["counts"]["Violation"], r["points"], r["name"]))
    return rows


@quality.command(name="report")
@click.option("--organization", "-o", default=None, help="Only this organization (name or id).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def report(organization: str | None, fmt: str) -> None:
    """Score (of 405 points) and DCAT-AP.de violations of every dataset, worst first."""
    rows = _datasets(organization)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        k: r[k]
                        for k in (
                            "name",
                            "organization",
                            "points",
                            "max_points",
                            "percent",
                            "rating",
                            "validation",
                            "dimensions",
                            "findings",
                        )
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"Metadatenqualität: {len(rows)} Datensätze (schlechteste zuerst)")
    for r in rows:
        counts = r["validation"]["counts"]
        click.echo(
            f"{r['name']}: {r['points']:g}/{r['max_points']} Punkte "
            f"({RATING_DE[r['rating']]}), Verstöße: {counts['Violation']}, "
            f"Warnungen: {counts['Warning']}"
        )
        for dim in r["dimensions"]:
            click.echo(f"  {dim['key']}: {dim['points']:g}/{dim['max_points']}")


@quality.command(name="check-links")
@click.option("--organization", "-o", default=None, help="Only this organization (name or id).")
def check_links(organization: str | None) -> None:
    """Enqueue a background job per dataset that checks its resources' links."""
    try:
        names = logic.enqueue_link_checks(organization)
    except tk.ObjectNotFound:
        raise click.UsageError(f"organization {organization!r} not found") from None
    click.echo(f"{len(names)} Link-Prüfungen eingereiht (ckan jobs worker führt sie aus).")
