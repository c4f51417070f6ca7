"""Requests, responses and the recorded content of the demo city network (CKAN-free)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from functools import cached_property
from typing import Any

CONTENT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "content")

#: when the static content was recorded (Last-Modified of every static response)
RECORDED = dt.datetime(2026, 11, 20, 6, 0, 0, tzinfo=dt.UTC)

TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".geojson": "application/geo+json",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
}


#: files served as they are (no ``{base}`` substitution)
BINARY = (".zip", ".pdf", ".xlsx")


def content_type_for(name: str) -> str:
    return TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw_query: str = ""

    def arg(self, name: str, default: str | None = None) -> str | None:
        """First value of a query parameter (exact name)."""
        values = self.query.get(name)
        return values[0] if values else default

    @cached_property
    def iargs(self) -> dict[str, str]:
        """Query parameters with case-insensitive names (OGC KVP)."""
        return {k.lower(): v[0] for k, v in self.query.items() if v}

    def header(self, name: str) -> str | None:
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    last_modified: dt.datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


def ok(body: bytes | str, content_type: str, last_modified: dt.datetime | None = RECORDED):
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(200, content_type, data, last_modified)


def json_response(
    data: Any, content_type: str = "application/json", last_modified: dt.datetime | None = RECORDED
) -> Response:
    return ok(json.dumps(data, ensure_ascii=False, indent=1), content_type, last_modified)


def error(status: int, message: str, content_type: str = "text/plain; charset=utf-8") -> Response:
    return Response(status, content_type, message.encode("utf-8"), None)


def not_found(path: str) -> Response:
    return error(404, f"Nicht gefunden / not found: {path}\n")


def conditional(req: Request, resp: Response) -> Response:
    """Add ETag/Last-Modified to a 200 response; answer 304 when the client's copy is
    current (If-None-Match wins over If-Modified-Since, as RFC 9110 says)."""
    if resp.status != 200:
        return resp
    etag = resp.etag
    resp.headers["ETag"] = etag
    if resp.last_modified:
        resp.headers["Last-Modified"] = format_datetime(resp.last_modified, usegmt=True)
    inm = req.header("If-None-Match")
    if inm is not None:
        tags = {t.strip() for t in inm.split(",")}
        tags |= {t[2:] for t in tags if t.startswith("W/")}
        if etag in tags or "*" in tags:
            return _not_modified(resp)
        return resp
    ims = req.header("If-Modified-Since")
    if ims and resp.last_modified:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return resp
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        if resp.last_modified.replace(microsecond=0) <= since:
            return _not_modified(resp)
    return resp


def _not_modified(resp: Response) -> Response:
    keep = {k: v for k, v in resp.headers.items() if k in ("ETag", "Last-Modified")}
    return Response(304, resp.content_type, b"", resp.last_modified, keep)


class Content:
    """The recorded content, with ``{base}`` replaced by the server's base URL."""

    def __init__(self, base_url: str, directory: str = CONTENT_DIR) -> None:
        self.base = base_url.rstrip("/")
        self.directory = directory
        self._cache: dict[str, bytes] = {}

    def path(self, rel: str) -> str:
        full = os.path.normpath(os.path.join(self.directory, rel))
        if not full.startswith(os.path.normpath(self.directory) + os.sep):
            raise FileNotFoundError(rel)
        return full

    def exists(self, rel: str) -> bool:
        try:
            return os.path.isfile(self.path(rel))
        except FileNotFoundError:
            return False

    def bytes(self, rel: str) -> bytes:
        if rel not in self._cache:
            with open(self.path(rel), "rb") as f:
                data = f.read()
            if os.path.splitext(rel)[1] not in BINARY:
                data = data.replace(b"{base}", self.base.encode("utf-8"))
            self._cache[rel] = data
        return self._cache[rel]

    def text(self, rel: str) -> str:
        return self.bytes(rel).decode("utf-8")

    def json(self, rel: str) -> Any:
        return json.loads(self.text(rel))

    def listdir(self, rel: str) -> list[str]:
        return sorted(os.listdir(self.path(rel)))


def html_page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>\n{body}\n</body></html>\n"
    )
