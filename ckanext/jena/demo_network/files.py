"""Departmental file shares (``/files/<publisher>/<file>``): CSV, GeoJSON and XML files
with an HTML directory listing and a JSON listing (``?f=json``)."""

from __future__ import annotations

import html
import re

from ckanext.jena.demo_network.base import (
    Content,
    Request,
    Response,
    content_type_for,
    html_page,
    json_response,
    ok,
)

TITLES = {
    "ksj": "Kommunal Service Jena – Verkehrsdaten",
    "jenawohnen": "jenawohnen GmbH – Wohnungsbestand",
    "jenawirtschaft": "JenaWirtschaft – Gewerbeflächen",
    "jenaer-baeder": "Jenaer Bäder GmbH – Bäder und Saunen",
    "fachdienste": "Stadt Jena, Fachdienste Statistik und Finanzen",
    "geodaten": "Stadt Jena, Fachdienst Geodaten und Vermessung – Downloads",
}


class Files:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.shares = {
            share: content.listdir("files/" + share) for share in content.listdir("files")
        }

    def handle(self, req: Request, sub: str) -> Response | None:
        base = f"{self.content.base}/files"
        if sub == "/":
            items = "".join(
                f'<li><a href="{base}/{s}/">{html.escape(TITLES.get(s, s))}</a></li>'
                for s in self.shares
            )
            return ok(html_page("Dateiablagen", f"<ul>{items}</ul>"), "text/html; charset=utf-8")
        m = re.fullmatch(r"/([\w-]+)/", sub)
        if m and m.group(1) in self.shares:
            share = m.group(1)
            names = self.shares[share]
            if req.arg("f") == "json":
                return json_response(
                    {
                        "title": TITLES.get(share, share),
                        "files": [
                            {
                                "name": n,
                                "url": f"{base}/{share}/{n}",
                                "type": content_type_for(n).split(";")[0],
                                "size": len(self.content.bytes(f"files/{share}/{n}")),
                            }
                            for n in names
                        ],
                    }
                )
            items = "".join(f'<li><a href="{base}/{share}/{n}">{n}</a></li>' for n in names)
            title = html.escape(TITLES.get(share, share))
            return ok(html_page(title, f"<ul>{items}</ul>"), "text/html; charset=utf-8")
        m = re.fullmatch(r"/([\w-]+)/([\w.-]+)", sub)
        if m and m.group(2) in self.shares.get(m.group(1), []):
            return ok(
                self.content.bytes(f"files/{m.group(1)}/{m.group(2)}"), content_type_for(m.group(2))
            )
        return None
