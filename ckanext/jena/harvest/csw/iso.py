"""Map an ISO 19139 ``gmd:MD_Metadata`` record to the Jena dataset dict (CKAN-free).

Title, abstract, keywords, dates, contacts (pointOfContact -> contact, originator ->
originator), geographic extent (-> ``spatial`` GeoJSON), temporal extent, licence from
``useConstraints``/``otherConstraints`` (GDI-DE JSON convention ``{"id": ...}``, licence
URLs or names), online resources: OGC:WMS/OGC:WFS links become distributions with an
``access_services`` entry (data services), downloads become files.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from ckanext.jena.harvest.csw.client import NS
from ckanext.jena.harvest.mapping_util import bbox_polygon, file_type, iso_date, license_code
from ckanext.jena.harvest.records import RecordError, SourceConfig
from ckanext.jena.harvest.xmlsafe import parse_xml

THEME = "http://publications.europa.eu/resource/authority/data-theme/"

#: ISO topic categories -> EU data themes
TOPICS = {
    "farming": "AGRI", "biota": "ENVI", "boundaries": "REGI", "climatologyMeteorologyAtmosphere": "ENVI",
    "economy": "ECON", "elevation": "REGI", "environment": "ENVI", "geoscientificInformation": "TECH",
    "health": "HEAL", "imageryBaseMapsEarthCover": "REGI", "intelligenceMilitary": "JUST",
    "inlandWaters": "ENVI", "location": "REGI", "oceans": "ENVI", "planningCadastre": "REGI",
    "society": "SOCI", "structure": "REGI", "transportation": "TRAN", "utilitiesCommunication": "ENER",
}  # fmt: skip


def _text(node: etree._Element, path: str) -> str:
    el = node.find(path, NS)
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def _char(node: etree._Element, path: str) -> str:
    """CharacterString or gmx:Anchor text at ``path``."""
    for sub in ("gco:CharacterString", "gmx:Anchor"):
        value = _text(node, f"{path}/{sub}")
        if value:
            return value
    return ""


def _contact(party: etree._Element) -> dict[str, str]:
    name = _char(party, "gmd:organisationName") or _char(party, "gmd:individualName")
    email = _char(
        party, "gmd:contactInfo/gmd:CI_Contact/gmd:address/gmd:CI_Address/gmd:electronicMailAddress"
    )
    url = _text(
        party,
        "gmd:contactInfo/gmd:CI_Contact/gmd:onlineResource/gmd:CI_OnlineResource/"
        "gmd:linkage/gmd:URL",
    )
    phone = _char(party, "gmd:contactInfo/gmd:CI_Contact/gmd:phone/gmd:CI_Telephone/gmd:voice")
    return {
        k: v for k, v in (("name", name), ("email", email), ("url", url), ("phone", phone)) if v
    }


def _license(ident: etree._Element) -> tuple[str | None, str | None]:
    """(licence code, attribution text) from the resource constraints."""
    texts: list[str] = []
    for lc in ident.findall("gmd:resourceConstraints/gmd:MD_LegalConstraints", NS):
        for oc in lc.findall("gmd:otherConstraints", NS):
            anchor = oc.find("gmx:Anchor", NS)
            if anchor is not None and anchor.get(f"{{{NS['xlink']}}}href"):
                texts.append(anchor.get(f"{{{NS['xlink']}}}href"))
            texts.append(" ".join("".join(oc.itertext()).split()))
        for uc in lc.findall("gmd:useLimitation", NS):
            texts.append(" ".join("".join(uc.itertext()).split()))
    attribution = None
    for text in texts:
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except ValueError:
                continue
            attribution = data.get("quelle") or data.get("source") or attribution
            code = license_code(data.get("id")) or license_code(data.get("url"))
            if code:
                return code, attribution
    for text in texts:
        code = license_code(text)
        if code:
            return code, attribution
    return None, attribution


SERVICE_PROTOCOLS = [
    (re.compile(r"wms", re.I), "WMS", "WMS_SRVC"),
    (re.compile(r"wfs", re.I), "WFS", "WFS_SRVC"),
    (re.compile(r"ogc.?api.?features|ogcapi", re.I), "OGC_API_FEATURES", "JSON"),
]


def _resource(online: etree._Element, title: str, lic: str | None) -> dict[str, Any] | None:
    url = _text(online, "gmd:linkage/gmd:URL")
    if not url:
        return None
    protocol = _char(online, "gmd:protocol")
    name = _char(online, "gmd:name") or title
    description = _char(online, "gmd:description")
    function = online.find("gmd:function/gmd:CI_OnLineFunctionCode", NS)
    res: dict[str, Any] = {"url": url, "access_url": url, "name": name, "description": description}
    for pattern, service_type, fmt in SERVICE_PROTOCOLS:
        if pattern.search(protocol) or (
            not protocol and pattern.search(url) and "getcapabilities" in url.lower()
        ):
            base = url.split("?", 1)[0]
            caps = (
                f"{base}?SERVICE={service_type}&REQUEST=GetCapabilities"
                if service_type in ("WMS", "WFS")
                else url
            )
            res["format"] = fmt
            res["access_services"] = [
                {
                    "title": name,
                    "endpoint_url": base,
                    "endpoint_description": caps,
                    "service_type": service_type,
                }
            ]
            break
    else:
        res["format"] = file_type(protocol.rsplit(":", 1)[-1] if ":" in protocol else "", url)
        if (
            function is not None
            and function.get("codeListValue") == "download"
            or "download" in protocol.lower()
        ):
            res["download_url"] = url
    if lic:
        res["license"] = lic
    return {k: v for k, v in res.items() if v not in ("", None)}


def map_record(xml: str, source: SourceConfig) -> dict[str, Any]:
    if not isinstance(xml, str) or not xml.strip():
        raise RecordError("empty ISO 19139 record")
    md = parse_xml(xml.encode("utf-8"))
    if etree.QName(md).localname != "MD_Metadata":
        raise RecordError(f"not an ISO 19139 record ({etree.QName(md).localname})")
    guid = _char(md, "gmd:fileIdentifier")
    ident = md.find("gmd:identificationInfo/*", NS)
    if ident is None:
        raise RecordError(f"record {guid}: no identificationInfo")
    cit = "gmd:citation/gmd:CI_Citation"
    title = _char(ident, f"{cit}/gmd:title")
    if not title:
        raise RecordError(f"record {guid}: no title")
    out: dict[str, Any] = {
        "title": title,
        "notes": _char(ident, "gmd:abstract"),
        "identifier": _char(ident, f"{cit}/gmd:identifier/gmd:MD_Identifier/gmd:code") or guid,
    }
    # keywords and themes
    tags: list[dict[str, str]] = []
    for kw in ident.findall("gmd:descriptiveKeywords/gmd:MD_Keywords/gmd:keyword", NS):
        text = " ".join("".join(kw.itertext()).split())
        if text and len(text) <= 100:
            tags.append({"name": text})
    out["tags"] = tags
    themes = []
    for topic in ident.findall("gmd:topicCategory/gmd:MD_TopicCategoryCode", NS):
        code = TOPICS.get((topic.text or "").strip())
        if code and THEME + code not in themes:
            themes.append(THEME + code)
    out["theme"] = themes
    # dates
    for d in ident.findall(f"{cit}/gmd:date/gmd:CI_Date", NS):
        value = iso_date(_text(d, "gmd:date/gco:Date") or _text(d, "gmd:date/gco:DateTime"))
        kind = d.find("gmd:dateType/gmd:CI_DateTypeCode", NS)
        kind = kind.get("codeListValue") if kind is not None else ""
        if kind == "publication":
            out["issued"] = value
        elif kind == "revision":
            out["modified"] = value
        elif kind == "creation":
            out.setdefault("issued", value)
    # contacts
    contacts, originators = [], []
    for party in ident.findall("gmd:pointOfContact/gmd:CI_ResponsibleParty", NS):
        role = party.find("gmd:role/gmd:CI_RoleCode", NS)
        role = role.get("codeListValue") if role is not None else "pointOfContact"
        agent = _contact(party)
        if not agent:
            continue
        if role in ("originator", "author", "owner"):
            originators.append({k: v for k, v in agent.items() if k in ("name", "email", "url")})
        if role in ("pointOfContact", "custodian", "distributor", "publisher") and (
            agent.get("email") or agent.get("url")
        ):
            contacts.append(agent)
    if not contacts:
        for party in md.findall("gmd:contact/gmd:CI_ResponsibleParty", NS):
            agent = _contact(party)
            if agent.get("email") or agent.get("url"):
                contacts.append(agent)
    out["contact"] = contacts
    out["originator"] = originators
    # extent
    box = ident.find(
        ".//gmd:extent/gmd:EX_Extent/gmd:geographicElement/gmd:EX_GeographicBoundingBox", NS
    )
    if box is not None:
        try:
            w, e, s, n = (
                float(_text(box, f"gmd:{k}/gco:Decimal"))
                for k in (
                    "westBoundLongitude",
                    "eastBoundLongitude",
                    "southBoundLatitude",
                    "northBoundLatitude",
                )
            )
        except ValueError as err:
            raise RecordError(f"record {guid}: invalid bounding box: {err}") from err
        if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
            raise RecordError(f"record {guid}: bounding box out of range ({w}, {s}, {e}, {n})")
        out["spatial"] = bbox_polygon(w, s, e, n)
    geo_desc = _char(ident, ".//gmd:extent/gmd:EX_Extent/gmd:description")
    if geo_desc:
        out["geocoding_description"] = geo_desc
    period = ident.find(".//gmd:extent/gmd:EX_Extent/gmd:temporalElement//gml:TimePeriod", NS)
    if period is not None:
        start = iso_date(_text(period, "gml:beginPosition"))
        end = iso_date(_text(period, "gml:endPosition"))
        if start or end:
            out["temporal_coverage"] = [{k: v for k, v in (("start", start), ("end", end)) if v}]
    lic, attribution = _license(ident)
    if lic:
        out["license_id"] = lic
    if attribution:
        out["license_attribution_by_text"] = attribution
    # distributions
    resources = []
    for online in md.findall(
        "gmd:distributionInfo/gmd:MD_Distribution/gmd:transferOptions/"
        "gmd:MD_DigitalTransferOptions/gmd:onLine/gmd:CI_OnlineResource",
        NS,
    ):
        res = _resource(online, title, lic)
        if res:
            resources.append(res)
    out["resources"] = resources
    if isinstance(ident.tag, str) and ident.tag.endswith("SV_ServiceIdentification"):
        out.setdefault("tags", []).append({"name": "Geodatendienst"})
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def record_url(source: SourceConfig, guid: str) -> str:
    base = source.url.split("?", 1)[0]
    return (
        f"{base}?service=CSW&version=2.0.2&request=GetRecordById&id={guid}"
        f"&outputSchema={NS['gmd']}&elementSetName=full"
    )
