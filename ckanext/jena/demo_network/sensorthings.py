"""The Urban Data Platform's SensorThings API 1.1: Things, Locations, Sensors,
ObservedProperties, Datastreams and Observations of Jena's air-quality stations.

Observations are live: each datastream has a fixed cadence and its latest observation is
the last full interval before now (values are a deterministic function of datastream and
time). ``$top``, ``$skip``, ``$count``, ``$expand`` (Thing/Locations, ObservedProperty,
Sensor, Observations with ``$top``) and ``@iot.nextLink`` paging are supported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from ckanext.jena.demo_network.base import Content, Request, Response, error, json_response

DEFAULT_TOP = 100
#: observation id = datastream id * OBS_ID_FACTOR + minutes since the epoch
OBS_ID_FACTOR = 100_000_000
MAX_TOP = 1000
CONFORMANCE = [
    "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
]
_ENTITY = re.compile(r"/(\w+)(?:\((\d+)\))?(?:/(\w+))?")


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class SensorThings:
    def __init__(self, content: Content, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.content = content
        self.root = content.base + "/udp/rest/v1.1"
        net = content.json("sta/network.json")
        self.things = {t["id"]: t for t in net["things"]}
        self.ops = {o["id"]: o for o in net["observed_properties"]}
        self.sensors = {s["id"]: s for s in net["sensors"]}
        self.datastreams = {d["id"]: d for d in net["datastreams"]}
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- entities -------------------------------------------------------------------------
    def _latest(self, ds: dict[str, Any]) -> dt.datetime:
        now = self.clock()
        step = ds["cadence_seconds"]
        epoch = int(now.timestamp()) // step * step
        return dt.datetime.fromtimestamp(epoch, dt.UTC)

    def _value(self, ds: dict[str, Any], t: dt.datetime) -> float:
        lo, hi = ds["range"]
        h = hashlib.sha256(f"{ds['id']}/{iso(t)}".encode()).digest()
        return round(lo + (hi - lo) * h[0] / 255, 1)

    def observations(self, ds: dict[str, Any], top: int, skip: int = 0) -> list[dict[str, Any]]:
        latest = self._latest(ds)
        start = dt.datetime.fromisoformat(ds["start"].replace("Z", "+00:00"))
        out = []
        for k in range(skip, skip + top):
            t = latest - dt.timedelta(seconds=k * ds["cadence_seconds"])
            if t < start:
                break
            out.append(self._observation(ds, t))
        return out

    def _observation(self, ds: dict[str, Any], t: dt.datetime) -> dict[str, Any]:
        oid = ds["id"] * OBS_ID_FACTOR + int(t.timestamp()) // 60
        return {
            "@iot.id": oid,
            "@iot.selfLink": f"{self.root}/Observations({oid})",
            "phenomenonTime": iso(t),
            "resultTime": iso(t + dt.timedelta(minutes=5)),
            "result": self._value(ds, t),
            "Datastream@iot.navigationLink": f"{self.root}/Observations({oid})/Datastream",
        }

    def observation(self, oid: int) -> dict[str, Any] | None:
        """The observation with id ``oid`` if it exists (aligned, not in the future)."""
        ds = self.datastreams.get(oid // OBS_ID_FACTOR)
        if ds is None:
            return None
        seconds = (oid % OBS_ID_FACTOR) * 60
        t = dt.datetime.fromtimestamp(seconds, dt.UTC)
        start = dt.datetime.fromisoformat(ds["start"].replace("Z", "+00:00"))
        if seconds % ds["cadence_seconds"] or t > self._latest(ds) or t < start:
            return None
        return self._observation(ds, t)

    def recent_observations(self) -> list[dict[str, Any]]:
        """The last 24 hours of every datastream (the ``/Observations`` collection)."""
        out = []
        for did in sorted(self.datastreams):
            ds = self.datastreams[did]
            out += self.observations(ds, 24 * 3600 // ds["cadence_seconds"])
        return out

    def thing(self, tid: int, with_locations: bool = False) -> dict[str, Any]:
        t = self.things[tid]
        out = {
            "@iot.id": tid,
            "@iot.selfLink": f"{self.root}/Things({tid})",
            "name": t["name"],
            "description": t["description"],
            "properties": t["properties"],
            "Datastreams@iot.navigationLink": f"{self.root}/Things({tid})/Datastreams",
            "Locations@iot.navigationLink": f"{self.root}/Things({tid})/Locations",
        }
        if with_locations:
            out["Locations"] = [self.location(tid)]
        return out

    def location(self, tid: int) -> dict[str, Any]:
        t = self.things[tid]
        return {
            "@iot.id": tid,
            "@iot.selfLink": f"{self.root}/Locations({tid})",
            "name": t["name"],
            "description": t["description"],
            "encodingType": "application/geo+json",
            "location": {"type": "Point", "coordinates": t["location"]},
        }

    def observed_property(self, oid: int) -> dict[str, Any]:
        o = self.ops[oid]
        return {
            "@iot.id": oid,
            "@iot.selfLink": f"{self.root}/ObservedProperties({oid})",
            **{k: o[k] for k in ("name", "definition", "description")},
        }

    def sensor(self, sid: int) -> dict[str, Any]:
        s = self.sensors[sid]
        return {
            "@iot.id": sid,
            "@iot.selfLink": f"{self.root}/Sensors({sid})",
            "name": s["name"],
            "description": s["description"],
            "encodingType": s["encodingType"],
            "metadata": f"{self.root}/Sensors({sid})",
        }

    def datastream(self, did: int, expand: str = "") -> dict[str, Any]:
        ds = self.datastreams[did]
        latest = self._latest(ds)
        thing = self.things[ds["thing"]]
        out: dict[str, Any] = {
            "@iot.id": did,
            "@iot.selfLink": f"{self.root}/Datastreams({did})",
            "name": ds["name"],
            "description": ds["description"],
            "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
            "unitOfMeasurement": ds["unit"],
            "observedArea": {"type": "Point", "coordinates": thing["location"]},
            "phenomenonTime": f"{ds['start']}/{iso(latest)}",
            "resultTime": f"{ds['start']}/{iso(latest + dt.timedelta(minutes=5))}",
            "properties": ds["properties"],
            "Observations@iot.navigationLink": f"{self.root}/Datastreams({did})/Observations",
        }
        if re.search(r"(^|,)Thing\b", expand):
            out["Thing"] = self.thing(ds["thing"], with_locations="Locations" in expand)
        if "ObservedProperty" in expand:
            out["ObservedProperty"] = self.observed_property(ds["observed_property"])
        if re.search(r"(^|,)Sensor\b", expand):
            out["Sensor"] = self.sensor(ds["sensor"])
        m = re.search(r"(?:^|,)Observations(?:\(([^)]*)\))?", expand)
        if m:
            top = re.search(r"\$top=(\d+)", m.group(1) or "")
            out["Observations"] = self.observations(
                ds, min(int(top.group(1)) if top else 100, MAX_TOP)
            )
        return out

    # -- routing ---------------------------------------------------------------------------
    def handle(self, req: Request, sub: str) -> Response | None:
        if sub == "/":
            sets = [
                "Things",
                "Locations",
                "Datastreams",
                "Sensors",
                "Observations",
                "ObservedProperties",
            ]
            return json_response(
                {
                    "value": [{"name": s, "url": f"{self.root}/{s}"} for s in sets],
                    "serverSettings": {"conformance": CONFORMANCE},
                },
                last_modified=None,
            )
        m = _ENTITY.fullmatch(sub)
        if not m:
            return None
        kind, ident, nav = m.group(1), m.group(2), m.group(3)
        expand = req.arg("$expand", "") or ""
        try:
            top = min(int(req.arg("$top", str(DEFAULT_TOP)) or DEFAULT_TOP), MAX_TOP)
            skip = int(req.arg("$skip", "0") or 0)
        except ValueError:
            return error(
                400,
                '{"code": 400, "message": "$top/$skip: ganze Zahl erwartet"}',
                "application/json",
            )
        if top < 0 or skip < 0:
            return error(
                400, '{"code": 400, "message": "$top/$skip: nicht negativ"}', "application/json"
            )
        if kind == "Datastreams" and ident and nav == "Observations":
            ds = self.datastreams.get(int(ident))
            if ds is None:
                return None
            values = self.observations(ds, top + 1, skip)
            return self._collection(
                req, values[:top], len(values) > top, skip, top, None, self._latest(ds)
            )
        if kind == "Observations":
            if ident:
                obs = self.observation(int(ident))
                if obs is None:
                    return None
                if nav == "Datastream":
                    return json_response(self.datastream(int(ident) // OBS_ID_FACTOR, expand))
                return None if nav else json_response(obs)
            values = self.recent_observations()
            count = len(values) if (req.arg("$count") or "").lower() == "true" else None
            latest = max(self._latest(d) for d in self.datastreams.values())
            more = skip + top < len(values)
            return self._collection(req, values[skip : skip + top], more, skip, top, count, latest)
        items: dict[int, Callable[[], dict[str, Any]]] | None = {
            "Datastreams": {i: (lambda i=i: self.datastream(i, expand)) for i in self.datastreams},
            "Things": {i: (lambda i=i: self.thing(i, "Locations" in expand)) for i in self.things},
            "Locations": {i: (lambda i=i: self.location(i)) for i in self.things},
            "ObservedProperties": {i: (lambda i=i: self.observed_property(i)) for i in self.ops},
            "Sensors": {i: (lambda i=i: self.sensor(i)) for i in self.sensors},
        }.get(kind)
        if items is None:
            return None
        latest = max(self._latest(d) for d in self.datastreams.values())
        if ident:
            key = int(ident)
            if key not in items:
                return None
            if nav == "Locations" and kind == "Things":
                return self._collection(req, [self.location(key)], False, 0, 1, 1, latest)
            if nav == "Datastreams" and kind == "Things":
                values = [
                    self.datastream(i, expand)
                    for i, d in self.datastreams.items()
                    if d["thing"] == key
                ]
                return self._collection(req, values, False, 0, len(values), len(values), latest)
            if nav:
                return None
            return json_response(items[key](), last_modified=latest)
        keys = sorted(items)
        values = [items[k]() for k in keys[skip : skip + top]]
        count = len(keys) if (req.arg("$count") or "").lower() == "true" else None
        return self._collection(req, values, skip + top < len(keys), skip, top, count, latest)

    def _collection(
        self,
        req: Request,
        values: list[dict[str, Any]],
        more: bool,
        skip: int,
        top: int,
        count: int | None,
        latest: dt.datetime,
    ) -> Response:
        out: dict[str, Any] = {}
        if count is not None:
            out["@iot.count"] = count
        if more:
            params = [
                (k, v[0]) for k, v in req.query.items() if k not in ("$skip", "$top") and v
            ] + [("$top", str(top)), ("$skip", str(skip + top))]
            query = "&".join(f"{k}={quote(v, safe='$@(),;=/:')}" for k, v in params)
            out["@iot.nextLink"] = f"{self.content.base}{req.path}?{query}"
        out["value"] = values
        return json_response(out, last_modified=latest)
