"""A replayed SensorThings API: serves Datastream pages like a server (``$top``/``$skip``,
``@iot.count``, ``@iot.nextLink``), from recorded page files or generated datastreams."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

ROOT = "https://udp.jena.de/udp/rest/v1.1"


def page_of(datastreams: list[dict], skip: int, top: int, base_query: str) -> dict:
    chunk = datastreams[skip : skip + top]
    page = {"@iot.count": len(datastreams), "value": chunk}
    if skip + top < len(datastreams):
        page["@iot.nextLink"] = f"{ROOT}/Datastreams?{base_query}&$skip={skip + top}"
    return page


def serve(rsps, pages_by_skip: dict[int, bytes], counter: list | None = None) -> None:
    """Register a callback answering /Datastreams by its ``$skip`` parameter."""

    def callback(request):
        if counter is not None:
            counter.append(request.url)
        query = parse_qs(urlsplit(request.url).query)
        skip = int(query.get("$skip", ["0"])[0])
        body = pages_by_skip.get(skip)
        if body is None:
            return (404, {}, b'{"code": 404, "message": "Not Found"}')
        return (200, {"Content-Type": "application/json"}, body)

    rsps.add_callback("GET", ROOT + "/Datastreams", callback=callback)


def generated(n: int, properties: int = 6, now: datetime | None = None) -> list[dict]:
    """``n`` datastreams spread over ``properties`` observed properties and n/3 things
    around Jena, each with 5 observations 10 minutes apart."""
    now = now or datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    names = [
        "Feinstaub PM10",
        "Feinstaub PM2,5",
        "Stickstoffdioxid",
        "Lufttemperatur",
        "Lärmpegel",
        "Bodenfeuchte",
    ]
    out = []
    for i in range(n):
        op = i % properties
        thing = i // 3
        lon = 11.50 + (thing % 40) * 0.004
        lat = 50.87 + (thing // 40 % 30) * 0.004
        obs = [
            {"phenomenonTime": (now - timedelta(minutes=10 * k)).strftime("%Y-%m-%dT%H:%M:%SZ")}
            for k in range(5)
        ]
        out.append(
            {
                "@iot.id": i + 1,
                "name": f"{names[op % len(names)]} Sensor {thing}",
                "description": "",
                "unitOfMeasurement": {"name": "Mikrogramm pro Kubikmeter", "symbol": "µg/m³"},
                "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                "phenomenonTime": f"2023-0{1 + op % 9}-01T00:00:00Z/{obs[0]['phenomenonTime']}",
                "Thing": {
                    "@iot.id": thing + 1,
                    "name": f"Umweltsensor {thing + 1}",
                    "Locations": [
                        {
                            "@iot.id": thing + 1,
                            "name": f"Standort {thing + 1}",
                            "encodingType": "application/geo+json",
                            "location": {
                                "type": "Point",
                                "coordinates": [round(lon, 5), round(lat, 5)],
                            },
                        }
                    ],
                },
                "ObservedProperty": {
                    "@iot.id": op + 1,
                    "name": names[op % len(names)] if op < len(names) else f"Messgröße {op + 1}",
                    "definition": f"https://udp.jena.de/def/observedProperty/{op + 1}",
                    "description": "",
                },
                "Sensor": {
                    "@iot.id": 1 + op,
                    "name": f"Sensortyp {op + 1}",
                    "encodingType": "text/html",
                    "metadata": "",
                },
                "Observations": obs,
            }
        )
    return out


def generated_pages(datastreams: list[dict], top: int = 100) -> dict[int, bytes]:
    base = f"$expand=ObservedProperty&$top={top}&$count=true"
    return {
        skip: json.dumps(page_of(datastreams, skip, top, base)).encode()
        for skip in range(0, max(len(datastreams), 1), top)
    }
