"""Fixtures: Jena datasets of every size, created through the action API (the schema
validates them), an organization with publisher fields, and RDF helpers."""

from __future__ import annotations

import uuid

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ckanext.jena.dcatde import validation

T = "http://publications.europa.eu/resource/authority/"
JENA_POLYGON = (
    '{"type": "Polygon", "coordinates": [[[11.4996, 50.8548], [11.6859, 50.8548], '
    "[11.6859, 50.9851], [11.4996, 50.9851], [11.4996, 50.8548]]]}"
)


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def sysadmin():
    return factories.Sysadmin()


@pytest.fixture
def org():
    return factories.Organization(
        name=_unique("umweltamt"),
        title="Stadt Jena, Fachdienst Umweltschutz",
        uri="https://opendata.jena.de/organization/umweltschutz",
        homepage="https://www.jena.de/umwelt",
        email="umweltschutz@jena.de",
    )


def create(sysadmin, **fields):
    context = {"user": sysadmin["name"], "ignore_auth": True}
    return helpers.call_action("package_create", context, **fields)


def minimal_fields(org) -> dict:
    """Only what the schema requires."""
    return {
        "name": _unique("minimal"),
        "title": "Fahrradabstellanlagen",
        "notes": "Standorte der öffentlichen Fahrradabstellanlagen in Jena.",
        "owner_org": org["id"],
        "theme": [T + "data-theme/TRAN"],
        "license_id": "dl-zero-de/2.0",
        "resources": [
            {
                "url": "https://opendata.jena.de/data/fahrradabstellanlagen.csv",
                "name": "Fahrradabstellanlagen (CSV)",
                "format": "CSV",
            }
        ],
    }


def typical_fields(org) -> dict:
    return {
        "name": _unique("baumkataster"),
        "title": "Baumkataster der Stadt Jena",
        "notes": "Alle Straßen- und Parkbäume im Stadtgebiet mit Art, Höhe und Pflanzjahr.",
        "owner_org": org["id"],
        "tags": [{"name": "Bäume"}, {"name": "Stadtgrün"}],
        "theme": [T + "data-theme/ENVI", T + "data-theme/AGRI"],
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "Stadt Jena, Fachdienst Umweltschutz",
        "url": "https://www.jena.de/baumkataster",
        "issued": "2017-03-01",
        "modified": "2025-10-15",
        "frequency": T + "frequency/ANNUAL",
        "contact": [{"name": "Fachdienst Umweltschutz", "email": "umweltschutz@jena.de"}],
        "spatial": JENA_POLYGON,
        "resources": [
            {
                "url": "https://opendata.jena.de/data/baumkataster.csv",
                "name": "Baumkataster (CSV)",
                "description": "Ein Baum je Zeile, Koordinaten in EPSG:3044.",
                "format": "CSV",
                "mimetype": "text/csv",
                "size": 1834221,
            },
            {
                "url": "https://opendata.jena.de/data/baumkataster.geojson",
                "name": "Baumkataster (GeoJSON)",
                "format": "GEOJSON",
                "mimetype": "application/geo+json",
            },
        ],
    }


def maximal_fields(org, series_id: str | None = None) -> dict:
    """Every field of doc/dataset-fields.rst."""
    fields = {
        "name": _unique("parkplatzbelegung"),
        "title": "Parkplatzbelegung in Jena",
        "notes": "Freie Stellplätze der Parkhäuser und Parkplätze, minütlich aktualisiert.",
        "owner_org": org["id"],
        "tags": [{"name": "Parken"}, {"name": "Verkehr"}, {"name": "Echtzeit"}],
        "identifier": _unique("ksj-parken"),
        "url": "https://www.jena.de/parken",
        "documentation": ["https://opendata.jena.de/doku/parken.pdf"],
        "language": [T + "language/DEU", T + "language/ENG"],
        "version": "2.1",
        "version_notes": "Neue Parkhäuser am Inselplatz.",
        "issued": "2019-05-02",
        "modified": "2025-11-20T08:30:00",
        "originator": [
            {
                "name": "Kommunal Service Jena",
                "email": "info@ksj.de",
                "url": "https://www.ksj.de",
                "uri": "https://opendata.jena.de/organization/ksj",
                "type": "http://xmlns.com/foaf/0.1/Organization",
            }
        ],
        "maintainer_agent": [
            {
                "name": "KSJ Verkehrsmanagement",
                "email": "verkehr@ksj.de",
                "url": "https://www.ksj.de/verkehr",
            }
        ],
        "contact": [
            {
                "name": "KSJ Verkehrsmanagement",
                "email": "verkehr@ksj.de",
                "url": "https://www.ksj.de/kontakt",
                "phone": "+49 3641 49-0",
            }
        ],
        "theme": [T + "data-theme/TRAN"],
        "hvd_category": ["http://data.europa.eu/bna/c_b79e35eb"],
        "applicable_legislation": ["http://data.europa.eu/eli/reg_impl/2023/138/oj"],
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "Kommunal Service Jena",
        "access_rights": T + "access-right/PUBLIC",
        "frequency": T + "frequency/UPDATE_CONT",
        "temporal_coverage": [{"start": "2019-01-01", "end": "2025-12-31"}],
        "temporal_resolution": "PT1M",
        "spatial": JENA_POLYGON,
        "political_geocoding_uri": [
            "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053000"
        ],
        "political_geocoding_level_uri": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
        "geocoding_description": "Stadtgebiet Jena",
        "legal_basis": "Thüringer Transparenzgesetz (ThürTG) § 6",
        "conforms_to": ["https://www.datex2.eu/"],
        "quality_process_uri": "https://opendata.jena.de/qualitaet",
        "related_resource": ["https://opendata.jena.de/dataset/parken"],
        "resources": [
            {
                "url": "https://opendata.jena.de/data/parkplatzbelegung.xml",
                "access_url": "https://opendata.jena.de/data/parkplatzbelegung.xml",
                "download_url": "https://opendata.jena.de/data/parkplatzbelegung.xml",
                "name": "Parkplatzbelegung (XML)",
                "description": "Aktuelle Belegung als XML.",
                "format": "XML",
                "mimetype": "application/xml",
                "license": "dl-by-de/2.0",
                "size": 48211,
                "hash": "0c7e1a0f5e7c8b3b2f0a9a0d7c1e3f4a5b6c7d8e9f00112233445566778899aa",
                "hash_algorithm": "sha256",
                "availability": T + "planned-availability/STABLE",
                "status": "Completed",
                "issued": "2019-05-02",
                "modified": "2025-11-20",
                "language": [T + "language/DEU"],
            },
            {
                "url": "https://udp.jena.de/udp/rest/v1.1/",
                "name": "SensorThings-API der Urbanen Datenplattform",
                "description": "OGC SensorThings API 1.1 mit den Parksensoren.",
                "format": "JSON",
                "mimetype": "application/json",
                "access_services": [
                    {
                        "title": "Urbane Datenplattform Jena – SensorThings API",
                        "endpoint_url": "https://udp.jena.de/udp/rest/v1.1/",
                        "endpoint_description": "https://udp.jena.de/udp/rest/v1.1/openapi.json",
                        "service_type": "SENSORTHINGS",
                    }
                ],
            },
        ],
    }
    if series_id:
        fields["in_series"] = [series_id]
    return fields


def series_fields(org) -> dict:
    return {
        "type": "dataset_series",
        "name": _unique("vornamen-reihe"),
        "title": "Vornamen der Neugeborenen in Jena",
        "notes": "Jährliche Vornamenstatistik des Standesamts.",
        "owner_org": org["id"],
        "theme": [T + "data-theme/SOCI"],
        "contact": [{"name": "Standesamt Jena", "email": "standesamt@jena.de"}],
    }


def dataservice_fields(org) -> dict:
    """An API resource (WFS) as a dcat:DataService."""
    return {
        "name": _unique("verkehrsbehinderungen"),
        "title": "Verkehrsbehinderungen",
        "notes": "Baustellen und Sperrungen im Stadtgebiet, auch als WFS.",
        "owner_org": org["id"],
        "theme": [T + "data-theme/TRAN"],
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": "Stadt Jena",
        "resources": [
            {
                "url": "https://geodienste.jena.de/wfs?SERVICE=WFS&REQUEST=GetCapabilities",
                "name": "WFS Verkehrsbehinderungen",
                "format": "WFS_SRVC",
                "access_services": [
                    {
                        "title": "WFS Verkehrsbehinderungen Jena",
                        "endpoint_url": "https://geodienste.jena.de/wfs",
                        "endpoint_description": "https://geodienste.jena.de/wfs?SERVICE=WFS&REQUEST=GetCapabilities",
                        "service_type": "WFS",
                    }
                ],
            }
        ],
    }


@pytest.fixture
def jena_datasets(clean_db, clean_index, sysadmin, org):
    series = create(sysadmin, **series_fields(org))
    return {
        "minimal": create(sysadmin, **minimal_fields(org)),
        "typical": create(sysadmin, **typical_fields(org)),
        "maximal": create(sysadmin, **maximal_fields(org, series["name"])),
        "dataservice": create(sysadmin, **dataservice_fields(org)),
        "series": series,
    }


def registration_of(contributor_id: str) -> Graph:
    """The test's statement that the configured contributor ID is registered: the ID as
    a concept of the dcat-ap.de contributor list, nothing else."""
    g = Graph()
    g.add((URIRef(contributor_id), SKOS.inScheme, validation.CONTRIBUTORS_SCHEME))
    return g
