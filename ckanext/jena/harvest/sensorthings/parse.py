"""Group SensorThings datastreams by observed property into harvest records.

Linear in the number of datastreams: each datastream is folded into its group's
running aggregates (extent, period, cadence samples, counts) and then dropped.
No CKAN imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from ckanext.jena.harvest.cityutil import BBox, median, parse_datetime


def _period(value: Any) -> tuple[datetime | None, datetime | None]:
    """Start and end of an ISO 8601 interval ``start/end`` or instant."""
    if not isinstance(value, str) or not value:
        return None, None
    if "/" in value:
        a, b = value.split("/", 1)
        return parse_datetime(a), parse_datetime(b)
    dt = parse_datetime(value)
    return dt, dt


class _Group:
    __slots__ = (
        "op", "datastreams", "things", "sensors", "units", "bbox", "start", "end", "intervals",
    )  # fmt: skip

    def __init__(self, op: Mapping[str, Any]) -> None:
        self.op = op
        self.datastreams = 0
        self.things: dict[str, str] = {}
        self.sensors: dict[str, str] = {}
        self.units: dict[str, str] = {}
        self.bbox = BBox()
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.intervals: list[float] = []


class Grouper:
    """Fold datastreams (with expanded Thing/Locations, ObservedProperty, Sensor,
    Observations) into one group per observed property."""

    def __init__(
        self, root: str, options: Mapping[str, Any] | None = None, now: datetime | None = None
    ) -> None:
        self.root = root.rstrip("/")
        self.options = dict(options or {})
        self.now = now
        self.groups: dict[str, _Group] = {}
        self.seen = 0
        self.skipped: list[str] = []
        self.max_samples = int(self.options.get("cadence_samples", 2000))

    def add(self, ds: Any) -> None:
        self.seen += 1
        if not isinstance(ds, dict):
            self.skipped.append(f"datastream #{self.seen} is not an object")
            return
        op = ds.get("ObservedProperty")
        if not isinstance(op, dict) or op.get("@iot.id") is None:
            self.skipped.append(
                f"datastream {ds.get('@iot.id')!r} ({ds.get('name')!r}) has no expanded ObservedProperty"
            )
            return
        key = str(op["@iot.id"])
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group(
                {
                    "id": op["@iot.id"],
                    "name": str(op.get("name") or f"Messgröße {key}"),
                    "definition": op.get("definition") or "",
                    "description": op.get("description") or "",
                }
            )
        group.datastreams += 1
        thing = ds.get("Thing") if isinstance(ds.get("Thing"), dict) else {}
        if thing.get("@iot.id") is not None:
            group.things[str(thing["@iot.id"])] = str(thing.get("name") or thing["@iot.id"])
        sensor = ds.get("Sensor") if isinstance(ds.get("Sensor"), dict) else {}
        if sensor.get("@iot.id") is not None:
            group.sensors[str(sensor["@iot.id"])] = str(sensor.get("name") or sensor["@iot.id"])
        unit = ds.get("unitOfMeasurement") or {}
        if isinstance(unit, dict) and (unit.get("symbol") or unit.get("name")):
            group.units[str(unit.get("symbol") or unit.get("name"))] = str(unit.get("name") or "")
        located = False
        for loc in thing.get("Locations") or []:
            geom = loc.get("location") if isinstance(loc, dict) else None
            if isinstance(geom, dict):
                group.bbox.add_geometry(geom)
                located = True
        if not located and isinstance(ds.get("observedArea"), dict):
            group.bbox.add_geometry(ds["observedArea"])
        start, end = _period(ds.get("phenomenonTime"))
        if start and (group.start is None or start < group.start):
            group.start = start
        if end and (group.end is None or end > group.end):
            group.end = end
        times = []
        for obs in ds.get("Observations") or []:
            t, _ = _period(obs.get("phenomenonTime") if isinstance(obs, dict) else None)
            if t:
                times.append(t)
        times.sort()
        if len(group.intervals) < self.max_samples:
            for a, b in zip(times, times[1:], strict=False):
                seconds = (b - a).total_seconds()
                if seconds > 0:
                    group.intervals.append(seconds)

    def records(self) -> list[dict[str, Any]]:
        inactive_days = float(self.options.get("inactive_after_days", 30))
        out = []
        for key in sorted(self.groups, key=lambda k: (self.groups[k].op["name"], k)):
            g = self.groups[key]
            active = True
            if g.end and self.now:
                active = g.end >= self.now - timedelta(days=inactive_days)
            out.append(
                {
                    "guid": f"{self.root}/ObservedProperties({_literal(g.op['id'])})",
                    "root": self.root,
                    "observed_property": g.op,
                    "datastream_count": g.datastreams,
                    "thing_count": len(g.things),
                    "things": sorted(g.things.values()),
                    "sensors": sorted(set(g.sensors.values())),
                    "units": sorted(
                        f"{name} ({sym})" if name and name != sym else sym
                        for sym, name in g.units.items()
                    ),
                    "bbox": [round(v, 6) for v in g.bbox.as_tuple()] if not g.bbox.empty else None,
                    "start": g.start.date().isoformat() if g.start else None,
                    # a live group's end moves with every observation: left open
                    "end": g.end.date().isoformat() if g.end and not active else None,
                    "active": active,
                    "cadence_seconds": median(g.intervals),
                }
            )
        return out


def _literal(value: Any) -> str:
    """An entity id as it appears in SensorThings URLs (strings quoted)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def filter_literal(value: Any) -> str:
    return _literal(value)
