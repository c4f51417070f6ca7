"""Search integration: vocabulary values as Solr facets with German labels.

Multi-valued vocabulary fields are indexed into CKAN's dynamic ``vocab_*`` fields
(multi-valued strings in CKAN's stock Solr schema, so the official Solr image works too).
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena import vocab

#: dataset field -> (Solr field, vocabulary)
INDEXED = {
    "theme": ("vocab_theme", "theme"),
    "hvd_category": ("vocab_hvd_category", "hvd_category"),
    "frequency": ("vocab_frequency", "frequency"),
    "language": ("vocab_language", "language"),
    "access_rights": ("vocab_access_rights", "access_right"),
}

#: facet (Solr field) -> vocabulary used for the item labels
FACET_VOCABULARIES = {solr: name for solr, name in INDEXED.values()}
FACET_VOCABULARIES["license_id"] = "license"
FACET_VOCABULARIES["res_format"] = "file_type"


def _values(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except ValueError:
                return [text]
            return (
                [v for v in loaded if isinstance(v, str) and v] if isinstance(loaded, list) else []
            )
        return [text]
    return []


def index_vocabularies(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Add ``vocab_*`` fields to the Solr document of a dataset."""
    for field, (solr_field, _name) in INDEXED.items():
        raw = pkg_dict.get(field)
        if raw is None:
            raw = pkg_dict.get(f"extras_{field}")
        values = _values(raw)
        if values:
            pkg_dict[solr_field] = values
        # the plain field would be indexed as a JSON string or a list: keep one form
        if isinstance(pkg_dict.get(field), list):
            pkg_dict[field] = values
    # CKAN indexes the dict of its default schema, whose ``clean_format`` turns the stored
    # EU file-type codes back into CKAN's names (GEOJSON -> GeoJSON): index the stored codes.
    validated = pkg_dict.get("validated_data_dict")
    if isinstance(validated, str):
        try:
            resources = json.loads(validated).get("resources") or []
        except ValueError:
            resources = None
        if resources is not None:
            pkg_dict["res_format"] = [r.get("format") or "" for r in resources]
    # Repeating (dict) fields are not searchable as such: index their JSON text.
    for field in (
        "contact",
        "originator",
        "maintainer_agent",
        "temporal_coverage",
        "jena_warnings",
    ):
        if isinstance(pkg_dict.get(field), list):
            pkg_dict[field] = json.dumps(pkg_dict[field], ensure_ascii=False)
    return pkg_dict


def facets(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """The portal's facets, in this order, with translated titles."""
    out: OrderedDict[str, Any] = OrderedDict()
    out["vocab_theme"] = tk._("Themes")
    out["organization"] = tk._("Publishers")
    out["res_format"] = tk._("Formats")
    out["license_id"] = tk._("Licences")
    out["vocab_hvd_category"] = tk._("High-value dataset categories")
    out["vocab_frequency"] = tk._("Update frequency")
    out["tags"] = facets_dict.get("tags", tk._("Tags"))
    for key, title in facets_dict.items():
        if key not in out and key != "groups":
            out[key] = title
    return out


def facet_label(facet: str, value: str, lang: str = "de") -> str:
    name = FACET_VOCABULARIES.get(facet)
    if not name:
        return value
    return vocab.get(name).label(value, lang)


_FQ_TERM = re.compile(r'(?:^|\s|\+)([a-z_]+):"((?:[^"\\]|\\.)*)"')


def relabel_facets(
    search_results: dict[str, Any], lang: str, search_params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Show vocabulary labels instead of IRIs/codes as facet item names.

    A filter value without hits (e.g. a theme nobody uses yet) is added with count 0, so
    the active filter is shown with its label and can be removed."""
    facets = search_results.get("search_facets") or {}
    fq = (search_params or {}).get("fq") or ""
    fq_text = " ".join(fq) if isinstance(fq, list) else str(fq)
    for field, value in _FQ_TERM.findall(fq_text):
        content = facets.get(field)
        if field in FACET_VOCABULARIES and content is not None:
            value = value.replace('\\"', '"')
            if all(item.get("name") != value for item in content.get("items", [])):
                content.setdefault("items", []).append(
                    {"name": value, "display_name": value, "count": 0}
                )
    for facet, content in facets.items():
        if facet not in FACET_VOCABULARIES:
            continue
        for item in content.get("items", []):
            item["display_name"] = facet_label(facet, item.get("name", ""), lang)
    return search_results
