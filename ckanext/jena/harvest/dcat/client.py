"""Gather the datasets of a paged DCAT catalogue (CKAN-free).

Each page is fetched through the safe fetcher (next pages must stay on the allowed
hosts), RDF/XML is checked for DTDs/entities before rdflib sees it, and the page is
parsed with the ``jena_dcat_ap_de`` parser (:mod:`ckanext.jena.dcatde.parse`). Paging
follows ``hydra:next`` / ``hydra:nextPage``. The gather is complete when the last page
has no next link, no page repeats, and - when the catalogue states ``hydra:totalItems`` -
the number of datasets read equals it.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Namespace

from ckanext.jena.dcatde.parse import parse_graph
from ckanext.jena.harvest.fetch import Fetcher, InvalidContent
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig
from ckanext.jena.harvest.xmlsafe import check_xml_safe

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

FORMATS = {
    "turtle": ("turtle", "text/turtle"),
    "ttl": ("turtle", "text/turtle"),
    "xml": ("xml", "application/rdf+xml"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
    "json-ld": ("json-ld", "application/ld+json"),
}
_BY_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}


def _format(source: SourceConfig, content_type: str, url: str) -> str:
    if content_type in _BY_MEDIA:
        return _BY_MEDIA[content_type]
    fmt = str((source.options or {}).get("format") or "")
    if fmt in FORMATS:
        return FORMATS[fmt][0]
    for ext, (rdf_fmt, _) in FORMATS.items():
        if url.split("?", 1)[0].endswith("." + ext):
            return rdf_fmt
    return "turtle"


def parse_page(data: bytes, rdf_format: str, url: str) -> Graph:
    if rdf_format == "xml":
        check_xml_safe(data, url)
    g = Graph()
    try:
        g.parse(data=data, format=rdf_format, publicID=url)
    except Exception as e:  # rdflib raises many types
        raise InvalidContent(f"invalid RDF ({rdf_format}) from {url}: {e}", url) from e
    return g


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(d, default=str))


def gather(source: SourceConfig, fetcher: Fetcher) -> GatherResult:
    opts = source.options or {}
    max_pages = int(opts.get("max_pages", 500))
    accept = ", ".join(m for _, m in FORMATS.values())
    url: str | None = source.url
    seen_pages: set[str] = set()
    records: list[Record] = []
    failed: dict[str, str] = {}
    total = None
    pages = 0
    while url:
        if url in seen_pages:
            return GatherResult(records, False, f"paging loops back to {url}", failed, pages)
        if pages >= max_pages:
            return GatherResult(records, False, f"stopped after {max_pages} pages", failed, pages)
        seen_pages.add(url)
        resp = fetcher.get(url, headers={"Accept": accept})
        pages += 1
        g = parse_page(resp.content, _format(source, resp.content_type, url), resp.url)
        if total is None:
            value = next(iter(g.objects(None, HYDRA.totalItems)), None)
            if value is not None:
                try:
                    total = int(value)
                except ValueError:
                    total = None
        result = parse_graph(g)
        for d in result.datasets:
            guid = d.get("uri") or d.get("identifier")
            if not guid:
                return GatherResult(
                    records, False, f"a dataset without IRI or identifier on {url}", failed, pages
                )
            records.append(
                Record(
                    str(guid),
                    _jsonable(d),
                    d.get("title") or str(guid),
                    d.get("metadata_modified") or d.get("modified"),
                )
            )
        url = result.next_page
    distinct = len({r.guid for r in records})
    if total is not None and distinct != total:
        return GatherResult(
            records,
            False,
            f"paging broke off: the catalogue states {total} datasets, {distinct} were read",
            failed,
            pages,
        )
    return GatherResult(records, True, "", failed, pages)
