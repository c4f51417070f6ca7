"""Template helpers of ``jena_schema`` (registered with the ``jena_`` prefix)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena import vocab
from ckanext.jena.schema import search, validators


@functools.lru_cache(maxsize=64)
def _offered(name: str, only: str | None) -> tuple[dict[str, Any], ...]:
    """The non-deprecated choices of a vocabulary (bundled data: fixed per process)."""
    voc = vocab.get(name)
    return tuple(
        {"value": voc.value(c), "label": {"de": c.label_de, "en": c.label_en}}
        for c in voc.concepts
        if not c.deprecated and (not only or c.extras.get(only))
    )


def jena_vocab_choices(field: dict[str, Any], selected: Any = None) -> list[dict[str, Any]]:
    """Choices of a scheming field with ``jena_vocabulary``: ``{"value", "label": {de, en}}``.

    ``jena_choices_filter`` names a concept extra that must be true (``top`` for the HVD
    main categories, ``eu_official`` for the official EU languages); deprecated concepts are
    left out. Values in ``selected`` (the dataset's current values) are always offered, so
    the form does not drop them. The validators accept every concept of the vocabulary.
    """
    voc = vocab.get(field["jena_vocabulary"])
    choices = [
        dict(c) for c in _offered(field["jena_vocabulary"], field.get("jena_choices_filter"))
    ]
    offered = {c["value"] for c in choices}
    for value in validators.as_list(selected):
        if not isinstance(value, str) or value in offered:
            continue
        concept = voc.lookup(value)
        label = {"de": concept.label_de, "en": concept.label_en} if concept else value
        choices.append({"value": voc.value(concept) if concept else value, "label": label})
        offered.add(value)
    return choices


def jena_without_default(field: dict[str, Any]) -> dict[str, Any]:
    """The field without its form default (select snippets would preselect it on edit)."""
    return {k: v for k, v in field.items() if k != "default"}


def jena_vocab_label(name: str, value: str) -> str:
    """Label of a concept (IRI or code) in the current language."""
    return vocab.get(name).label(value, validators._lang())


def jena_facet_label(facet: str, value: str) -> str:
    """Display label of a facet value (vocabulary label, else the value)."""
    return search.facet_label(facet, value, validators._lang())


def jena_warning_text(warning: dict[str, Any]) -> str:
    return validators.warning_text(warning)


def jena_form_sections(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group scheming fields into sections at each ``jena_form_section`` field."""
    sections: list[dict[str, Any]] = []
    for field in fields:
        if field.get("jena_form_section") or not sections:
            sections.append({"title": field.get("jena_form_section"), "fields": []})
        sections[-1]["fields"].append(field)
    return sections


# CKAN names custom dataset types "Dataset_Series"; these read properly in both languages.
_SERIES_TEXTS = {
    "add link": "Add dataset series",
    "breadcrumb": "Dataset series",
    "content tab": "Dataset series",
    "create label": "Create dataset series",
    "create title": "Create dataset series",
    "edit label": "Edit dataset series",
    "facet label": "Dataset series",
    "form label": "Dataset series form",
    "main nav": "Dataset series",
    "page title": "Dataset series",
    "save label": "Save dataset series",
    "search placeholder": "Search dataset series...",
    "update label": "Update dataset series",
    "view label": "View dataset series",
    "no any objects": "There are no dataset series yet.",
    "delete confirmation": "Are you sure you want to delete this dataset series?",
}


@tk.chained_helper
def humanize_entity_type(
    next_helper: Callable[..., Any], entity_type: str, object_type: str, purpose: str
) -> Any:
    if entity_type == "package" and object_type == "dataset_series":
        text = _SERIES_TEXTS.get(purpose)
        if text:
            return tk._(text)
        return tk._("Dataset series")
    return next_helper(entity_type, object_type, purpose)


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        "humanize_entity_type": humanize_entity_type,
        "jena_vocab_choices": jena_vocab_choices,
        "jena_vocab_label": jena_vocab_label,
        "jena_without_default": jena_without_default,
        "jena_facet_label": jena_facet_label,
        "jena_warning_text": jena_warning_text,
        "jena_form_sections": jena_form_sections,
    }


__all__ = ["get_helpers", "tk"]
