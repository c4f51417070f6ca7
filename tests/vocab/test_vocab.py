"""The bundled controlled vocabularies (pure Python, no CKAN needed)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re

import pytest

from ckanext.jena import vocab

EU = "http://publications.europa.eu/resource/authority/"

EXPECTED = {
    # name: (scheme, number of concepts)
    "license": ("http://dcat-ap.de/def/licenses", 34),
    "theme": (EU + "data-theme", 13),
    "hvd_category": ("http://data.europa.eu/bna/asd487ae75", 71),
    "frequency": (EU + "frequency", 40),
    "file_type": (EU + "file-type", 226),
    "language": (EU + "language", 8205),
    "access_right": (EU + "access-right", 6),
    "availability": (EU + "planned-availability", 4),
    "geocoding_level": ("http://dcat-ap.de/def/politicalGeocoding/Level", 6),
    "distribution_status": (EU + "distribution-status", 8),
    "adms_status": ("http://purl.org/adms/status/1.0", 4),
    "hash_algorithm": ("http://spdx.org/rdf/terms#ChecksumAlgorithm", 17),
    "state_key": ("http://dcat-ap.de/def/politicalGeocoding/stateKey", 16),
    "municipality_key": ("http://dcat-ap.de/def/politicalGeocoding/municipalityKey", 634),
}


def test_names_lists_every_vocabulary():
    assert vocab.names() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vocabulary_scheme_size_and_concepts(name):
    v = vocab.get(name)
    scheme, size = EXPECTED[name]
    assert v.name == name
    assert v.scheme == scheme
    assert len(v.concepts) == size
    uris = [c.uri for c in v.concepts]
    codes = [c.code for c in v.concepts]
    assert len(set(uris)) == size and len(set(codes)) == size
    for c in v.concepts:
        assert isinstance(c, vocab.Concept)
        assert c.uri.startswith("http") and c.code and c.label_de and c.label_en
        assert c.uri in v
        assert v.by_uri(c.uri) is c and v.by_code(c.code) is c


def test_get_is_cached_and_unknown_name_is_a_clear_key_error():
    assert vocab.get("theme") is vocab.get("theme")
    with pytest.raises(KeyError, match="unknown vocabulary 'themes'.*theme"):
        vocab.get("themes")


def test_concept_is_frozen():
    c = vocab.get("theme").by_code("TRAN")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.label_de = "x"  # type: ignore[misc]
    assert hash(c) == hash(vocab.get("theme").by_code("TRAN"))


def test_theme_labels_and_lookup():
    v = vocab.get("theme")
    tran = EU + "data-theme/TRAN"
    assert v.label(tran) == "Verkehr"
    assert v.label(tran, lang="en") == "Transport"
    assert v.label("TRAN") == "Verkehr"
    assert v.label("http://example.org/unknown") == "http://example.org/unknown"
    assert v.by_uri(EU + "data-theme/OP_DATPRO") is None
    assert "TRAN" not in v  # membership is by IRI
    assert sorted(c.code for c in v) == sorted(
        "AGRI ECON EDUC ENER ENVI GOVE HEAL INTR JUST REGI SOCI TECH TRAN".split()
    )


def test_choices_store_iris_or_codes_as_documented():
    theme = vocab.get("theme").choices()
    assert {"value": EU + "data-theme/ENVI", "label": "Umwelt"} in theme
    assert len(theme) == 13
    assert {"value": EU + "data-theme/ENVI", "label": "Environment"} in vocab.get("theme").choices(
        lang="en"
    )
    licences = vocab.get("license").choices()
    assert {
        "value": "dl-by-de/2.0",
        "label": "Datenlizenz Deutschland Namensnennung 2.0",
    } in licences
    assert {"value": "CSV", "label": "CSV"} in vocab.get("file_type").choices()
    assert {"value": "sha256", "label": "SHA-256"} in vocab.get("hash_algorithm").choices()
    assert {c["value"] for c in vocab.get("adms_status").choices()} == {
        "Completed",
        "Deprecated",
        "UnderDevelopment",
        "Withdrawn",
    }


def test_deprecated_concepts_are_known_but_not_offered():
    v = vocab.get("access_right")
    normal = v.by_code("NORMAL")
    assert normal is not None and normal.deprecated
    values = [c["value"] for c in v.choices()]
    assert normal.uri not in values
    assert EU + "access-right/PUBLIC" in values
    assert normal.uri in [c["value"] for c in v.choices(include_deprecated=True)]


def test_license_extras_and_helpers():
    assert vocab.license_uri("dl-by-de/2.0") == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert vocab.license_uri("cc-by/4.0") == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    with pytest.raises(KeyError, match="unknown dcat-ap.de licence code 'cc-by-4.0'"):
        vocab.license_uri("cc-by-4.0")
    assert vocab.license_code("http://dcat-ap.de/def/licenses/dl-zero-de/2.0") == "dl-zero-de/2.0"
    assert vocab.license_code("nonsense") is None
    for code in ["dl-by-de/2.0", "dl-by-de/1.0", "cc-by/4.0", "cc-by-sa/4.0", "odby", "odbl"]:
        assert vocab.attribution_required(code), code
    for code in ["dl-zero-de/2.0", "cc-zero", "ccpdm/1.0", "odcpddl", "officialWork", "apache"]:
        assert not vocab.attribution_required(code), code
    assert "dl-by-de/2.0" in vocab.ATTRIBUTION and "dl-zero-de/2.0" not in vocab.ATTRIBUTION
    assert vocab.is_open_license("dl-by-de/2.0") and vocab.is_open_license("cc-zero")
    assert not vocab.is_open_license("cc-by-nc/4.0") and not vocab.is_open_license("other-closed")
    assert "cc-by-nd/4.0" not in vocab.OPEN_LICENSES
    dl = vocab.get("license").by_code("dl-by-de/2.0")
    assert dl.extras["homepage"] == "https://www.govdata.de/dl-de/by-2-0"
    assert dl.extras["type"] == "Freie Nutzung"


def test_hvd_categories_are_the_six_top_categories_and_their_children():
    v = vocab.get("hvd_category")
    tops = [c for c in v if c.extras["top"]]
    assert sorted(c.label_en for c in tops) == [
        "Companies and company ownership",
        "Earth observation and environment",
        "Geospatial",
        "Meteorological",
        "Mobility",
        "Statistics",
    ]
    top_uris = {c.uri for c in tops}
    for c in v:
        assert c.extras["top"] or c.extras["broader"] in top_uris
    assert v.label("http://data.europa.eu/bna/c_ac64a52d") == "Georaum"
    assert len(v.excluded) == 25  # third-level inland-waterway categories


def test_hash_algorithms_map_to_both_versions():
    assert (
        vocab.hash_algorithm_uri("sha256") == "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
    )
    assert vocab.hash_algorithm_uri("SHA256", version="2.0") == (
        "http://dcat-ap.de/def/hashAlgorithms/sha/256"
    )
    assert vocab.hash_algorithm_uri("md5", "2.0") == "http://dcat-ap.de/def/hashAlgorithms/md/5"
    assert vocab.hash_algorithm_uri("sha3_256", "2.0") is None
    assert vocab.hash_algorithm_code("http://dcat-ap.de/def/hashAlgorithms/sha/1") == "sha1"
    assert vocab.hash_algorithm_code("http://spdx.org/rdf/terms#checksumAlgorithm_md5") == "md5"
    lengths = {c.code: c.extras["hex_length"] for c in vocab.get("hash_algorithm")}
    assert lengths["md5"] == 32 and lengths["sha1"] == 40 and lengths["sha512"] == 128
    for code in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256"):
        assert len(hashlib.new(code, b"x").hexdigest()) == lengths[code], code
    with pytest.raises(KeyError):
        vocab.hash_algorithm_uri("crc32")


def test_status_codes_map_to_both_versions():
    assert vocab.status_uri("Completed") == EU + "distribution-status/COMPLETED"
    assert vocab.status_uri("Completed", "2.0") == "http://purl.org/adms/status/Completed"
    assert vocab.status_uri("UnderDevelopment") == EU + "distribution-status/DEVELOP"
    for c in vocab.get("adms_status"):
        assert c.extras["distribution_status"] in vocab.get("distribution_status")
    assert vocab.status_code(EU + "distribution-status/WITHDRAWN") == "Withdrawn"
    assert vocab.status_code("http://purl.org/adms/status/Deprecated") == "Deprecated"


def test_language_labels_and_locale_mapping():
    v = vocab.get("language")
    assert v.label(EU + "language/DEU") == "Deutsch"
    assert v.label(EU + "language/ENG", "en") == "English"
    assert v.label(EU + "language/FRA") == "Französisch"
    assert vocab.language_uri("de") == EU + "language/DEU"
    assert vocab.language_uri("en_GB") == EU + "language/ENG"
    official = v.choices(only=lambda c: c.extras.get("eu_official"))
    assert len(official) == 24
    assert {"value": EU + "language/DEU", "label": "Deutsch"} in official


def test_frequency_labels_cover_the_new_frequencies():
    v = vocab.get("frequency")
    assert v.label(EU + "frequency/DAILY") == "täglich"
    assert v.label(EU + "frequency/15MIN") == "alle fünfzehn Minuten"
    assert v.label(EU + "frequency/CONT", "en") == "continuous"


def test_constants_are_concepts_of_their_vocabularies():
    assert vocab.HVD_LEGISLATION == "http://data.europa.eu/eli/reg_impl/2023/138/oj"
    assert vocab.JENA_MUNICIPALITY_KEY in vocab.get("municipality_key")
    assert vocab.get("municipality_key").label(vocab.JENA_MUNICIPALITY_KEY) == "Jena"
    assert vocab.MUNICIPALITY_LEVEL in vocab.get("geocoding_level")
    assert vocab.get("geocoding_level").label(vocab.MUNICIPALITY_LEVEL) == "kommunale Ebene"
    assert vocab.DEFAULT_LANGUAGE in vocab.get("language")
    assert vocab.DEFAULT_ACCESS_RIGHTS in vocab.get("access_right")
    assert vocab.get("state_key").label("16") == "Thüringen"
    assert all(c.code.startswith("16") for c in vocab.get("municipality_key"))


def test_data_files_document_their_provenance():
    for name in vocab.names():
        with open(os.path.join(vocab.DATA_DIR, f"{name}.json"), encoding="utf-8") as f:
            doc = json.load(f)
        sources = doc["provenance"]["sources"]
        assert sources, name
        for src in sources:
            assert src["file"].startswith(("vocabularies/", "dashboard-alpha/"))
            assert re.fullmatch(r"[0-9a-f]{64}", src["sha256"])
        for ex in doc["excluded"]:
            assert ex["uri"] and ex["reason"]


def test_package_does_not_import_ckan():
    import subprocess
    import sys

    code = (
        "import sys; from ckanext.jena import vocab; vocab.get('theme'); "
        "from ckanext.jena.vocab import licenses; licenses.register_entries(); "
        "bad = [m for m in sys.modules if m == 'ckan' or m.startswith('ckan.')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
