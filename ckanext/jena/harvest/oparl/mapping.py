"""Map an OParl list record (one body, one kind of object) to a Jena dataset dict.
No CKAN imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.jena.harvest.cityutil import apply_defaults, licence_code, tags

SERVICE_TYPE = "OPARL"
KIND_LABELS = {
    "meeting": ("Sitzungen", "Sitzungen der Gremien mit Termin, Ort, Tagesordnung und Protokollen"),
    "paper": ("Drucksachen", "Vorlagen, Anträge, Anfragen und Beschlussvorlagen (Drucksachen)"),
    "organization": (
        "Gremien",
        "Gremien wie Stadtrat, Ausschüsse, Ortsteilräte, Beiräte und Fraktionen",
    ),
    "person": (
        "Personen",
        "Mitglieder des Stadtrats und der Gremien (Mandatsträgerinnen und Mandatsträger)",
    ),
    "file": ("Dokumente", "Dateien (Vorlagen, Protokolle, Anlagen) mit Zugriffs- und Download-URL"),
}
KIND_TAGS = {
    "meeting": ["Sitzungen", "Tagesordnung"],
    "paper": ["Drucksachen", "Beschlüsse", "Anträge"],
    "organization": ["Gremien", "Ausschüsse", "Fraktionen"],
    "person": ["Mandatsträger", "Stadtrat"],
    "file": ["Dokumente", "Protokolle"],
}


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def map_list(
    record: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    kind = record["kind"]
    label, what = KIND_LABELS[kind]
    body = record["body"]
    system = record["system"]
    body_name = body.get("name") or body.get("short_name") or "Stadt Jena"
    title = f"{label} – Ratsinformationssystem {body_name}"
    count = record.get("count")
    notes = f"{what} aus dem Ratsinformationssystem ({body_name}), bereitgestellt über die OParl-Schnittstelle"
    if system.get("oparl_version"):
        notes += f" (OParl {system['oparl_version'].rstrip('/').rsplit('/', 1)[-1]})"
    notes += "."
    if isinstance(count, int):
        notes += f" Anzahl der Objekte: {_num(count)}."
    period = record.get("period") or {}
    if period.get("start") and period.get("end"):
        notes += f" Zeitraum: {_de(period['start'])} bis {_de(period['end'])}."
    if system.get("product"):
        notes += f" System: {system['product']}."
    licence = licence_code(body.get("license")) or licence_code(system.get("license"))
    version = system.get("oparl_version") or "https://schema.oparl.org/1.1/"
    service = {
        "title": system.get("name") or "OParl-Schnittstelle",
        "endpoint_url": system["id"],
        "endpoint_description": version,
        "service_type": SERVICE_TYPE,
        "uri": system["id"],
    }
    resources = [
        {
            "name": f"OParl-Liste: {label}",
            "description": f"Seitenweise JSON-Liste ({kind}) der OParl-Schnittstelle; weitere Seiten über links.next, Änderungen über den Parameter modified_since.",
            "url": record["list_url"],
            "format": "JSON",
            "mimetype": "application/json",
            "access_services": [service],
        }
    ]
    contact = []
    email = body.get("contact_email") or system.get("contact_email")
    if email:
        contact.append(
            {
                "name": body.get("contact_name") or system.get("contact_name") or body_name,
                "email": email,
                **({"url": body["website"]} if body.get("website") else {}),
            }
        )
    temporal = []
    if period.get("start"):
        temporal.append(
            {k: v for k, v in (("start", period.get("start")), ("end", period.get("end"))) if v}
        )
    dataset: dict[str, Any] = {
        "title": title,
        "notes": notes,
        "tags": tags(["Stadtrat", "Ratsinformationssystem", "OParl", "Politik", *KIND_TAGS[kind]]),
        "identifier": record["guid"],
        "url": body.get("website") or system.get("website"),
        "jena_source_uri": body.get("id"),
        "license_id": licence,
        "temporal_coverage": temporal,
        "conforms_to": [version],
        "contact": contact,
        "resources": resources,
    }
    if body.get("ags"):
        ags = str(body["ags"])
        dataset["political_geocoding_uri"] = [
            f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{ags}"
        ]
    dataset = {k: v for k, v in dataset.items() if v not in (None, "", [])}
    return apply_defaults(dataset, defaults, attribution=body_name)


def _de(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"
