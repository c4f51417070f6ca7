"""Verify the bundled vocabularies against the DCAT-AP.de vocabulary folder.

``ckan jena vocab check [--shared PATH]`` runs :func:`check`. For every bundled
vocabulary it reads the source files named in the JSON file's provenance and reports

- a bundled concept that is not a concept of the vocabulary's scheme in the sources,
- a source concept of the scheme that is neither bundled nor a documented exclusion
  (``excluded`` entries, or outside the ``subset`` code prefix),
- a label that differs from the source's ``skos:prefLabel`` (de/en),
- for licences, an ``open`` flag that differs from GovData's open-licence list, and for
  hash algorithms, a 2.0 IRI that is not in the dcat-ap.de hashAlgorithms list,
- a source file whose sha256 differs from the recorded one (a warning: re-derive),

and checks every vocabulary IRI used by the portal's constants, configuration files and
code defaults (``config/*.ini``, ``*.yaml`` under ``config/`` and ``ckanext/jena/``, the
plugins' ``*.py``) against the bundle and the sources. CKAN-free; needs rdflib.
"""

from __future__ import annotations

import dataclasses
import glob
import json
import os
import re
from typing import Any

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from ckanext.jena import vocab
from ckanext.jena.vocab import derive

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
DEFAULT_SHARED = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "dcat-ap-de"))

#: Files whose vocabulary IRIs are checked (relative to the repository root): the
#: configuration, the scheming schemas and the defaults in the plugins' code.
CONFIG_GLOBS = [
    "config/*.ini",
    "config/**/*.yaml",
    "ckanext/jena/**/*.yaml",
    "ckanext/jena/**/*.yml",
    "ckanext/jena/**/*.py",
]
#: Not scanned: the vocabulary package itself (its constants are checked one by one,
#: derive.py names the sources) and generated data.
SKIP_PARTS = ("/ckanext/jena/vocab/", "/data/")

_IRI_RE = re.compile(
    r"https?://(?:publications\.europa\.eu/resource/authority|dcat-ap\.de/def|"
    r"data\.europa\.eu/bna|purl\.org/adms/status|spdx\.org/rdf/terms)[^\s\"'<>,;)\]}]*"
)


@dataclasses.dataclass
class Report:
    errors: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    info: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return (
            [f"FEHLER/ERROR: {e}" for e in self.errors]
            + [f"WARNUNG/WARNING: {w}" for w in self.warnings]
            + self.info
            + [
                f"{len(self.errors)} Fehler/errors, {len(self.warnings)} Warnungen/warnings"
                + ("" if self.errors else ": konsistent/consistent")
            ]
        )


def _load_doc(name: str) -> dict[str, Any]:
    with open(os.path.join(vocab.DATA_DIR, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def _graph(shared: str, rel: str, report: Report, name: str) -> Graph | None:
    path = os.path.join(shared, rel)
    if not os.path.isfile(path):
        report.errors.append(f"{name}: source file {rel} not found in {shared}")
        return None
    try:
        return derive.parse(path)
    except Exception as e:  # noqa: BLE001 - any parser error is reported, not raised
        report.errors.append(f"{name}: source file {rel} does not parse: {e}")
        return None


def _code_of(scheme: str, uri: str) -> str:
    prefix = scheme.rstrip("/") + "/"
    return uri[len(prefix) :] if uri.startswith(prefix) else uri.rstrip("/").rsplit("/", 1)[-1]


def source_concepts(doc: dict[str, Any], graphs: dict[str, Graph]) -> set[str]:
    scheme = URIRef(doc["scheme"])
    found: set[str] = set()
    for rel in doc["provenance"]["concept_files"]:
        g = graphs.get(rel)
        if g is None:
            continue
        if doc["scheme"] == derive.SPDX_ALGORITHM:
            found |= {str(s) for s in g.subjects(RDF.type, derive.SPDX.ChecksumAlgorithm)}
        else:
            found |= {str(s) for s in g.subjects(SKOS.inScheme, scheme)}
    return found


def check_vocabulary(name: str, shared: str, report: Report) -> None:
    doc = _load_doc(name)
    prov = doc["provenance"]
    graphs: dict[str, Graph] = {}
    for src in prov["sources"]:
        g = _graph(shared, src["file"], report, name)
        if g is None:
            continue
        graphs[src["file"]] = g
        actual = derive.sha256(os.path.join(shared, src["file"]))
        if actual != src["sha256"]:
            report.warnings.append(
                f"{name}: {src['file']} changed since the derivation (sha256 {actual[:12]}… "
                f"!= {src['sha256'][:12]}…); run scripts/derive_vocabularies.py"
            )
    if any(rel not in graphs for rel in prov["concept_files"]):
        return

    scheme = doc["scheme"]
    in_source = source_concepts(doc, graphs)
    concepts = {c["uri"]: c for c in doc["concepts"]}
    excluded = {e["uri"]: e["reason"] for e in doc.get("excluded", [])}
    subset = doc.get("subset") or {}
    files = ", ".join(prov["concept_files"])

    for uri in concepts:
        if uri not in in_source:
            report.errors.append(
                f"{name}: bundled concept {uri} is not a concept of {scheme} in {files}"
            )
        if uri in excluded:
            report.errors.append(f"{name}: {uri} is bundled and listed as excluded")
    for uri in sorted(in_source - set(concepts)):
        if uri in excluded:
            continue
        prefix = subset.get("code_prefix")
        if prefix and not _code_of(scheme, uri).startswith(prefix):
            continue
        if name == "hash_algorithm" and uri.startswith(derive.DCATDE_HASH):
            continue
        report.errors.append(
            f"{name}: concept {uri} of {files} is missing from the bundle "
            "(neither bundled nor a documented exclusion)"
        )

    # labels: the first label file that has a label in that language is authoritative
    label_graphs = [graphs[rel] for rel in prov.get("label_files", []) if rel in graphs]
    for uri, c in concepts.items():
        source_labels: dict[str, str] = {}
        for g in label_graphs:
            for lang, value in derive.pref_labels(g, URIRef(uri)).items():
                source_labels.setdefault(lang, value)
        for lang in ("de", "en"):
            if lang in source_labels and c[f"label_{lang}"] != source_labels[lang]:
                report.errors.append(
                    f"{name}: label_{lang} of {uri} is {c[f'label_{lang}']!r}, "
                    f"the source says {source_labels[lang]!r}"
                )

    if name == "license":
        _check_licenses(doc, graphs, report)
    if name == "hash_algorithm":
        _check_hash(doc, graphs, excluded, report)
    report.info.append(
        f"{name}: {len(concepts)} Konzepte/concepts, {len(excluded)} dokumentiert "
        f"ausgelassen/documented exclusions"
        + (f", Teilmenge/subset {subset['code_prefix']}*" if subset else "")
    )


def _check_licenses(doc: dict[str, Any], graphs: dict[str, Graph], report: Report) -> None:
    rel = "dashboard-alpha/dcat-ap-de-licenses-open.rdf"
    g = graphs.get(rel)
    if g is None:
        report.errors.append(f"license: {rel} is not among the recorded sources")
        return
    for c in doc["concepts"]:
        flag = g.value(URIRef(c["uri"]), derive.GOVDATA.isOpenLicense)
        expected = flag is not None and str(flag).lower() == "true"
        if c["extras"].get("open") != expected:
            report.errors.append(
                f"license: open of {c['code']} is {c['extras'].get('open')}, {rel} says {expected}"
            )
        rule = derive.license_requires_attribution(c["code"])
        if c["extras"].get("attribution_required") != rule:
            report.errors.append(
                f"license: attribution_required of {c['code']} is "
                f"{c['extras'].get('attribution_required')}, the documented rule says {rule}"
            )


def _check_hash(
    doc: dict[str, Any], graphs: dict[str, Graph], excluded: dict[str, str], report: Report
) -> None:
    rel = next((r for r in doc["provenance"]["concept_files"] if "hashAlgorithms" in r), None)
    g = graphs.get(rel) if rel else None
    if g is None:
        report.errors.append("hash_algorithm: the dcat-ap.de hashAlgorithms file is not a source")
        return
    listed = {str(s) for s in g.subjects(SKOS.inScheme, URIRef(derive.DCATDE_HASH))}
    mapped = set()
    for c in doc["concepts"]:
        dcatde_uri = c["extras"].get("dcatde_uri")
        if dcatde_uri:
            mapped.add(dcatde_uri)
            if dcatde_uri not in listed:
                report.errors.append(
                    f"hash_algorithm: 2.0 IRI {dcatde_uri} of {c['code']} is not a concept of "
                    f"{derive.DCATDE_HASH} in {rel}"
                )
    for uri in sorted(listed - mapped - set(excluded)):
        report.errors.append(
            f"hash_algorithm: {uri} of {rel} is neither mapped to a code nor a documented exclusion"
        )


def _scheme_index() -> list[tuple[str, str]]:
    """(namespace prefix, vocabulary name), longest prefix first."""
    index = []
    for name in vocab.names():
        scheme = vocab.get(name).scheme
        if scheme == derive.SPDX_ALGORITHM:
            index.append(("http://spdx.org/rdf/terms#checksumAlgorithm_", name))
            index.append((derive.DCATDE_HASH + "/", name))
        else:
            index.append((scheme.rstrip("/") + "/", name))
    return sorted(index, key=lambda p: -len(p[0]))


def check_iri(iri: str, expected: str | None, where: str, shared: str, report: Report) -> None:
    """``iri`` must be a bundled concept of the vocabulary ``expected`` (or of the
    vocabulary its namespace belongs to) and a concept of that scheme in the sources."""
    name = expected
    if name is None:
        name = next((n for prefix, n in _scheme_index() if iri.startswith(prefix)), None)
        if name is None:
            return
    v = vocab.get(name)
    if iri.rstrip("/#") == v.scheme:
        return
    if name == "hash_algorithm":
        known = any(iri in (c.uri, c.extras.get("dcatde_uri")) for c in v)
    else:
        known = iri in v
    if not known:
        report.errors.append(f"{where}: {iri} is not a concept of the bundled vocabulary {name}")
        return
    if name == "hash_algorithm":
        return
    doc = _load_doc(name)
    graphs = {}
    for rel in doc["provenance"]["concept_files"]:
        g = _graph(shared, rel, report, name)
        if g is not None:
            graphs[rel] = g
    if graphs and iri not in source_concepts(doc, graphs):
        report.errors.append(
            f"{where}: {iri} is not a concept of {v.scheme} in "
            + ", ".join(doc["provenance"]["concept_files"])
        )


def check_constants(shared: str, report: Report) -> None:
    for const, (iri, name) in vocab.CONSTANTS.items():
        if name is None:
            if not re.fullmatch(r"http://data\.europa\.eu/eli/reg_impl/\d{4}/\d+/oj", iri):
                report.errors.append(f"vocab.{const}: {iri} is not an ELI regulation IRI")
            continue
        check_iri(iri, name, f"vocab.{const}", shared, report)


def check_config_files(root: str, shared: str, report: Report) -> int:
    seen = 0
    paths = sorted(
        {
            p
            for pattern in CONFIG_GLOBS
            for p in glob.glob(os.path.join(root, pattern), recursive=True)
        }
    )
    for path in paths:
        if any(part in path.replace(os.sep, "/") for part in SKIP_PARTS):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.readlines()
        except (OSError, UnicodeDecodeError):
            continue
        rel = os.path.relpath(path, root)
        for lineno, line in enumerate(lines, 1):
            for m in _IRI_RE.finditer(line):
                iri = m.group(0).rstrip(".")
                if "{" in iri:
                    # an f-string/format template such as ".../municipalityKey/{ags}": the
                    # IRIs it builds are checked where they are used, not here
                    continue
                seen += 1
                check_iri(iri, None, f"{rel}:{lineno}", shared, report)
    return seen


def check(shared: str | None = None, root: str | None = None) -> Report:
    shared = shared or DEFAULT_SHARED
    root = root or REPO_ROOT
    report = Report()
    if not os.path.isdir(shared):
        report.errors.append(f"DCAT-AP.de folder {shared} not found (use --shared PATH)")
        return report
    for name in vocab.names():
        check_vocabulary(name, shared, report)
    check_constants(shared, report)
    n = check_config_files(root, shared, report)
    report.info.append(
        f"Konfiguration/configuration: {n} Vokabular-IRIs geprüft/vocabulary IRIs checked"
    )
    return report
