"""RDF profiles ``jena_dcat_ap_de`` (DCAT-AP.de 3.0) and ``jena_dcat_ap_de_2`` (2.0).

Both extend ckanext-dcat's ``euro_dcat_ap_3`` profile (with its scheming support): it
serialises the fields ckanext-dcat knows; ``mapping.py`` adds what DCAT-AP.de needs and
decides where the two versions differ. ``parse_dataset`` reads DCAT-AP.de 1.0/2.0/3.0
and plain DCAT-AP 2/3 into the Jena dataset dict (the same code as ``parse.py``).
"""

from __future__ import annotations

import logging
import time

import ckan.plugins.toolkit as tk
from rdflib import URIRef

from ckanext.dcat.profiles.base import CleanedURIRef
from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
from ckanext.dcat.utils import catalog_uri, dataset_uri, resource_uri
from ckanext.jena.dcatde import mapping

log = logging.getLogger(__name__)

#: organization_show results for the publisher, kept briefly (a catalogue page has many
#: datasets of few organizations; edits to an organization show after ORG_CACHE_SECONDS)
ORG_CACHE_SECONDS = 30
_org_cache: dict[str, tuple[float, dict]] = {}


def catalog_settings() -> mapping.CatalogSettings:
    c = tk.config
    return mapping.CatalogSettings(
        base_uri=catalog_uri(),
        site_url=c.get("ckan.site_url"),
        title_de=c.get("ckanext.jena.dcat.catalog_title_de"),
        title_en=c.get("ckanext.jena.dcat.catalog_title_en"),
        description_de=c.get("ckanext.jena.dcat.catalog_description_de"),
        description_en=c.get("ckanext.jena.dcat.catalog_description_en"),
        homepage=c.get("ckanext.jena.dcat.catalog_homepage") or c.get("ckan.site_url"),
        language=c.get("ckanext.jena.dcat.catalog_language"),
        license=c.get("ckanext.jena.dcat.catalog_license"),
        publisher_name=c.get("ckanext.jena.dcat.publisher_name"),
        publisher_uri=c.get("ckanext.jena.dcat.publisher_uri"),
        publisher_homepage=c.get("ckanext.jena.dcat.publisher_homepage"),
        publisher_email=c.get("ckanext.jena.dcat.publisher_email"),
        publisher_type=c.get("ckanext.jena.dcat.publisher_type"),
        contributor_id=c.get("ckanext.jena.dcat.contributor_id"),
        themes_taxonomy=c.get("ckanext.jena.dcat.themes_taxonomy"),
    )


class JenaDCATAPDEProfile(EuropeanDCATAP3Profile):
    """DCAT-AP.de 3.0 (for data.europa.eu and GovData's 3.0 path)."""

    flavour = mapping.V30

    # -- export ---------------------------------------------------------------------------
    def graph_from_dataset(self, dataset_dict, dataset_ref):
        settings = catalog_settings()
        d = mapping.prepare_for_dcat(dataset_dict, self.flavour)
        series = [self._series(s) for s in d.get("in_series", [])]
        d["in_series"] = [sid for sid, _ in series if not sid.startswith(("http://", "https://"))]
        super().graph_from_dataset(d, dataset_ref)
        for sid, series_dict in series:
            if sid.startswith(("http://", "https://")):
                self.g.add((dataset_ref, mapping.DCAT.inSeries, URIRef(sid)))
            elif series_dict is not None:
                # what a harvester of this document needs to know about the series
                mapping.add_series_stub(
                    self.g,
                    URIRef(dataset_uri(series_dict)),
                    series_dict,
                    self._publisher(series_dict, settings),
                    self.flavour,
                )
        refs = {
            (res.get("id") or res.get("uri") or ""): CleanedURIRef(resource_uri(res))
            for res in d.get("resources", []) or []
        }
        mapping.add_dcatde(
            self.g,
            d,
            dataset_ref,
            self.flavour,
            settings,
            self._publisher(dataset_dict, settings),
            refs,
        )
        self.g.bind("dcatde", mapping.DCATDE)
        self.g.bind("geodcatap", mapping.GEODCATAP)

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        super().graph_from_catalog(catalog_dict, catalog_ref)
        mapping.add_catalog(self.g, catalog_ref, catalog_settings(), self.flavour)
        self.g.bind("dcatde", mapping.DCATDE)

    def _last_catalog_modification(self):
        """dct:modified of the catalogue: the newest *public* dataset (ckanext-dcat's
        version would count private and draft ones, which leaks their edit times)."""
        result = tk.get_action("package_search")(
            {"ignore_auth": True},
            {
                "sort": "metadata_modified desc",
                "rows": 1,
                "include_private": False,
                "include_drafts": False,
                "fq": "+capacity:public",
            },
        )
        if result and result.get("results"):
            return result["results"][0]["metadata_modified"]
        return None

    def _publisher(self, dataset_dict: dict, settings: mapping.CatalogSettings) -> dict | None:
        org = dataset_dict.get("organization")
        if not org:
            return None
        if org.get("id") and "uri" not in org:
            org_id = org["id"]
            cached = _org_cache.get(org_id)
            if cached is None or time.monotonic() - cached[0] > ORG_CACHE_SECONDS:
                try:
                    full = tk.get_action("organization_show")(
                        {"ignore_auth": True},
                        {"id": org_id, "include_datasets": False, "include_users": False},
                    )
                except tk.ObjectNotFound:
                    full = org
                cached = (time.monotonic(), full)
                _org_cache[org_id] = cached
            org = {**org, **cached[1]}
        return mapping.publisher_agent(org, settings.base_uri)

    @staticmethod
    def _series(value: str) -> tuple[str, dict | None]:
        """``in_series`` may hold a series' name or id (its URI is built from the id), or
        an IRI (a series of this portal's catalogue is looked up by its id)."""
        local = f"{catalog_uri().rstrip('/')}/dataset/"
        if value.startswith(local):
            value = value[len(local) :]
        if value.startswith(("http://", "https://")):
            return value, None
        try:
            series = tk.get_action("package_show")({"ignore_auth": True}, {"id": value})
        except tk.ObjectNotFound:
            return value, None
        if series.get("private") or series.get("state") != "active":
            return series["id"], None
        return series["id"], series

    # -- import ---------------------------------------------------------------------------
    def parse_dataset(self, dataset_dict, dataset_ref):
        parsed, unknown = mapping.DatasetParser(self.g).dataset(dataset_ref)
        for key in ("extras", "resources"):
            dataset_dict.pop(key, None)
        dataset_dict.update(parsed)
        dataset_dict["jena_unknown_terms"] = [u.as_dict() for u in unknown]
        if unknown:
            log.info(
                "DCAT import of %s: %d unknown term(s) kept/reported: %s",
                dataset_ref,
                len(unknown),
                ", ".join(sorted({u.predicate for u in unknown})),
            )
        return dataset_dict


class JenaDCATAPDE2Profile(JenaDCATAPDEProfile):
    """DCAT-AP.de 2.0 flavour for GovData's current harvester and conventions."""

    flavour = mapping.V20


__all__ = ["JenaDCATAPDEProfile", "JenaDCATAPDE2Profile"]
