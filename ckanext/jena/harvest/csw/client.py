"""GetRecords paging over a CSW 2.0.2 catalogue (CKAN-free).

Requests ``outputSchema=http://www.isotc211.org/2005/gmd`` with ``startPosition`` /
``maxRecords`` (KVP GET), optionally constrained by CQL (``anytext``, ``bbox`` options).
Every response is parsed with :mod:`ckanext.jena.harvest.xmlsafe` (no DTD, no
entities); an ``ows:ExceptionReport`` is a gather error. Complete when
``numberOfRecordsMatched`` distinct records were read and ``nextRecord`` reached 0.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ckanext.jena.harvest.fetch import Fetcher, InvalidContent
from ckanext.jena.harvest.records import GatherError, GatherResult, Record, SourceConfig
from ckanext.jena.harvest.xmlsafe import parse_xml

NS = {
    "csw": "http://www.opengis.net/cat/csw/2.0.2",
    "gmd": "http://www.isotc211.org/2005/gmd",
    "gco": "http://www.isotc211.org/2005/gco",
    "ows": "http://www.opengis.net/ows",
    "srv": "http://www.isotc211.org/2005/srv",
    "gmx": "http://www.isotc211.org/2005/gmx",
    "gml": "http://www.opengis.net/gml",
    "xlink": "http://www.w3.org/1999/xlink",
}


def constraint(opts: dict[str, Any]) -> str | None:
    parts = []
    if opts.get("anytext"):
        text = str(opts["anytext"]).replace("'", "''")
        parts.append(f"AnyText LIKE '%{text}%'")
    if opts.get("bbox"):
        w, s, e, n = (float(x) for x in opts["bbox"])
        parts.append(f"BBOX(ows:BoundingBox, {w}, {s}, {e}, {n})")
    if opts.get("cql"):
        parts.append(f"({opts['cql']})")
    return " AND ".join(parts) or None


def gather(source: SourceConfig, fetcher: Fetcher) -> GatherResult:
    opts = source.options or {}
    page_size = int(opts.get("page_size", 50))
    max_records = int(opts.get("max_records", 10000))
    params: dict[str, Any] = {
        "service": "CSW", "version": "2.0.2", "request": "GetRecords",
        "typeNames": "gmd:MD_Metadata", "resultType": "results", "elementSetName": "full",
        "outputSchema": NS["gmd"], "maxRecords": page_size,
        "namespace": f"xmlns(gmd={NS['gmd']})",
    }  # fmt: skip
    cql = constraint(opts)
    if cql:
        params.update(
            {
                "constraintLanguage": "CQL_TEXT",
                "constraint_language_version": "1.1.0",
                "constraint": cql,
            }
        )
    records: list[Record] = []
    failed: dict[str, str] = {}
    seen: set[str] = set()
    start, pages, matched = 1, 0, None
    while True:
        resp = fetcher.get(source.url, params={**params, "startPosition": start})
        pages += 1
        root = parse_xml(resp.content, resp.url)
        if etree.QName(root).localname == "ExceptionReport":
            text = " ".join(t.strip() for t in root.itertext() if t.strip())
            raise GatherError(f"CSW exception from {resp.url}: {text[:300]}")
        results = root.find("csw:SearchResults", NS)
        if results is None:
            raise InvalidContent(f"{resp.url}: not a CSW GetRecordsResponse", resp.url)
        try:
            if matched is None:
                matched = int(results.get("numberOfRecordsMatched", "0"))
            next_record = int(results.get("nextRecord", "0"))
        except ValueError as e:
            raise InvalidContent(f"{resp.url}: invalid CSW paging attributes: {e}", resp.url) from e
        page = results.findall("gmd:MD_Metadata", NS)
        for md in page:
            guid = md.findtext("gmd:fileIdentifier/gco:CharacterString", namespaces=NS)
            if not guid or not guid.strip():
                return GatherResult(
                    records,
                    False,
                    f"a record without fileIdentifier on page {pages}",
                    failed,
                    pages,
                )
            guid = guid.strip()
            title = (
                md.findtext(
                    ".//gmd:citation/gmd:CI_Citation/gmd:title/gco:CharacterString", namespaces=NS
                )
                or guid
            )
            modified = md.findtext("gmd:dateStamp/gco:DateTime", namespaces=NS) or md.findtext(
                "gmd:dateStamp/gco:Date", namespaces=NS
            )
            xml = etree.tostring(md, encoding="unicode")
            records.append(Record(guid, xml, title.strip(), modified))
            seen.add(guid)
        if not page or next_record == 0 or next_record > matched:
            break
        if len(records) >= max_records:
            return GatherResult(
                records, False, f"stopped after {max_records} records", failed, pages
            )
        if next_record <= start:
            return GatherResult(
                records, False, f"CSW paging does not advance at {start}", failed, pages
            )
        start = next_record
    if len(seen) != matched:
        return GatherResult(
            records,
            False,
            f"paging broke off: the catalogue matched {matched} records, {len(seen)} were read",
            failed,
            pages,
        )
    return GatherResult(records, True, "", failed, pages)
