"""Plugin ``jena_ckan_harvester``: CKAN API portals into the Jena schema."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.ckanapi import client, mapping
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaCkanHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "ckan"
    TITLE = "CKAN-Portal (Jena-Schema)"
    DESCRIPTION = "Datensätze eines CKAN-Portals über die Action-API (package_search)"

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        return client.gather(source, fetcher)

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_package(record.content, source)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        return mapping.dataset_url(source, record.content)
