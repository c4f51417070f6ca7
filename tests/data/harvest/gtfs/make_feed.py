"""Generate a small, realistic GTFS feed of Jena's public transport (test fixture).

Deterministic (fixed zip timestamps, no randomness): the same arguments give the same
bytes and checksum. Run ``python tests/data/harvest/gtfs/make_feed.py`` to rewrite
``jena-gtfs.zip`` next to this file. Written for this project (not copied from a feed);
stop positions are approximate.

Content: Jenaer Nahverkehr GmbH (5 tram and 7 bus lines in Jena) and, as the
Thuringian exchange feed would have it, a regional operator (JES Verkehrsgesellschaft)
with two lines from Jena to Kahla and Stadtroda.
"""

from __future__ import annotations

import io
import os
import zipfile

AGENCIES = [
    ("JNV", "Jenaer Nahverkehr GmbH", "https://www.nahverkehr-jena.de", "Europe/Berlin", "de",
     "+49 3641 414-0", "info@nahverkehr-jena.de"),
    ("JES", "JES Verkehrsgesellschaft mbH", "https://www.jes-verkehrsgesellschaft.de", "Europe/Berlin",
     "de", "+49 36691 891-0", "info@jes-verkehrsgesellschaft.de"),
]  # fmt: skip

STOPS = [
    ("de:16053:1001", "Jena, Paradiesbahnhof", 50.9226, 11.5878),
    ("de:16053:1002", "Jena, Holzmarkt", 50.9276, 11.5879),
    ("de:16053:1003", "Jena, Stadtzentrum Löbdergraben", 50.9260, 11.5912),
    ("de:16053:1004", "Jena, Ernst-Abbe-Platz", 50.9296, 11.5837),
    ("de:16053:1005", "Jena, Westbahnhof", 50.9237, 11.5727),
    ("de:16053:1006", "Jena, Lobeda-West", 50.8912, 11.5954),
    ("de:16053:1007", "Jena, Lobeda-Ost", 50.8950, 11.6105),
    ("de:16053:1008", "Jena, Winzerla", 50.8980, 11.5578),
    ("de:16053:1009", "Jena, Zwätzen", 50.9610, 11.6010),
    ("de:16053:1010", "Jena, Nord Schlegelsberg", 50.9466, 11.5931),
    ("de:16053:1011", "Jena, Beutenberg Campus", 50.9120, 11.5650),
    ("de:16053:1012", "Jena, Burgau Ringwiese", 50.9065, 11.6071),
    ("de:16053:1013", "Jena, Zeiss-Werk", 50.9183, 11.5829),
    ("de:16053:1014", "Jena, Universitätsklinikum", 50.8847, 11.6012),
    ("de:16053:1015", "Jena, Wöllnitz", 50.9078, 11.6220),
    ("de:16053:1016", "Jena, Closewitz", 50.9632, 11.5505),
    ("de:16074:2001", "Kahla, Markt", 50.8060, 11.5880),
    ("de:16074:2002", "Stadtroda, Busbahnhof", 50.8565, 11.7265),
    ("de:16074:2003", "Rothenstein, Ort", 50.8575, 11.6023),
]

ROUTES = [
    # route_id, agency, short, long, type, stops (indexes into STOPS)
    ("JNV-1", "JNV", "1", "Lobeda-Ost – Stadtzentrum – Nord", 0, [6, 5, 13, 2, 1, 9]),
    ("JNV-2", "JNV", "2", "Winzerla – Stadtzentrum – Zwätzen", 0, [7, 12, 0, 1, 9, 8]),
    ("JNV-3", "JNV", "3", "Lobeda-West – Stadtzentrum – Nord", 0, [5, 13, 0, 2, 9]),
    ("JNV-4", "JNV", "4", "Lobeda-Ost – Ernst-Abbe-Platz – Zwätzen", 0, [6, 0, 3, 1, 8]),
    ("JNV-5", "JNV", "5", "Winzerla – Ernst-Abbe-Platz – Lobeda-West", 0, [7, 4, 3, 2, 5]),
    ("JNV-10", "JNV", "10", "Beutenberg – Paradiesbahnhof – Burgau", 3, [10, 0, 2, 11]),
    ("JNV-11", "JNV", "11", "Westbahnhof – Holzmarkt – Wöllnitz", 3, [4, 1, 2, 14]),
    ("JNV-12", "JNV", "12", "Closewitz – Nord – Stadtzentrum", 3, [15, 9, 1, 2]),
    ("JNV-13", "JNV", "13", "Lobeda-West – Universitätsklinikum – Burgau", 3, [5, 13, 11]),
    ("JNV-14", "JNV", "14", "Winzerla – Beutenberg – Westbahnhof", 3, [7, 10, 4]),
    ("JNV-15", "JNV", "15", "Zeiss-Werk – Paradiesbahnhof – Lobeda-Ost", 3, [12, 0, 6]),
    ("JNV-16", "JNV", "16", "Ernst-Abbe-Platz – Nord – Zwätzen", 3, [3, 9, 8]),
    ("JES-420", "JES", "420", "Jena – Rothenstein – Kahla", 3, [0, 18, 16]),
    ("JES-421", "JES", "421", "Jena – Stadtroda", 3, [0, 14, 17]),
]


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    for row in rows:
        out.write(",".join(_cell(v) for v in row) + "\r\n")
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if ("," in text or '"' in text) else text


def build(
    trips_per_route: int = 20,
    extra_trips: int = 0,
    extra_loops: int = 1,
    version: str = "2026-11-20",
) -> bytes:
    """The feed as zip bytes. ``extra_trips`` adds that many trips to line 1, each
    running its stop sequence ``extra_loops`` times (to make stop_times big for
    streaming tests)."""
    files: dict[str, bytes] = {}
    files["feed_info.txt"] = _csv(
        [
            ["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date",
             "feed_end_date", "feed_version", "feed_contact_email"],
            ["Verkehrsverbund Mittelthüringen GmbH", "https://www.vmt-thueringen.de", "de",
             "20251214", "20261212", version, "fahrplandaten@vmt-thueringen.de"],
        ]
    )  # fmt: skip
    files["agency.txt"] = _csv(
        [["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang",
          "agency_phone", "agency_email"], *[list(a) for a in AGENCIES]]
    )  # fmt: skip
    files["stops.txt"] = _csv(
        [["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"],
         ["de:16053:1000", "Jena, Stadtzentrum (Station)", 50.9268, 11.5895, 1, ""],
         *[[sid, name, lat, lon, 0, ""] for sid, name, lat, lon in STOPS]]
    )  # fmt: skip
    files["routes.txt"] = _csv(
        [["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
         *[[r[0], r[1], r[2], r[3], r[4]] for r in ROUTES]]
    )  # fmt: skip
    files["calendar.txt"] = _csv(
        [["service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
          "sunday", "start_date", "end_date"],
         ["WT", 1, 1, 1, 1, 1, 0, 0, "20251215", "20261211"],
         ["SA", 0, 0, 0, 0, 0, 1, 0, "20251220", "20261212"],
         ["SO", 0, 0, 0, 0, 0, 0, 1, "20251214", "20261206"]]
    )  # fmt: skip
    files["calendar_dates.txt"] = _csv(
        [["service_id", "date", "exception_type"],
         ["WT", "20251225", 2], ["SO", "20251225", 1], ["WT", "20260101", 2], ["SO", "20260101", 1],
         ["WT", "20260501", 2], ["SO", "20260501", 1]]
    )  # fmt: skip
    trips = [["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"]]
    stop_times = [["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]]
    services = ["WT", "SA", "SO"]
    for r_index, (rid, _agency, short, long_name, _type, seq) in enumerate(ROUTES):
        n = trips_per_route + (extra_trips if rid == "JNV-1" else 0)
        for k in range(n):
            tid = f"{rid}-{k + 1:05d}"
            direction = k % 2
            order = seq if direction == 0 else list(reversed(seq))
            if k >= trips_per_route:
                order = order * extra_loops
            headsign = long_name.split(" – ")[-1 if direction == 0 else 0]
            trips.append([rid, services[k % 3], tid, headsign, direction])
            start = 5 * 3600 + (k * 600 + r_index * 60) % (18 * 3600)
            for pos, stop_index in enumerate(order):
                t = start + pos * 150
                hh, mm, ss = t // 3600, t % 3600 // 60, t % 60
                stamp = f"{hh:02d}:{mm:02d}:{ss:02d}"
                stop_times.append([tid, stamp, stamp, STOPS[stop_index][0], pos + 1])
        del short
    files["trips.txt"] = _csv(trips)
    files["stop_times.txt"] = _csv(stop_times)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ["agency.txt", "feed_info.txt", "stops.txt", "routes.txt", "trips.txt",
                     "stop_times.txt", "calendar.txt", "calendar_dates.txt"]:  # fmt: skip
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 4, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return buf.getvalue()


if __name__ == "__main__":
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jena-gtfs.zip")
    with open(path, "wb") as f:
        f.write(build())
    print(path)
