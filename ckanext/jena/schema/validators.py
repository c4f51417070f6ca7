"""Validators of the Jena schema (registered as ``jena_*``).

They run in the action layer (package_create/update through ckanext-scheming), so the API
and the form give the same result. Field validators check one value; the schema-level
``jena_dataset_before`` fills derived values (HVD legislation, resource licence) and
``jena_dataset_after`` checks rules across fields.

Warnings (the dataset is stored, but something looks wrong) are collected in the
validation context and stored in the computed field ``jena_warnings``: a list of
``{"field", "code", "params", "message"}`` (``message`` in English; the UI translates
``code`` with :func:`warning_text`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Validator

from ckanext.jena import vocab
from ckanext.jena.schema import formats, geo

missing = tk.missing
_ = tk._

ELI_HVD = vocab.HVD_LEGISLATION

# Warning codes -> English msgid (translated when shown).
WARNING_MESSAGES = {
    "outside_thuringia": (
        "The spatial coverage lies far outside Thuringia; please check the coordinates "
        "(longitude first, WGS 84)."
    ),
    "unknown_format": 'Unknown file format "{value}" (not in the EU file-type list); stored as given.',
}

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_URL = re.compile(
    r"^https?://[^\s/?#]+\.[^\s/?#]*[^\s.]*(?:[/?#]\S*)?$|^https?://(?:localhost|127\.0\.0\.1|\[[0-9a-fA-F:]+\])(?::\d+)?(?:[/?#]\S*)?$"
)
_PHONE = re.compile(r"^\+?[0-9 ()/.\-]{3,30}$")
_DURATION = re.compile(
    r"^P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?"
    r"(T(?!$)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$"
)
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$", re.I)
_HEX = re.compile(r"^[0-9a-fA-F]+$")


# --- helpers ---------------------------------------------------------------------------


def warning_text(warning: dict[str, Any]) -> str:
    """The warning in the current language."""
    msgid = WARNING_MESSAGES.get(warning.get("code", ""))
    if not msgid:
        return str(warning.get("message", ""))
    try:
        return _(msgid).format(**(warning.get("params") or {}))
    except (KeyError, IndexError):
        return _(msgid)


def _warn(context: Context, key: FlattenKey, code: str, **params: Any) -> None:
    field = "/".join(str(k) for k in key)
    context.setdefault("jena_warnings", [])  # type: ignore[misc]
    context["jena_warnings"].append(  # type: ignore[typeddict-item]
        {
            "field": field,
            "code": code,
            "params": params,
            "message": WARNING_MESSAGES[code].format(**params),
        }
    )


def _error(errors: FlattenErrorDict, key: FlattenKey, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _lang() -> str:
    try:
        return tk.h.lang() or "de"
    except Exception:  # no request (CLI, background job)
        return "de"


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == []


def as_list(value: Any) -> list[Any]:
    """A list from a list, a JSON list string, a comma-separated string or one value."""
    if _empty(value):
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if not _empty(v)]
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                loaded = json.loads(text)
            except ValueError:
                loaded = None
            if isinstance(loaded, list):
                return [v for v in loaded if not _empty(v)]
        if "," in text and not text.startswith("http") and "{" not in text:
            return [part.strip() for part in text.split(",") if part.strip()]
        return [text]
    return [value]


def _vocabulary(field: dict[str, Any]) -> vocab.Vocabulary:
    return vocab.get(field["jena_vocabulary"])


def _resolve(voc: vocab.Vocabulary, value: str) -> str | None:
    """Stored value (IRI, or code for code vocabularies) of an IRI or a code, else None."""
    concept = voc.lookup(value) or voc.by_code(value, case_sensitive=False)
    return voc.value(concept) if concept is not None else None


def _unknown_message(field: dict[str, Any], value: Any) -> str:
    name = field.get("jena_vocabulary")
    if name == "license":
        return _(
            'Unknown licence "{value}". Choose a licence of the DCAT-AP.de licence list.'
        ).format(value=value)
    if name == "theme":
        return _('Unknown theme "{value}". Choose one of the EU data themes.').format(value=value)
    return _('Unknown value "{value}". Choose a value from the list.').format(value=value)


# --- field validators ------------------------------------------------------------------


def jena_vocab_value(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """One concept of ``field['jena_vocabulary']``; stores its IRI (or code)."""

    def validator(value: Any) -> Any:
        if _empty(value):
            return value
        resolved = _resolve(_vocabulary(field), str(value).strip())
        if resolved is None:
            raise tk.Invalid(_unknown_message(field, value))
        return resolved

    return validator


jena_vocab_value.is_a_scheming_validator = True  # type: ignore[attr-defined]


def jena_vocab_list(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """Zero or more concepts (one or more with ``required``); stores a JSON list of IRIs."""

    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> Any:
        values = as_list(data.get(key, missing))
        voc = _vocabulary(field)
        out: list[str] = []
        for value in values:
            if not isinstance(value, str):
                _error(errors, key, _("Expected a list of text values."))
                return
            resolved = _resolve(voc, value.strip())
            if resolved is None:
                _error(errors, key, _unknown_message(field, value))
            elif resolved not in out:
                out.append(resolved)
        if errors.get(key):
            return
        if not out:
            if field.get("required"):
                if field.get("jena_vocabulary") == "theme":
                    _error(errors, key, _("Choose at least one theme."))
                else:
                    _error(errors, key, _("Choose at least one value."))
                return
            data.pop(key, None)
            raise tk.StopOnError
        data[key] = json.dumps(out)

    return validator


jena_vocab_list.is_a_scheming_validator = True  # type: ignore[attr-defined]


def jena_license(value: Any) -> Any:
    """A dcat-ap.de licence code (a licence IRI is turned into its code)."""
    if _empty(value):
        return value
    text = str(value).strip()
    concept = vocab.get("license").lookup(text)
    if concept is None:
        raise tk.Invalid(
            _('Unknown licence "{value}". Choose a licence of the DCAT-AP.de licence list.').format(
                value=value
            )
        )
    return concept.code


def jena_hash_algorithm(value: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    code = vocab.hash_algorithm_code(text) or text
    concept = vocab.get("hash_algorithm").by_code(code, case_sensitive=False)
    if concept is None:
        raise tk.Invalid(
            _('Unknown checksum algorithm "{value}". Use md5, sha1, sha256 or sha512.').format(
                value=value
            )
        )
    return concept.code


def is_url(value: str) -> bool:
    return bool(_URL.match(value)) and len(value) <= 2000


def jena_url(value: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if not is_url(text):
        raise tk.Invalid(
            _('Not a valid web address (it must start with http:// or https://): "{value}"').format(
                value=value
            )
        )
    return text


def jena_email(value: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if not _EMAIL.match(text) or len(text) > 254:
        raise tk.Invalid(_('Not a valid email address: "{value}"').format(value=value))
    return text


def jena_phone(value: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    if not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 3:
        raise tk.Invalid(_('Not a valid phone number: "{value}"').format(value=value))
    return text


def jena_duration(value: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if not _DURATION.match(text):
        raise tk.Invalid(
            _(
                'Not an ISO 8601 duration such as P1D (one day) or PT15M (15 minutes): "{value}"'
            ).format(value=value)
        )
    return text


def jena_media_type(value: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if not _MEDIA_TYPE.match(text):
        raise tk.Invalid(_('Not a media type such as text/csv: "{value}"').format(value=value))
    return text


def _list_validator(check: Callable[[str], Any] | None) -> Validator:
    def validator(
        key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
    ) -> Any:
        values = as_list(data.get(key, missing))
        out: list[str] = []
        for value in values:
            if not isinstance(value, str):
                _error(errors, key, _("Expected a list of text values."))
                return
            value = value.strip()
            if check is not None:
                try:
                    value = check(value)
                except tk.Invalid as e:
                    _error(errors, key, e.error)
                    continue
            if value and value not in out:
                out.append(value)
        if errors.get(key):
            return
        if not out:
            data.pop(key, None)
            raise tk.StopOnError
        data[key] = json.dumps(out)

    return validator


jena_url_list = _list_validator(jena_url)
jena_text_list = _list_validator(None)


def _byte_size(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise tk.Invalid(_("The size must be a whole number of bytes (0 or more)."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise tk.Invalid(_("The size must be a whole number of bytes (0 or more)."))
        value = int(text)
    if not isinstance(value, int) or value < 0:
        raise tk.Invalid(_("The size must be a whole number of bytes (0 or more)."))
    return value


def jena_byte_size(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    """A non-negative integer; empty input becomes None (clears a stored size, as CKAN
    keeps resource columns that are missing from the dict)."""
    value = data.get(key, missing)
    if value is missing:
        data.pop(key, None)
        raise tk.StopOnError
    try:
        data[key] = _byte_size(value)
    except tk.Invalid as e:
        _error(errors, key, e.error)
        raise tk.StopOnError from None


def jena_geojson(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    value = data.get(key)
    if _empty(value):
        return
    if isinstance(value, dict):
        value = json.dumps(value)
        data[key] = value
    try:
        bbox = geo.check_geometry(value)
    except geo.GeometryError as e:
        if e.kind == "json":
            _error(
                errors,
                key,
                _("The spatial coverage is not valid JSON: {error}").format(error=e.detail),
            )
        elif e.kind == "type":
            _error(
                errors,
                key,
                _(
                    "The spatial coverage must be a GeoJSON geometry (Point, LineString, Polygon, "
                    'MultiPoint, MultiLineString, MultiPolygon or GeometryCollection), not "{type}".'
                ).format(type=e.detail),
            )
        else:
            _error(
                errors,
                key,
                _("Invalid coordinates in the GeoJSON geometry: {error}").format(error=e.detail),
            )
        return
    if geo.far_from_thuringia(bbox):
        _warn(context, key, "outside_thuringia")


def jena_file_format(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    """Normalise a format to its EU file-type code; keep an unknown one and warn."""
    value = data.get(key)
    if _empty(value):
        return
    code, known = formats.normalise_format(str(value))
    data[key] = code
    if not known:
        _warn(context, key, "unknown_format", value=code)


def _current_package_id(data: FlattenDataDict, context: Context) -> str | None:
    package = context.get("package")
    if package is not None:
        return package.id
    pkg_id = data.get(("id",))
    return pkg_id if isinstance(pkg_id, str) and pkg_id else None


def jena_unique_identifier(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    value = data.get(key)
    if _empty(value):
        return
    query = model.Session.query(model.Package.id, model.Package.name).filter(
        model.Package.extras["identifier"].astext == value,
        model.Package.state != model.State.DELETED,
    )
    current = _current_package_id(data, context)
    if current:
        query = query.filter(model.Package.id != current)
    other = query.first()
    if other is not None:
        _error(
            errors,
            key,
            _('The identifier "{value}" is already used by the dataset "{name}".').format(
                value=value, name=other.name
            ),
        )


def jena_in_series(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    """Names or ids of dataset series of this portal; stored as a JSON list of ids."""
    values = as_list(data.get(key, missing))
    out: list[str] = []
    for value in values:
        series = model.Package.get(str(value).strip()) if isinstance(value, str) else None
        if series is None or series.type != "dataset_series" or series.state == model.State.DELETED:
            _error(errors, key, _('Unknown dataset series "{value}".').format(value=value))
        elif series.id not in out:
            out.append(series.id)
    if errors.get(key):
        return
    if not out:
        data.pop(key, None)
        raise tk.StopOnError
    data[key] = json.dumps(out)


# --- schema-level validators -----------------------------------------------------------


def _indexes(data: FlattenDataDict, field: str) -> list[int]:
    return sorted({k[1] for k in data if len(k) == 3 and k[0] == field and isinstance(k[1], int)})


def jena_dataset_before(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    """Derived values: HVD ⇒ applicable legislation; resource licence ⇐ dataset licence."""
    context["jena_warnings"] = []  # type: ignore[typeddict-unknown-key]

    if as_list(data.get(("hvd_category",), missing)):
        legislation = [
            v for v in as_list(data.get(("applicable_legislation",), missing)) if isinstance(v, str)
        ]
        if ELI_HVD not in legislation:
            legislation.append(ELI_HVD)
        data[("applicable_legislation",)] = legislation

    license_id = data.get(("license_id",))
    if isinstance(license_id, str) and license_id.strip():
        for index in _indexes(data, "resources"):
            res_key = ("resources", index, "license")
            if _empty(data.get(res_key, missing)):
                data[res_key] = license_id.strip()


def _parse_date(value: Any) -> datetime.datetime | datetime.date | None:
    if _empty(value):
        return None
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _as_date(value: datetime.datetime | datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _end_before_start(start: Any, end: Any) -> bool:
    s, e = _parse_date(start), _parse_date(end)
    if s is None or e is None:
        return False
    if isinstance(s, datetime.datetime) and isinstance(e, datetime.datetime):
        if (s.tzinfo is None) != (e.tzinfo is None):
            return _as_date(e) < _as_date(s)
        return e < s
    return _as_date(e) < _as_date(s)


def _set_extra(data: FlattenDataDict, name: str, value: str | None) -> None:
    indexes = sorted({k[1] for k in data if len(k) == 3 and k[0] == "extras"})
    for index in indexes:
        if data.get(("extras", index, "key")) == name:
            if value is None:
                data[("extras", index, "deleted")] = True
            else:
                data[("extras", index, "value")] = value
            return
    if value is None:
        return
    new = indexes[-1] + 1 if indexes else 0
    data[("extras", new, "key")] = name
    data[("extras", new, "value")] = value


def jena_dataset_after(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    """Rules across fields; stores the collected warnings."""
    # Licence attribution text: required exactly for attribution licences.
    license_id = data.get(("license_id",))
    attribution = data.get(("license_attribution_by_text",), missing)
    concept = vocab.get("license").by_code(license_id) if isinstance(license_id, str) else None
    if concept is not None and not errors.get(("license_id",)):
        required = bool(concept.extras.get("attribution_required"))
        label = concept.label(_lang())
        if required and _empty(attribution):
            _error(
                errors,
                ("license_attribution_by_text",),
                _(
                    'The licence "{licence}" requires attribution: enter the attribution text.'
                ).format(licence=label or license_id),
            )
        elif not required and not _empty(attribution):
            _error(
                errors,
                ("license_attribution_by_text",),
                _(
                    'The licence "{licence}" requires no attribution: leave the attribution text empty.'
                ).format(licence=label or license_id),
            )

    # Temporal coverage: end not before start.
    for index in _indexes(data, "temporal_coverage"):
        start = data.get(("temporal_coverage", index, "start"))
        end = data.get(("temporal_coverage", index, "end"))
        if _end_before_start(start, end):
            _error(
                errors,
                ("temporal_coverage", index, "end"),
                _("The end date lies before the start date."),
            )

    # Contact point: an email address or a web address.
    for index in _indexes(data, "contact"):
        entry = {
            k[2]: v for k, v in data.items() if len(k) == 3 and k[0] == "contact" and k[1] == index
        }
        if all(_empty(v) for v in entry.values()):
            continue
        if _empty(entry.get("email", missing)) and _empty(entry.get("url", missing)):
            if not errors.get(("contact", index, "email")) and not errors.get(
                ("contact", index, "url")
            ):
                _error(
                    errors,
                    ("contact", index, "email"),
                    _("Give an email address or a web address for the contact point."),
                )

    # Checksums: algorithm given and hex length matching it.
    hash_voc = vocab.get("hash_algorithm")
    for index in _indexes(data, "resources"):
        value = data.get(("resources", index, "hash"), missing)
        algorithm = data.get(("resources", index, "hash_algorithm"), missing)
        if _empty(value) or errors.get(("resources", index, "hash_algorithm")):
            continue
        if _empty(algorithm):
            _error(
                errors,
                ("resources", index, "hash_algorithm"),
                _("Choose the algorithm of the checksum."),
            )
            continue
        text = str(value).strip()
        if not _HEX.match(text):
            _error(
                errors,
                ("resources", index, "hash"),
                _("The checksum must consist of hexadecimal digits (0-9, a-f)."),
            )
            continue
        algo = hash_voc.by_code(str(algorithm))
        length = _hex_length(algo)
        if length and len(text) != length:
            _error(
                errors,
                ("resources", index, "hash"),
                _(
                    "A {algorithm} checksum has {length} hexadecimal digits, this one has {actual}."
                ).format(algorithm=str(algorithm).upper(), length=length, actual=len(text)),
            )

    warnings = context.get("jena_warnings") or []  # type: ignore[misc]
    _set_extra(
        data, "jena_warnings", json.dumps(warnings, ensure_ascii=False) if warnings else None
    )


def _hex_length(concept: vocab.Concept | None) -> int | None:
    length = concept.extras.get("hex_length") if concept is not None else None
    return int(length) if length else None


def get_validators() -> dict[str, Callable[..., Any]]:
    return {
        "jena_vocab_value": jena_vocab_value,
        "jena_vocab_list": jena_vocab_list,
        "jena_license": jena_license,
        "jena_hash_algorithm": jena_hash_algorithm,
        "jena_url": jena_url,
        "jena_email": jena_email,
        "jena_phone": jena_phone,
        "jena_duration": jena_duration,
        "jena_media_type": jena_media_type,
        "jena_url_list": jena_url_list,
        "jena_text_list": jena_text_list,
        "jena_byte_size": jena_byte_size,
        "jena_geojson": jena_geojson,
        "jena_file_format": jena_file_format,
        "jena_unique_identifier": jena_unique_identifier,
        "jena_in_series": jena_in_series,
        "jena_dataset_before": jena_dataset_before,
        "jena_dataset_after": jena_dataset_after,
    }
