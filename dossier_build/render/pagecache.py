"""Aggregate pages taken from the build cache when nothing they show changed.

A page's key is a digest of every input it renders (for a statement: its text, group,
source and paragraph ids, the source's date and label, the "auch berichtet in" refs shown
with their labels and dates, how many there are; the page's path, title, links and the
language), made from a ``repr`` of tuples hashed once per page: much cheaper than
rendering. The code and the configuration are in every key already (the cache's salt).
"""

from __future__ import annotations

from typing import Callable

from ..cache import BuildCache

# (path, a function giving everything the page shows as a string, one that renders it);
# the first is called only when there is a cache to look in.
PageSpec = tuple[str, Callable[[], str], Callable[[], str]]


def page_key(cache: BuildCache, kind: str, path: str, inputs: Callable[[], str]) -> str:
    """The cache key of a page of ``kind`` (``actor``, ``topic``, ``quotes``) at ``path``."""
    return cache.key("page", kind, path, inputs())


def cached_pages(cache: BuildCache | None, kind: str, specs: list[PageSpec]) -> dict[str, str]:
    """Path -> text of every page in ``specs``, in their order: from ``cache`` when the
    page's inputs are unchanged, else rendered and stored. Without a cache, all rendered."""
    if cache is None:
        return {path: render() for path, _, render in specs}
    keys = [page_key(cache, kind, path, inputs) for path, inputs, _ in specs]
    cache.use(keys)
    found = cache.get_many(keys)
    pages: dict[str, str] = {}
    new: dict[str, bytes] = {}
    for key, (path, _, render) in zip(keys, specs):
        blob = found.get(key)
        if blob is not None:
            pages[path] = blob.decode("utf-8")
        else:
            pages[path] = render()
            new[key] = pages[path].encode("utf-8")
    cache.put_many(new)
    return pages


def all_cached(cache: BuildCache, keyed: list[tuple[str, str]]) -> dict[str, str] | None:
    """Path -> text of the pages ``keyed`` names (path, key), if the cache has every one
    of them; else ``None`` (and the caller renders them)."""
    keys = [key for _, key in keyed]
    found = cache.get_many(keys)
    if len(found) < len(set(keys)):
        return None
    cache.use(keys)
    return {path: found[key].decode("utf-8") for path, key in keyed}
