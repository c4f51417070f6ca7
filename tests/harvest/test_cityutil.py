"""Shared helpers of the city-system harvesters (CKAN-free)."""

from __future__ import annotations

import json

import pytest

from ckanext.jena.harvest import cityutil

FREQ = "http://publications.europa.eu/resource/authority/frequency/"


def test_single_point_extent_becomes_a_small_box():
    geom = json.loads(cityutil.bbox_polygon(11.5862, 50.9441, 11.5862, 50.9441))
    assert geom["type"] == "Polygon"
    assert geom["coordinates"][0][0] == [11.5857, 50.9436]
    assert geom["coordinates"][0][2] == [11.5867, 50.9446]


@pytest.mark.parametrize(
    ("seconds", "code"),
    [(60, "1MIN"), (600, "10MIN"), (900, "15MIN"), (3600, "HOURLY"), (86400, "DAILY"),
     (7 * 86400, "WEEKLY"), (30 * 86400, "MONTHLY"), (365 * 86400, "ANNUAL"),
     (3 * 365 * 86400, "IRREG")],
)  # fmt: skip
def test_frequency_from_interval(seconds, code):
    assert cityutil.frequency_iri(seconds) == FREQ + code


def test_frequency_iris_are_in_the_eu_vocabulary():
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    vocab_dir = os.path.join(here, "..", "..", "ckanext", "jena", "dcatde", "shacl", "vocabularies")
    text = open(os.path.join(vocab_dir, "frequency.rdf"), encoding="utf-8").read()
    for _, code in cityutil._FREQ_STEPS:
        assert f"frequency/{code}" in text, code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("https://www.govdata.de/dl-de/by-2-0", "dl-by-de/2.0"),
        ("http://dcat-ap.de/def/licenses/dl-zero-de/2.0", "dl-zero-de/2.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "cc-by/4.0"),
        ("Es gilt die Datenlizenz Deutschland – Namensnennung – Version 2.0", "dl-by-de/2.0"),
        ("keine", None),
    ],
)
def test_licence_codes(value, code):
    assert cityutil.licence_code(value) == code


def test_defaults_fill_only_empty_fields_and_add_attribution():
    ds = cityutil.apply_defaults(
        {
            "title": "T",
            "theme": ["http://x/ENVI"],
            "license_id": "cc-by/4.0",
            "resources": [{"url": "u"}],
        },
        {
            "theme": ["http://x/GOVE"],
            "contact": [{"name": "N", "email": "e@jena.de"}],
            "tags": ["Jena"],
        },
        attribution="Stadtwerke Jena",
    )
    assert ds["theme"] == ["http://x/ENVI"]
    assert ds["contact"] == [{"name": "N", "email": "e@jena.de"}]
    assert ds["tags"] == [{"name": "Jena"}]
    assert ds["license_attribution_by_text"] == "Stadtwerke Jena"
    assert ds["resources"] == [{"url": "u", "license": "cc-by/4.0", "access_url": "u"}]
    assert ds["political_geocoding_uri"] == [cityutil.JENA_AGS_URI]
