"""The score: exact points for minimal and maximal datasets, computed from mqa.yaml."""

from __future__ import annotations

import copy

import pytest

from ckanext.jena.quality import scoring
from tests.dcatde.conftest import maximal_fields, minimal_fields

ORG = {"id": "org-id"}


def W(*keys: str) -> dict[str, int]:
    table = {
        i["key"]: i["weight"] for d in scoring.weights()["dimensions"] for i in d["indicators"]
    }
    return {k: table[k] for k in keys} if keys else table


def _with_ids(fields: dict) -> dict:
    pkg = copy.deepcopy(fields)
    pkg["tags"] = pkg.get("tags") or []
    for i, res in enumerate(pkg["resources"]):
        res["id"] = f"res-{i}"
    return pkg


def test_weights_follow_mqa():
    data = scoring.weights()
    dims = {d["key"]: sum(i["weight"] for i in d["indicators"]) for d in data["dimensions"]}
    assert dims == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }
    assert data["max_points"] == sum(dims.values()) == 405
    assert data["source"]["url"] == "https://data.europa.eu/mqa/methodology"
    assert [(b["key"], b["min"]) for b in data["ratings"]] == [
        ("excellent", 351), ("good", 221), ("sufficient", 121), ("bad", 0)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("points", "rating"),
    [(405, "excellent"), (351, "excellent"), (350.9, "good"), (221, "good"),
     (220, "sufficient"), (121, "sufficient"), (120.9, "bad"), (0, "bad")],
)  # fmt: skip
def test_rating_bands(points, rating):
    assert scoring.rating(points) == rating


def test_minimal_dataset_scores_only_what_it_has():
    pkg = _with_ids(minimal_fields(ORG))
    result = scoring.score(pkg, violations=0, links={})
    met = W(
        "theme", "format", "format_vocabulary", "non_proprietary", "machine_readable",
        "dcat_ap_compliance", "license", "license_vocabulary", "publisher",
    )  # fmt: skip
    assert result["points"] == sum(met.values())
    assert result["rating"] == scoring.rating(sum(met.values()))
    by_key = {i["key"]: i for d in result["dimensions"] for i in d["indicators"]}
    assert {k for k, i in by_key.items() if i["met"]} == set(met)
    assert by_key["keyword"]["points"] == 0 and by_key["keyword"]["field"] == "tag_string"
    # one violation costs exactly the DCAT-AP compliance points
    assert (
        scoring.score(pkg, 1)["points"]
        == sum(met.values()) - W("dcat_ap_compliance")["dcat_ap_compliance"]
    )
    # not validated: no compliance points either
    assert scoring.score(pkg, None)["points"] == scoring.score(pkg, 1)["points"]


def _ok(url):
    return {"url": url, "ok": True, "status": 200}


def test_maximal_dataset_with_reachable_links():
    pkg = _with_ids(maximal_fields(ORG))
    res0, res1 = pkg["resources"]
    links = {
        "res-0": {"access": _ok(res0["access_url"]), "download": _ok(res0["download_url"])},
        "res-1": {"access": _ok(res1["url"])},
    }
    result = scoring.score(pkg, violations=0, links=links)
    w = W()
    # the second resource (an API) has no download URL and no size; nobody has dct:rights
    half = ("download_url", "download_url_status", "byte_size")
    expected = sum(w.values()) - w["rights"] - sum(w[k] / 2 for k in half)
    assert result["points"] == round(expected, 1)
    assert result["max_points"] == 405
    assert result["rating"] == "excellent"
    by_key = {i["key"]: i for d in result["dimensions"] for i in d["indicators"]}
    assert by_key["download_url"]["share"] == 0.5
    assert by_key["download_url"]["failing_resources"] == ["res-1"]
    assert not by_key["rights"]["met"]


def test_broken_links_count_against_accessibility():
    pkg = _with_ids(maximal_fields(ORG))
    res0, res1 = pkg["resources"]
    good = {
        "res-0": {"access": _ok(res0["access_url"]), "download": _ok(res0["download_url"])},
        "res-1": {"access": _ok(res1["url"])},
    }
    broken = copy.deepcopy(good)
    broken["res-0"]["access"] = {"url": res0["access_url"], "ok": False, "status": 404}
    broken["res-0"]["download"] = {"url": res0["download_url"], "ok": False, "status": 404}
    w = W()
    a_good = scoring.score(pkg, 0, good)["dimensions"][1]
    a_broken = scoring.score(pkg, 0, broken)["dimensions"][1]
    assert a_good["key"] == "accessibility"
    # half the resources lose their access URL points; the only download URL is broken
    assert a_good["points"] - a_broken["points"] == (
        w["access_url_status"] / 2 + w["download_url_status"] / 2
    )
    unchecked = scoring.score(pkg, 0, {})["dimensions"][1]
    assert unchecked["points"] == w["download_url"] / 2
