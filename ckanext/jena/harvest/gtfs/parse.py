"""Read what a dataset needs from a GTFS zip without loading its big files.

Small tables (feed_info, agency) are read whole; calendar, calendar_dates, stops,
routes, trips and - only when a filter needs it - stop_times are streamed row by row
from the zip (``zipfile`` decompresses on the fly), keeping only counters, sets of ids
and running extremes. No CKAN imports.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

from ckanext.jena.harvest.cityutil import BBox, SourceError, iso_date

REQUIRED = ("agency.txt", "stops.txt", "routes.txt", "trips.txt")


def _rows(zf: zipfile.ZipFile, name: str) -> Iterator[dict[str, str]]:
    """Stream the rows of one table (missing table: no rows)."""
    member = _member(zf, name)
    if member is None:
        return
    with zf.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        if reader.fieldnames:
            reader.fieldnames = [f.strip() for f in reader.fieldnames]
        try:
            for row in reader:
                yield {k: (v or "").strip() for k, v in row.items() if k is not None}
        except UnicodeDecodeError as e:
            raise SourceError(
                f"GTFS table {name} is not UTF-8 ({e.reason} at byte {e.start})"
            ) from e
        except csv.Error as e:
            raise SourceError(f"GTFS table {name} is not valid CSV: {e}") from e


def _member(zf: zipfile.ZipFile, name: str) -> str | None:
    """A table's member name (feeds sometimes put the tables in a sub-folder)."""
    for info in zf.infolist():
        if info.filename == name or info.filename.endswith("/" + name):
            return info.filename
    return None


def _in_bbox(lon: float, lat: float, bbox: list[float] | None) -> bool:
    return bbox is None or (bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3])


def _matches(agency: Mapping[str, str], wanted: list[str]) -> bool:
    """An agency matches by its exact id, or by its name (case-insensitive; the name may
    go on after the wanted text, e.g. "Jenaer Nahverkehr" matches "Jenaer Nahverkehr GmbH")."""
    aid = agency.get("agency_id", "")
    name = agency.get("agency_name", "").casefold()
    for w in wanted:
        low = w.casefold()
        if (
            w == aid
            or name == low
            or (name.startswith(low) and name[len(low) : len(low) + 1] in (" ", ","))
        ):
            return True
    return False


def read_feed(path_or_file: Any, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Summary of a GTFS feed: agencies, feed info, validity period, stop extent and
    route/stop/trip counts (optionally for some agencies and/or a bbox only).

    ``options``: ``agencies`` (agency ids or names), ``bbox`` ([minlon, minlat, maxlon,
    maxlat]).
    """
    options = dict(options or {})
    wanted = [str(a) for a in options.get("agencies") or []]
    bbox = [float(v) for v in options["bbox"]] if options.get("bbox") else None
    try:
        zf = zipfile.ZipFile(path_or_file)
    except zipfile.BadZipFile as e:
        raise SourceError(f"the GTFS feed is not a valid zip file: {e}") from e
    with zf:
        missing = [n for n in REQUIRED if _member(zf, n) is None]
        if missing:
            raise SourceError(f"the GTFS feed lacks required tables: {', '.join(missing)}")
        feed_info = next(_rows(zf, "feed_info.txt"), {})
        agencies = list(_rows(zf, "agency.txt"))
        single = len(agencies) == 1
        selected = [a for a in agencies if not wanted or _matches(a, wanted)]
        if wanted and not selected:
            raise SourceError(f"no agency of the feed matches {', '.join(wanted)}")
        agency_ids = {a.get("agency_id", "") for a in selected}

        routes: dict[str, str] = {}
        route_types: dict[str, int] = {}
        for row in _rows(zf, "routes.txt"):
            aid = row.get("agency_id", "")
            if wanted and not (aid in agency_ids or (single and not aid)):
                continue
            routes[row["route_id"]] = aid
            rtype = row.get("route_type", "")
            route_types[rtype] = route_types.get(rtype, 0) + 1

        # trip ids are only kept when a filter needs them (stop_times below); the
        # Germany-wide feed has millions of trips
        keep_trips = bool(wanted or bbox)
        trips: dict[str, str] = {}
        trip_count = 0
        services: set[str] = set()
        for row in _rows(zf, "trips.txt"):
            if row.get("route_id") in routes:
                trip_count += 1
                if keep_trips:
                    trips[row["trip_id"]] = row["route_id"]
                services.add(row.get("service_id", ""))

        stops_bbox = BBox()
        stop_coords: dict[str, tuple[float, float]] = {}
        all_stops = 0
        for row in _rows(zf, "stops.txt"):
            if row.get("location_type", "0") not in ("", "0"):
                continue  # stations, entrances, nodes: only boarding points count
            try:
                lon, lat = float(row["stop_lon"]), float(row["stop_lat"])
            except (KeyError, ValueError):
                continue
            if not _in_bbox(lon, lat, bbox):
                continue
            all_stops += 1
            if wanted or bbox:
                stop_coords[row["stop_id"]] = (lon, lat)
            else:
                stops_bbox.add(lon, lat)

        if wanted or bbox:
            # which of the selected trips call at which (selected) stops: stream stop_times
            used_trips: set[str] = set()
            used_stops: set[str] = set()
            for row in _rows(zf, "stop_times.txt"):
                tid = row.get("trip_id")
                sid = row.get("stop_id")
                if tid in trips and sid in stop_coords:
                    used_trips.add(tid)
                    used_stops.add(sid)
            for sid in used_stops:
                stops_bbox.add(*stop_coords[sid])
            if bbox:
                trips = {t: r for t, r in trips.items() if t in used_trips}
                trip_count = len(trips)
                used_routes = set(trips.values())
                routes = {r: a for r, a in routes.items() if r in used_routes}
                used_agencies = set(routes.values())
                if not (single and used_agencies <= {""}):
                    selected = [a for a in selected if a.get("agency_id", "") in used_agencies]
                services = set()
                for row in _rows(zf, "trips.txt"):
                    if row.get("trip_id") in trips:
                        services.add(row.get("service_id", ""))
            stop_count = len(used_stops)
        else:
            stop_count = all_stops

        first = last = None
        for row in _rows(zf, "calendar.txt"):
            if row.get("service_id") not in services:
                continue
            s, e = iso_date(row.get("start_date")), iso_date(row.get("end_date"))
            if s and (first is None or s < first):
                first = s
            if e and (last is None or e > last):
                last = e
        for row in _rows(zf, "calendar_dates.txt"):
            if row.get("service_id") not in services or row.get("exception_type") != "1":
                continue
            d = iso_date(row.get("date"))
            if d and (first is None or d < first):
                first = d
            if d and (last is None or d > last):
                last = d
        start = iso_date(feed_info.get("feed_start_date")) or first
        end = iso_date(feed_info.get("feed_end_date")) or last

    return {
        "feed_info": {k: v for k, v in feed_info.items() if v},
        "agencies": [{k: v for k, v in a.items() if v} for a in selected],
        "all_agencies": len(agencies),
        "route_count": len(routes),
        "route_types": dict(sorted(route_types.items())),
        "trip_count": trip_count,
        "stop_count": stop_count,
        "bbox": [round(v, 6) for v in stops_bbox.as_tuple()] if not stops_bbox.empty else None,
        "start": start,
        "end": end,
        "filter": {"agencies": wanted, "bbox": bbox},
    }
