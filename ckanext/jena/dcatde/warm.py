"""Keep the catalogue fragments (:mod:`.fragments`) built before anyone asks for them.

A fragment is built on the first request that needs it; a walk after many changes (or
after a deployment, which starts a new fragment generation) would build them all and be
slower than ckanext-dcat's endpoint. So every created or updated dataset is marked in a
Redis set, and one background job (queue ``jena_dcat``) builds the fragments of the
marked datasets in all formats; only one such job is queued at a time, however many
datasets a harvest changes. ``ckan jena dcat warm`` builds the missing fragments of the
whole catalogue (after a deployment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.jena.dcatde import fragments, paging

BATCH = 100
#: a queue of its own (``ckan jobs worker default jena_dcat``): catalogue upkeep never
#: delays the jobs people wait for
QUEUE = "jena_dcat"


def enabled() -> bool:
    return fragments.enabled() and tk.asbool(tk.config.get("ckanext.jena.dcat.fragment_warm", True))


def _keys() -> tuple[str, str]:
    site = tk.config.get("ckan.site_id") or "default"
    return f"jena:dcatwarm:{site}:changed", f"jena:dcatwarm:{site}:queued"


def mark_changed(dataset_ids: Iterable[str]) -> bool:
    """Remember changed datasets; queue the warming job unless one is queued already.
    True when a job was queued."""
    ids = [i for i in dataset_ids if i]
    if not ids or not enabled():
        return False
    changed, queued = _keys()
    redis = connect_to_redis()
    redis.sadd(changed, *ids)
    if not redis.set(queued, "1", nx=True, ex=3600):
        return False
    tk.enqueue_job(warm_changed, title="DCAT-Katalogfragmente aktualisieren", queue=QUEUE)
    return True


def warm_changed() -> int:
    """The background job: build the fragments of the datasets marked since the last run."""
    changed, queued = _keys()
    redis = connect_to_redis()
    redis.delete(queued)  # changes from now on queue the next job
    ids: list[str] = []
    while True:
        popped = redis.spop(changed, 1000)
        if not popped:
            break
        ids.extend(i.decode() if isinstance(i, bytes) else i for i in popped)
    return warm(ids)


def _hits(context: dict[str, Any], ids: list[str] | None) -> Iterable[list[dict[str, Any]]]:
    """Batches of public datasets (the cache key fields only): the given ones, or all."""
    search = tk.get_action("package_search")
    base = {"include_private": False, "include_drafts": False, "sort": paging.SORT}
    public = ["+capacity:public", *paging.CATALOG_FQ]
    if ids is not None:
        for k in range(0, len(ids), BATCH):
            chunk = ids[k : k + BATCH]
            fq = "id:(" + " OR ".join(f'"{i}"' for i in chunk) + ")"
            found = search({**context}, {**base, "fq": fq, "fq_list": public, "rows": BATCH})
            if found["results"]:
                yield found["results"]
        return
    position = None
    while True:
        fq_list = list(public)
        if position:
            fq_list.append(paging.after(*position))
        found = search({**context}, {**base, "q": "*:*", "fq_list": fq_list, "rows": BATCH})
        results = found["results"]
        if not results:
            return
        yield results
        last = results[-1]
        position = (paging.solr_date(last["metadata_created"]), last["id"])


def warm(ids: list[str] | None = None, progress: Callable[[int], Any] | None = None) -> int:
    """Build the missing fragments (all formats, the configured Jena profiles) of the
    given public datasets, or of the whole catalogue; the number of datasets looked at."""
    profiles = fragments._profiles({})
    if profiles is None or not fragments.enabled():
        return 0
    context = {"ignore_auth": True, fragments.KEYS_ONLY: True}
    done = 0
    for hits in _hits(context, ids):
        fragments.fragments_in(hits, profiles, fragments.FORMATS, context)
        done += len(hits)
        if progress:
            progress(len(hits))
    return done
