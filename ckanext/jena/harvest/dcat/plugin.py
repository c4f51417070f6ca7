"""Plugin ``jena_dcat_harvester``: DCAT-AP / DCAT-AP.de catalogues into the Jena schema."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.harvest.interfaces import IHarvester
from ckanext.jena.harvest.base import JenaHarvester
from ckanext.jena.harvest.dcat import client, mapping
from ckanext.jena.harvest.fetch import Fetcher
from ckanext.jena.harvest.records import GatherResult, Record, SourceConfig


class JenaDcatHarvester(JenaHarvester):
    p.implements(IHarvester)

    PROTOCOL = "dcat"
    TITLE = "DCAT-AP.de-Katalog (Jena-Schema)"
    DESCRIPTION = "DCAT-AP- und DCAT-AP.de-Kataloge (RDF, hydra-Paging), z. B. piveau-Hubs"

    def gather_records(self, source: SourceConfig, fetcher: Fetcher) -> GatherResult:
        return client.gather(source, fetcher)

    def map_record(self, record: Record, source: SourceConfig) -> dict[str, Any]:
        return mapping.map_dataset(record.content, source)

    def record_url(self, record: Record, source: SourceConfig) -> str | None:
        uri = record.content.get("uri") if isinstance(record.content, dict) else None
        return uri if uri and uri.startswith("http") else None
