"""``jena_ogcapi_harvester``: harvests OGC API – Features services (source type
``jena_ogcapi_features``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.cityutil import add_secret_headers
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.ogcapi import client, mapping
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaOgcApiHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "ogcapi_features"
    TITLE = "OGC API – Features (Jena)"
    DESCRIPTION = "Jede Sammlung (collection) einer OGC API – Features wird ein Datensatz."

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        add_secret_headers(fetcher, source)
        return client.gather(
            fetcher, source.url, max_pages=int(source.options.get("max_pages", 1000))
        )

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_collection(record.content, source.defaults)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return record.content.get("collection_url")
