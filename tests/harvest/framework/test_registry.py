"""The source registry: the real files are valid; wrong entries are reported with file,
line and reason (CKAN-free)."""

from __future__ import annotations

import os
import shutil

from ckanext.jena.harvest.registry import load_organization_names, load_registry

#: the Stadtverbund members of config/organizations.yaml
ORGS = load_organization_names()


def test_real_registry_is_valid_for_both_profiles(repo_root):
    for profile in ("production", "demo"):
        reg = load_registry(os.path.join(repo_root, "harvesters"), profile, organizations=ORGS)
        assert reg.issues == []
        assert {s.organization for s in reg.sources.values()} == ORGS  # one file per member
        assert {s.protocol for s in reg.sources.values()} >= {"ckan", "dcat", "csw"}
    demo = load_registry(os.path.join(repo_root, "harvesters"), "demo")
    # the demo never reaches production hosts: enabled demo sources are on 127.0.0.1
    enabled = [s for s in demo.sources.values() if s.enabled]
    assert {"opendata-jena-ckan", "wissensallmende-dcat", "geoportal-thueringen-csw"} <= {
        s.name for s in enabled
    }
    assert all(s.url.startswith("http://127.0.0.1:") and s.allow_private for s in enabled)
    prod = load_registry(os.path.join(repo_root, "harvesters"), "production")
    assert not any(s.allow_private for s in prod.sources.values())
    assert prod.sources["opendata-jena-ckan"].url == "https://opendata.jena.de"
    assert prod.sources["opendata-jena-ckan"].defaults["license_id"] == "dl-by-de/2.0"
    assert prod.sources["geoportal-thueringen-csw"].max_withdraw_share == 0.1


def _copy(repo_root, tmp_path):
    target = tmp_path / "harvesters"
    os.makedirs(target / "profiles")
    shutil.copy(os.path.join(repo_root, "harvesters", "schema.yaml"), target)
    return target


def test_wrong_entries_reported_with_file_line_and_reason(repo_root, tmp_path):
    target = _copy(repo_root, tmp_path)
    (target / "jenakultur.yaml").write_text(
        "publisher: jenakultur\n"
        "sources:\n"
        "  - name: kultur-dcat\n"
        "    title: Kulturdaten\n"
        "    protocol: gopher\n"
        "    url: https://www.jenakultur.de/catalog.ttl\n"
        "    schedule: '61 * * * *'\n"
        "    organization: jenakultur\n"
        "    allowed_hosts: [other.example.org]\n"
        "    secrets: {api_key: 'my-secret-value'}\n"
        "    deletion: {max_withdraw_share: 1.5}\n"
        "    colour: blue\n"
        "  - name: kultur-dcat\n"
        "    title: Doppelt\n",
        encoding="utf-8",
    )
    reg = load_registry(str(target), "production", organizations=ORGS)
    issues = [str(i) for i in reg.issues]
    assert "harvesters/jenakultur.yaml:5: (sources[0].protocol) 'gopher' is not one of" in issues[0]
    text = "\n".join(issues)
    assert "jenakultur.yaml:7: (sources[0].schedule) '61 * * * *' is not a valid cron" in text
    assert (
        "jenakultur.yaml:10: (sources[0].secrets.api_key) 'my-secret-value' is not an "
        "environment variable name" in text
    )
    assert "jenakultur.yaml:11: (sources[0].deletion.max_withdraw_share) 1.5 is above" in text
    assert "jenakultur.yaml:12: (sources[0].colour) unknown key 'colour'" in text
    assert "jenakultur.yaml:13: (sources[1]) required key 'protocol' is missing" in text


def test_cross_checks(repo_root, tmp_path):
    target = _copy(repo_root, tmp_path)
    entry = (
        "  - name: {name}\n    title: Quelle {name}\n    protocol: ckan\n"
        "    url: https://opendata.jena.de\n    schedule: '0 3 * * *'\n"
        "    organization: {org}\n    allowed_hosts: [{host}]\n"
    )
    (target / "jenawohnen.yaml").write_text(
        "publisher: jenawohnen\nsources:\n"
        + entry.format(name="a-source", org="jenawohnen", host="opendata.jena.de")
        + entry.format(name="b-source", org="nobody", host="other.example.org"),
        encoding="utf-8",
    )
    (target / "jenawirtschaft.yaml").write_text(
        "publisher: jenawirtschaft\nsources:\n"
        + entry.format(name="a-source", org="jenawirtschaft", host="opendata.jena.de"),
        encoding="utf-8",
    )
    (target / "profiles" / "demo.yaml").write_text(
        "profile: demo\nsources:\n  ghost:\n    url: http://127.0.0.1:1/\n", encoding="utf-8"
    )
    (target / "broken.yaml").write_text("publisher: broken\nsources: [\n", encoding="utf-8")
    # a-source of jenawohnen is enabled but not moved to 127.0.0.1 by the demo profile
    reg = load_registry(str(target), "demo", organizations=ORGS)
    text = "\n".join(str(i) for i in reg.issues)
    assert "harvesters/broken.yaml:3: YAML syntax error" in text
    assert "jenawohnen.yaml:10: (sources[1].organization) unknown organization 'nobody'" in text
    assert (
        "jenawohnen.yaml:10: (sources[1].url) the URL's host 'opendata.jena.de' is not "
        "among allowed_hosts" in text
    )
    assert (
        "jenawohnen.yaml:3: (sources[0].name) source name 'a-source' already used at "
        "harvesters/jenawirtschaft.yaml:3" in text
    )
    assert "profiles/demo.yaml:3: (sources.ghost) profile 'demo' names unknown source" in text
    assert (
        "source 'b-source' is enabled in the demo profile but points at 'opendata.jena.de'" in text
    )
