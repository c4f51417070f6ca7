"""Realistic seed content for the browser tests (created through CKAN's actions)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ckan.tests import factories, helpers

THEME = "http://publications.europa.eu/resource/authority/data-theme/"
JENA = {
    "type": "Polygon",
    "coordinates": [
        [[11.50, 50.85], [11.68, 50.85], [11.68, 50.98], [11.50, 50.98], [11.50, 50.85]]
    ],
}
CENTRE = {
    "type": "Polygon",
    "coordinates": [
        [[11.57, 50.92], [11.60, 50.92], [11.60, 50.94], [11.57, 50.94], [11.57, 50.92]]
    ],
}
LOBEDA = {
    "type": "Polygon",
    "coordinates": [
        [[11.59, 50.87], [11.62, 50.87], [11.62, 50.89], [11.59, 50.89], [11.59, 50.87]]
    ],
}


PASSWORD = "Jena-Browser-2026"


@dataclass
class Seeded:
    sysadmin: dict
    token: str
    orgs: dict[str, dict]
    datasets: dict[str, dict]


def _dataset(owner: dict, name: str, title: str, notes: str, themes: list[str], spatial: dict,
             resources: list[dict], **extra) -> dict:  # fmt: skip
    data = {
        "name": name,
        "title": title,
        "notes": notes,
        "owner_org": owner["id"],
        "theme": [THEME + t for t in themes],
        "license_id": "dl-by-de/2.0",
        "license_attribution_by_text": owner["title"],
        "spatial": json.dumps(spatial),
        "contact": [{"name": "Open-Data-Team", "email": "opendata@jena.de"}],
        "resources": resources,
    }
    data.update(extra)
    sysadmin = {"user": "browser-admin", "ignore_auth": True}
    return helpers.call_action("package_create", context=sysadmin, **data)


def seed(files: str) -> Seeded:
    admin = factories.Sysadmin(
        name="browser-admin", email="browser-admin@jena.de", password=PASSWORD, image_url=""
    )
    ksj = factories.Organization(
        name="kommunalservice-jena",
        title="Kommunal Service Jena",
        description="Eigenbetrieb der Stadt Jena für Straßen, Grün, Parken und Abfallwirtschaft.",
        users=[{"name": admin["name"], "capacity": "admin"}],
    )
    stadt = factories.Organization(
        name="stadtverwaltung-jena",
        title="Stadtverwaltung Jena",
        description="Die Stadtverwaltung Jena mit ihren Fachdiensten.",
        users=[{"name": admin["name"], "capacity": "admin"}],
    )
    datasets = {}
    datasets["fahrrad"] = _dataset(
        stadt, "fahrradabstellanlagen-jena", "Fahrradabstellanlagen in Jena",
        "Standorte und Stellplätze der öffentlichen **Fahrradabstellanlagen** im Stadtgebiet.",
        ["TRAN"], CENTRE,
        [{"name": "Fahrradabstellanlagen (CSV)", "url": f"{files}/fahrradabstellanlagen.csv",
          "format": "CSV", "mimetype": "text/csv", "size": 512}],
        temporal_coverage=[{"start": "2024-01-01", "end": "2026-06-30"}],
        frequency="http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    )  # fmt: skip
    datasets["parken"] = _dataset(
        ksj, "parkplaetze-jena", "Parkplätze und Parkhäuser in Jena",
        "Lage und Kapazität der öffentlichen Parkplätze und Parkhäuser.",
        ["TRAN", "REGI"], CENTRE,
        [{"name": "Parkplätze (GeoJSON)", "url": f"{files}/parken.geojson",
          "format": "GEOJSON", "mimetype": "application/geo+json", "size": 1400}],
    )  # fmt: skip
    datasets["baeume"] = _dataset(
        ksj, "baumkataster-lobeda", "Baumkataster Lobeda",
        "Straßen- und Parkbäume im Stadtteil Lobeda mit Art und Pflanzjahr.",
        ["ENVI"], LOBEDA,
        [{"name": "Baumkataster Lobeda (CSV)", "url": f"{files}/fahrradabstellanlagen.csv",
          "format": "CSV", "size": 512}],
    )  # fmt: skip
    datasets["haushalt"] = _dataset(
        stadt, "haushalt-jena-2026", "Haushaltsplan der Stadt Jena 2026",
        "Erträge und Aufwendungen des Ergebnishaushalts nach Produktbereichen.",
        ["ECON", "GOVE"], JENA,
        [{"name": "Haushalt 2026 (CSV)", "url": f"{files}/fahrradabstellanlagen.csv",
          "format": "CSV", "size": 512}],
    )  # fmt: skip
    token = helpers.call_action(
        "api_token_create", context={"user": admin["name"]}, user=admin["name"], name="browser"
    )["token"]
    return Seeded(sysadmin=admin, token=token, orgs={"ksj": ksj, "stadt": stadt}, datasets=datasets)
