"""Map a SensorThings observed-property group to a Jena dataset dict. No CKAN imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ckanext.jena.harvest.cityutil import (
    apply_defaults,
    bbox_polygon,
    frequency_iri,
    tags,
)
from ckanext.jena.harvest.sensorthings.parse import filter_literal

SERVICE_TYPE = "SENSORTHINGS"
DEFAULT_TITLE = "{observed_property} – Messstellen in Jena"
_Q = "$@(),;='/ "


def query_url(root: str, path: str, **params: str) -> str:
    query = "&".join(f"{k}={quote(v, safe=_Q).replace(' ', '%20')}" for k, v in params.items())
    return f"{root}/{path}" + (f"?{query}" if query else "")


def _cadence_text(seconds: float | None) -> str:
    if not seconds:
        return ""
    if seconds < 120:
        return f"etwa alle {round(seconds)} Sekunden"
    if seconds < 2 * 3600:
        return f"etwa alle {round(seconds / 60)} Minuten"
    if seconds < 2 * 86400:
        return f"etwa alle {round(seconds / 3600)} Stunden"
    return f"etwa alle {round(seconds / 86400)} Tage"


def map_group(
    record: Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    options = options or {}
    root = record["root"]
    op = record["observed_property"]
    title = str(options.get("title_template") or DEFAULT_TITLE).format(observed_property=op["name"])
    opf = f"ObservedProperty/@iot.id eq {filter_literal(op['id'])}"
    things = record.get("things") or []
    shown = ", ".join(things[:20]) + (
        f" und {len(things) - 20} weitere" if len(things) > 20 else ""
    )
    lines = [
        op.get("description") or f"Messwerte der Messgröße „{op['name']}“.",
        "",
        f"Sensordaten der Urban Data Platform Jena (OGC SensorThings API 1.1): "
        f"{record['datastream_count']} Datenströme an {record['thing_count']} Messstellen.",
    ]
    if record.get("units"):
        lines.append(f"Einheit: {', '.join(record['units'])}.")
    cadence = _cadence_text(record.get("cadence_seconds"))
    if cadence:
        lines.append(f"Neue Messwerte {cadence}.")
    if shown:
        lines.append(f"Messstellen: {shown}.")
    if op.get("definition"):
        lines.append(f"Definition der Messgröße: {op['definition']}")
    service = {
        "title": options.get("service_title") or "OGC SensorThings API – Urban Data Platform Jena",
        "endpoint_url": root,
        "endpoint_description": root,
        "service_type": SERVICE_TYPE,
        "uri": root,
    }
    datastreams_url = query_url(
        root, "Datastreams", **{"$filter": opf, "$expand": "Thing($expand=Locations),Sensor"}
    )
    latest_url = query_url(
        root,
        "Datastreams",
        **{
            "$filter": opf,
            "$select": "@iot.id,name,unitOfMeasurement",
            "$expand": "Observations($orderby=phenomenonTime desc;$top=1)",
        },
    )
    things_url = query_url(
        root,
        "Things",
        **{"$filter": f"Datastreams/{opf}", "$expand": "Locations"},
    )
    resources = [
        {
            "name": f"Datenströme: {op['name']}",
            "description": "Alle Datenströme dieser Messgröße mit Messstelle, Standort und Sensor (SensorThings-Abfrage, JSON, seitenweise über @iot.nextLink).",
            "url": datastreams_url,
            "format": "JSON",
            "mimetype": "application/json",
            "access_services": [service],
        },
        {
            "name": f"Aktuelle Messwerte: {op['name']}",
            "description": "Der jeweils neueste Messwert je Datenstrom (SensorThings-Abfrage, JSON).",
            "url": latest_url,
            "format": "JSON",
            "mimetype": "application/json",
            "access_services": [service],
        },
        {
            "name": f"Messstellen: {op['name']}",
            "description": "Messstellen (Things) mit ihren Standorten (SensorThings-Abfrage, JSON).",
            "url": things_url,
            "format": "JSON",
            "mimetype": "application/json",
            "access_services": [service],
        },
    ]
    temporal = []
    if record.get("start"):
        entry = {"start": record["start"]}
        if record.get("end"):
            entry["end"] = record["end"]
        temporal.append(entry)
    dataset: dict[str, Any] = {
        "title": title,
        "notes": "\n".join(lines[:2]) + "\n" + " ".join(lines[2:]),
        "tags": tags(
            [
                op["name"],
                "Sensordaten",
                "Echtzeitdaten",
                "Urban Data Platform",
                *record.get("sensors", [])[:5],
            ]
        ),
        "identifier": record["guid"],
        "url": record["guid"],
        "jena_source_uri": record["guid"],
        "spatial": bbox_polygon(*record["bbox"]) if record.get("bbox") else None,
        "temporal_coverage": temporal,
        "frequency": frequency_iri(record.get("cadence_seconds"))
        if record.get("active", True)
        else None,
        "conforms_to": ["http://www.opengis.net/doc/is/sensorthings/1.1"],
        "resources": resources,
    }
    if op.get("definition", "").startswith("http"):
        dataset["related_resource"] = [op["definition"]]
    dataset = {k: v for k, v in dataset.items() if v not in (None, "", [])}
    return apply_defaults(dataset, defaults)
