"""The city's new data hub (WISSENsAllmende, piveau) and JenaKultur's catalogue:
DCAT-AP.de Turtle, the hub's catalogue paged with Hydra (``?page=N``)."""

from __future__ import annotations

import html
import re

from ckanext.jena.demo_network.base import (
    Content,
    Request,
    Response,
    content_type_for,
    html_page,
    ok,
)

TURTLE = "text/turtle; charset=utf-8"
PAGES = 2


class DcatHub:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.datasets: dict[str, str] = {}
        for name in ("catalog-page1.ttl", "catalog-page2.ttl", "jenakultur.ttl"):
            text = content.text("dcat/" + name)
            for m in re.finditer(
                r"<[^>]*/dcat/datasets/([a-z0-9-]+)> a dcat:Dataset ;\s+dct:title \"([^\"]+)\"",
                text,
            ):
                self.datasets[m.group(1)] = m.group(2)

    def handle(self, req: Request, sub: str) -> Response | None:
        if sub == "/catalog.ttl":
            page = req.arg("page", "1") or "1"
            if not page.isdigit() or not 1 <= int(page) <= PAGES:
                return None
            return ok(self.content.bytes(f"dcat/catalog-page{int(page)}.ttl"), TURTLE)
        if sub == "/jenakultur.ttl":
            return ok(self.content.bytes("dcat/jenakultur.ttl"), TURTLE)
        m = re.fullmatch(r"/files/([\w.-]+)", sub)
        if m and self.content.exists("data/" + m.group(1)):
            return ok(self.content.bytes("data/" + m.group(1)), content_type_for(m.group(1)))
        m = re.fullmatch(r"/datasets/([a-z0-9-]+)(?:/distributions/\d+)?", sub)
        if m and m.group(1) in self.datasets:
            title = html.escape(self.datasets[m.group(1)])
            body = (
                f"<p>Datensatz <code>{m.group(1)}</code> der WISSENsAllmende Jena. Metadaten: "
                f'<a href="{self.content.base}/dcat/catalog.ttl">DCAT-Katalog</a></p>'
            )
            return ok(html_page(title, body), "text/html; charset=utf-8")
        m = re.fullmatch(r"/publisher/([a-z0-9-]+)", sub)
        if m or sub == "/":
            links = (
                f'<a href="{self.content.base}/dcat/catalog.ttl">WISSENsAllmende (Turtle)</a>, '
                f'<a href="{self.content.base}/dcat/jenakultur.ttl">JenaKultur (Turtle)</a>'
            )
            return ok(
                html_page("WISSENsAllmende Jena", f"<p>{links}</p>"), "text/html; charset=utf-8"
            )
        return None
