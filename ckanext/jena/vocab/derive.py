"""Derive the bundled vocabulary files from the DCAT-AP.de vocabulary folder.

Used by ``scripts/derive_vocabularies.py`` (writes ``data/*.json``) and by
:mod:`ckanext.jena.vocab.check` (reads the same source files to verify the bundle).
Needs rdflib (and pycountry for the language names); no CKAN.

Every vocabulary is described by a :class:`Spec`: the source files whose
``skos:inScheme`` statements define its concepts, the files its labels come from, how a
concept's code is formed, which source concepts are deliberately left out (and why) and
any extras. Rules that are not in the source files (labels written by this project,
the attribution rule of the licences, hex lengths) are stated in this module and copied
into the JSON files' ``provenance`` so that the bundle documents itself.
"""

from __future__ import annotations

import dataclasses
import gettext
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, SKOS

DCT = Namespace("http://purl.org/dc/terms/")
AT = Namespace("http://publications.europa.eu/ontology/authority/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
GOVDATA = Namespace("http://govdata.de/mqa/#")

EU = "http://publications.europa.eu/resource/authority/"
LICENSES = "http://dcat-ap.de/def/licenses"
HVD = "http://data.europa.eu/bna/asd487ae75"
LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level"
MUNICIPALITY = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey"
STATE = "http://dcat-ap.de/def/politicalGeocoding/stateKey"
DCATDE_HASH = "http://dcat-ap.de/def/hashAlgorithms"
ADMS_STATUS = "http://purl.org/adms/status/1.0"
SPDX_ALGORITHM = str(SPDX.ChecksumAlgorithm)

# The Publications Office's placeholder concept "Provisional data" (OP_DATPRO) is in
# every EU authority table but is not a value anybody should choose for data.
OP_DATPRO_REASON = (
    "OP_DATPRO 'Provisional data' is the Publications Office's placeholder, not a value for data"
)

# ---------------------------------------------------------------------------------------
# Rules and labels written by this project (not in the source files)
# ---------------------------------------------------------------------------------------

#: Licences whose terms oblige the user to name the source / rights holder
#: (dcatde:licenseAttributionByText is then required): every Datenlizenz Deutschland
#: "Namensnennung" licence and every Creative Commons "BY" licence (including the
#: NC/ND/SA variants), ODC-BY, ODbL (its §4.3 notice) and the two GeoNutz terms of use
#: (Quellenvermerk). Not: zero/public-domain dedications (dl-zero-de, cc-zero, ccpdm,
#: odcpddl, officialWork), software licences (apache, bsd, gpl, mozilla, gfdl: they ask to
#: keep licence notices, not to credit a data source) and the unspecified "other-*".
ATTRIBUTION_RULE = (
    "attribution_required = code starts with dl-by, cc-by or odby, or code is odbl, "
    "geonutz/20130319 or geoNutz/20131001 (terms requiring a Namensnennung/Quellenvermerk)"
)


def license_requires_attribution(code: str) -> bool:
    return code.startswith(("dl-by", "cc-by", "odby")) or code in {
        "odbl",
        "geonutz/20130319",
        "geoNutz/20131001",
    }


#: English names of the dcat-ap.de licences (the list has German names only).
LICENSE_EN = {
    "dl-zero-de/2.0": "Data licence Germany – Zero – Version 2.0",
    "dl-by-de/2.0": "Data licence Germany – attribution – Version 2.0",
    "dl-by-de/1.0": "Data licence Germany – attribution – Version 1.0",
    "dl-by-nc-de/1.0": "Data licence Germany – attribution – non-commercial – Version 1.0",
    "cc-by/4.0": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "cc-by": "Creative Commons Attribution (CC BY)",
    "cc-by-de/3.0": "Creative Commons Attribution 3.0 Germany (CC BY 3.0 DE)",
    "cc-by-sa": "Creative Commons Attribution-ShareAlike (CC BY-SA)",
    "cc-by-sa-de/3.0": "Creative Commons Attribution-ShareAlike 3.0 Germany (CC BY-SA 3.0 DE)",
    "cc-by-sa/4.0": "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
    "cc-by-nc": "Creative Commons Attribution-NonCommercial (CC BY-NC)",
    "cc-by-nc-de/3.0": "Creative Commons Attribution-NonCommercial 3.0 Germany (CC BY-NC 3.0 DE)",
    "cc-by-nc/4.0": "Creative Commons Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)",
    "cc-by-nd": "Creative Commons Attribution-NoDerivs (CC BY-ND)",
    "cc-by-nd/3.0": "Creative Commons Attribution-NoDerivs 3.0 Unported (CC BY-ND 3.0)",
    "cc-by-nd/4.0": "Creative Commons Attribution-NoDerivatives 4.0 International (CC BY-ND 4.0)",
    "ccpdm/1.0": "Public Domain Mark 1.0 (PDM)",
    "cc-zero": "Creative Commons CC Zero (CC0)",
    "apache": "Apache Software Foundation licence",
    "bsd": "BSD licence",
    "geonutz/20130319": "Terms of use for geodata of the Federation (GeoNutzV)",
    "geoNutz/20131001": "Terms of use for geodata of the State of Berlin",
    "gfdl": "GNU Free Documentation License (GFDL)",
    "gpl/3.0": "GNU General Public License version 3.0 (GPLv3)",
    "mozilla": "Mozilla Public License 2.0 (MPL)",
    "odbl": "Open Data Commons Open Database License (ODbL)",
    "odby": "Open Data Commons Attribution License (ODC-BY 1.0)",
    "odcpddl": "Open Data Commons Public Domain Dedication and Licence (ODC PDDL)",
    "officialWork": "Official work, free of copyright under § 5 (1) UrhG",
    "other-open": "Other open licence",
    "other-opensource": "Other open source licence",
    "other-closed": "Other closed licence",
    "other-commercial": "Other commercial licence",
    "other-freeware": "Other freeware licence",
}

#: Labels of the frequencies that are newer than the labelled 2022 table.
FREQUENCY_LABELS = {
    "1MIN": ("jede Minute", "every minute"),
    "5MIN": ("alle fünf Minuten", "every five minutes"),
    "10MIN": ("alle zehn Minuten", "every ten minutes"),
    "15MIN": ("alle fünfzehn Minuten", "every fifteen minutes"),
    "30MIN": ("alle dreißig Minuten", "every thirty minutes"),
    "12HRS": ("alle zwölf Stunden", "every twelve hours"),
    "AS_NEEDED": ("bei Bedarf", "as needed"),
    "NOT_PLANNED": ("nicht geplant", "not planned"),
    "SEXENNIAL": ("alle sechs Jahre", "sexennial"),
    "WEEKLY_5": ("fünfmal pro Woche", "five times a week"),
}

#: English labels of the political geocoding levels (the list is German only).
LEVEL_EN = {
    "international": "international level",
    "european": "EU level",
    "federal": "federal level",
    "state": "level of the federal states",
    "administrativeDistrict": "level of the districts and government regions",
    "municipality": "municipal level",
}

#: German labels of the ADMS status list (English only) and its DCAT-AP 3.0 counterpart.
ADMS_STATUS_DE = {
    "Completed": ("abgeschlossen", "COMPLETED"),
    "UnderDevelopment": ("in Entwicklung", "DEVELOP"),
    "Deprecated": ("veraltet", "DEPRECATED"),
    "Withdrawn": ("zurückgezogen", "WITHDRAWN"),
}

#: The federal states (state keys of the Amtlicher Gemeindeschlüssel).
STATE_NAMES = {
    "01": ("Schleswig-Holstein", "Schleswig-Holstein"),
    "02": ("Hamburg", "Hamburg"),
    "03": ("Niedersachsen", "Lower Saxony"),
    "04": ("Bremen", "Bremen"),
    "05": ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "06": ("Hessen", "Hesse"),
    "07": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "08": ("Baden-Württemberg", "Baden-Württemberg"),
    "09": ("Bayern", "Bavaria"),
    "10": ("Saarland", "Saarland"),
    "11": ("Berlin", "Berlin"),
    "12": ("Brandenburg", "Brandenburg"),
    "13": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    "14": ("Sachsen", "Saxony"),
    "15": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "16": ("Thüringen", "Thuringia"),
}

#: The kreisfreie Städte of Thuringia (the derived key list has no names; the other
#: Thuringian municipalities are labelled with their key).
THURINGIA_CITIES = {
    "16051000": "Erfurt",
    "16052000": "Gera",
    "16053000": "Jena",
    "16054000": "Suhl",
    "16055000": "Weimar",
    "16056000": "Eisenach",
}

#: Hash algorithms: short code -> (SPDX individual, dcat-ap.de hashAlgorithms path or
#: None, hex length of the digest or None when variable, label).
HASH_ALGORITHMS = {
    "md2": ("md2", "md/2", 32, "MD2"),
    "md4": ("md4", None, 32, "MD4"),
    "md5": ("md5", "md/5", 32, "MD5"),
    "md6": ("md6", None, None, "MD6"),
    "sha1": ("sha1", "sha/1", 40, "SHA-1"),
    "sha224": ("sha224", "sha/224", 56, "SHA-224"),
    "sha256": ("sha256", "sha/256", 64, "SHA-256"),
    "sha384": ("sha384", "sha/384", 96, "SHA-384"),
    "sha512": ("sha512", "sha/512", 128, "SHA-512"),
    "sha3_256": ("sha3_256", None, 64, "SHA3-256"),
    "sha3_384": ("sha3_384", None, 96, "SHA3-384"),
    "sha3_512": ("sha3_512", None, 128, "SHA3-512"),
    "blake2b256": ("blake2b256", None, 64, "BLAKE2b-256"),
    "blake2b384": ("blake2b384", None, 96, "BLAKE2b-384"),
    "blake2b512": ("blake2b512", None, 128, "BLAKE2b-512"),
    "blake3": ("blake3", None, 64, "BLAKE3"),
    "adler32": ("adler32", None, 8, "Adler-32"),
}
HASH_EXCLUDED_DCATDE = {
    DCATDE_HASH + "/md/1": "there is no MD1 algorithm; no SPDX counterpart, cannot be produced"
}


# ---------------------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Spec:
    name: str
    scheme: str
    title: tuple[str, str]
    concept_files: list[str]
    label_files: list[str] = dataclasses.field(default_factory=list)
    #: value stored in dataset dicts: "uri" or "code"
    stored_as: str = "uri"
    note: str = ""
    #: concept IRI -> code
    code: Callable[[str], str] = lambda uri: uri.rstrip("/").rsplit("/", 1)[-1]
    #: filter of source concepts: returns a reason string to exclude, or None
    exclude: Callable[[Graph, URIRef], str | None] = lambda g, s: None
    #: extras per concept
    extras: Callable[[Graph, URIRef, str], dict[str, Any]] = lambda g, s, c: {}
    #: project-written labels: code -> (de, en) used where the label files have none
    fallback_labels: Callable[[str], tuple[str | None, str | None]] = lambda c: (None, None)
    #: further source files the derivation reads (recorded in the provenance)
    project_rules: list[str] = dataclasses.field(default_factory=list)
    #: only concepts whose code starts with this prefix are bundled (others are not
    #: listed one by one in "excluded")
    code_prefix: str | None = None
    code_prefix_reason: str = ""


def _op_datpro(g: Graph, s: URIRef) -> str | None:
    return OP_DATPRO_REASON if str(s).endswith("/OP_DATPRO") else None


def _deprecated(g: Graph, s: URIRef, code: str) -> dict[str, Any]:
    dep = g.value(s, AT.deprecated)
    return {"deprecated": True} if dep is not None and str(dep).lower() == "true" else {}


def _license_extras(open_graph: Graph) -> Callable[[Graph, URIRef, str], dict[str, Any]]:
    def extras(g: Graph, s: URIRef, code: str) -> dict[str, Any]:
        is_open = open_graph.value(s, GOVDATA.isOpenLicense)
        homepage = g.value(s, FOAF.homepage)
        return {
            "attribution_required": license_requires_attribution(code),
            "open": is_open is not None and str(is_open).lower() == "true",
            "type": str(g.value(s, DCT.type) or "").strip(),
            "homepage": str(homepage) if homepage is not None else None,
        }

    return extras


def _hvd_depth(g: Graph, s: URIRef) -> int:
    depth = 0
    node = g.value(s, SKOS.broader)
    while node is not None:
        depth += 1
        node = g.value(node, SKOS.broader)
    return depth


def _hvd_extras(g: Graph, s: URIRef, code: str) -> dict[str, Any]:
    broader = g.value(s, SKOS.broader)
    return {"broader": str(broader) if broader is not None else None, "top": broader is None}


def _language_labels() -> Callable[[str], tuple[str | None, str | None]]:
    import pycountry

    de = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    de5 = gettext.translation("iso639-5", pycountry.LOCALES_DIR, languages=["de"], fallback=True)

    def labels(code: str) -> tuple[str | None, str | None]:
        lang = pycountry.languages.get(alpha_3=code.lower())
        if lang is not None:
            return de.gettext(lang.name), lang.name
        fam = pycountry.language_families.get(alpha_3=code.lower())
        if fam is not None:
            return de5.gettext(fam.name), fam.name
        return None, None

    return labels


#: The 24 official languages of the EU (a short list for forms).
EU_OFFICIAL_LANGUAGES = set(
    "BUL CES DAN DEU ELL ENG EST FIN FRA GLE HRV HUN ITA LAV LIT MLT NLD POL POR RON SLK "
    "SLV SPA SWE".split()
)


def _language_extras(g: Graph, s: URIRef, code: str) -> dict[str, Any]:
    import pycountry

    lang = pycountry.languages.get(alpha_3=code.lower())
    alpha_2 = getattr(lang, "alpha_2", None) if lang is not None else None
    extras: dict[str, Any] = {"iso639_1": alpha_2} if alpha_2 else {}
    if code in EU_OFFICIAL_LANGUAGES:
        extras["eu_official"] = True
    return extras


def specs(shared: str) -> dict[str, Spec]:
    voc = "vocabularies/"
    open_graph = parse(os.path.join(shared, "dashboard-alpha/dcat-ap-de-licenses-open.rdf"))
    return {
        "license": Spec(
            name="license",
            scheme=LICENSES,
            title=("Lizenzen (dcat-ap.de)", "Licences (dcat-ap.de)"),
            concept_files=[voc + "dcat-ap-de-licenses-20210721.rdf"],
            label_files=[voc + "dcat-ap-de-licenses-20210721.rdf"],
            stored_as="code",
            code=lambda uri: uri[len(LICENSES) + 1 :],
            extras=_license_extras(open_graph),
            fallback_labels=lambda c: (None, LICENSE_EN.get(c)),
            note="open = govdata:isOpenLicense of dashboard-alpha/dcat-ap-de-licenses-open.rdf; "
            + ATTRIBUTION_RULE
            + "; English names written by this project",
            project_rules=["dashboard-alpha/dcat-ap-de-licenses-open.rdf"],
        ),
        "theme": Spec(
            name="theme",
            scheme=EU + "data-theme",
            title=("Themen (EU)", "Data themes (EU)"),
            concept_files=[voc + "data-theme-skos-ap-act.ttl"],
            label_files=[voc + "data-theme-skos-ap-act.ttl"],
            exclude=_op_datpro,
            extras=_deprecated,
        ),
        "hvd_category": Spec(
            name="hvd_category",
            scheme=HVD,
            title=("Hochwertige Datensätze: Kategorien", "High-value dataset categories"),
            concept_files=[voc + "optional/high-value-dataset-category.rdf"],
            label_files=[voc + "optional/high-value-dataset-category.rdf"],
            code=lambda uri: uri.rsplit("/", 1)[-1],
            exclude=lambda g, s: (
                "only the 6 top categories and their direct sub-categories are offered"
                if _hvd_depth(g, s) > 1
                else None
            ),
            extras=_hvd_extras,
        ),
        "frequency": Spec(
            name="frequency",
            scheme=EU + "frequency",
            title=("Aktualisierungsfrequenz (EU)", "Frequency (EU)"),
            concept_files=[voc + "frequency.rdf"],
            label_files=[voc + "frequencies.rdf"],
            exclude=_op_datpro,
            extras=_deprecated,
            fallback_labels=lambda c: FREQUENCY_LABELS.get(c, (None, None)),
            note="concepts of frequency.rdf (20260617-0), labels of frequencies.rdf (20220615-0); "
            "labels of the 10 newer frequencies written by this project",
        ),
        "file_type": Spec(
            name="file_type",
            scheme=EU + "file-type",
            title=("Dateiformate (EU)", "File types (EU)"),
            concept_files=[voc + "file-type.rdf", voc + "filetypes-skos-ap-act.ttl"],
            label_files=[voc + "filetypes-skos-ap-act.ttl"],
            stored_as="code",
            exclude=_op_datpro,
            extras=_deprecated,
            note="concepts of file-type.rdf (20260318-0) and filetypes-skos-ap-act.ttl (20171213-0); "
            "labels (English, used for German too) from the 2017 table, else the code",
        ),
        "language": Spec(
            name="language",
            scheme=EU + "language",
            title=("Sprachen (EU)", "Languages (EU)"),
            concept_files=[voc + "language.rdf"],
            exclude=_op_datpro,
            extras=_language_extras,
            fallback_labels=_language_labels(),
            note="the source has no labels: names from pycountry 26.2.16 (ISO 639-3/639-5 "
            "names and the iso-codes German translations), else the code; extras.iso639_1 "
            "from pycountry; extras.eu_official marks the 24 official EU languages",
        ),
        "access_right": Spec(
            name="access_right",
            scheme=EU + "access-right",
            title=("Zugriffsrechte (EU)", "Access rights (EU)"),
            concept_files=[voc + "access-right-skos.rdf"],
            label_files=[voc + "access-right-skos.rdf"],
            exclude=_op_datpro,
            extras=_deprecated,
        ),
        "availability": Spec(
            name="availability",
            scheme=EU + "planned-availability",
            title=("Geplante Verfügbarkeit (EU)", "Planned availability (EU)"),
            concept_files=[voc + "planned-availability.rdf"],
            label_files=[voc + "planned-availability.rdf"],
            exclude=_op_datpro,
            extras=_deprecated,
        ),
        "geocoding_level": Spec(
            name="geocoding_level",
            scheme=LEVEL,
            title=("Ebene der politischen Geokodierung", "Political geocoding level"),
            concept_files=[voc + "dcat-ap-de-politicalGeocoding-Level-1_0.ttl"],
            label_files=[voc + "dcat-ap-de-politicalGeocoding-Level-1_0.ttl"],
            fallback_labels=lambda c: (None, LEVEL_EN.get(c)),
            note="English labels written by this project",
        ),
        "distribution_status": Spec(
            name="distribution_status",
            scheme=EU + "distribution-status",
            title=("Status der Distribution (EU, DCAT-AP.de 3.0)", "Distribution status (EU)"),
            concept_files=[voc + "distribution-status-skos.rdf"],
            label_files=[voc + "distribution-status-skos.rdf"],
            exclude=_op_datpro,
            extras=_deprecated,
        ),
        "adms_status": Spec(
            name="adms_status",
            scheme=ADMS_STATUS,
            title=("Status (ADMS, DCAT-AP.de 2.0)", "Status (ADMS)"),
            concept_files=[voc + "ADMS_SKOS_v1.00.rdf"],
            label_files=[voc + "ADMS_SKOS_v1.00.rdf"],
            stored_as="code",
            extras=lambda g, s, c: {
                "distribution_status": EU + "distribution-status/" + ADMS_STATUS_DE[c][1]
            },
            fallback_labels=lambda c: (ADMS_STATUS_DE[c][0], None),
            note="German labels and the mapping to the EU distribution-status list written by this project",
        ),
        "hash_algorithm": Spec(
            name="hash_algorithm",
            scheme=SPDX_ALGORITHM,
            title=("Prüfsummenalgorithmen", "Checksum algorithms"),
            concept_files=[
                voc + "spdx-ontology.owl.xml",
                voc + "derived_dcat-ap-de_hashAlgorithms_1_0.ttl",
            ],
            stored_as="code",
            note="uri = SPDX individual (DCAT-AP.de 3.0), extras.dcatde_uri = dcat-ap.de "
            "hashAlgorithms IRI (2.0); hex lengths and labels written by this project",
        ),
        "state_key": Spec(
            name="state_key",
            scheme=STATE,
            title=("Bundesländer (Länderschlüssel)", "Federal states (state keys)"),
            concept_files=[voc + "derived_dcat-ap-de_stateKey_20100401.ttl"],
            fallback_labels=lambda c: STATE_NAMES.get(c, (None, None)),
            note="the derived list has no labels: state names written by this project",
        ),
        "municipality_key": Spec(
            name="municipality_key",
            scheme=MUNICIPALITY,
            title=("Gemeindeschlüssel Thüringen", "Municipality keys of Thuringia"),
            concept_files=[
                voc + "derived_dcat-ap-de_municipalityKey_from-regionalKey-20191231.ttl"
            ],
            code_prefix="16",
            code_prefix_reason="only Thuringia (state key 16) is bundled",
            extras=lambda g, s, c: {"state_key": c[:2]},
            fallback_labels=lambda c: (
                (THURINGIA_CITIES[c], THURINGIA_CITIES[c]) if c in THURINGIA_CITIES else (c, c)
            ),
            note="only the 634 Thuringian keys (16*) of the 11294 in the derived 2019 list are "
            "bundled; names of the six kreisfreie Städte written by this project, other "
            "municipalities are labelled with their key",
        ),
    }


# ---------------------------------------------------------------------------------------
# Derivation
# ---------------------------------------------------------------------------------------

_graphs: dict[str, Graph] = {}


def parse(path: str) -> Graph:
    path = os.path.abspath(path)
    if path not in _graphs:
        g = Graph()
        g.parse(path, format="turtle" if path.endswith(".ttl") else "xml")
        _graphs[path] = g
    return _graphs[path]


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pref_labels(g: Graph, s: URIRef) -> dict[str, str]:
    """The skos:prefLabel per language (de, en), the smallest if several."""
    found: dict[str, list[str]] = {}
    for lit in g.objects(s, SKOS.prefLabel):
        if isinstance(lit, Literal) and lit.language in ("de", "en"):
            found.setdefault(lit.language, []).append(" ".join(str(lit).split()))
    return {lang: sorted(values)[0] for lang, values in found.items()}


def source_concepts(shared: str, spec: Spec) -> tuple[dict[str, URIRef], dict[str, Graph]]:
    """All concepts of the spec's scheme in its concept files: uri -> (uri, graph)."""
    concepts: dict[str, Graph] = {}
    scheme = URIRef(spec.scheme)
    for rel in spec.concept_files:
        g = parse(os.path.join(shared, rel))
        if spec.scheme == SPDX_ALGORITHM:
            subjects: Iterable = g.subjects(RDF.type, SPDX.ChecksumAlgorithm)
        else:
            subjects = g.subjects(SKOS.inScheme, scheme)
        for s in subjects:
            concepts.setdefault(str(s), g)
    return {u: URIRef(u) for u in concepts}, concepts


def derive(shared: str, spec: Spec) -> dict[str, Any]:
    if spec.name == "hash_algorithm":
        return _derive_hash(shared, spec)
    uris, graphs = source_concepts(shared, spec)
    label_graphs = [parse(os.path.join(shared, rel)) for rel in spec.label_files]
    concepts = []
    excluded = []
    for uri in sorted(uris):
        g = graphs[uri]
        if spec.code_prefix and not spec.code(uri).startswith(spec.code_prefix):
            continue
        reason = spec.exclude(g, uris[uri])
        if reason:
            excluded.append({"uri": uri, "reason": reason})
            continue
        code = spec.code(uri)
        labels: dict[str, str] = {}
        for lg in label_graphs:
            for lang, value in pref_labels(lg, uris[uri]).items():
                labels.setdefault(lang, value)
        fb_de, fb_en = spec.fallback_labels(code)
        label_de = labels.get("de") or fb_de or labels.get("en") or fb_en or code
        label_en = labels.get("en") or fb_en or labels.get("de") or fb_de or code
        extras: dict[str, Any] = {}
        for eg in [g] + label_graphs:
            extras.update(spec.extras(eg, uris[uri], code))
        concepts.append(
            {"uri": uri, "code": code, "label_de": label_de, "label_en": label_en, "extras": extras}
        )
    concepts.sort(key=_sort_key(spec))
    return _document(shared, spec, concepts, excluded)


def _sort_key(spec: Spec) -> Callable[[dict[str, Any]], Any]:
    if spec.name == "hvd_category":
        # top categories, each followed by its sub-categories
        return lambda c: (c["extras"]["broader"] or c["uri"], not c["extras"]["top"], c["label_en"])
    if spec.name in ("license", "file_type", "language", "municipality_key", "state_key"):
        return lambda c: c["code"].lower()
    return lambda c: c["label_de"].lower()


def _derive_hash(shared: str, spec: Spec) -> dict[str, Any]:
    uris, _graphs_ = source_concepts(shared, spec)
    dcatde = parse(os.path.join(shared, spec.concept_files[1]))
    concepts = []
    for code, (spdx_name, dcatde_path, hex_length, label) in HASH_ALGORITHMS.items():
        spdx_uri = str(SPDX["checksumAlgorithm_" + spdx_name])
        dcatde_uri = f"{DCATDE_HASH}/{dcatde_path}" if dcatde_path else None
        concepts.append(
            {
                "uri": spdx_uri,
                "code": code,
                "label_de": label,
                "label_en": label,
                "extras": {
                    "spdx_uri": spdx_uri,
                    "dcatde_uri": dcatde_uri,
                    "hex_length": hex_length,
                },
            }
        )
    excluded = [{"uri": u, "reason": r} for u, r in sorted(HASH_EXCLUDED_DCATDE.items())]
    bundled = {c["uri"] for c in concepts}
    excluded += [
        {"uri": u, "reason": "no short code defined"}
        for u in sorted(set(uris) - bundled)
        if not u.startswith(DCATDE_HASH)
    ]
    mapped = {c["extras"]["dcatde_uri"] for c in concepts}
    for s in sorted(dcatde.subjects(SKOS.inScheme, URIRef(DCATDE_HASH))):
        if str(s) not in mapped and str(s) not in HASH_EXCLUDED_DCATDE:
            excluded.append({"uri": str(s), "reason": "no short code defined"})
    return _document(shared, spec, concepts, excluded)


def _document(
    shared: str, spec: Spec, concepts: list[dict[str, Any]], excluded: list[dict[str, Any]]
) -> dict[str, Any]:
    files = sorted(set(spec.concept_files + spec.label_files + spec.project_rules))
    return {
        "name": spec.name,
        "scheme": spec.scheme,
        "title": {"de": spec.title[0], "en": spec.title[1]},
        "stored_as": spec.stored_as,
        "subset": (
            {"code_prefix": spec.code_prefix, "reason": spec.code_prefix_reason}
            if spec.code_prefix
            else None
        ),
        "provenance": {
            "sources": [
                {"file": rel, "sha256": sha256(os.path.join(shared, rel))} for rel in files
            ],
            "concept_files": spec.concept_files,
            "label_files": spec.label_files,
            "note": spec.note,
            "generator": "scripts/derive_vocabularies.py",
        },
        "excluded": excluded,
        "concepts": concepts,
    }


def dumps(doc: dict[str, Any]) -> str:
    """JSON with one concept (and one exclusion) per line, for readable diffs."""
    head = {k: v for k, v in doc.items() if k not in ("concepts", "excluded")}
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    parts = [text + ","]
    for key in ("excluded", "concepts"):
        items = doc[key]
        parts.append(f'  "{key}": [')
        lines = ["    " + json.dumps(item, ensure_ascii=False, sort_keys=False) for item in items]
        parts.append(",\n".join(lines))
        parts.append("  ]" + ("," if key == "excluded" else ""))
    parts.append("}")
    return "\n".join(p for p in parts if p) + "\n"


def write_all(shared: str, out_dir: str, names: Iterable[str] | None = None) -> list[str]:
    written = []
    all_specs = specs(shared)
    for spec in all_specs.values():
        if names and spec.name not in names:
            continue
        doc = derive(shared, spec)
        path = os.path.join(out_dir, f"{spec.name}.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(dumps(doc))
        written.append(path)
    return written
