"""Template helpers of ``jena_schema`` (registered with the ``jena_`` prefix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.jena import vocab
from ckanext.jena.schema import search, validators


def jena_vocab_choices(field: dict[str, Any], selected: Any = None) -> list[dict[str, Any]]:
    """Choices of a scheming field with ``jena_vocabulary``: ``{"value", "label": {de, en}}``.

    ``jena_choices_filter`` names a concept extra that must be true (``top`` for the HVD
    main categories, ``eu_official`` for the official EU languages); deprecated concepts are
    left out. Values in ``selected`` (the dataset's current values) are always offered, so
    the form does not drop them. The validators accept every concept of the vocabulary.
    """
    voc = vocab.get(field["jena_vocabulary"])
    only = field.get("jena_choices_filter")
    choices = [
        {"value": voc.value(c), "label": {"de": c.label_de, "en": c.label_en}}
        for c in voc.concepts
        if not c.deprecated and (not only or c.extras.get(only))
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


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        "jena_vocab_choices": jena_vocab_choices,
        "jena_vocab_label": jena_vocab_label,
        "jena_facet_label": jena_facet_label,
        "jena_warning_text": jena_warning_text,
        "jena_form_sections": jena_form_sections,
    }


__all__ = ["get_helpers", "tk"]
