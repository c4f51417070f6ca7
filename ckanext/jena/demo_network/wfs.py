"""The city geoportal's WFS 2.0 (KVP GET): GetCapabilities, DescribeFeatureType and
GetFeature (``TYPENAMES``/``TYPENAME``, ``COUNT``/``STARTINDEX`` paging, GeoJSON or
GML 3.2 output); errors as ``ows:ExceptionReport``."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from ckanext.jena.demo_network.base import Content, Request, Response, json_response, ok

XML = "application/xml; charset=utf-8"
GML = "application/gml+xml; version=3.2"


def exception(code: str, locator: str, text: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">\n'
        f'  <ows:Exception exceptionCode="{code}" locator="{escape(locator)}">\n'
        f"    <ows:ExceptionText>{escape(text)}</ows:ExceptionText>\n"
        "  </ows:Exception>\n</ows:ExceptionReport>\n"
    )
    resp = ok(body, XML)
    resp.status = 400
    return resp


def _pos(coords: list[list[float]]) -> str:
    # EPSG:4326 in GML 3.2: latitude first
    return " ".join(f"{c[1]} {c[0]}" for c in coords)


def gml_geometry(geom: dict[str, Any], gid: str) -> str:
    srs = 'srsName="urn:ogc:def:crs:EPSG::4326"'
    kind = geom["type"]
    if kind == "Point":
        return f'<gml:Point gml:id="{gid}" {srs}><gml:pos>{_pos([geom["coordinates"]])}</gml:pos></gml:Point>'
    if kind == "LineString":
        return (
            f'<gml:LineString gml:id="{gid}" {srs}><gml:posList>{_pos(geom["coordinates"])}'
            "</gml:posList></gml:LineString>"
        )
    if kind == "Polygon":
        return (
            f'<gml:Polygon gml:id="{gid}" {srs}><gml:exterior><gml:LinearRing><gml:posList>'
            f"{_pos(geom['coordinates'][0])}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
        )
    raise ValueError(f"geometry type {kind} not supported")


class Wfs:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.types = {
            "jena:" + name.rsplit(".", 1)[0]
            for name in content.listdir("wfs")
            if name.endswith(".geojson")
        }

    def handle(self, req: Request, sub: str) -> Response | None:
        if sub == "/jena":
            return ok(
                f'<?xml version="1.0"?><namespace uri="{self.content.base}/wfs/jena"/>\n', XML
            )
        if sub not in ("/", ""):
            return None
        args = req.iargs
        if args.get("service", "WFS").upper() != "WFS":
            return exception("InvalidParameterValue", "service", "SERVICE muss WFS sein")
        request = args.get("request", "")
        if request == "GetCapabilities":
            return ok(self.content.bytes("wfs/capabilities.xml"), XML)
        if request in ("GetFeature", "DescribeFeatureType"):
            name = args.get("typenames") or args.get("typename") or ""
            if name not in self.types:
                return exception(
                    "InvalidParameterValue", "typeNames", f"unbekannter Objekttyp {name!r}"
                )
            if request == "DescribeFeatureType":
                return self._describe(name)
            return self._get_feature(name, args)
        if not request:
            return exception("MissingParameterValue", "request", "Parameter REQUEST fehlt")
        return exception(
            "OperationNotSupported", "request", f"Operation {request} nicht unterstützt"
        )

    def _features(self, name: str) -> list[dict[str, Any]]:
        return self.content.json(f"wfs/{name.split(':', 1)[1]}.geojson")["features"]

    def _get_feature(self, name: str, args: dict[str, str]) -> Response:
        features = self._features(name)
        try:
            count = int(args.get("count") or args.get("maxfeatures") or len(features))
            start = int(args.get("startindex") or 0)
        except ValueError:
            return exception("InvalidParameterValue", "count", "ganze Zahl erwartet")
        page = features[start : start + count]
        fmt = (args.get("outputformat") or GML).lower()
        if "json" in fmt:
            return json_response(
                {
                    "type": "FeatureCollection",
                    "totalFeatures": len(features),
                    "numberMatched": len(features),
                    "numberReturned": len(page),
                    "features": page,
                },
                "application/json",
            )
        if "gml" not in fmt and "xml" not in fmt:
            return exception(
                "InvalidParameterValue", "outputFormat", f"Format {fmt} nicht unterstützt"
            )
        local = name.split(":", 1)[1]
        members = []
        for f in page:
            fid = str(f["id"])
            props = "".join(
                f"<jena:{k}>{escape(str(v))}</jena:{k}>" for k, v in f["properties"].items()
            )
            members.append(
                f'<wfs:member><jena:{local} gml:id="{escape(fid)}"><jena:geometrie>'
                f"{gml_geometry(f['geometry'], fid + '.g')}</jena:geometrie>{props}</jena:{local}></wfs:member>"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" '
            'xmlns:gml="http://www.opengis.net/gml/3.2" '
            f'xmlns:jena="{self.content.base}/wfs/jena" numberMatched="{len(features)}" '
            f'numberReturned="{len(page)}" timeStamp="2026-11-20T06:00:00Z">\n'
            + "\n".join(members)
            + "\n</wfs:FeatureCollection>\n"
        )
        return ok(body, GML)

    def _describe(self, name: str) -> Response:
        local = name.split(":", 1)[1]
        props = self._features(name)[0]["properties"]
        elements = "".join(
            f'<xsd:element name="{k}" type="xsd:{"int" if isinstance(v, int) else "string"}" minOccurs="0"/>'
            for k, v in props.items()
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            'xmlns:gml="http://www.opengis.net/gml/3.2" '
            f'targetNamespace="{self.content.base}/wfs/jena" elementFormDefault="qualified">\n'
            f'<xsd:complexType name="{local}Type"><xsd:complexContent>'
            '<xsd:extension base="gml:AbstractFeatureType"><xsd:sequence>'
            '<xsd:element name="geometrie" type="gml:GeometryPropertyType"/>'
            f"{elements}</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>\n"
            f'<xsd:element name="{local}" type="jena:{local}Type" substitutionGroup="gml:AbstractFeature" '
            f'xmlns:jena="{self.content.base}/wfs/jena"/>\n</xsd:schema>\n'
        )
        return ok(body, "application/gml+xml; version=3.2; subtype=xsd")
