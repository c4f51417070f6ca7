"""Whole-catalogue validation in chunks, on several processes (no CKAN needed).

pySHACL's time grows with the size of the data graph it is given, and one graph of a
state-sized catalogue needs gigabytes. The catalogue is therefore validated as a sequence
of *chunks*: each chunk is a catalogue graph with a few hundred datasets (the catalogue
node, those datasets and everything they reach). The chunks are validated independently,
``processes`` at a time, and the findings are merged:

- a finding about a dataset, a distribution or one of their blank nodes occurs in exactly
  one chunk;
- a finding about a node several datasets share (the catalogue, a publisher, the
  contributor ID) occurs in every chunk that has it, with the same text; it is stated once,
  as :func:`validation.distinct` states it once for one graph.

The union of the chunk graphs is the catalogue graph, so the merged findings equal the
distinct findings of one pySHACL run over the whole catalogue (``tests/dcatde/test_chunked.py``
compares them with pySHACL's own ``validate`` on that union). A shared node gets the same triples from
every dataset that mentions it (they come from one organisation or one vocabulary); a
source that gave one publisher IRI two different names would be the exception, see the
README.

The workers are forked after the shapes and vocabularies are parsed, so each process
starts warm; they receive N-Triples text and return plain dictionaries.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from rdflib import Graph

from ckanext.jena.dcatde import validation

#: datasets per chunk: pySHACL's cost per dataset is flat up to a few hundred datasets
DEFAULT_CHUNK_SIZE = 200


def _finding_key(f: dict[str, Any]) -> tuple:
    return tuple(f[k] for k in validation.KEY_FIELDS)


def validate_chunk(text: str, run: str, contributor_id: str | None) -> dict[str, Any]:
    """Validate one chunk (N-Triples); the report as a dictionary."""
    g = Graph()
    g.parse(data=text, format="nt")
    report = validation.validate_graph(g, run, contributor_id=contributor_id)
    return {
        "findings": [dataclasses.asdict(f) for f in report.findings],
        "contributor": report.contributor,
        "seconds": report.seconds,
    }


class Merger:
    """Findings of all chunks, each distinct finding once."""

    def __init__(self, run: str) -> None:
        self.run = run
        self.findings: dict[tuple, validation.Finding] = {}
        self.contributor: dict[str, Any] | None = None
        self._moved: dict[tuple, dict[str, Any]] = {}
        self._affected: set[str] = set()
        self.chunks = 0

    def add(self, result: dict[str, Any]) -> None:
        self.chunks += 1
        for f in result["findings"]:
            self.findings.setdefault(_finding_key(f), validation.Finding(**f))
        contributor = result.get("contributor")
        if contributor is not None:
            if self.contributor is None:
                self.contributor = {
                    k: v
                    for k, v in contributor.items()
                    if k not in ("findings", "affected_datasets")
                }
            self._affected.update(contributor.get("affected_datasets") or [])
            for f in contributor.get("findings") or []:
                self._moved.setdefault(_finding_key(f), f)

    def report(self, seconds: float) -> validation.Report:
        findings = sorted(self.findings.values(), key=validation._finding_sort_key)
        contributor = None
        if self.contributor is not None:
            contributor = dict(self.contributor)
            contributor["affected_datasets"] = sorted(self._affected)
            contributor["findings"] = [self._moved[k] for k in sorted(self._moved)]
        return validation.Report(self.run, findings, contributor, seconds)


def validate_chunks(
    chunks: Iterable[str],
    run: str = "v30_de_spec",
    contributor_id: str | None = None,
    processes: int = 2,
    progress: Callable[[int], Any] | None = None,
) -> validation.Report:
    """Validate the catalogue given as N-Triples ``chunks`` (each a catalogue graph of a
    few hundred datasets) on ``processes`` processes; one merged :class:`Report`.

    ``chunks`` is consumed lazily: at most two chunks per process are waiting, so the
    memory stays that of a few chunks however large the catalogue is. ``progress(1)`` is
    called per finished chunk.
    """
    started = time.perf_counter()
    validation.warm_up([run])  # parsed once, inherited by the forked workers
    merger = Merger(run)
    if processes <= 1:
        for text in chunks:
            merger.add(validate_chunk(text, run, contributor_id))
            if progress:
                progress(1)
        return merger.report(time.perf_counter() - started)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        pending: set[Future] = set()
        for text in _windowed(chunks, pending, processes * 2, merger, progress):
            pending.add(pool.submit(validate_chunk, text, run, contributor_id))
        _collect(wait(pending).done, merger, progress)
    return merger.report(time.perf_counter() - started)


def _windowed(
    chunks: Iterable[str],
    pending: set[Future],
    window: int,
    merger: Merger,
    progress: Callable[[int], Any] | None,
) -> Iterator[str]:
    """Yield the chunks, waiting while ``window`` of them are being validated."""
    for text in chunks:
        while len(pending) >= window:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            pending.difference_update(done)
            _collect(done, merger, progress)
        yield text


def _collect(done: Iterable[Future], merger: Merger, progress: Callable[[int], Any] | None):
    for future in done:
        merger.add(future.result())
        if progress:
            progress(1)
