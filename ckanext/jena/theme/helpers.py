"""Template helpers of the theme (registered with the ``jena_`` prefix).

They read the dataset dict of ``doc/dataset-fields.rst``; fields may arrive top-level
(ckanext-scheming) or as ``extras`` (plain CKAN), lists possibly as JSON text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena.theme import preview, themes

log = logging.getLogger(__name__)

#: Solr field holding the dataset themes (full EU data-theme IRIs), filled at indexing
#: time by the schema plugin; faceting on it gives the home page's counts.
THEME_FIELD = "vocab_theme"


def jena_portal_claim() -> str:
    """The portal's claim shown on the home page, from configuration."""
    return tk.config.get("ckanext.jena.portal_claim") or tk._(
        "Open data of the city of Jena and its municipal companies"
    )


def jena_lang() -> str:
    return "en" if str(tk.h.lang() or "de").startswith("en") else "de"


# ------------------------------------------------------------------ dataset fields
def jena_value(pkg: dict[str, Any], key: str, default: Any = None) -> Any:
    """A field of the dataset dict, top-level or from ``extras``; JSON text of lists and
    objects is decoded."""
    value = pkg.get(key)
    if value in (None, "", []):
        for extra in pkg.get("extras") or []:
            if extra.get("key") == key:
                value = extra.get("value")
                break
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    return default if value in (None, "", []) else value


def jena_list(pkg: dict[str, Any], key: str) -> list[Any]:
    value = jena_value(pkg, key, [])
    if isinstance(value, list):
        return value
    return [value]


def jena_spatial(pkg: dict[str, Any]) -> str:
    """The dataset's spatial coverage as GeoJSON text ("" if none or invalid)."""
    value = jena_value(pkg, "spatial")
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return ""
        return value
    return ""


def jena_temporal(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """``temporal_coverage`` as a list of ``{start, end}`` (either may be empty)."""
    out = []
    for item in jena_list(pkg, "temporal_coverage"):
        if isinstance(item, dict) and (item.get("start") or item.get("end")):
            out.append({"start": item.get("start") or "", "end": item.get("end") or ""})
    start = jena_value(pkg, "temporal_start")
    end = jena_value(pkg, "temporal_end")
    if not out and (start or end):
        out.append({"start": start or "", "end": end or ""})
    return out


def jena_contacts(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """Contact points; falls back to CKAN's maintainer/author fields."""
    out = [c for c in jena_list(pkg, "contact") if isinstance(c, dict)]
    out = [c for c in out if c.get("email") or c.get("url") or c.get("name")]
    if not out:
        for prefix in ("maintainer", "author"):
            if pkg.get(prefix) or pkg.get(f"{prefix}_email"):
                out.append({"name": pkg.get(prefix) or "", "email": pkg.get(f"{prefix}_email")})
                break
    return out


def jena_theme_items(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """The dataset's themes with label, icon and search link."""
    items = []
    for iri in jena_list(pkg, "theme"):
        theme = themes.by_value(str(iri))
        if theme:
            items.append(
                {
                    "code": theme.code,
                    "label": theme.label(jena_lang()),
                    "icon": theme.icon,
                    "href": tk.h.url_for("dataset.search", **{THEME_FIELD: str(iri)}),
                }
            )
    return items


def jena_choice_label(pkg: dict[str, Any], field_name: str, value: str) -> str:
    """Label of a controlled value from the scheming schema's choices, else the last
    segment of the IRI."""
    try:
        schema = tk.h.scheming_get_dataset_schema(pkg.get("type") or "dataset")
        field = tk.h.scheming_field_by_name(schema["dataset_fields"], field_name)
        choices = tk.h.scheming_field_choices(field) if field else None
        if choices:
            label = tk.h.scheming_choices_label(choices, value)
            if label and label != value:
                return label
    except Exception:  # noqa: BLE001 - scheming not loaded or no such field
        pass
    return str(value).rstrip("/").rsplit("/", 1)[-1]


def jena_license(pkg: dict[str, Any]) -> dict[str, str]:
    """Licence of the dataset: ``{id, title, url}`` (label from the licence vocabulary)."""
    license_id = pkg.get("license_id") or ""
    title = pkg.get("license_title") or license_id
    url = pkg.get("license_url") or ""
    try:
        from ckanext.jena import vocab  # noqa: PLC0415 - optional sibling subpackage

        concept = vocab.get("license").lookup(license_id) if license_id else None
    except Exception:  # noqa: BLE001 - vocabulary not available
        concept = None
    if concept is not None:
        title = concept.label(jena_lang())
        url = url or concept.extras.get("homepage") or concept.uri
    return {"id": license_id, "title": title, "url": url}


def jena_attribution_text(pkg: dict[str, Any]) -> str:
    """The text to name the source when re-using the data (Namensnennung)."""
    org = pkg.get("organization") or {}
    holder = jena_value(pkg, "license_attribution_by_text") or org.get("title") or ""
    licence = jena_license(pkg)
    url = tk.h.url_for("dataset.read", id=pkg.get("name"), qualified=True, locale="default")
    parts = [p for p in (holder, pkg.get("title"), licence["title"] or licence["id"], url) if p]
    return tk._("Data source: {0}").format(", ".join(parts))


def jena_origin(pkg: dict[str, Any]) -> dict[str, str] | None:
    """Where a harvested dataset comes from: ``{source, title, url, uri}`` or None."""
    try:  # the harvest plugin knows its sources best
        harvested = tk.h.jena_harvest_origin(pkg)
    except Exception:  # noqa: BLE001 - jena_harvest not loaded
        harvested = None
    if harvested:
        return {
            "source": harvested.get("name") or "",
            "title": harvested.get("title") or harvested.get("name") or "",
            "url": harvested.get("url") or "",
            "uri": harvested.get("record_url") or "",
        }
    source = jena_value(pkg, "jena_harvest_source")
    uri = jena_value(pkg, "jena_source_uri") or ""
    if not source and not uri:
        return None
    title = source or ""
    url = ""
    if source:
        try:
            src = tk.get_action("harvest_source_show")({"ignore_auth": True}, {"id": source})
        except Exception:  # noqa: BLE001 - harvest source deleted or harvest not loaded
            src = None
        if src:
            title = src.get("title") or source
            url = src.get("url") or ""
    return {"source": source or "", "title": title, "url": url, "uri": uri}


def jena_metadata_links(pkg: dict[str, Any]) -> list[dict[str, str]]:
    """Links to the dataset's metadata: DCAT serialisations and the CKAN API."""
    name = pkg.get("name") or pkg.get("id")
    links = []
    for fmt, label, mime in (
        ("ttl", "Turtle", "text/turtle"),
        ("rdf", "RDF/XML", "application/rdf+xml"),
        ("jsonld", "JSON-LD", "application/ld+json"),
    ):
        try:
            href = tk.h.url_for("dcat.read_dataset", _id=name, _format=fmt, locale="default")
        except Exception:  # noqa: BLE001 - dcat plugin not loaded
            continue
        links.append({"label": label, "href": href, "type": mime})
    api = tk.h.url_for("api.action", ver=3, logic_function="package_show", locale="default")
    links.append({"label": "CKAN API", "href": f"{api}?id={name}", "type": "application/json"})
    return links


# ------------------------------------------------------------------ resources
def jena_preview_kind(resource: dict[str, Any]) -> str:
    """``table`` (CSV), ``map`` (GeoJSON) or "" for a resource."""
    return preview.kind(resource.get("format"), resource.get("url"))


def jena_table_preview(resource: dict[str, Any]) -> dict[str, Any]:
    """CSV preview of a resource: ``{table, error}`` (see ``views.table_preview``)."""
    from ckanext.jena.theme import views  # noqa: PLC0415 - views import the helpers

    return views.table_preview(resource)


def jena_resource_size(resource: dict[str, Any]) -> str:
    size = resource.get("size")
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    return tk.h.localised_filesize(size) if size >= 0 else ""


def jena_format_label(fmt: str | None) -> str:
    return (fmt or "").replace("_SRVC", "").upper()


# ------------------------------------------------------------------ home page
def _search(data: dict[str, Any]) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")({}, data)
    except Exception:  # noqa: BLE001 - the home page must render even if Solr is down
        log.exception("package_search failed on the home page")
        return {"count": 0, "results": [], "search_facets": {}, "facets": {}}


def jena_themes_with_counts() -> list[dict[str, Any]]:
    """The 13 EU data themes with label, icon, dataset count and search link."""
    result = _search({"rows": 0, "facet.field": [THEME_FIELD], "facet.limit": -1})
    counts: dict[str, tuple[str, int]] = {}
    for value, count in (result.get("facets", {}).get(THEME_FIELD) or {}).items():
        theme = themes.by_value(value)
        if theme:
            counts[theme.code] = (value, count)
    out = []
    lang = jena_lang()
    for theme in themes.THEMES:
        value, count = counts.get(theme.code, (theme.iri, 0))
        out.append(
            {
                "code": theme.code,
                "iri": theme.iri,
                "label": theme.label(lang),
                "icon": theme.icon,
                "count": count,
                "href": tk.h.url_for("dataset.search", **{THEME_FIELD: value}),
            }
        )
    return out


def jena_newest_datasets(limit: int = 6) -> list[dict[str, Any]]:
    return _search({"rows": limit, "sort": "metadata_created desc"}).get("results", [])


def jena_publishers(limit: int = 12) -> list[dict[str, Any]]:
    """Organizations with at least one dataset, most datasets first."""
    try:
        orgs = tk.get_action("organization_list")(
            {}, {"all_fields": True, "include_dataset_count": True, "sort": "package_count"}
        )
    except Exception:  # noqa: BLE001
        log.exception("organization_list failed on the home page")
        return []
    return orgs[:limit]


def jena_org_logo(org: dict[str, Any]) -> str:
    """The organization's logo if the portal serves it (upload or local path), else the
    generic publisher icon: the pages load no images from third parties."""
    url = org.get("image_display_url") or org.get("image_url") or ""
    site = (tk.config.get("ckan.site_url") or "").rstrip("/")
    if url.startswith("/") and not url.startswith("//"):
        local = url
    elif site and url.startswith(site + "/"):
        local = url
    else:
        local = ""
    if not local or local.endswith("placeholder-organization.png"):
        return tk.h.url_for_static("/jena/publisher.svg")
    return local


def jena_dataset_count() -> int:
    return int(_search({"rows": 0}).get("count", 0))


# ------------------------------------------------------------------ maps
def jena_map_config() -> dict[str, str]:
    """Tile layer options for the Leaflet maps (empty URL: no tiles)."""
    return {
        "tile_url": tk.config.get("ckanext.jena.map.tile_url") or "",
        "attribution": tk.config.get("ckanext.jena.map.tile_attribution") or "",
    }


def jena_map_config_json() -> str:
    return json.dumps(jena_map_config())


def jena_bbox_values() -> list[str]:
    """The four numbers of the current ``ext_bbox`` request argument (or empty)."""
    raw = tk.request.args.get("ext_bbox", "") if tk.request else ""
    parts = raw.split(",")
    if len(parts) != 4:
        return ["", "", "", ""]
    return [p.strip() for p in parts]


# ------------------------------------------------------------------ legal pages
def jena_footer_pages() -> list[dict[str, str]]:
    return [
        {"label": tk._("Using the data"), "href": tk.h.url_for("jena_theme.use_data")},
        {"label": tk._("Accessibility"), "href": tk.h.url_for("jena_theme.accessibility")},
        {"label": tk._("Legal notice"), "href": tk.h.url_for("jena_theme.imprint")},
        {"label": tk._("Privacy"), "href": tk.h.url_for("jena_theme.privacy")},
    ]


# ------------------------------------------------------------- core overrides
@tk.chained_helper
def get_organization(
    next_helper: Callable[..., dict[str, Any]],
    org: str | None = None,
    include_datasets: bool = False,
) -> dict[str, Any]:
    """CKAN's ``get_organization``, once per request and organization: the dataset page
    renders its organization box twice (``organization_show`` with a dataset count from
    Solr, ~27 ms each)."""
    try:
        cache = tk.g.setdefault("jena_organization_cache", {})
    except (RuntimeError, AttributeError):  # outside a request
        return next_helper(org, include_datasets)
    key = (org, include_datasets)
    if key not in cache:
        cache[key] = next_helper(org, include_datasets)
    return cache[key]


def get_helpers() -> dict[str, Callable[..., Any]]:
    overrides: dict[str, Callable[..., Any]] = {"get_organization": get_organization}
    return overrides | {
        f.__name__: f
        for f in (
            jena_portal_claim,
            jena_lang,
            jena_value,
            jena_list,
            jena_spatial,
            jena_temporal,
            jena_contacts,
            jena_theme_items,
            jena_choice_label,
            jena_license,
            jena_attribution_text,
            jena_origin,
            jena_metadata_links,
            jena_preview_kind,
            jena_table_preview,
            jena_resource_size,
            jena_format_label,
            jena_themes_with_counts,
            jena_newest_datasets,
            jena_publishers,
            jena_org_logo,
            jena_dataset_count,
            jena_map_config,
            jena_map_config_json,
            jena_bbox_values,
            jena_footer_pages,
        )
    }
