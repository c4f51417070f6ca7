"""Actions, auth, link-check jobs and the shared quality computation.

:func:`dataset_quality` is the ONE code path that computes a dataset's quality; the
action ``jena_quality_score``, the CLI (``ckan jena quality report``), the dataset
panel and the organization overview all call it.

Link-check results are kept in Redis, not in the dataset: one key per resource,
``<site_id>:jena_quality:link:<resource_id>`` with a JSON value (see
:mod:`ckanext.jena.quality.linkcheck`). Writing them into resource extras would create a
new dataset revision and activity for every check (and reindex the dataset); a table of
our own would need a migration. Redis keeps the results out of the metadata; losing them
(Redis flushed) only means the next run of ``ckan jena quality check-links`` finds them
again. Until a link has been checked, the reachability indicators earn no points.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.lib.redis import connect_to_redis
from ckan.types import AuthResult, Context, DataDict

from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.quality import findings, linkcheck, scoring

log = logging.getLogger(__name__)

EDITOR_ROLES = ("editor", "admin")


# -- link-check store (Redis) ---------------------------------------------------------


def _key(resource_id: str) -> str:
    return f"{tk.config.get('ckan.site_id')}:jena_quality:link:{resource_id}"


def stored_links(pkg: dict[str, Any]) -> dict[str, Any]:
    """``{resource_id: {"access": result, "download": result}}`` of the checked resources."""
    ids = [r["id"] for r in pkg.get("resources") or [] if r.get("id")]
    if not ids:
        return {}
    values = connect_to_redis().mget([_key(i) for i in ids])
    out = {}
    for rid, raw in zip(ids, values, strict=True):
        if raw:
            out[rid] = json.loads(raw)
    return out


def store_links(resource_id: str, result: dict[str, Any]) -> None:
    connect_to_redis().set(_key(resource_id), linkcheck.dumps(result))


def allowed_hosts() -> list[str]:
    """Hosts the link checker may contact: the configured ones plus, unless switched off,
    the allowed hosts of every harvest source of the registry."""
    hosts = list(tk.aslist(tk.config.get("ckanext.jena.quality.link_check.allowed_hosts")))
    if tk.asbool(tk.config.get("ckanext.jena.quality.link_check.registry_hosts")):
        try:
            from ckanext.jena.harvest import registry as registry_mod

            reg = registry_mod.load_registry(
                tk.config.get("ckanext.jena.harvest.registry_dir") or None,
                tk.config.get("ckanext.jena.harvest.profile") or "production",
            )
            for src in reg.sources.values():
                hosts.extend(src.hosts())
        except Exception as e:  # noqa: BLE001 - a broken registry must not stop checks
            log.warning("link check: registry hosts not used: %s", e)
    return sorted(set(h for h in hosts if h))


def link_fetcher() -> Fetcher:
    timeout = float(tk.config.get("ckanext.jena.quality.link_check.timeout"))
    return Fetcher(
        allowed_hosts(),
        allow_private=tk.asbool(tk.config.get("ckanext.jena.quality.link_check.allow_private")),
        connect_timeout=timeout,
        read_timeout=timeout,
        total_timeout=timeout * 3,
        max_bytes=64 * 1024,
        max_redirects=5,
    )


def check_dataset_links(dataset_id: str) -> dict[str, Any]:
    """Background job: check every resource's links of one dataset and store the results
    (no dataset update, no new revision). Returns the results per resource id."""
    pkg = tk.get_action("package_show")({"ignore_auth": True, "user": ""}, {"id": dataset_id})
    fetcher = link_fetcher()
    results = {}
    for res in pkg.get("resources") or []:
        result = linkcheck.check_resource(res, fetcher)
        store_links(res["id"], result)
        results[res["id"]] = result
    log.info("link check of %s: %d resources", pkg["name"], len(results))
    return results


def enqueue_link_checks(organization: str | None = None) -> list[str]:
    """Enqueue one link-check job per (active, also private) dataset; returns the names."""
    fq = "+dataset_type:dataset"
    if organization:
        org = tk.get_action("organization_show")(
            {"ignore_auth": True}, {"id": organization, "include_datasets": False}
        )
        fq += f' +owner_org:"{org["id"]}"'
    names = []
    for pkg in _search(fq):
        tk.enqueue_job(
            check_dataset_links,
            [pkg["id"]],
            title=f"jena link check {pkg['name']}",
            rq_kwargs={"timeout": 3600},
        )
        names.append(pkg["name"])
    return names


def _site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def _search(fq: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    start = 0
    while True:
        result = tk.get_action("package_search")(
            {"ignore_auth": True, "user": _site_user()},
            {
                "fq": fq,
                "rows": 500,
                "start": start,
                "include_private": True,
                "sort": "name asc",
            },
        )
        out.extend(result["results"])
        start += 500
        if start >= result["count"] or not result["results"]:
            return out


# -- the shared computation -------------------------------------------------------------


def dataset_quality(pkg: dict[str, Any], lang: str = "de") -> dict[str, Any]:
    """Validation findings (located at form fields), link checks and score of one dataset
    dict. The only place where a dataset's quality is computed."""
    report = tk.get_action("jena_dataset_validate")(
        {"ignore_auth": True, "user": ""}, {"id": pkg["id"]}
    )
    links = stored_links(pkg)
    result = scoring.score(pkg, report["counts"]["Violation"], links)
    result.update(
        id=pkg["id"],
        name=pkg["name"],
        title=pkg.get("title") or pkg["name"],
        organization=(pkg.get("organization") or {}).get("name"),
        validation={
            "run": report["run"],
            "conforms": report["conforms"],
            "counts": report["counts"],
        },
        findings=findings.locate_all(report["findings"], pkg, lang),
        links=links,
    )
    return result


def organization_quality(org_id: str, lang: str = "de") -> dict[str, Any]:
    """Every dataset of an organization with its quality, worst first (most violations,
    then fewest points, then name)."""
    org = tk.get_action("organization_show")(
        {"ignore_auth": True}, {"id": org_id, "include_datasets": False}
    )
    rows = []
    for hit in _search(f'+dataset_type:dataset +owner_org:"{org["id"]}"'):
        pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": hit["id"]})
        rows.append(dataset_quality(pkg, lang))
    rows.sort(key=lambda r: (-r["validation"]["counts"]["Violation"], r["points"], r["name"]))
    return {
        "organization": {"id": org["id"], "name": org["name"], "title": org.get("title")},
        "datasets": rows,
        "with_violations": sum(1 for r in rows if r["validation"]["counts"]["Violation"]),
    }


# -- auth -------------------------------------------------------------------------------


def _is_editor(user: str | None, org_id: str | None) -> bool:
    if not user or not org_id:
        return False
    return authz.users_role_for_group_or_org(org_id, user) in EDITOR_ROLES


def jena_quality_score_auth(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins and editors/admins of the dataset's organization."""
    pkg = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    if pkg is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    if _is_editor(context.get("user"), pkg.owner_org):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Only editors of the dataset's organization may see its quality"),
    }


def jena_quality_organization_auth(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins and editors/admins of the organization."""
    group = model.Group.get(data_dict.get("id") or "")
    if group is None or not group.is_organization:
        raise tk.ObjectNotFound(tk._("Organization not found"))
    if _is_editor(context.get("user"), group.id):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Only editors of the organization may see its quality overview"),
    }


def get_auth_functions() -> dict[str, Any]:
    return {
        "jena_quality_score": jena_quality_score_auth,
        "jena_quality_organization": jena_quality_organization_auth,
    }


# -- actions ----------------------------------------------------------------------------


@tk.side_effect_free
def jena_quality_score(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Quality of one dataset: MQA-style score and DCAT-AP.de findings.

    :param id: id or name of the dataset
    :returns: ``{points, max_points, percent, rating, dimensions: [{key, points,
        max_points, indicators: [{key, weight, points, share, met, field, ...}]}],
        validation: {run, conforms, counts}, findings: [... + field, edit_url],
        links: {resource_id: {access, download}}}``
    """
    dataset_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("jena_quality_score", context, {"id": dataset_id})
    pkg = tk.get_action("package_show")({**context, "ignore_auth": True}, {"id": dataset_id})
    return dataset_quality(pkg, data_dict.get("lang") or "de")


@tk.side_effect_free
def jena_quality_organization(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Quality of every dataset of an organization, worst first.

    :param id: id or name of the organization
    """
    org_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("jena_quality_organization", context, {"id": org_id})
    return organization_quality(org_id, data_dict.get("lang") or "de")


def get_actions() -> dict[str, Any]:
    return {
        "jena_quality_score": jena_quality_score,
        "jena_quality_organization": jena_quality_organization,
    }
