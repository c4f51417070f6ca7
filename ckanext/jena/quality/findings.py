"""DCAT-AP.de findings for editors (CKAN-free): which form field each finding concerns.

A SHACL result names a focus node (the dataset, a distribution, or a node inside them
such as a contact point or a period) and a path (the property). :func:`locate` maps them
to the scheming field of ``ckanext/jena/schema/schemas/jena_dataset.yaml`` and the form
that edits it: ``/dataset/edit/<name>#field-<field>`` or
``/dataset/<name>/resource/<id>/edit#field-<field>``.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import yaml

SCHEMA_FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "schema",
    "schemas",
    "jena_dataset.yaml",
)

NS = {
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
}

#: property (compact) -> dataset form field
DATASET_FIELDS = {
    "dct:title": "title",
    "dct:description": "notes",
    "dcat:keyword": "tag_string",
    "dcat:theme": "theme",
    "dcatap:hvdCategory": "hvd_category",
    "dct:identifier": "identifier",
    "dcat:landingPage": "url",
    "foaf:page": "documentation",
    "dct:language": "language",
    "owl:versionInfo": "version",
    "adms:versionNotes": "version_notes",
    "dcat:inSeries": "in_series",
    "dct:publisher": "owner_org",
    "dcat:contactPoint": "contact",
    "dcatde:originator": "originator",
    "dcatde:maintainer": "maintainer_agent",
    "dct:license": "license_id",
    "dcatde:licenseAttributionByText": "license_attribution_by_text",
    "dct:accessRights": "access_rights",
    "dct:issued": "issued",
    "dct:modified": "modified",
    "dct:accrualPeriodicity": "frequency",
    "dct:temporal": "temporal_coverage",
    "dcat:startDate": "temporal_coverage",
    "dcat:endDate": "temporal_coverage",
    "dcat:temporalResolution": "temporal_resolution",
    "dct:spatial": "spatial",
    "locn:geometry": "spatial",
    "dcat:bbox": "spatial",
    "dcatde:politicalGeocodingURI": "political_geocoding_uri",
    "dcatde:politicalGeocodingLevelURI": "political_geocoding_level_uri",
    "dcatde:geocodingDescription": "geocoding_description",
    "dcatde:legalBasis": "legal_basis",
    "dcatap:applicableLegislation": "applicable_legislation",
    "dct:conformsTo": "conforms_to",
    "dcatde:qualityProcessURI": "quality_process_uri",
    "dct:relation": "related_resource",
}
#: property (compact) -> resource form field
RESOURCE_FIELDS = {
    "dct:title": "name",
    "dct:description": "description",
    "dcat:accessURL": "url",
    "dcat:downloadURL": "download_url",
    "dct:format": "format",
    "dcat:mediaType": "mimetype",
    "dct:license": "license",
    "dcat:byteSize": "size",
    "spdx:checksum": "hash",
    "spdx:checksumValue": "hash",
    "spdx:algorithm": "hash_algorithm",
    "dcatap:availability": "availability",
    "adms:status": "status",
    "dct:issued": "issued",
    "dct:modified": "modified",
    "dct:language": "language",
    "dcat:accessService": "access_services",
    "dcat:endpointURL": "access_services",
    "dct:rights": "rights",
}


def compact(iri: str) -> str:
    for prefix, ns in NS.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    for wrong in ("http://data.europa.eu/r5r#", "http://data.europa.eu/r5r"):
        if iri.startswith(wrong):
            return "dcatap:" + iri[len(wrong) :]
    return iri


@functools.cache
def field_labels() -> dict[str, dict[str, dict[str, str]]]:
    """``{"dataset"|"resource": {field_name: {"de": ..., "en": ...}}}`` from the schema."""
    with open(SCHEMA_FILE, encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    out: dict[str, dict[str, dict[str, str]]] = {"dataset": {}, "resource": {}}
    for kind, key in (("dataset", "dataset_fields"), ("resource", "resource_fields")):
        for field in schema.get(key) or []:
            label = field.get("label") or field["field_name"]
            if isinstance(label, str):
                label = {"de": label, "en": label}
            out[kind][field["field_name"]] = label
    out["dataset"].setdefault("tag_string", {"de": "Schlagwörter", "en": "Tags"})
    return out


def field_label(kind: str, field: str | None, lang: str = "de") -> str:
    if not field:
        return ""
    label = field_labels()[kind].get(field)
    if not label:
        return field
    return label.get(lang) or label.get("en") or field


def _resource_of(focus: str, resources: list[dict[str, Any]]) -> dict[str, Any] | None:
    for res in resources:
        rid = res.get("id") or ""
        if rid and (focus.endswith(rid) or f"/resource/{rid}" in focus):
            return res
        if res.get("uri") and focus == res["uri"]:
            return res
    return None


def _matches(value: Any, focus: str) -> bool:
    if isinstance(value, list):
        return any(_matches(v, focus) for v in value)
    if not isinstance(value, str) or not value:
        return False
    return value == focus or focus.endswith("/" + value)


def _value_owner(focus: str, pkg: dict[str, Any]) -> tuple[dict[str, Any] | None, str] | None:
    """A focus node that is a *value* (a vocabulary IRI checked with ``skos:inScheme``,
    say): the resource (None: the dataset) and field holding that value."""
    for res in pkg.get("resources") or []:
        for field in RESOURCE_FIELDS.values():
            if _matches(res.get(field), focus):
                return res, field
    for field in DATASET_FIELDS.values():
        if _matches(pkg.get(field), focus):
            return None, field
    return None


def locate(finding: dict[str, Any], pkg: dict[str, Any], lang: str = "de") -> dict[str, Any]:
    """The finding plus ``kind`` (dataset/resource), ``resource_id``, ``field``,
    ``field_label``, ``edit_url`` (relative, with the field anchor) and ``property``."""
    prop = compact(finding.get("path") or "")
    focus = finding.get("focus_node") or ""
    name = pkg.get("name") or pkg.get("id") or ""
    res = _resource_of(focus, pkg.get("resources") or [])
    field = None
    if res is None and focus and (pkg.get("id") or "\0") not in focus:
        owner = _value_owner(focus, pkg)  # the focus node is a value, not the dataset
        if owner is not None:
            res, field = owner
            if res is None:
                prop = next((k for k, v in DATASET_FIELDS.items() if v == field), prop)
    out = dict(finding)
    out["property"] = prop
    if res is not None:
        field = field or RESOURCE_FIELDS.get(prop)
        base = f"/dataset/{name}/resource/{res['id']}/edit"
        out.update(
            kind="resource",
            resource_id=res["id"],
            resource_name=res.get("name") or res.get("url") or res["id"],
            field=field,
            field_label=field_label("resource", field, lang),
        )
    else:
        field = field or DATASET_FIELDS.get(prop)
        if field is None and prop.startswith("vcard:"):
            field = "contact"
        base = f"/dataset/edit/{name}"
        out.update(
            kind="dataset",
            resource_id=None,
            resource_name=None,
            field=field,
            field_label=field_label("dataset", field, lang),
        )
    out["edit_url"] = f"{base}#field-{field}" if field else base
    return out


def locate_all(
    findings: list[dict[str, Any]], pkg: dict[str, Any], lang: str = "de"
) -> list[dict[str, Any]]:
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    located = [locate(f, pkg, lang) for f in findings]
    return sorted(located, key=lambda f: order.get(f.get("severity", ""), 3))
