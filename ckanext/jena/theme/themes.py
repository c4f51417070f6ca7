"""The 13 EU data themes (dcat:theme) as the home page shows them: code, IRI, labels and
the icon shipped in ``public/jena/icons/theme-<code>.svg``.

Labels come from the theme vocabulary of ``ckanext.jena.vocab`` when it is available;
the table below is the fallback (the EU Publications Office's German and English labels).
"""

from __future__ import annotations

import dataclasses

THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"

_TABLE = (
    ("AGRI", "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel",
     "Agriculture, fisheries, forestry and food"),
    ("ECON", "Wirtschaft und Finanzen", "Economy and finance"),
    ("EDUC", "Bildung, Kultur und Sport", "Education, culture and sport"),
    ("ENER", "Energie", "Energy"),
    ("ENVI", "Umwelt", "Environment"),
    ("GOVE", "Regierung und öffentlicher Sektor", "Government and public sector"),
    ("HEAL", "Gesundheit", "Health"),
    ("INTR", "Internationale Themen", "International issues"),
    ("JUST", "Justiz, Rechtssystem und öffentliche Sicherheit",
     "Justice, legal system and public safety"),
    ("REGI", "Regionen und Städte", "Regions and cities"),
    ("SOCI", "Bevölkerung und Gesellschaft", "Population and society"),
    ("TECH", "Wissenschaft und Technologie", "Science and technology"),
    ("TRAN", "Verkehr", "Transport"),
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Theme:
    code: str
    label_de: str
    label_en: str

    @property
    def iri(self) -> str:
        return THEME_BASE + self.code

    @property
    def icon(self) -> str:
        return f"/jena/icons/theme-{self.code.lower()}.svg"

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_de


def _vocab_labels() -> dict[str, tuple[str, str]]:
    try:
        from ckanext.jena import vocab  # noqa: PLC0415 - optional sibling subpackage

        concepts = vocab.get("theme").concepts
    except Exception:  # noqa: BLE001 - vocabulary not available: use the table
        return {}
    labels = {}
    for concept in concepts:
        iri = str(getattr(concept, "uri", "") or "")
        code = iri.rsplit("/", 1)[-1]
        de = getattr(concept, "label_de", "") or ""
        en = getattr(concept, "label_en", "") or ""
        if code and de and en:
            labels[code] = (de, en)
    return labels


def _build() -> tuple[Theme, ...]:
    labels = _vocab_labels()
    return tuple(Theme(code, *labels.get(code, (de, en))) for code, de, en in _TABLE)


THEMES = _build()
_BY_CODE = {t.code: t for t in THEMES}


def by_value(value: str) -> Theme | None:
    """The theme for an IRI or a bare code (``TRAN``), or None."""
    code = (value or "").rstrip("/").rsplit("/", 1)[-1].upper()
    return _BY_CODE.get(code)
