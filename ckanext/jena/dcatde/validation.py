"""Offline DCAT-AP.de validation with pySHACL and the official shapes (no CKAN needed).

The shapes and vocabularies are vendored in ``shacl/`` (see ``shacl/PROVENANCE.md``).
Each run is composed exactly as GovData's validator (``config.properties``) composes it:

- ``v30_de_spec``: DCAT-AP 3.0.0 base + DCAT-AP.de 3.0 shapes, deprecations, German
  additions, controlled vocabularies;
- ``v20_de_spec``: DCAT-AP 2.1.1 base + DCAT-AP.de 2.0 German messages, additions and
  deprecations;
- ``v20_de_spec_implr``: ``v20_de_spec`` + GovData's conventions (``Konventionen``).

All vocabularies are parsed once per process into one graph. For a validation only the
part of that graph the data can reach is added to the data graph: starting from every IRI
of the data, the vocabulary triples whose predicate some shape can read (see
:func:`relevant_predicates`), transitively. A full merge (what the README describes) adds
~93,000 triples per check; the closure a few dozen (the 8,000 ``skos:hasTopConcept`` edges
of the language scheme, for instance, are read by no shape).
``tests/dcatde/test_validation.py`` proves that the results equal the full merge's.

Known quirks of the official files and how they are handled (no check is weakened):

- ``r5r#`` vs ``r5r/``: the German 2.0 files and the 3.0 German additions/vocabulary
  shapes declare ``dcatap:`` as ``http://data.europa.eu/r5r#`` and the DCAT-AP 2.1.1 base
  as ``http://data.europa.eu/r5r`` (no separator), while the specifications, the
  DCAT-AP 3 base and all data use ``http://data.europa.eu/r5r/``. Their ``sh:path
  dcatap:availability`` checks therefore never fire. Every property shape with such a
  path gets a *twin* in the shapes graph (same constraints, same message, path in
  ``r5r/``, attached to the same node shapes; named ``<original>-r5r-slash``). The
  original shapes stay, so data in the wrong namespace is still checked as before; the
  data is never rewritten. Shape *names* in ``r5r#`` (the 2.1.1 base names its shapes
  there; the German messages attach to those names) are left alone.
- the unregistered contributor ID (Jena is not in the contributor list yet): the K12/13
  results (2.0 conventions) and the 3.0 vocabulary warning caused *only* by the configured
  ID not being registered are reported as one finding of their own (``report.contributor``),
  every other part of the rule stays a SHACL result; see :func:`_split_contributor_findings`.
- ``testcases/dcatapde-3.0-examples/DataService.ttl`` does not parse (its ``@prefix skos:``
  line lacks the final ``.``): the tests use ``tests/data/dcatde/DataService-fixed.ttl``,
  a copy with exactly that ``.`` added (asserted by a test).

Quirks that concern the *data* are handled by the export (``mapping.py``): no inference
(entailed types ``dcat:Resource``/``dcat:Dataset`` are stated), the licence list's
literal ``dct:type`` (licence IRIs are not typed ``dct:LicenseDocument``), the 3.0 base's
IRI/blank-node ``locn:geometry``, political-geocoding IRIs typed ``dct:Location`` (3.0).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import threading
import time
from collections.abc import Iterable

import rdflib
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import rdflib_bool_patch, rdflib_bool_unpatch
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

HERE = os.path.dirname(os.path.abspath(__file__))
SHACL_DIR = os.path.join(HERE, "shacl")

DCATDE = rdflib.Namespace("http://dcat-ap.de/def/dcatde/")
CONTRIBUTORS_SCHEME = URIRef("http://dcat-ap.de/def/contributors")
CONTRIBUTORS_PREFIX = "http://dcat-ap.de/def/contributors/"
CONTRIBUTOR_SHAPE = URIRef("http://dcat-ap.de/def/dcatde/Konv12_13_contributorID_v_List")

_V20 = (
    "v2.0/dcat-ap_2.1.1_shacl_shapes.ttl",
    "v2.0/dcat-ap-spec-german-messages.ttl",
    "v2.0/dcat-ap-spec-german-additions.ttl",
    "v2.0/dcat-ap-de-deprecated.ttl",
)
RUNS: dict[str, tuple[str, ...]] = {
    "v30_de_spec": (
        "v3.0/dcat-ap-SHACL.ttl",
        "v3.0/dcat-ap-SHACL-DE.ttl",
        "v3.0/dcat-ap-de-deprecated.ttl",
        "v3.0/dcat-ap-spec-german-additions.ttl",
        "v3.0/dcat-ap-de-controlledvocabularies.ttl",
    ),
    "v20_de_spec": _V20,
    "v20_de_spec_implr": _V20 + ("v2.0/dcat-ap-konventionen.ttl",),
}
#: the RDF profile whose output each run is meant for
RUN_PROFILE = {
    "v30_de_spec": "jena_dcat_ap_de",
    "v20_de_spec": "jena_dcat_ap_de_2",
    "v20_de_spec_implr": "jena_dcat_ap_de_2",
}

VOCABULARY_DIRS = ("vocabularies", "mirror", "contributors")

R5R_SLASH = "http://data.europa.eu/r5r/"
_R5R_WRONG = ("http://data.europa.eu/r5r#", "http://data.europa.eu/r5r")

SEVERITY_LABELS = {
    "Violation": "Verstoß",
    "Warning": "Warnung",
    "Info": "Hinweis",
}

_lock = threading.Lock()


def _fmt(path: str) -> str:
    if path.endswith(".ttl"):
        return "turtle"
    return "xml"


# -- shapes -----------------------------------------------------------------------------


def _fixed_r5r(term):
    """``r5r#x`` / ``r5rx`` (property local names) -> ``r5r/x``; None if not affected."""
    if not isinstance(term, URIRef):
        return None
    value = str(term)
    for wrong in _R5R_WRONG:
        if value.startswith(wrong) and not value.startswith(R5R_SLASH):
            local = value[len(wrong) :]
            if local and local[0].islower():
                return URIRef(R5R_SLASH + local)
    return None


def _copy_node(g: Graph, node, new_node, substitute: dict) -> None:
    """Copy all triples of ``node`` to ``new_node``, deep-copying blank nodes."""
    for _, p, o in list(g.triples((node, None, None))):
        o = substitute.get(o, o)
        if isinstance(o, BNode):
            o_new = BNode()
            _copy_node(g, o, o_new, substitute)
            o = o_new
        g.add((new_node, p, o))


def add_namespace_twins(g: Graph) -> list[tuple[str, str]]:
    """Twin every property shape whose ``sh:path`` is in the wrong ``r5r`` namespace.

    Returns ``(original shape, twin)`` pairs (as strings) for the documentation/tests.
    """
    twins = []
    for shape, path in list(g.subject_objects(SH.path)):
        fixed = _fixed_r5r(path)
        if fixed is None:
            continue
        twin = BNode() if isinstance(shape, BNode) else URIRef(f"{shape}-r5r-slash")
        _copy_node(g, shape, twin, {path: fixed})
        for parent, pred in list(g.subject_predicates(shape)):
            g.add((parent, pred, twin))
        twins.append((str(shape), str(twin)))
    return twins


@functools.cache
def shapes_graph(run: str) -> Graph:
    """The run's shapes graph, parsed once per process (quirk fixes applied)."""
    if run not in RUNS:
        raise ValueError(f"unknown validation run {run!r}; known: {', '.join(RUNS)}")
    g = Graph()
    rdflib_bool_patch()  # as pySHACL does when it loads a shapes graph
    try:
        for rel in RUNS[run]:
            g.parse(os.path.join(SHACL_DIR, rel), format=_fmt(rel))
    finally:
        rdflib_bool_unpatch()
    add_namespace_twins(g)
    return g


@functools.cache
def _validator_shapes(run: str) -> ShapesGraph:
    """A pySHACL ShapesGraph with the shapes harvested once (reused for every run)."""
    sg = ShapesGraph(shapes_graph(run))
    sg.shapes  # noqa: B018 - harvests and caches the shapes
    return sg


# -- vocabularies -----------------------------------------------------------------------


def vocabulary_files() -> list[str]:
    files = []
    for d in VOCABULARY_DIRS:
        folder = os.path.join(SHACL_DIR, d)
        for name in sorted(os.listdir(folder)):
            if name.endswith((".ttl", ".rdf", ".xml")):
                files.append(os.path.join(folder, name))
    return files


@functools.cache
def vocabulary_graph() -> Graph:
    """All vocabularies, mirrors and the contributor list in one graph (parsed once)."""
    g = Graph()
    for path in vocabulary_files():
        g.parse(path, format=_fmt(path))
    return g


@functools.cache
def registered_contributors() -> frozenset[str]:
    g = vocabulary_graph()
    return frozenset(str(s) for s in g.subjects(SKOS.inScheme, CONTRIBUTORS_SCHEME))


_TARGET_PREDICATES = (SH.targetSubjectsOf, SH.targetObjectsOf)


@functools.cache
def relevant_predicates(run: str) -> frozenset:
    """Every predicate the run's shapes can read: ``sh:path`` (with the IRIs inside path
    expressions), ``sh:targetSubjectsOf/ObjectsOf``, plus ``rdf:type`` and
    ``rdfs:subClassOf`` (targets and ``sh:class``). The shapes have no ``sh:closed true``,
    no SPARQL and no property-pair constraints, so vocabulary triples with any other
    predicate cannot change a result."""
    g = shapes_graph(run)
    found = {RDF.type, RDFS.subClassOf}

    def walk(node, seen):
        if node in seen:
            return
        seen.add(node)
        if isinstance(node, URIRef):
            found.add(node)
            return
        for _p, o in g.predicate_objects(node):
            walk(o, seen)

    for path in g.objects(None, SH.path):
        walk(path, set())
    for pred in _TARGET_PREDICATES:
        for o in g.objects(None, pred):
            if isinstance(o, URIRef):
                found.add(o)
    found.discard(RDF.nil)
    found.discard(RDF.first)
    found.discard(RDF.rest)
    return frozenset(found)


def _vocabulary_closure(data: Graph, vocab: Graph, predicates: frozenset) -> Iterable[tuple]:
    """Vocabulary triples reachable from the data over predicates the shapes can read
    (transitively: a concept, its scheme, the scheme's type, ...)."""
    seen: set = set()
    frontier = {t for triple in data for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    while frontier:
        nxt = set()
        for node in frontier:
            if node in seen:
                continue
            seen.add(node)
            for triple in vocab.triples((node, None, None)):
                if triple[1] not in predicates:
                    continue
                yield triple
                o = triple[2]
                if isinstance(o, (URIRef, BNode)) and o not in seen:
                    nxt.add(o)
        frontier = nxt


def build_data_graph(
    data: Graph,
    extra_vocabulary: Graph | None = None,
    full_merge: bool = False,
    run: str = "v30_de_spec",
) -> Graph:
    """The data graph pySHACL sees: the data plus the vocabularies it reaches.

    ``extra_vocabulary`` is added as if it were part of the vocabularies (used by tests to
    state a contributor-ID registration). ``full_merge`` adds every vocabulary triple
    (the README's reference procedure; slow, for comparison only).
    """
    vocab = vocabulary_graph()
    predicates = relevant_predicates(run)
    g = Graph()
    for t in data:
        g.add(t)
    sources = [vocab] + ([extra_vocabulary] if extra_vocabulary is not None else [])
    for source in sources:
        if full_merge:
            for t in source:
                g.add(t)
        else:
            for t in _vocabulary_closure(data, source, predicates):
                g.add(t)
    return g


# -- results ----------------------------------------------------------------------------


@dataclasses.dataclass
class Finding:
    severity: str  # Violation | Warning | Info
    message: str
    focus_node: str
    path: str
    value: str
    source_shape: str
    constraint: str
    code: str = "shacl"

    def as_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["severity_label"] = SEVERITY_LABELS.get(self.severity, self.severity)
        return d


@dataclasses.dataclass
class Report:
    run: str
    findings: list[Finding]
    contributor: dict | None = None
    seconds: float = 0.0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in SEVERITY_LABELS}

    def as_dict(self) -> dict:
        return {
            "run": self.run,
            "conforms": self.conforms,
            "counts": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
            "contributor": self.contributor,
            "seconds": round(self.seconds, 4),
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"Validierung gegen {self.run}"]
        counts = self.counts()
        lines.append(
            "Ergebnis: "
            + ", ".join(f"{SEVERITY_LABELS[s]}: {n}" for s, n in counts.items())
            + (" – konform" if self.conforms else " – NICHT konform")
        )
        for f in sorted(self.findings, key=_finding_sort_key):
            lines.append("")
            lines.append(f"[{SEVERITY_LABELS.get(f.severity, f.severity)}] {f.message}")
            lines.append(f"  Fokusknoten: {f.focus_node}")
            if f.path:
                lines.append(f"  Pfad:        {f.path}")
            if f.value:
                lines.append(f"  Wert:        {f.value}")
            lines.append(f"  Regel:       {f.source_shape}")
        if self.contributor:
            lines.append("")
            lines.append(self.contributor["message"])
            moved = self.contributor.get("findings") or []
            if moved:
                lines.append(
                    f"  ({len(moved)} Ergebnis(se) der Prüfung betreffen nur diese fehlende "
                    f"Registrierung und sind oben nicht mitgezählt: "
                    f"{len(self.contributor['affected_datasets'])} Datensatz/Datensätze.)"
                )
        return "\n".join(lines)


#: what makes two findings the same finding
KEY_FIELDS = ("severity", "focus_node", "path", "value", "source_shape", "constraint", "message")


def finding_key(f: Finding) -> tuple:
    return tuple(getattr(f, k) for k in KEY_FIELDS)


def distinct(findings: list[Finding]) -> list[Finding]:
    """Each finding once. pySHACL reports a node that is a target through
    ``sh:targetObjectsOf`` once per triple that makes it one (the contributor ID of a
    catalogue of 10,000 datasets: 10,000 identical warnings); the report states it once."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        seen.setdefault(finding_key(f), f)
    return list(seen.values())


def _finding_sort_key(f: Finding):
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return (order.get(f.severity, 3), f.focus_node, f.path, f.message)


def _message(report: Graph, result) -> str:
    messages = list(report.objects(result, SH.resultMessage))
    for lang in ("de", None, "en"):
        for m in messages:
            if isinstance(m, Literal) and m.language == lang:
                return str(m)
    if messages:
        return str(messages[0])
    return ""


def _node_text(report: Graph, node) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        # a path expression or a blank node of the data: show what can be shown
        parts = [f"{p.n3(report.namespace_manager)} {o}" for p, o in report.predicate_objects(node)]
        return "[" + "; ".join(parts) + "]" if parts else "_:" + str(node)
    if isinstance(node, URIRef):
        return str(node)
    return str(node)


def _findings(report: Graph) -> list[Finding]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        out.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=_message(report, result),
                focus_node=_node_text(report, report.value(result, SH.focusNode)),
                path=_node_text(report, report.value(result, SH.resultPath)),
                value=_node_text(report, report.value(result, SH.value)),
                source_shape=_node_text(report, report.value(result, SH.sourceShape)),
                constraint=str(report.value(result, SH.sourceConstraintComponent) or "").rsplit(
                    "#", 1
                )[-1],
            )
        )
    return sorted(out, key=_finding_sort_key)


# -- contributor ID -----------------------------------------------------------------------


def contributor_status(contributor_id: str | None) -> dict:
    """Whether ``contributor_id`` is a concept of the vendored contributor list."""
    cid = (contributor_id or "").strip()
    registered = cid in registered_contributors()
    in_namespace = cid.startswith(CONTRIBUTORS_PREFIX)
    if not cid:
        msg = (
            "Contributor-ID: keine konfiguriert (ckanext.jena.dcat.contributor_id). "
            "GovData verlangt nach Konvention 12/13 genau eine dcatde:contributorID aus "
            "http://dcat-ap.de/def/contributors/."
        )
    elif registered:
        msg = (
            f"Contributor-ID {cid} ist in der dcat-ap.de-Liste der Datenbereitsteller registriert."
        )
    else:
        msg = (
            f"Contributor-ID NICHT REGISTRIERT: {cid} steht nicht in der Liste "
            "http://dcat-ap.de/def/contributors (vendorte Fassung 20251021). GovData weist "
            "Datensätze ohne registrierte ID nach Konvention 12/13 zurück. Die ID beantragt die "
            "Kommune bei GovData (siehe README, Abschnitt „Contributor-ID“); bis dahin ist "
            "der konfigurierte Wert ein Platzhalter."
            + (
                ""
                if in_namespace
                else " Außerdem liegt der Wert nicht unter " + CONTRIBUTORS_PREFIX + "."
            )
        )
    return {
        "contributor_id": cid,
        "registered": registered,
        "in_namespace": in_namespace,
        "message": msg,
    }


def _split_contributor_findings(
    findings: list[Finding], data: Graph, contributor_id: str | None
) -> tuple[list[Finding], list[Finding]]:
    """Separate the results caused *only* by the configured ID being unregistered.

    Moved out of the SHACL findings are (a) GovData's K12/13 results (v20 conventions)
    for a focus node that carries exactly one ``dcatde:contributorID``, the configured
    ID, an IRI under ``http://dcat-ap.de/def/contributors/`` that is not in the list, and
    (b) the 3.0 vocabulary check of that very IRI (focus node = the ID, path
    ``skos:inScheme``). Every other result (missing ID, several IDs, a literal, a
    foreign IRI) stays where it is.
    """
    cid = (contributor_id or "").strip()
    if not cid or cid in registered_contributors() or not cid.startswith(CONTRIBUTORS_PREFIX):
        return findings, []
    kept, moved = [], []
    for f in findings:
        if f.source_shape == str(CONTRIBUTOR_SHAPE):
            values = list(data.objects(URIRef(f.focus_node), DCATDE.contributorID))
            if len(values) == 1 and values[0] == URIRef(cid):
                f.code = "contributor_id_unregistered"
                moved.append(f)
                continue
        if f.focus_node == cid and f.path == str(SKOS.inScheme):
            f.code = "contributor_id_unregistered"
            moved.append(f)
            continue
        kept.append(f)
    return kept, moved


# -- entry points -------------------------------------------------------------------------


def validate_graph(
    data: Graph,
    run: str = "v30_de_spec",
    extra_vocabulary: Graph | None = None,
    contributor_id: str | None = None,
    full_merge: bool = False,
) -> Report:
    """Validate an RDF graph with the run's shapes; returns a :class:`Report`.

    With ``contributor_id`` (the catalogue's configured ID) given, the registration of
    that ID is reported as its own finding (``report.contributor``) and the K12/13
    results caused only by it are not counted as SHACL violations (see
    :func:`_split_contributor_findings`).
    """
    sg = _validator_shapes(run)  # parsed once per process (see warm_up)
    vocabulary_graph()
    started = time.perf_counter()  # Report.seconds: this validation, without the warm-up
    dg = build_data_graph(data, extra_vocabulary, full_merge=full_merge, run=run)
    with _lock:  # pySHACL's shape objects are shared between runs
        validator = Validator(
            DataGraph.from_rdflib(dg),
            shacl_graph=shapes_graph(run),
            options={"inference": "none", "inplace": True, "allow_infos": True},
        )
        validator.shacl_graph = sg
        _conforms, report_graph, _text = validator.run()
    findings = distinct(_findings(report_graph))
    contributor = None
    if contributor_id is not None:
        findings, moved = _split_contributor_findings(findings, data, contributor_id)
        contributor = contributor_status(contributor_id)
        contributor["affected_datasets"] = (
            sorted(str(s) for s in set(data.subjects(DCATDE.contributorID, URIRef(contributor_id))))
            if moved
            else []
        )
        contributor["findings"] = [f.as_dict() for f in moved]
    return Report(run, findings, contributor, time.perf_counter() - started)


def validate_text(text: str, fmt: str = "turtle", run: str = "v30_de_spec", **kwargs) -> Report:
    g = Graph()
    g.parse(data=text, format=fmt)
    return validate_graph(g, run, **kwargs)


def warm_up(runs: Iterable[str] = tuple(RUNS)) -> None:
    """Parse vocabularies and shapes now (e.g. at start-up) instead of at the first check."""
    vocabulary_graph()
    for run in runs:
        _validator_shapes(run)
        relevant_predicates(run)
