"""The council information system: OParl 1.1 (System, Body, paged object lists with
``links.next`` and ``pagination``, ``modified_since``/``modified_until``/``created_since``
filters, single objects, file access and download as small PDFs)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ckanext.jena.demo_network.base import Content, Request, Response, error, json_response, ok

PAGE = 10
MAX_PAGE_SIZE = 100
LISTS = {
    "organizations": "organizations",
    "people": "people",
    "meetings": "meetings",
    "papers": "papers",
    "files": "files",
    "terms": "terms",
}
#: object URL segment -> list file
OBJECTS = {
    "organizations": "organizations",
    "people": "people",
    "meetings": "meetings",
    "papers": "papers",
    "files": "files",
    "terms": "terms",
}


def _when(value: str) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def tiny_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF showing ``title`` (Latin-1 text)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


class OParl:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.root = content.base + "/oparl/v1.1"
        self.system = content.json("oparl/system.json")
        self.body = content.json("oparl/body.json")
        self.lists: dict[str, list[dict[str, Any]]] = {
            name: content.json(f"oparl/{name}.json") for name in set(LISTS.values())
        }
        self.pdfs: dict[str, bytes] = {}
        for f in self.lists["files"]:
            pdf = tiny_pdf(f["name"])
            self.pdfs[f["id"]] = pdf
            f["size"] = len(pdf)
        for p in self.lists["papers"]:
            main = p.get("mainFile")
            if main and main["id"] in self.pdfs:
                main["size"] = len(self.pdfs[main["id"]])
        self.by_id = {o["id"]: o for objs in self.lists.values() for o in objs}

    def handle(self, req: Request, sub: str) -> Response | None:
        if sub == "/system":
            return json_response(self.system)
        if sub == "/bodies":
            return json_response(
                {
                    "data": [self.body],
                    "pagination": {
                        "totalElements": 1,
                        "elementsPerPage": PAGE,
                        "currentPage": 1,
                        "totalPages": 1,
                    },
                    "links": {
                        "first": f"{self.root}/bodies?page=1",
                        "last": f"{self.root}/bodies?page=1",
                    },
                }
            )
        if sub == "/bodies/1":
            return json_response(self.body)
        m = re.fullmatch(r"/bodies/1/(\w+)", sub)
        if m and m.group(1) in LISTS:
            return self._list(req, m.group(1))
        m = re.fullmatch(r"/files/(\d+)/(access|download)", sub)
        if m:
            fid = f"{self.root}/files/{m.group(1)}"
            if fid not in self.pdfs:
                return None
            resp = ok(self.pdfs[fid], "application/pdf")
            if m.group(2) == "download":
                resp.headers["Content-Disposition"] = (
                    f'attachment; filename="{self.by_id[fid]["fileName"]}"'
                )
            return resp
        m = re.fullmatch(r"/organizations/(\d+)/meetings", sub)
        if m and f"{self.root}/organizations/{m.group(1)}" in self.by_id:
            return self._list(req, "meetings", f"{self.root}/organizations/{m.group(1)}")
        m = re.fullmatch(r"/(\w+)/(\d+)", sub)
        if m and m.group(1) in OBJECTS:
            obj = self.by_id.get(f"{self.root}/{m.group(1)}/{m.group(2)}")
            return json_response(obj) if obj else None
        return None

    def _list(self, req: Request, name: str, organization: str | None = None) -> Response:
        objects = self.lists[LISTS[name]]
        if organization:
            objects = [o for o in objects if organization in o.get("organization", [])]
        filters = {}
        for param in ("modified_since", "modified_until", "created_since", "created_until"):
            value = req.arg(param)
            if value:
                t = _when(value)
                if t is None:
                    return error(400, f"{param}: Zeitpunkt nach ISO 8601 erwartet\n")
                filters[param] = t
        found = []
        for obj in objects:
            ok_ = True
            for param, t in filters.items():
                field, op = param.split("_")
                value = _when(obj.get(field, ""))
                if value is None or (value < t if op == "since" else value > t):
                    ok_ = False
            if ok_:
                found.append(obj)
        try:
            page = int(req.arg("page", "1") or 1)
            per = min(int(req.arg("limit", str(PAGE)) or PAGE), MAX_PAGE_SIZE)
        except ValueError:
            return error(400, "page/limit: ganze Zahl erwartet\n")
        if page < 1 or per < 1:
            return error(400, "page/limit: positive Zahl erwartet\n")
        pages = max(1, -(-len(found) // per))
        extra = "".join(f"&{k}={req.arg(k)}" for k in filters) + (
            f"&limit={per}" if req.arg("limit") else ""
        )
        url = (
            f"{organization}/meetings?page="
            if organization
            else f"{self.root}/bodies/1/{name}?page="
        )
        links = {
            "first": f"{url}1{extra}",
            "last": f"{url}{pages}{extra}",
            "self": f"{url}{page}{extra}",
        }
        if page < pages:
            links["next"] = f"{url}{page + 1}{extra}"
        if page > 1:
            links["prev"] = f"{url}{page - 1}{extra}"
        return json_response(
            {
                "data": found[(page - 1) * per : page * per],
                "pagination": {
                    "totalElements": len(found),
                    "elementsPerPage": per,
                    "currentPage": page,
                    "totalPages": pages,
                },
                "links": links,
            }
        )
