"""CKAN-free DCAT import: DCAT-AP.de 1.0/2.0/3.0 and DCAT-AP 2/3 into Jena dataset dicts.

For the DCAT harvester::

    result = parse_catalog(text, "turtle")
    for dataset in result.datasets: ...      # Jena dataset dicts (doc/dataset-fields.rst)
    result.unknown_terms                     # [{subject, predicate, kept}], also logged
    result.next_page                         # hydra:next of a paged catalogue, or None

What the dicts carry beyond the schema fields: ``uri`` (the dataset's IRI in the source),
``type`` (``dataset`` / ``dataset_series``), ``organization`` (the dct:publisher as
``{title, uri, homepage, email, publisher_type}``, for mapping to a CKAN organization),
``jena_extra_rdf`` (Turtle with the terms the mapping does not know, re-emitted by the
export) and ``metadata_created`` / ``metadata_modified`` from a dcat:CatalogRecord.
"""

from __future__ import annotations

import dataclasses
import logging

from rdflib import Graph, URIRef

from ckanext.jena.dcatde import mapping

log = logging.getLogger(__name__)

FORMATS = {
    "ttl": "turtle",
    "turtle": "turtle",
    "text/turtle": "turtle",
    "rdf": "xml",
    "xml": "xml",
    "application/rdf+xml": "xml",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "application/ld+json": "json-ld",
    "nt": "nt",
    "n3": "n3",
}


class ParseError(ValueError):
    """The text is not RDF in the given format."""


@dataclasses.dataclass
class ParseResult:
    datasets: list[dict]
    unknown_terms: list[dict]
    next_page: str | None = None

    def __iter__(self):
        return iter(self.datasets)

    def __len__(self) -> int:
        return len(self.datasets)


def parse_graph(g: Graph, default_lang: str = "de") -> ParseResult:
    parser = mapping.DatasetParser(g, default_lang)
    datasets, unknown = [], []
    for ref in mapping.dataset_refs(g):
        d, terms = parser.dataset(ref)
        datasets.append(d)
        unknown.extend(t.as_dict() for t in terms)
    if unknown:
        log.info(
            "DCAT import: %d unknown term(s): %s",
            len(unknown),
            ", ".join(sorted({t["predicate"] for t in unknown})),
        )
    next_page = None
    for pred in (mapping.HYDRA.next, mapping.HYDRA.nextPage):
        for o in g.objects(None, pred):
            next_page = str(o)
    datasets.sort(key=lambda d: d.get("uri", ""))
    return ParseResult(datasets, unknown, next_page)


def parse_catalog(text: str | bytes, fmt: str = "turtle", base: str | None = None) -> ParseResult:
    """Parse a DCAT catalogue (or a single dataset document) into Jena dataset dicts."""
    rdf_format = FORMATS.get(fmt.lower(), fmt)
    g = Graph()
    try:
        g.parse(data=text, format=rdf_format, publicID=base)
    except Exception as e:  # rdflib raises many types (BadSyntax, SAXParseException, ...)
        raise ParseError(f"not parsable as {rdf_format}: {e}") from e
    return parse_graph(g)


__all__ = ["parse_catalog", "parse_graph", "ParseResult", "ParseError", "URIRef"]
