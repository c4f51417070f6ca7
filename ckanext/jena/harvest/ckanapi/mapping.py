"""Map a dataset of the old opendata.jena.de (CKAN 2.x, OGD-Deutschland extras) to the
Jena dataset dict (CKAN-free).

Old fields: core CKAN fields (``license_id`` with OGD ids such as ``dl-de-by-2.0``,
``author``/``maintainer``), groups = the portal's categories (Bevölkerung, Mobilität,
...) or OGD category ids (``transport_verkehr``), extras ``contacts`` (JSON list with
roles ``autor``, ``ansprechpartner``, ``vertrieb``, ``veroeffentlichende_stelle``),
``dates`` (JSON list with roles ``erstellt``, ``veroeffentlicht``, ``aktualisiert``),
``temporal_coverage_from/_to``, ``spatial`` (GeoJSON), ``terms_of_use`` (JSON),
``identifier``.
"""

from __future__ import annotations

import json
from typing import Any

from ckanext.jena.harvest.mapping_util import file_type, iso_date, legacy_themes, license_code
from ckanext.jena.harvest.records import RecordError, SourceConfig


def _extras(pkg: dict[str, Any]) -> dict[str, Any]:
    extras = pkg.get("extras") or []
    if isinstance(extras, dict):
        return dict(extras)
    return {e.get("key"): e.get("value") for e in extras if isinstance(e, dict)}


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _agent(name: str | None, email: str | None, url: str | None = None) -> dict[str, str] | None:
    out = {
        k: v.strip() for k, v in (("name", name), ("email", email), ("url", url)) if v and v.strip()
    }
    return out or None


def dataset_url(source: SourceConfig, pkg: dict[str, Any]) -> str:
    return source.url.rstrip("/") + "/dataset/" + (pkg.get("name") or pkg["id"])


def map_package(pkg: dict[str, Any], source: SourceConfig) -> dict[str, Any]:
    if not isinstance(pkg, dict) or not pkg.get("id"):
        raise RecordError("not a CKAN dataset (no id)")
    if not pkg.get("title") and not pkg.get("name"):
        raise RecordError("the dataset has neither title nor name")
    extras = _extras(pkg)
    opts = source.options or {}
    out: dict[str, Any] = {
        "title": pkg.get("title") or pkg.get("name"),
        "name": pkg.get("name"),
        "notes": pkg.get("notes") or "",
        "tags": [{"name": t["name"]} for t in pkg.get("tags") or [] if t.get("name")],
        "identifier": extras.get("identifier") or pkg["id"],
        "url": pkg.get("url") or dataset_url(source, pkg),
        "version": pkg.get("version") or "",
        "jena_source_uri": dataset_url(source, pkg),
    }
    # licence
    terms = _json(extras.get("terms_of_use")) or {}
    lic = (
        license_code(pkg.get("license_id"))
        or license_code(terms.get("license_id"))
        or license_code(pkg.get("license_url"))
        or license_code(pkg.get("license_title"))
    )
    if lic:
        out["license_id"] = lic
    attribution = terms.get("attribution_text") or extras.get("license_attribution_by_text")
    if attribution:
        out["license_attribution_by_text"] = attribution
    # themes from groups / categories
    group_names = [g.get("name") or g.get("title") or "" for g in pkg.get("groups") or []]
    group_names += [g.get("title") or "" for g in pkg.get("groups") or []]
    if extras.get("categories"):
        group_names += [str(c) for c in (_json(extras["categories"]) or [])]
    out["theme"] = legacy_themes(group_names, opts.get("group_themes") or {})
    # agents
    contacts = _json(extras.get("contacts")) or []
    by_role: dict[str, list[dict[str, str]]] = {}
    for c in contacts if isinstance(contacts, list) else []:
        agent = _agent(c.get("name"), c.get("email"), c.get("url"))
        if agent:
            by_role.setdefault(c.get("role") or "", []).append(agent)
    contact = by_role.get("ansprechpartner") or by_role.get("vertrieb") or []
    if not contact:
        agent = _agent(pkg.get("maintainer"), pkg.get("maintainer_email"))
        if agent and (agent.get("email") or agent.get("url")):
            contact = [agent]
    if contact:
        out["contact"] = [c for c in contact if c.get("email") or c.get("url")]
    originator = by_role.get("autor") or []
    if not originator:
        agent = _agent(pkg.get("author"), pkg.get("author_email"))
        if agent:
            originator = [agent]
    if originator:
        out["originator"] = originator
    if by_role.get("vertrieb"):
        out["maintainer_agent"] = by_role["vertrieb"]
    # dates
    dates = {
        d.get("role"): d.get("date")
        for d in (_json(extras.get("dates")) or [])
        if isinstance(d, dict)
    }
    out["issued"] = iso_date(dates.get("veroeffentlicht") or pkg.get("metadata_created"))
    out["modified"] = iso_date(dates.get("aktualisiert") or pkg.get("metadata_modified"))
    start = iso_date(extras.get("temporal_coverage_from") or extras.get("temporal_start"))
    end = iso_date(extras.get("temporal_coverage_to") or extras.get("temporal_end"))
    if start or end:
        out["temporal_coverage"] = [{k: v for k, v in (("start", start), ("end", end)) if v}]
    spatial = extras.get("spatial")
    if spatial and isinstance(_json(spatial), dict) and _json(spatial).get("type"):
        out["spatial"] = json.dumps(_json(spatial))
    if extras.get("spatial-text") or extras.get("geographical_coverage"):
        out["geocoding_description"] = extras.get("spatial-text") or extras["geographical_coverage"]
    # resources
    resources = []
    for res in pkg.get("resources") or []:
        url = res.get("url") or ""
        if not url:
            continue
        r: dict[str, Any] = {
            "url": url,
            "access_url": url,
            "name": res.get("name") or "",
            "description": res.get("description") or "",
            "format": file_type(res.get("format") or res.get("mimetype"), url),
        }
        if res.get("url_type") == "upload" or "/download/" in url:
            r["download_url"] = url
        if res.get("mimetype"):
            r["mimetype"] = res["mimetype"]
        if str(res.get("size") or "").isdigit():
            r["size"] = int(res["size"])
        if res.get("hash"):
            r["hash"] = res["hash"]
        if iso_date(res.get("created")):
            r["issued"] = iso_date(res.get("created"))
        if iso_date(res.get("last_modified")):
            r["modified"] = iso_date(res.get("last_modified"))
        if lic:
            r["license"] = lic
        resources.append({k: v for k, v in r.items() if v not in ("", None)})
    out["resources"] = resources
    return {k: v for k, v in out.items() if v not in (None, "", [])}
