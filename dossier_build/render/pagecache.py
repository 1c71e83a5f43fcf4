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


def cached_pages(cache: BuildCache | None, kind: str, specs: list[PageSpec], used: set[str] | None = None) -> dict[str, str]:
    """Path -> text of every page in ``specs``, in their order: from ``cache`` when the
    page's inputs are unchanged, else rendered and stored (their keys added to ``used``).
    Without a cache, all rendered."""
    if cache is None:
        return {path: render() for path, _, render in specs}
    keys = [page_key(cache, kind, path, inputs) for path, inputs, _ in specs]
    if used is not None:
        used.update(keys)
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


def merged_pages(cache: BuildCache, made: list[tuple[str, str, str | None]]) -> dict[str, str] | None:
    """Path -> text of the pages ``made`` lists as (path, key, text or ``None`` for a page
    left to the cache): the texts given (stored in the cache) and the others fetched; ``None``
    if one of those is not in the cache after all (the caller renders them)."""
    wanted = [key for _, key, text in made if text is None]
    found = cache.get_many(wanted)
    if len(found) < len(set(wanted)):
        return None
    cache.use(wanted)
    cache.put_many({key: text.encode("utf-8") for _, key, text in made if text is not None})
    return {path: text if text is not None else found[key].decode("utf-8") for path, key, text in made}


def _manifest_key(cache: BuildCache, output_rel: str) -> str:
    """Where the keys of the pages of the last build to ``output_rel`` are kept."""
    return cache.key("page-manifest", output_rel)


def read_manifest(cache: BuildCache, output_rel: str) -> set[str] | None:
    """The keys of the pages the last build (same code and configuration) rendered or
    reused, ``None`` if there was none. Only a hint: a page is still fetched by its key."""
    blob = cache.get_many([_manifest_key(cache, output_rel)]).get(_manifest_key(cache, output_rel))
    return None if blob is None else set(blob.decode("ascii").split())


def write_manifest(cache: BuildCache, output_rel: str, keys: set[str]) -> None:
    """Keep the keys of this build's pages for the next build (see :func:`read_manifest`)."""
    cache.put_many({_manifest_key(cache, output_rel): "\n".join(sorted(keys)).encode("ascii")})
