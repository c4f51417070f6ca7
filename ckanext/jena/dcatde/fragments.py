"""Catalogue pages assembled from cached per-dataset fragments (Jena profiles).

ckanext-dcat builds one rdflib graph per catalogue page on every request and serialises
it; for a page of 100 datasets that is ~1.7 s of graph building (the profiles) and
~1.2 s of Turtle serialisation (namespace/qname lookups), against ~0.07 s for the search
(measured with ``bench/run.py``). Here each dataset's triples are serialised once per
format and kept in Redis; a page is the catalogue's own triples
(catalogue, ``dcat:dataset`` links, hydra paging) serialised by rdflib, followed by the
datasets' fragments. The result parses to a graph isomorphic to the uncached
serialisation (``tests/bench/test_fragments.py``).

Keys: ``<site>:<generation>:<profiles>:<format>:<dataset id>:<metadata_modified>:<sha1 of its
organization>``; the page search asks Solr for these three fields only, the full dicts
of the datasets without a fragment come from one more search. A changed dataset (CKAN
sets a new ``metadata_modified`` on every change, also of resources) or a changed
organization (publisher fields) gets a new key, so an outdated fragment is never served; the
*generation* hashes the profile code, the schemas, the vocabularies and the catalogue
configuration, so deploying a new profile/schema/vocabulary or changing the configuration
invalidates every fragment at once. Unused keys expire (``ckanext.jena.dcat.fragment_ttl``).

Pages in Turtle, RDF/XML and JSON-LD of the ``jena_dcat_ap_de`` / ``jena_dcat_ap_de_2``
profiles are assembled (one fragment per dataset and format: Turtle statements with their
prefixes, RDF/XML elements that declare their namespaces, JSON-LD node objects); other
formats and profiles go through ckanext-dcat unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from ckan.types import Action, Context, DataDict
from rdflib import RDF, URIRef

from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.utils import url_to_rdflib_format
from ckanext.jena.dcatde import paging
from ckanext.jena.dcatde.logic import Serializer

JENA_PROFILES = ("jena_dcat_ap_de", "jena_dcat_ap_de_2")
#: context flag: the catalogue page search returns only the fields of the cache key
KEYS_ONLY = "jena_dcat_fragment_keys"
DCAT_DATASET = URIRef("http://www.w3.org/ns/dcat#dataset")
DCAT_RECORD = URIRef("http://www.w3.org/ns/dcat#record")
DCAT_CATALOG_RECORD = URIRef("http://www.w3.org/ns/dcat#CatalogRecord")
HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)


def enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.jena.dcat.fragment_cache", True))


def _files_digest(h, folder: str, suffixes: tuple[str, ...]) -> None:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(suffixes):
                path = os.path.join(root, name)
                h.update(os.path.relpath(path, PACKAGE).encode())
                with open(path, "rb") as f:
                    h.update(hashlib.sha1(f.read()).digest())


@functools.cache
def _code_digest() -> str:
    """Profile code, schemas and vocabularies (read once per process: a deployment
    restarts the processes)."""
    h = hashlib.sha1()
    _files_digest(h, HERE, (".py",))
    _files_digest(h, os.path.join(PACKAGE, "schema"), (".yaml", ".json"))
    _files_digest(h, os.path.join(PACKAGE, "vocab"), (".json", ".ttl", ".rdf", ".py"))
    import ckanext.dcat

    h.update(getattr(ckanext.dcat, "__version__", "").encode())
    return h.hexdigest()


def generation() -> str:
    """Code digest + every configuration option the serialisation reads."""
    h = hashlib.sha1(_code_digest().encode())
    for key in sorted(tk.config):
        if key.startswith(("ckanext.dcat.", "ckanext.jena.dcat.", "scheming.")) or key in (
            "ckan.site_url",
            "ckan.site_id",
            "ckan.locale_default",
            "ckan.root_path",
        ):
            h.update(f"{key}={tk.config.get(key)}\n".encode())
    return h.hexdigest()[:16]


def _ttl() -> int:
    return int(tk.config.get("ckanext.jena.dcat.fragment_ttl", 7 * 24 * 3600))


def _digest(value: Any) -> str:
    return hashlib.sha1(
        json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


@functools.lru_cache(maxsize=256)
def _org_digest_cached(org_id: str, _epoch: int) -> str:
    try:
        org = tk.get_action("organization_show")(
            {"ignore_auth": True}, {"id": org_id, "include_datasets": False}
        )
    except tk.ObjectNotFound:
        return "-"
    return _digest(org)


def _org_digest(org_id: str | None) -> str:
    if not org_id:
        return "-"
    import time

    return _org_digest_cached(org_id, int(time.time() // 10))  # as the profile's org cache


def fragment_key(
    dataset_dict: dict[str, Any], profiles: list[str], gen: str | None = None, fmt: str = "turtle"
) -> str:
    """``dataset_dict`` needs ``id``, ``metadata_modified`` and ``owner_org`` only (CKAN
    sets a new ``metadata_modified`` on every change of the dataset or its resources)."""
    site = tk.config.get("ckan.site_id") or "default"
    return (
        f"jena:dcatfrag:{site}:{gen or generation()}:{'+'.join(profiles)}:{fmt}:"
        f"{dataset_dict['id']}:{dataset_dict.get('metadata_modified')}:"
        f"{_org_digest(dataset_dict.get('owner_org'))}"
    )


#: rdflib format -> how the fragments of a page are stored and joined
FORMATS = ("turtle", "pretty-xml", "json-ld")
_XML_PARSER = None


def _xml_parser():
    global _XML_PARSER
    if _XML_PARSER is None:
        from lxml import etree

        _XML_PARSER = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=True
        )
    return _XML_PARSER


def _turtle_body(text: str) -> tuple[list[tuple[str, str]], str]:
    """The ``@prefix`` lines of an rdflib Turtle document and the rest of it."""
    prefixes = []
    lines = text.split("\n")
    k = 0
    while k < len(lines) and (lines[k].startswith("@prefix ") or not lines[k].strip()):
        line = lines[k]
        if line.startswith("@prefix "):
            name, iri = line[len("@prefix ") :].rstrip(" .").split(" ", 1)
            prefixes.append((name, iri))
        k += 1
    return prefixes, "\n".join(lines[k:])


def _serialize_body(graph: Any, fmt: str) -> bytes:
    """One dataset's triples in ``fmt`` as a piece a page can be joined from: Turtle
    statements with their prefixes on the first line, RDF/XML top-level elements that
    declare their own namespaces, JSON-LD node objects without the enclosing array."""
    if fmt == "turtle":
        prefixes, body = _turtle_body(graph.serialize(format="turtle"))
        return (" ".join(f"{n} {i}" for n, i in prefixes) + "\n" + body).encode("utf-8")
    if fmt == "pretty-xml":
        from lxml import etree

        root = etree.fromstring(
            graph.serialize(format="pretty-xml", encoding="utf-8"), _xml_parser()
        )
        return b"\n".join(
            etree.tostring(child, encoding="utf-8", with_tail=False).replace(
                b"<?xml version='1.0' encoding='utf-8'?>\n", b""
            )
            for child in root
        )
    text = graph.serialize(format="json-ld").strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise ValueError("rdflib's JSON-LD of a dataset is not a node array")
    return text[1:-1].strip().encode("utf-8")


def _build(
    dataset_dict: dict[str, Any], profiles: list[str], fmts: tuple[str, ...] = ("turtle",)
) -> dict[str, bytes]:
    """The dataset's fragment in each of ``fmts``, from one graph."""
    serializer = Serializer(profiles=profiles)
    ref = serializer.graph_from_dataset(dataset_dict)
    records = sorted(str(r) for r in serializer.g.subjects(RDF.type, DCAT_CATALOG_RECORD))
    head = f"{ref}\n{' '.join(records)}\n".encode()
    return {fmt: head + _serialize_body(serializer.g, fmt) for fmt in fmts}


def _split(entry: bytes) -> tuple[str, list[str], bytes]:
    ref, records, body = entry.split(b"\n", 2)
    return ref.decode(), records.decode().split(), body


def _full_dicts(
    hits: list[dict[str, Any]], ids: list[str], context: Context | None
) -> dict[str, dict[str, Any]]:
    if all("title" in d for d in hits):  # full dicts already
        return {d["id"]: d for d in hits}
    ctx = {k: v for k, v in (context or {}).items() if k != KEYS_ONLY}
    found = tk.get_action("package_search")(
        {**ctx, "ignore_auth": True},
        {
            "fq": "id:(" + " OR ".join(f'"{i}"' for i in ids) + ")",
            "rows": len(ids),
            "include_private": False,
        },
    )["results"]
    return {d["id"]: d for d in found}


def fragments_in(
    hits: list[dict[str, Any]],
    profiles: list[str],
    fmts: tuple[str, ...],
    context: Context | None = None,
) -> dict[str, list[bytes]]:
    """Per format, the stored fragment of each hit (None for a dataset that is no longer
    public); the missing ones are built (one graph per dataset for all its missing
    formats) and stored. One Redis round trip for the
    cached ones, one search for the full dicts of the others."""
    gen = generation()
    keys = {fmt: [fragment_key(d, profiles, gen, fmt) for d in hits] for fmt in fmts}
    redis = connect_to_redis()
    flat = redis.mget([k for fmt in fmts for k in keys[fmt]])
    entries = {fmt: flat[i * len(hits) : (i + 1) * len(hits)] for i, fmt in enumerate(fmts)}
    missing = {n: tuple(fmt for fmt in fmts if entries[fmt][n] is None) for n in range(len(hits))}
    missing = {n: f for n, f in missing.items() if f}
    if missing:
        full = _full_dicts(hits, [hits[n]["id"] for n in missing], context)
        pipe = redis.pipeline(transaction=False)
        for n, todo in missing.items():
            if hits[n]["id"] not in full:  # made private or deleted since the page search
                continue
            for fmt, entry in _build(full[hits[n]["id"]], profiles, todo).items():
                entries[fmt][n] = entry
                pipe.set(keys[fmt][n], entry, ex=_ttl())
        pipe.execute()
    return entries


def dataset_fragments(
    hits: list[dict[str, Any]],
    profiles: list[str],
    context: Context | None = None,
    fmt: str = "turtle",
) -> list[tuple[str, list[str], bytes]]:
    """Per search hit (``id``, ``metadata_modified``, ``owner_org``; or a full dataset
    dict): (dataset IRI, IRIs of its catalogue records, the dataset in ``fmt``, see
    :func:`_serialize_body`), serialised once per content. The records are linked from
    the page's catalogue (``dcat:record``), as the profile links them from every
    catalogue of the graph it serialises into."""
    if not hits:
        return []
    entries = fragments_in(hits, profiles, (fmt,), context)[fmt]
    return [_split(e) for e in entries if e is not None]


def dataset_fragment(
    dataset_dict: dict[str, Any], profiles: list[str], fmt: str = "turtle"
) -> tuple[str, list[str], bytes]:
    return dataset_fragments([dataset_dict], profiles, fmt=fmt)[0]


def _profiles(data_dict: DataDict) -> list[str] | None:
    profiles = data_dict.get("profiles")
    if not profiles:
        profiles = (tk.config.get("ckanext.dcat.rdf.profiles") or "").split()
    if isinstance(profiles, str):
        profiles = profiles.replace(",", " ").split()
    if profiles and all(p in JENA_PROFILES for p in profiles):
        return list(profiles)
    return None


def _join_turtle(head: str, bodies: list[bytes]) -> str:
    """Turtle page: the catalogue's triples, then each fragment preceded by those of its
    prefixes the page has not declared yet with the same IRI (a redeclared prefix holds
    from there on, so every fragment reads its own prefixes)."""
    declared = dict(_turtle_body(head)[0])
    out = [head, "\n"]
    for body in bodies:
        line, text = body.decode("utf-8").split("\n", 1)
        words = line.split()
        for name, iri in zip(words[::2], words[1::2], strict=True):
            if declared.get(name) != iri:
                declared[name] = iri
                out.append(f"@prefix {name} {iri} .\n")
        out.append(text)
    return "".join(out)


def _join_xml(head: str, bodies: list[bytes]) -> str:
    end = head.rstrip().rfind("</rdf:RDF>")
    if end < 0:
        raise ValueError("rdflib's RDF/XML of the catalogue has no closing rdf:RDF")
    return head[:end] + "\n".join(b.decode("utf-8") for b in bodies) + "\n" + head[end:]


def _join_jsonld(head: str, bodies: list[bytes]) -> str:
    head = head.rstrip()
    if not head.endswith("]"):
        raise ValueError("rdflib's JSON-LD of the catalogue is not a node array")
    parts = [b.decode("utf-8") for b in bodies if b.strip()]
    if not parts:
        return head
    return head[:-1].rstrip() + ",\n" + ",\n".join(parts) + "\n]"


_JOIN = {"turtle": _join_turtle, "pretty-xml": _join_xml, "json-ld": _join_jsonld}
#: the page's own triples (catalogue, dataset links, paging) are serialised per page:
#: in RDF/XML with rdflib's plain serializer (a third of the pretty one's time for the same
#: graph), in Turtle as N-Triples (valid Turtle; rdflib's Turtle serializer took 38 ms per
#: page under cProfile). The fragments stay pretty: they are built once.
_HEAD_FORMAT = {"pretty-xml": "xml", "turtle": "nt"}


def serialize_catalog_page(
    dataset_dicts: list[dict[str, Any]],
    profiles: list[str],
    pagination_info: dict | None,
    context: Context | None = None,
    fmt: str = "turtle",
) -> str:
    """The catalogue page in ``fmt`` (one of :data:`FORMATS`): catalogue triples, then the
    datasets' fragments."""
    serializer = Serializer(profiles=profiles)
    catalog_ref = serializer.graph_from_catalog({})
    bodies = []
    for ref, records, body in dataset_fragments(dataset_dicts, profiles, context, fmt):
        serializer.g.add((catalog_ref, DCAT_DATASET, URIRef(ref)))
        for record in records:
            serializer.g.add((catalog_ref, DCAT_RECORD, URIRef(record)))
        bodies.append(body)
    if pagination_info:
        serializer._add_pagination_triples(pagination_info)
    return _JOIN[fmt](serializer.g.serialize(format=_HEAD_FORMAT.get(fmt, fmt)), bodies)


def catalog_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """``dcat_catalog_show`` of the Jena profiles: keyset pages (:mod:`.paging`, unless
    the client asks for ``?page=N``) assembled from fragments (when the cache is on and
    the format is one of :data:`FORMATS`). Other profiles: ckanext-dcat's, unchanged."""
    profiles = _profiles(data_dict)
    if profiles is None:
        return up_func(context, data_dict)
    fmt = url_to_rdflib_format(data_dict.get("format") or "xml")
    from_fragments = enabled() and fmt in FORMATS
    if not from_fragments and not paging.wanted(data_dict):
        return up_func(context, data_dict)
    tk.check_access("dcat_catalog_show", context, data_dict)
    # from fragments, the page's hits need ids and dates only
    search_context = {**context, KEYS_ONLY: True} if from_fragments else {**context}
    if paging.wanted(data_dict):
        query, pagination_info = paging.search(search_context, data_dict)
    else:  # ?page=N: ckanext-dcat's offset page
        query = dcat_logic._search_ckan_datasets(search_context, data_dict)
        pagination_info = dcat_logic._pagination_info(query, data_dict)
    if from_fragments:
        return serialize_catalog_page(query["results"], profiles, pagination_info, context, fmt)
    return Serializer(profiles=profiles).serialize_catalog(
        {}, dataset_dicts=query["results"], _format=fmt, pagination_info=pagination_info
    )


def chain_catalog_show(jena_action: Action) -> Action:
    """Wrap the portal's own chained ``dcat_catalog_show`` (public datasets only) so that
    its search runs here, with its context."""

    @tk.chained_action
    @tk.side_effect_free
    def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict):
        def inner(ctx: Context, dd: DataDict):
            return catalog_show(up_func, ctx, dd)

        return jena_action(inner, context, data_dict)

    return dcat_catalog_show


def chain_package_search(jena_action: Action) -> Action:
    """For the page search of :func:`catalog_show`: only the fields of the cache key."""

    @tk.chained_action
    @tk.side_effect_free
    def package_search(up_func: Action, context: Context, data_dict: DataDict):
        if context.get(KEYS_ONLY):
            data_dict = {
                **data_dict,
                "fl": ["id", "metadata_modified", "metadata_created", "owner_org"],
            }
        return jena_action(up_func, context, data_dict)

    return package_search


def get_actions() -> dict[str, Any]:
    """The plugin's actions (:func:`ckanext.jena.dcatde.logic.get_actions`) with the
    catalogue endpoint served from fragments."""
    from ckanext.jena.dcatde import logic

    actions = logic.get_actions()
    actions["dcat_catalog_show"] = chain_catalog_show(actions["dcat_catalog_show"])
    actions["package_search"] = chain_package_search(actions["package_search"])
    return actions


@tk.chained_helper
def structured_data(
    next_helper: Any, dataset_dict: dict[str, Any], profiles: list[str] | None = None
) -> str:
    """ckanext-dcat's schema.org JSON-LD of the dataset page, serialised once per content
    (same key scheme as the catalogue fragments, plus the page language) instead of on
    every page view (about 20 ms per view, ``bench/run.py``)."""
    if not enabled() or not dataset_dict.get("id") or not dataset_dict.get("metadata_modified"):
        return next_helper(dataset_dict, profiles)
    used = list(profiles or [])
    if not used:
        configured = tk.config.get("ckanext.dcat.structured_data.profiles") or ["schemaorg"]
        used = configured.split() if isinstance(configured, str) else list(configured)
    key = fragment_key(dataset_dict, used, fmt=f"structured:{tk.h.lang()}")
    redis = connect_to_redis()
    cached = redis.get(key)
    if cached is not None:
        return cached.decode("utf-8")
    out = next_helper(dataset_dict, profiles)
    redis.set(key, out.encode("utf-8"), ex=_ttl())
    return out


def get_helpers() -> dict[str, Any]:
    """``structured_data`` is chained only when ckanext-dcat's ``structured_data`` plugin
    (which defines it) is loaded."""
    import ckan.plugins as p

    return {"structured_data": structured_data} if p.plugin_loaded("structured_data") else {}
