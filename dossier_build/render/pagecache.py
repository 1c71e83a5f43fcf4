"""Aggregate pages taken from the build cache when nothing they show changed.

A page's key is a digest of every input it renders (for a statement: its text, group,
source and paragraph ids, the source's date and label, the "auch berichtet in" refs shown
with their labels and dates, how many there are; the page's path, title, links and the
language; see :func:`.citations.statement_key`), hashed once per page: much cheaper than
rendering. The code and the configuration are in every key already (the cache's salt).

The keys of a build's pages are kept in the cache (a manifest). A page whose key the last
build had is given to the writer as ``writer.Deferred``: it is neither rendered nor even
fetched from the cache when its file is still as the last build wrote it under that key.
"""

from __future__ import annotations

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
    if cache is None:
        return {path: render() for path, _, render in specs}
    keyed = [(path, page_key(cache, kind, path, inputs), render) for path, inputs, render in specs]
    known = known or set()
    cache.use(key for _, key, _ in keyed)
    if used is not None:
        used.update(key for _, key, _ in keyed)
    found = cache.get_many([key for _, key, _ in keyed if key not in known])
    pages: dict[str, str | Deferred] = {}
    new: dict[str, bytes] = {}
    for path, key, render in keyed:
        if key in known:
            pages[path] = Deferred(key, from_cache(cache, key, render))
        elif key in found:
            pages[path] = found.pop(key).decode("utf-8")
        else:
            text = pages[path] = render()
            new[key] = text.encode("utf-8")
            if sum(map(len, new.values())) > STORE_BYTES:  # not all of an actor's pages twice in memory
                cache.put_many(new)
                new = {}
    cache.put_many(new)
    return pages


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
