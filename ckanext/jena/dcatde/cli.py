"""``ckan jena validate``: the catalogue (or one dataset) against the DCAT-AP.de shapes."""

from __future__ import annotations

import sys

import ckan.plugins.toolkit as tk
import click

from ckanext.jena.cli import jena
from ckanext.jena.dcatde import chunked, logic, validation


@jena.command(name="validate", short_help="Validate the DCAT-AP.de export (pySHACL)")
@click.option(
    "--profile",
    "run",
    type=click.Choice(sorted(validation.RUNS)),
    default=None,
    help="Validation run; v30_de_spec checks the jena_dcat_ap_de output, v20_* the "
    "jena_dcat_ap_de_2 output. Default: ckanext.jena.dcat.validation_profile.",
)
@click.option("--dataset", "dataset", default=None, help="Name or id of one dataset.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--require-registered-contributor",
    is_flag=True,
    default=False,
    help="Also fail when the configured contributor ID is not in the dcat-ap.de list.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 5000),
    default=chunked.DEFAULT_CHUNK_SIZE,
    show_default=True,
    help="Datasets per validated graph (catalogue only).",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Validating processes (catalogue only).",
)
def validate(
    run: str | None,
    dataset: str | None,
    fmt: str,
    require_registered_contributor: bool,
    chunk_size: int,
    processes: int,
):
    """Validate the public DCAT catalogue (or one dataset) offline with the official
    DCAT-AP.de SHACL shapes. Exit status 0 only with zero violations.

    The catalogue is validated in chunks of --chunk-size datasets on --processes
    processes; the merged findings equal those of one run over the whole catalogue."""
    run = run or logic.default_run()
    profile = logic.RUN_PROFILE[run]
    if dataset:
        try:
            pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset})
        except tk.ObjectNotFound:
            click.echo(f"Datensatz {dataset!r} nicht gefunden.", err=True)
            sys.exit(2)
        graph = logic.dataset_graph(pkg, profile)
        scope = f"Datensatz {pkg['name']}"
        report = validation.validate_graph(graph, run, contributor_id=logic.contributor_id())
    else:
        counter = [0]
        report = chunked.validate_chunks(
            logic.catalog_chunks(profile, chunk_size, counter),
            run,
            contributor_id=logic.contributor_id(),
            processes=processes,
        )
        scope = f"Katalog ({counter[0]} öffentliche Datensätze)"
    if fmt == "json":
        data = report.as_dict()
        data["scope"] = scope
        data["rdf_profile"] = profile
        click.echo(validation.json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{scope}, RDF-Profil {profile}")
        click.echo(report.to_text())
    failed = not report.conforms
    if (
        require_registered_contributor
        and report.contributor
        and not report.contributor["registered"]
    ):
        failed = True
    sys.exit(1 if failed else 0)


@jena.group(name="dcat", short_help="DCAT catalogue fragments")
def dcat() -> None:
    """The cached fragments the catalogue pages are assembled from."""


@dcat.command(name="warm", short_help="Build the missing catalogue fragments")
def dcat_warm() -> None:
    """Build the missing fragments of every public dataset (all formats), e.g. after a
    deployment, so the first walk of the catalogue is as fast as the next ones."""
    import time

    from ckanext.jena.dcatde import warm

    started = time.perf_counter()
    with click.progressbar(length=logic.public_count(), label="Fragmente") as bar:
        done = warm.warm(progress=bar.update)
    click.echo(f"{done} Datensätze in {time.perf_counter() - started:.1f} s")


def get_commands() -> list[click.Command]:
    return [jena]
