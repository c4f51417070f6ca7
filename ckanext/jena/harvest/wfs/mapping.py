"""Map a WFS feature-type record to a Jena dataset dict. No CKAN imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.jena.harvest.cityutil import (
    MEDIA_TYPES,
    apply_defaults,
    bbox_polygon,
    format_from_media_type,
    licence_code,
    tags,
)
from ckanext.jena.harvest.wfs.parse import attribution_text, with_query

SERVICE_TYPE = "WFS"
_LABELS = {"GML": "GML", "GEOJSON": "GeoJSON", "CSV": "CSV", "SHP": "Shapefile (ZIP)", "KML": "KML"}


def wfs_format(output_format: str) -> str | None:
    """File-type code of a WFS output format (WFS ``application/json`` is GeoJSON)."""
    low = output_format.lower()
    if "json" in low:
        return "GEOJSON"
    return format_from_media_type(low)


def contact(service: Mapping[str, Any]) -> list[dict[str, str]]:
    provider = service.get("provider_name") or ""
    position = service.get("contact_position") or ""
    name = provider if position in provider else ", ".join(v for v in (position, provider) if v)
    entry = {
        "name": name or service.get("contact_name") or "",
        "email": service.get("contact_email") or "",
        "phone": service.get("contact_phone") or "",
        "url": service.get("contact_url") or service.get("provider_site") or "",
    }
    entry = {k: v for k, v in entry.items() if v}
    return [entry] if entry.get("email") or entry.get("url") else []


def map_feature_type(
    record: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    service = record.get("service") or {}
    title = record["title"]
    notes = record.get("abstract") or (
        f"Objektart „{title}“ ({record['name']}) des Dienstes „{service.get('title') or 'WFS'}“."
    )
    constraints = service.get("access_constraints") or ""
    licence = licence_code(constraints) or licence_code(service.get("fees"))
    access = {
        "title": service.get("title") or "WFS",
        "endpoint_url": record["capabilities_url"],
        "endpoint_description": record["capabilities_url"],
        "service_type": SERVICE_TYPE,
        "uri": record["capabilities_url"],
    }
    resources = []
    seen = set()
    for fmt in record.get("output_formats") or []:
        code = wfs_format(fmt)
        if not code or code in seen:
            continue
        seen.add(code)
        url = with_query(record["getfeature_url"], [("OUTPUTFORMAT", fmt)])
        resources.append(
            {
                "name": f"{title} ({_LABELS.get(code, code)})",
                "description": f"WFS-Abfrage GetFeature für {record['name']} im Format {fmt}.",
                "url": url,
                "access_url": url,
                "format": code,
                "mimetype": MEDIA_TYPES.get(code),
                "access_services": [access],
            }
        )
    if not resources:
        url = record["getfeature_url"]
        resources.append(
            {
                "name": f"{title} (GML)",
                "description": f"WFS-Abfrage GetFeature für {record['name']}.",
                "url": url,
                "access_url": url,
                "format": "GML",
                "mimetype": MEDIA_TYPES["GML"],
                "access_services": [access],
            }
        )
    rights = "; ".join(
        v for v in (constraints, f"Gebühren: {service['fees']}" if service.get("fees") else "") if v
    )
    dataset: dict[str, Any] = {
        "title": title,
        "notes": notes + (f"\n\nNutzungsbedingungen: {rights}" if rights else ""),
        "tags": tags((record.get("keywords") or []) or (service.get("keywords") or [])),
        "identifier": record["guid"],
        "url": record["capabilities_url"],
        "jena_source_uri": record["guid"],
        "license_id": licence,
        "spatial": bbox_polygon(*record["bbox"]) if record.get("bbox") else None,
        "contact": contact(service),
        "documentation": list(record.get("metadata_urls") or []),
        "resources": resources,
    }
    dataset = {k: v for k, v in dataset.items() if v not in (None, "", [])}
    attribution = attribution_text(constraints) or service.get("provider_name") or ""
    return apply_defaults(dataset, defaults, attribution=attribution)
