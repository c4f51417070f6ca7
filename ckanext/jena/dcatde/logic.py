"""Actions, auth functions and the CKAN side of serialising and validating datasets."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import Action, AuthResult, Context, DataDict
from rdflib import Graph

from ckanext.dcat.processors import RDFSerializer
from ckanext.jena.dcatde import paging, validation

#: the profile each validation run checks (its own flavour)
RUN_PROFILE = validation.RUN_PROFILE

PUBLIC_ONLY = "jena_dcat_public_only"


def default_run() -> str:
    run = tk.config.get("ckanext.jena.dcat.validation_profile") or "v30_de_spec"
    if run not in validation.RUNS:
        raise tk.ValidationError(
            {
                "ckanext.jena.dcat.validation_profile": [
                    f"Unknown validation run {run!r}; use one of {', '.join(validation.RUNS)}"
                ]
            }
        )
    return run


def contributor_id() -> str:
    return tk.config.get("ckanext.jena.dcat.contributor_id") or ""


# -- serialisation --------------------------------------------------------------------------


class Serializer(RDFSerializer):
    """ckanext-dcat's serializer with the profile classes looked up once per process: its
    constructor scans every installed package's entry points (about 7 ms per catalogue
    page or dataset)."""

    def _load_profiles(self, profile_names):
        return list(_profile_classes(tuple(profile_names)))


@functools.lru_cache(maxsize=32)
def _profile_classes(names: tuple[str, ...]) -> tuple[type, ...]:
    return tuple(RDFSerializer._load_profiles(None, list(names)))  # type: ignore[arg-type]


def dataset_graph(dataset_dict: dict[str, Any], profile: str) -> Graph:
    serializer = Serializer(profiles=[profile])
    serializer.graph_from_dataset(dataset_dict)
    return _plain(serializer.g)


def catalog_graph(dataset_dicts: list[dict[str, Any]], profile: str) -> Graph:
    serializer = Serializer(profiles=[profile])
    serializer.serialize_catalog({}, dataset_dicts, _format="ttl")
    return _plain(serializer.g)


def _plain(g) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True)
    for t in g.triples((None, None, None)):
        out.add(t)
    return out


def public_count() -> int:
    """How many datasets the public DCAT catalogue shows."""
    return tk.get_action("package_search")(
        {"ignore_auth": True},
        {
            "q": "*:*",
            "fq": " ".join(paging.CATALOG_FQ),
            "rows": 0,
            "include_private": False,
            "include_drafts": False,
        },
    )["count"]


def public_dataset_batches(batch: int = 500) -> Iterator[list[dict[str, Any]]]:
    """Every dataset the public DCAT catalogue shows (active, not private), ``batch`` at a
    time, oldest first (new datasets created during the walk come last)."""
    start = 0
    while True:
        result = tk.get_action("package_search")(
            {"ignore_auth": True},
            {
                "q": "*:*",
                "fq": " ".join(paging.CATALOG_FQ),
                "rows": batch,
                "start": start,
                "sort": "metadata_created asc, id asc",
                "include_private": False,
                "include_drafts": False,
            },
        )
        if result["results"]:
            yield result["results"]
        start += batch
        if start >= result["count"] or not result["results"]:
            return


def public_datasets(batch: int = 500) -> list[dict[str, Any]]:
    """Every dataset the public DCAT catalogue shows (active, not private)."""
    return [d for chunk in public_dataset_batches(batch) for d in chunk]


def catalog_chunks(profile: str, size: int, counter: list[int] | None = None) -> Iterator[str]:
    """The public catalogue as N-Triples chunks of ``size`` datasets, each a catalogue
    graph of its own (see :mod:`ckanext.jena.dcatde.chunked`). ``counter[0]`` counts the
    datasets."""
    for datasets in public_dataset_batches(size):
        if counter is not None:
            counter[0] += len(datasets)
        yield catalog_graph(datasets, profile).serialize(format="nt")


def validate_dataset(
    dataset_dict: dict[str, Any], run: str, extra_vocabulary: Graph | None = None
) -> validation.Report:
    graph = dataset_graph(dataset_dict, RUN_PROFILE[run])
    return validation.validate_graph(
        graph, run, extra_vocabulary=extra_vocabulary, contributor_id=contributor_id()
    )


# -- auth -----------------------------------------------------------------------------------


def jena_dataset_validate_auth(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors and admins of the dataset's organization (sysadmins always)."""
    user = context.get("user")
    pkg = context.get("package")
    if pkg is None:
        from ckan import model

        pkg = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    if pkg is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    if pkg.owner_org and user:
        role = authz.users_role_for_group_or_org(pkg.owner_org, user)
        if role in ("editor", "admin"):
            return {"success": True}
    return {
        "success": False,
        "msg": tk._("Only editors of the dataset's organization may validate it"),
    }


def get_auth_functions() -> dict[str, Any]:
    return {"jena_dataset_validate": jena_dataset_validate_auth}


# -- actions --------------------------------------------------------------------------------


def jena_dataset_validate(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Validate one dataset against the official DCAT-AP.de shapes.

    :param id: id or name of the dataset
    :param profile: validation run, ``v30_de_spec`` (default, on the ``jena_dcat_ap_de``
        output), ``v20_de_spec`` or ``v20_de_spec_implr`` (on ``jena_dcat_ap_de_2``)
    :returns: ``{run, conforms, counts: {Violation, Warning, Info}, findings: [{severity,
        severity_label, message, focus_node, path, value, source_shape, constraint, code}],
        contributor: {contributor_id, registered, message, ...}, seconds}``
    """
    dataset_id = tk.get_or_bust(data_dict, "id")
    run = data_dict.get("profile") or default_run()
    if run not in validation.RUNS:
        raise tk.ValidationError(
            {
                "profile": [
                    f"Unknown validation run {run!r}; use one of {', '.join(validation.RUNS)}"
                ]
            }
        )
    tk.check_access("jena_dataset_validate", context, {"id": dataset_id})
    dataset = tk.get_action("package_show")({**context, "ignore_auth": True}, {"id": dataset_id})
    return validate_dataset(dataset, run).as_dict()


@tk.chained_action
def dcat_dataset_show(up_func: Action, context: Context, data_dict: DataDict):
    """The per-dataset RDF: only active public datasets, 404 for everything else."""
    try:
        pkg = tk.get_action("package_show")(
            {"ignore_auth": True, "for_view": False}, {"id": data_dict.get("id")}
        )
    except tk.ObjectNotFound:
        raise
    if pkg.get("private") or pkg.get("state") != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized as e:
        raise tk.ObjectNotFound(tk._("Dataset not found")) from e


def _public_only(up_func: Action, context: Context, data_dict: DataDict):
    context = {**context, PUBLIC_ONLY: True}
    return up_func(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict):
    return _public_only(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func: Action, context: Context, data_dict: DataDict):
    return _public_only(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Action, context: Context, data_dict: DataDict):
    """For the DCAT catalogue endpoints: never private or draft datasets, whoever asks
    (``ckan.search.default_include_private`` would show editors their private ones)."""
    if context.get(PUBLIC_ONLY):
        data_dict = {**data_dict, "include_private": False, "include_drafts": False}
        fq_list = list(data_dict.get("fq_list") or [])
        fq_list.append("+capacity:public")
        data_dict["fq_list"] = fq_list
    return up_func(context, data_dict)


def get_actions() -> dict[str, Any]:
    return {
        "jena_dataset_validate": jena_dataset_validate,
        "dcat_dataset_show": dcat_dataset_show,
        "dcat_catalog_show": dcat_catalog_show,
        "dcat_catalog_search": dcat_catalog_search,
        "package_search": package_search,
    }
