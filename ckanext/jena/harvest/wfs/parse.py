"""Parse a WFS 2.0 (and 1.1) GetCapabilities document into harvest records, with the
framework's safe XML parser (no DTDs, entities or network). No CKAN imports."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from ckanext.jena.harvest.cityutil import SourceError, valid_wgs84_bbox
from ckanext.jena.harvest.xmlsafe import parse_xml, sanitize_text

XLINK = "{http://www.w3.org/1999/xlink}href"


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name] if el is not None else []


def _child(el: Any, *path: str) -> Any:
    for name in path:
        found = _children(el, name)
        if not found:
            return None
        el = found[0]
    return el


def _text(el: Any, *path: str) -> str:
    node = _child(el, *path) if path else el
    return sanitize_text(node.text) if node is not None and node.text else ""


def _keywords(el: Any) -> list[str]:
    out = []
    for kws in _children(el, "Keywords"):
        for kw in _children(kws, "Keyword"):
            if kw.text and kw.text.strip():
                out.append(sanitize_text(kw.text))
    return out


def _service(root: Any) -> dict[str, Any]:
    ident = _child(root, "ServiceIdentification")
    provider = _child(root, "ServiceProvider")
    contact = _child(provider, "ServiceContact")
    info = _child(contact, "ContactInfo")
    site = _child(provider, "ProviderSite")
    return {
        "title": _text(ident, "Title"),
        "abstract": _text(ident, "Abstract"),
        "keywords": _keywords(ident),
        "fees": _text(ident, "Fees"),
        "access_constraints": " ".join(
            _text(c) for c in _children(ident, "AccessConstraints")
        ).strip(),
        "provider_name": _text(provider, "ProviderName"),
        "provider_site": site.get(XLINK, "") if site is not None else "",
        "contact_name": _text(contact, "IndividualName"),
        "contact_position": _text(contact, "PositionName"),
        "contact_phone": _text(info, "Phone", "Voice"),
        "contact_email": _text(info, "Address", "ElectronicMailAddress"),
        "contact_url": (
            _child(info, "OnlineResource").get(XLINK, "")
            if _child(info, "OnlineResource") is not None
            else ""
        ),
    }


def _operations(root: Any) -> dict[str, Any]:
    ops: dict[str, Any] = {}
    for op in _children(_child(root, "OperationsMetadata"), "Operation"):
        name = op.get("name", "")
        get = None
        for http in _children(_child(op, "DCP"), "HTTP"):
            g = _child(http, "Get")
            if g is not None and g.get(XLINK):
                get = g.get(XLINK)
        formats = []
        for param in _children(op, "Parameter"):
            if param.get("name", "").lower() == "outputformat":
                allowed = _child(param, "AllowedValues")
                values = (
                    _children(allowed, "Value")
                    if allowed is not None
                    else _children(param, "Value")
                )
                formats = [v.text.strip() for v in values if v.text and v.text.strip()]
        ops[name] = {"get": get, "formats": formats}
    return ops


def with_query(url: str, params: list[tuple[str, str]]) -> str:
    parts = urlsplit(url)
    keys = {k.upper() for k, _ in params}
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.upper() not in keys]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query + params), ""))


def _bbox(ft: Any) -> list[float] | None:
    box = _child(ft, "WGS84BoundingBox")
    if box is None:
        return None
    try:
        lx, ly = (float(v) for v in _text(box, "LowerCorner").split()[:2])
        ux, uy = (float(v) for v in _text(box, "UpperCorner").split()[:2])
    except ValueError:
        return None
    return [lx, ly, ux, uy]


def parse_capabilities(data: bytes, url: str) -> dict[str, Any]:
    """``{"service": {...}, "records": [...]}`` for a GetCapabilities response."""
    root = parse_xml(data, url)
    name = _local(root)
    if name == "ExceptionReport":
        texts = [t.text.strip() for t in root.iter() if _local(t) == "ExceptionText" and t.text]
        raise SourceError(
            f"{url}: the WFS answered with an exception: {'; '.join(texts) or 'no text'}"
        )
    if name != "WFS_Capabilities":
        raise SourceError(f"{url}: not a WFS capabilities document (root element {name!r})")
    version = root.get("version", "")
    service = _service(root)
    ops = _operations(root)
    get_feature = ops.get("GetFeature") or {}
    base = (get_feature.get("get") or (ops.get("GetCapabilities") or {}).get("get") or url).rstrip(
        "?&"
    )
    cap_base = ((ops.get("GetCapabilities") or {}).get("get") or url).rstrip("?&")
    cap_url = with_query(
        cap_base,
        [("SERVICE", "WFS"), ("REQUEST", "GetCapabilities"), ("VERSION", version or "2.0.0")],
    )
    records = []
    type_param = "TYPENAMES" if version.startswith("2") else "TYPENAME"
    for ft in _children(_child(root, "FeatureTypeList"), "FeatureType"):
        tname = _text(ft, "Name")
        if not tname:
            continue
        formats = [
            f.text.strip()
            for f in _children(_child(ft, "OutputFormats"), "Format")
            if f.text and f.text.strip()
        ]
        formats = formats or list(get_feature.get("formats") or [])
        guid = with_query(
            base,
            [
                ("SERVICE", "WFS"),
                ("VERSION", version or "2.0.0"),
                ("REQUEST", "GetFeature"),
                (type_param, tname),
            ],
        )
        bbox = _bbox(ft)
        error = None
        if bbox is not None and not valid_wgs84_bbox(bbox):
            error = f"WGS84BoundingBox {bbox} of feature type {tname!r} is outside WGS84"
            bbox = None
        metadata = [m.get(XLINK) for m in _children(ft, "MetadataURL") if m.get(XLINK)]
        records.append(
            {
                "guid": guid,
                "name": tname,
                "title": _text(ft, "Title") or tname,
                "abstract": _text(ft, "Abstract"),
                "keywords": _keywords(ft),
                "bbox": bbox,
                "default_crs": _text(ft, "DefaultCRS"),
                "output_formats": formats,
                "getfeature_url": guid,
                "metadata_urls": metadata,
                "capabilities_url": cap_url,
                "version": version,
                "service": service,
                "error": error,
            }
        )
    return {"service": service, "records": records, "version": version}


def attribution_text(constraints: str) -> str:
    """The ``Quellenvermerk`` (attribution) named in an AccessConstraints statement."""
    m = re.search(r"Quellenvermerk\s*:\s*(.+?)(?:\.\s|$)", constraints or "", re.I)
    return m.group(1).strip() if m else ""
