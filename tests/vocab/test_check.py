"""`ckan jena vocab check` against the real DCAT-AP.de folder and broken copies of it."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ckanext.jena.cli import jena
from ckanext.jena.vocab import check

SHARED = check.DEFAULT_SHARED
EU = "http://publications.europa.eu/resource/authority/"
THEME_FILE = "vocabularies/data-theme-skos-ap-act.ttl"


@pytest.fixture
def shared_copy(tmp_path):
    """A writable copy of the parts of the DCAT-AP.de folder that the check reads."""
    dest = tmp_path / "dcat-ap-de"
    for sub in ("vocabularies", "dashboard-alpha"):
        shutil.copytree(os.path.join(SHARED, sub), dest / sub)
    for dirpath, dirnames, filenames in os.walk(dest):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)
    return dest


def _edit(path, change):
    g = Graph()
    g.parse(path, format="turtle" if str(path).endswith(".ttl") else "xml")
    change(g)
    g.serialize(path, format="turtle" if str(path).endswith(".ttl") else "xml")


def test_bundle_is_consistent_with_the_shared_folder(cli):
    result = cli.invoke(jena, ["vocab", "check"])
    assert result.exit_code == 0, result.output
    assert "0 Fehler/errors, 0 Warnungen/warnings: konsistent/consistent" in result.output
    assert "theme: 13 Konzepte/concepts" in result.output
    assert "municipality_key: 634 Konzepte/concepts" in result.output


def test_explicit_shared_path_and_missing_folder(cli, tmp_path):
    ok = cli.invoke(jena, ["vocab", "check", "--shared", SHARED])
    assert ok.exit_code == 0, ok.output
    missing = cli.invoke(jena, ["vocab", "check", "--shared", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1
    assert f"DCAT-AP.de folder {tmp_path / 'nowhere'} not found" in missing.output


def test_concept_removed_from_the_source_is_reported(cli, shared_copy):
    envi = URIRef(EU + "data-theme/ENVI")
    _edit(
        shared_copy / THEME_FILE,
        lambda g: g.remove((envi, SKOS.inScheme, None)),
    )
    result = cli.invoke(jena, ["vocab", "check", "--shared", str(shared_copy)])
    assert result.exit_code == 1
    assert (
        f"FEHLER/ERROR: theme: bundled concept {envi} is not a concept of "
        f"{EU}data-theme in {THEME_FILE}" in result.output
    )
    # the edited file is reported as changed since the derivation
    assert f"WARNUNG/WARNING: theme: {THEME_FILE} changed since the derivation" in result.output
    # the demo content uses ENVI: that use is reported with file and line
    uses = [line for line in result.output.splitlines() if "config/demo/content.yaml:" in line]
    assert uses
    for line in uses:
        assert line.startswith("FEHLER/ERROR: config/demo/content.yaml:")
        assert line.endswith(f": {envi} is not a concept of {EU}data-theme in {THEME_FILE}")


def test_renamed_label_is_reported(cli, shared_copy):
    tran = URIRef(EU + "data-theme/TRAN")

    def rename(g):
        g.remove((tran, SKOS.prefLabel, Literal("Verkehr", lang="de")))
        g.add((tran, SKOS.prefLabel, Literal("Verkehr und Mobilität", lang="de")))

    _edit(shared_copy / THEME_FILE, rename)
    result = cli.invoke(jena, ["vocab", "check", "--shared", str(shared_copy)])
    assert result.exit_code == 1
    assert (
        f"theme: label_de of {tran} is 'Verkehr', the source says 'Verkehr und Mobilität'"
        in result.output
    )


def test_new_source_concept_missing_from_the_bundle_is_reported(cli, shared_copy):
    new = URIRef(EU + "frequency/EVERY_FULL_MOON")
    _edit(
        shared_copy / "vocabularies/frequency.rdf",
        lambda g: g.add((new, SKOS.inScheme, URIRef(EU + "frequency"))),
    )
    result = cli.invoke(jena, ["vocab", "check", "--shared", str(shared_copy)])
    assert result.exit_code == 1
    assert (
        f"frequency: concept {new} of vocabularies/frequency.rdf is missing from the bundle"
        in result.output
    )


def test_changed_open_licence_flag_is_reported(shared_copy):
    lic = URIRef("http://dcat-ap.de/def/licenses/cc-by-nc/4.0")
    flag = URIRef("http://govdata.de/mqa/#isOpenLicense")

    def make_open(g):
        assert str(g.value(lic, flag)) == "false"
        g.set((lic, flag, Literal("true")))

    _edit(shared_copy / "dashboard-alpha/dcat-ap-de-licenses-open.rdf", make_open)
    report = check.check(str(shared_copy))
    assert not report.ok
    assert (
        "license: open of cc-by-nc/4.0 is False, dashboard-alpha/dcat-ap-de-licenses-open.rdf says True"
        in report.errors
    )


def test_unknown_vocabulary_iri_in_a_config_file_is_reported(tmp_path):
    root = tmp_path / "repo"
    (root / "config").mkdir(parents=True)
    (root / "config" / "site.ini").write_text(
        "[app:main]\n"
        f"ckanext.jena.default_theme = {EU}data-theme/GOVE\n"
        f"ckanext.jena.default_level = http://dcat-ap.de/def/politicalGeocoding/Level/city\n"
        f"ckanext.jena.spatial = http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053999\n",
        encoding="utf-8",
    )
    report = check.check(SHARED, root=str(root))
    assert report.errors == [
        "config/site.ini:3: http://dcat-ap.de/def/politicalGeocoding/Level/city is not a "
        "concept of the bundled vocabulary geocoding_level",
        "config/site.ini:4: http://dcat-ap.de/def/politicalGeocoding/municipalityKey/16053999 "
        "is not a concept of the bundled vocabulary municipality_key",
    ]
    assert "Konfiguration/configuration: 3 Vokabular-IRIs geprüft/vocabulary IRIs checked" in (
        report.info
    )
