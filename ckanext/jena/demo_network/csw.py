"""The geodata catalogue: CSW 2.0.2 (KVP GET) over recorded ISO 19139 records.

GetCapabilities, GetRecords (``outputSchema`` gmd, ``startPosition``/``maxRecords``
paging, CQL ``AnyText LIKE '%...%'`` and ``BBOX(ows:BoundingBox, w, s, e, n)``),
GetRecordById; errors as ``ows:ExceptionReport``.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from lxml import etree

from ckanext.jena.demo_network.base import Content, Request, Response, ok

XML = "application/xml; charset=utf-8"
GMD = "http://www.isotc211.org/2005/gmd"
NS = {"gmd": GMD, "gco": "http://www.isotc211.org/2005/gco"}
_ANYTEXT = re.compile(r"AnyText\s+(?:I?LIKE)\s+'%?([^%']*)%?'", re.I)
_BBOX = re.compile(
    r"BBOX\(\s*[\w:]+\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*\)", re.I
)


class Record:
    def __init__(self, xml: str) -> None:
        self.xml = xml.strip()
        root = etree.fromstring(self.xml.encode("utf-8"))
        self.id = root.findtext("gmd:fileIdentifier/gco:CharacterString", namespaces=NS).strip()
        self.text = " ".join(t.strip() for t in root.itertext() if t.strip()).lower()
        box = root.find(".//gmd:EX_GeographicBoundingBox", NS)
        self.bbox = tuple(
            float(box.findtext(f"gmd:{k}/gco:Decimal", namespaces=NS))
            for k in (
                "westBoundLongitude",
                "southBoundLatitude",
                "eastBoundLongitude",
                "northBoundLatitude",
            )
        )

    def inner(self) -> str:
        """The record without its XML declaration (namespaces stay on the element)."""
        return re.sub(r"^<\?xml[^>]*\?>\s*", "", self.xml)


def exception(code: str, locator: str, text: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows" version="1.2.0">\n'
        f'  <ows:Exception exceptionCode="{code}" locator="{escape(locator)}">\n'
        f"    <ows:ExceptionText>{escape(text)}</ows:ExceptionText>\n"
        "  </ows:Exception>\n</ows:ExceptionReport>\n"
    )
    resp = ok(body, XML)
    resp.status = 400
    return resp


class Csw:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.records = sorted(
            (Record(content.text("csw/records/" + n)) for n in content.listdir("csw/records")),
            key=lambda r: r.id,
        )

    def handle(self, req: Request, sub: str) -> Response | None:
        if sub not in ("/", ""):
            return None
        args = req.iargs
        request = args.get("request", "")
        if not request:
            return exception("MissingParameterValue", "request", "Parameter REQUEST fehlt")
        if args.get("service", "CSW").upper() != "CSW":
            return exception("InvalidParameterValue", "service", "SERVICE muss CSW sein")
        if request == "GetCapabilities":
            return ok(self.content.bytes("csw/capabilities.xml"), XML)
        if request == "GetRecordById":
            wanted = set((args.get("id") or "").split(","))
            found = [r for r in self.records if r.id in wanted]
            body = "".join(r.inner() + "\n" for r in found)
            return ok(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<csw:GetRecordByIdResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2">\n'
                f"{body}</csw:GetRecordByIdResponse>\n",
                XML,
            )
        if request == "GetRecords":
            return self.get_records(args)
        return exception(
            "OperationNotSupported", "request", f"Operation {request} nicht unterstützt"
        )

    def get_records(self, args: dict[str, str]) -> Response:
        schema = args.get("outputschema", GMD)
        if schema != GMD:
            return exception(
                "InvalidParameterValue",
                "outputSchema",
                f"nur {GMD} wird unterstützt, nicht {schema}",
            )
        try:
            start = int(args.get("startposition", "1"))
            maximum = int(args.get("maxrecords", "10"))
        except ValueError:
            return exception("InvalidParameterValue", "startPosition", "ganze Zahl erwartet")
        if start < 1 or maximum < 0:
            return exception("InvalidParameterValue", "startPosition", "startPosition >= 1")
        found = [r for r in self.records if self._matches(r, args.get("constraint", ""))]
        page = found[start - 1 : start - 1 + maximum]
        after = start + len(page)
        next_record = after if after <= len(found) and page else 0
        hits = args.get("resulttype", "results") == "hits"
        body = "" if hits else "".join(r.inner() + "\n" for r in page)
        return ok(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" '
            f'xmlns:gmd="{GMD}" version="2.0.2">\n'
            '  <csw:SearchStatus timestamp="2026-11-20T06:00:00"/>\n'
            f'  <csw:SearchResults numberOfRecordsMatched="{len(found)}" '
            f'numberOfRecordsReturned="{0 if hits else len(page)}" elementSet="full" '
            f'nextRecord="{next_record}">\n{body}  </csw:SearchResults>\n'
            "</csw:GetRecordsResponse>\n",
            XML,
        )

    @staticmethod
    def _matches(record: Record, constraint: str) -> bool:
        for m in _ANYTEXT.finditer(constraint):
            if m.group(1).lower() not in record.text:
                return False
        for m in _BBOX.finditer(constraint):
            w, s, e, n = (float(x) for x in m.groups())
            rw, rs, re_, rn = record.bbox
            if rw > e or re_ < w or rs > n or rn < s:
                return False
        return True
