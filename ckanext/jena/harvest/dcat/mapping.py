"""Map a dataset dict of the DCAT-AP.de parser to the harvested dataset (CKAN-free)."""

from __future__ import annotations

from typing import Any

from ckanext.jena.harvest.records import RecordError, SourceConfig

#: keys the parser adds beyond the schema (doc of ckanext.jena.dcatde.parse)
DROP = {
    "uri",
    "type",
    "organization",
    "metadata_created",
    "metadata_modified",
    "id",
    "owner_org",
    "name",
}


def map_dataset(d: dict[str, Any], source: SourceConfig) -> dict[str, Any]:
    if not isinstance(d, dict):
        raise RecordError("not a DCAT dataset")
    if d.get("type") not in (None, "dataset"):
        raise RecordError(f"{d.get('type')} records are not harvested (only dcat:Dataset)")
    if not d.get("title"):
        raise RecordError("dcat:Dataset without dct:title")
    out = {k: v for k, v in d.items() if k not in DROP and v not in (None, "", [])}
    if d.get("uri"):
        out["jena_source_uri"] = d["uri"]
        if str(d["uri"]).startswith("http"):
            out.setdefault("url", d["uri"])
    return out
