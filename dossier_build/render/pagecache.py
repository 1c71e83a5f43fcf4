"""Aggregate pages taken from the build cache when nothing they show changed.

A page's key is a digest of every input it renders (for a statement: its text, group,
source and paragraph ids, the source's date and label, the "auch berichtet in" refs shown
with their labels and dates, how many there are; the page's path, title, links and the
language; see :func:`.citations.statement_key`), hashed once per page: much cheaper than
rendering. The code and the configuration are in every key already (the cache's salt).

The keys of a build's pages are kept in the cache (a manifest). A page whose key the last
build had is given to the writer as ``writer.Deferred``: it is neither rendered nor even
fetched from the cache when its file is still as the last build wrote it under that key.

One level up, all the pages of an actor or topic have a key too (:func:`entity_key`): a
digest of its summary, of what every entity's pages share, and of each source its pages
cite. When it is unchanged, the entity's statements are not even collected: its first
page and the keys of its period pages are taken from the cache as they are.
"""

from __future__ import annotations

import json
import pickle
from typing import Callable

from ..cache import BuildCache
from ..writer import Deferred

# (path, a function giving everything the page shows as a string, one that renders it);
# the first is called only when there is a cache to look in.
PageSpec = tuple[str, Callable[[], str], Callable[[], str]]

# Rendered pages are stored in the cache as soon as this many bytes wait.
STORE_BYTES = 4_000_000


def page_key(cache: BuildCache, kind: str, path: str, inputs: Callable[[], str]) -> str:
    """The cache key of a page of ``kind`` (``actor``, ``topic``, ``quotes``) at ``path``."""
    return cache.key("page", kind, path, inputs())


def from_cache(cache: BuildCache, key: str, render: Callable[[], str]) -> Callable[[], str]:
    """A function giving the page stored under ``key``, or rendering (and storing) it if
    the cache no longer has it."""

    def make() -> str:
        blob = cache.get_many([key]).get(key)
        if blob is not None:
            return blob.decode("utf-8")
        text = render()
        cache.put_many({key: text.encode("utf-8")})
        return text

    return make


def cached_pages(cache: BuildCache | None, kind: str, specs: list[PageSpec], known: set[str] | None = None, used: set[str] | None = None) -> dict[str, str | Deferred]:
    """Path -> page of every page in ``specs``, in their order: ``Deferred`` when the last
    build had its key (``known``), else from the cache or rendered and stored; the keys are
    added to ``used``. Without a cache, all rendered."""
    return {path: page for path, _, page in keyed_pages(cache, kind, specs, known, used)}


def keyed_pages(cache: BuildCache | None, kind: str, specs: list[PageSpec], known: set[str] | None = None, used: set[str] | None = None) -> list[tuple[str, str, str | Deferred]]:
    """(path, cache key, page) of every page in ``specs``, in their order (see
    :func:`cached_pages`); the key is ``""`` without a cache."""
    if cache is None:
        return [(path, "", render()) for path, _, render in specs]
    keyed = [(path, page_key(cache, kind, path, inputs), render) for path, inputs, render in specs]
    known = known or set()
    cache.use(key for _, key, _ in keyed)
    if used is not None:
        used.update(key for _, key, _ in keyed)
    found = cache.get_many([key for _, key, _ in keyed if key not in known])
    pages: list[tuple[str, str, str | Deferred]] = []
    new: dict[str, bytes] = {}
    for path, key, render in keyed:
        if key in known:
            pages.append((path, key, Deferred(key, from_cache(cache, key, render))))
        elif key in found:
            pages.append((path, key, found.pop(key).decode("utf-8")))
        else:
            text = render()
            pages.append((path, key, text))
            new[key] = text.encode("utf-8")
            if sum(map(len, new.values())) > STORE_BYTES:  # not all of an actor's pages twice in memory
                cache.put_many(new)
                new = {}
    cache.put_many(new)
    return pages


# --------------------------------------------------------------------------- whole actors and topics

# What an actor's or topic's pages were last time: (first page path, its text, (path, key)
# of each period page).
EntityRecord = tuple[str, str, list[tuple[str, str]]]


def entity_key(cache: BuildCache, kind: str, summary: dict, context: str, cited: str) -> str:
    """The cache key of all the pages of one actor or topic: its summary (everything the
    analysis counted of it), the ``context`` shared by every entity's pages (language,
    output folder, the names of all actors and topics, where the quotes pages list the
    actor, whether the dossier has shared passages) and ``cited``, a digest of what its
    pages show of each source they cite (``PageIndex.entity_digests``)."""
    return cache.key("entity", kind, context, json.dumps(summary, ensure_ascii=False, sort_keys=True), cited)


def load_entities(cache: BuildCache, keys: list[str]) -> dict[str, EntityRecord]:
    """The records of those entity ``keys`` the cache holds (by key)."""
    records = {}
    for key, blob in cache.get_many(keys).items():
        try:
            first, text, pages = pickle.loads(blob)
        except Exception:  # a damaged or foreign entry: as if there were none
            continue
        records[key] = (first, text, [tuple(page) for page in pages])
    return records


def store_entity(cache: BuildCache, key: str, record: EntityRecord) -> None:
    """Keep an actor's or topic's record (see :data:`EntityRecord`) under its key."""
    cache.put_many({key: pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)})


def _manifest_key(cache: BuildCache, output_rel: str) -> str:
    """Where the keys of the pages of the last build to ``output_rel`` are kept."""
    return cache.key("page-manifest", output_rel)


def read_manifest(cache: BuildCache, output_rel: str) -> set[str] | None:
    """The keys of the pages the last build (same code and configuration) made, ``None``
    if there was none. Only a hint: a page it names is still fetched by its key, and
    rendered if the cache no longer has it."""
    key = _manifest_key(cache, output_rel)
    blob = cache.get_many([key]).get(key)
    return None if blob is None else set(blob.decode("ascii").split())


def write_manifest(cache: BuildCache, output_rel: str, keys: set[str]) -> None:
    """Keep the keys of this build's pages for the next build (see :func:`read_manifest`)."""
    cache.put_many({_manifest_key(cache, output_rel): "\n".join(sorted(keys)).encode("ascii")})
