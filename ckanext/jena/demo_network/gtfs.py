"""Timetable data of the Jenaer Nahverkehr: the VMT's GTFS exchange feed, cut to Jena,
zipped deterministically (fixed timestamps: same bytes, same ETag on every start)."""

from __future__ import annotations

import io
import zipfile

from ckanext.jena.demo_network.base import Content, Request, Response, html_page, ok

FILES = [
    "agency.txt",
    "feed_info.txt",
    "stops.txt",
    "routes.txt",
    "trips.txt",
    "stop_times.txt",
    "calendar.txt",
    "calendar_dates.txt",
]


def build_zip(content: Content) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in FILES:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 4, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content.bytes("gtfs/" + name))
    return buf.getvalue()


class Gtfs:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.feed = build_zip(content)

    def handle(self, req: Request, sub: str) -> Response | None:
        if sub == "/vmt_gtfs.zip":
            return ok(self.feed, "application/zip")
        if sub == "/":
            link = f'<a href="{self.content.base}/gtfs/vmt_gtfs.zip">vmt_gtfs.zip</a>'
            return ok(
                html_page("Fahrplandaten (GTFS)", f"<p>Soll-Fahrplandaten als GTFS: {link}</p>"),
                "text/html; charset=utf-8",
            )
        return None
