"""Map an OGC API – Features collection record to a Jena dataset dict. No CKAN imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.jena.harvest.cityutil import (
    MEDIA_TYPES,
    apply_defaults,
    bbox_polygon,
    first_text,
    format_from_media_type,
    iso_date,
    licence_code,
    tags,
)

SERVICE_TYPE = "OGC_API_FEATURES"


def access_service(record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "title": record.get("api_title") or "OGC API – Features",
        "endpoint_url": record["landing_url"],
        "endpoint_description": record.get("service_desc") or record["landing_url"],
        "service_type": SERVICE_TYPE,
        "uri": record["landing_url"],
    }


def map_collection(
    record: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    defaults = defaults or {}
    title = first_text(record.get("title"), record.get("id"))
    notes = first_text(
        record.get("description"),
        f"Objektart {title} aus {record.get('api_title') or 'der OGC API – Features'}.",
    )
    licence = None
    for lic in record.get("licences") or []:
        licence = licence_code(lic.get("href")) or licence_code(lic.get("title"))
        if licence:
            break
    service = access_service(record)
    resources = []
    for item in record.get("items") or []:
        fmt = format_from_media_type(item.get("type")) or "GEOJSON"
        label = "GeoJSON" if fmt == "GEOJSON" else fmt
        resources.append(
            {
                "name": f"{title} ({label})",
                "description": f"Objekte der Sammlung „{record['id']}“ über die OGC API – Features (Endpunkt /items, seitenweise mit next-Links).",
                "url": item["href"],
                "access_url": item["href"],
                "format": fmt,
                "mimetype": item.get("type") or MEDIA_TYPES.get(fmt),
                "access_services": [service],
            }
        )
    temporal = []
    for interval in record.get("temporal") or []:
        start, end = iso_date(interval.get("start")), iso_date(interval.get("end"))
        if start or end:
            entry = {}
            if start:
                entry["start"] = start
            if end:
                entry["end"] = end
            temporal.append(entry)
    documentation = [u for u in (record.get("service_doc"), record.get("describedby")) if u]
    dataset: dict[str, Any] = {
        "title": title,
        "notes": notes,
        "tags": tags(record.get("keywords") or []),
        "identifier": record["collection_url"],
        "url": record["collection_url"],
        "jena_source_uri": record["collection_url"],
        "license_id": licence,
        "spatial": bbox_polygon(*record["bbox"]) if record.get("bbox") else None,
        "temporal_coverage": temporal,
        "documentation": documentation,
        "modified": iso_date(record.get("updated")),
        "resources": resources,
    }
    dataset = {k: v for k, v in dataset.items() if v not in (None, "", [])}
    return apply_defaults(dataset, defaults)
