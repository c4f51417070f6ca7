"""Map a GTFS feed summary to a Jena dataset dict. No CKAN imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.jena.harvest.cityutil import apply_defaults, bbox_polygon, iso_date, tags

GTFS_REFERENCE = "https://gtfs.org/documentation/schedule/reference/"
ROUTE_TYPES = {
    "0": "Straßenbahn",
    "1": "U-Bahn",
    "2": "Eisenbahn",
    "3": "Bus",
    "4": "Fähre",
    "700": "Bus",
    "900": "Straßenbahn",
}


def _de_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _agent(agency: Mapping[str, str]) -> dict[str, str]:
    out = {
        "name": agency.get("agency_name", ""),
        "url": agency.get("agency_url", ""),
        "email": agency.get("agency_email", ""),
    }
    return {k: v for k, v in out.items() if v}


def map_feed(
    record: Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    options = options or {}
    agencies = record.get("agencies") or []
    names = [a.get("agency_name", "") for a in agencies if a.get("agency_name")]
    info = record.get("feed_info") or {}
    title = (
        options.get("title")
        or f"Fahrplandaten (GTFS) – {', '.join(names) or info.get('feed_publisher_name', '')}"
    )
    kinds = []
    for rtype in record.get("route_types") or {}:
        label = ROUTE_TYPES.get(str(rtype))
        if label and label not in kinds:
            kinds.append(label)
    period = ""
    if record.get("start") and record.get("end"):
        period = f" Gültig vom {_de_date(record['start'])} bis {_de_date(record['end'])}."
    scope = ""
    flt = record.get("filter") or {}
    if flt.get("agencies") or flt.get("bbox"):
        scope = (
            f" Auszug aus einem Gesamtfeed mit {record.get('all_agencies')} Verkehrsunternehmen"
            + (" (nur Haltestellen im Gebiet der Stadt Jena)" if flt.get("bbox") else "")
            + "."
        )
    notes = (
        f"Soll-Fahrplandaten im Format GTFS (General Transit Feed Specification) von "
        f"{', '.join(names) or 'dem Verkehrsunternehmen'}"
        + (f" ({', '.join(kinds)})" if kinds else "")
        + f": {_num(record['route_count'])} Linien, {_num(record['stop_count'])} Haltestellen "
        f"und {_num(record['trip_count'])} Fahrten.{period}{scope}"
    )
    if info.get("feed_version"):
        notes += f" Feed-Version {info['feed_version']}."
    contact = []
    for agency in agencies:
        entry = _agent(agency)
        if agency.get("agency_phone"):
            entry["phone"] = agency["agency_phone"]
        if entry.get("email") or entry.get("url"):
            contact.append(entry)
    if info.get("feed_contact_email") or info.get("feed_contact_url"):
        entry = {
            "name": info.get("feed_publisher_name", ""),
            "email": info.get("feed_contact_email", ""),
            "url": info.get("feed_contact_url", ""),
        }
        contact.insert(0, {k: v for k, v in entry.items() if v})
    resource = {
        "name": f"GTFS-Feed {info.get('feed_version') or ''}".strip(),
        "description": "ZIP-Archiv mit den GTFS-Tabellen (agency, stops, routes, trips, stop_times, calendar, ...).",
        "url": record["url"],
        "download_url": record["url"],
        "format": "GTFS",
        "mimetype": "application/zip",
        "size": record.get("size"),
        "hash": record.get("sha256"),
        "hash_algorithm": "sha256",
        "modified": iso_date(record.get("modified")),
        "conforms_to": [GTFS_REFERENCE],
    }
    resource = {k: v for k, v in resource.items() if v not in (None, "", [])}
    resource.pop("conforms_to", None)
    temporal = []
    if record.get("start") or record.get("end"):
        temporal.append(
            {k: v for k, v in (("start", record.get("start")), ("end", record.get("end"))) if v}
        )
    publisher = info.get("feed_publisher_name")
    dataset: dict[str, Any] = {
        "title": title,
        "notes": notes,
        "tags": tags(["ÖPNV", "Fahrplan", "GTFS", "Haltestellen", *kinds]),
        "identifier": record["guid"],
        "url": info.get("feed_publisher_url")
        or (agencies[0].get("agency_url") if agencies else None),
        "jena_source_uri": record["url"],
        "version": info.get("feed_version"),
        "modified": iso_date(record.get("modified")),
        "spatial": bbox_polygon(*record["bbox"]) if record.get("bbox") else None,
        "temporal_coverage": temporal,
        "conforms_to": [GTFS_REFERENCE],
        "contact": contact,
        "originator": [_agent(a) for a in agencies if a.get("agency_name")],
        "maintainer_agent": [{"name": publisher, "url": info.get("feed_publisher_url", "")}]
        if publisher
        else [],
        "resources": [resource],
    }
    for agent in dataset["maintainer_agent"]:
        if not agent.get("url"):
            agent.pop("url", None)
    dataset = {k: v for k, v in dataset.items() if v not in (None, "", [])}
    return apply_defaults(dataset, defaults, attribution=publisher or (names[0] if names else ""))
