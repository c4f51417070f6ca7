"""Test factories for datasets in the Jena schema (jena_schema requires a theme and a
licence from the dcat-ap.de list; CKAN's own ``factories.Dataset`` sets neither)."""

from __future__ import annotations

from ckan.tests import factories

SOCI = "http://publications.europa.eu/resource/authority/data-theme/SOCI"


class JenaDataset(factories.Dataset):
    """``factories.Dataset`` with the fields the Jena schema requires."""

    theme = [SOCI]
    license_id = "cc-zero"
