"""Map a manifest file record to a Jena dataset dict. No CKAN imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.jena.harvest.cityutil import apply_defaults, bbox_polygon, iso_date, tags

#: registry entry keys copied to the dataset as they are
DATASET_KEYS = (
    "license_id", "license_attribution_by_text", "theme", "hvd_category", "contact",
    "maintainer_agent", "originator", "frequency", "temporal_coverage", "temporal_resolution",
    "documentation", "conforms_to", "legal_basis", "language", "access_rights", "url",
    "version", "issued", "spatial", "political_geocoding_uri", "geocoding_description",
)  # fmt: skip
LABELS = {
    "CSV": "CSV",
    "GEOJSON": "GeoJSON",
    "JSON": "JSON",
    "XML": "XML",
    "XLSX": "Excel (XLSX)",
    "PDF": "PDF",
    "ZIP": "ZIP",
}


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def structure_text(fmt: str, s: Mapping[str, Any]) -> str:
    if fmt == "CSV":
        delim = {";": "Semikolon", ",": "Komma", "\t": "Tabulator", "|": "senkrechter Strich"}.get(
            s.get("delimiter", ","), s.get("delimiter", ",")
        )
        text = f"CSV ({s.get('encoding', 'UTF-8')}, Trennzeichen {delim}) mit {_num(s.get('rows', 0))} Zeilen"
        if s.get("columns"):
            text += f" und den Spalten {', '.join(s['columns'][:30])}"
        return text + "."
    if fmt == "GEOJSON":
        return f"GeoJSON mit {_num(s.get('features', 0))} Objekten."
    if fmt == "XLSX":
        return f"Excel-Arbeitsmappe mit {s.get('sheets', 0)} Tabellenblättern."
    if fmt == "XML":
        return f"XML-Dokument (Wurzelelement {s.get('root')})."
    if fmt == "PDF":
        return f"PDF-Dokument (PDF {s.get('pdf_version')})."
    return ""


def map_file(
    record: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    entry = record["entry"]
    fmt = record["format"]
    s = record.get("structure") or {}
    notes = entry.get("notes") or entry["title"]
    described = structure_text(fmt, s)
    resource = {
        "name": entry.get("resource_name") or f"{entry['title']} ({LABELS.get(fmt, fmt)})",
        "description": described,
        "url": record["url"],
        "download_url": record["url"],
        "format": fmt,
        "mimetype": record.get("media_type"),
        "size": record.get("size"),
        "hash": record.get("sha256"),
        "hash_algorithm": "sha256",
        "modified": iso_date(record.get("modified")),
    }
    resource = {k: v for k, v in resource.items() if v not in (None, "")}
    dataset: dict[str, Any] = {
        "title": entry["title"],
        "notes": notes + (f"\n\nDatei: {described}" if described else ""),
        "tags": tags(entry.get("tags") or []),
        "identifier": record["guid"],
        "jena_source_uri": record["url"],
        "modified": iso_date(record.get("modified")),
        "resources": [resource],
    }
    for key in DATASET_KEYS:
        if entry.get(key) not in (None, "", []):
            dataset[key] = entry[key]
    if fmt == "GEOJSON" and s.get("extent") and not dataset.get("spatial"):
        dataset["spatial"] = bbox_polygon(*s["extent"])
    dataset = {k: v for k, v in dataset.items() if v not in (None, "", [])}
    return apply_defaults(dataset, defaults)
