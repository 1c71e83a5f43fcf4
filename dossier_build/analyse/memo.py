"""What the dossier-wide analysis steps may keep between builds, and how they ask for it.

The dossier-wide steps (shared passages, discrepancies) are deterministic functions of
their inputs; a step that is given an :class:`AnalysisMemo` stores its result (or the
result of each part, e.g. of each shared passage) under a key made from *everything* that
result was made from, and on a later build takes it from there instead of working it out
again. A stored result is only ever used under the same key, so a build with a memo gives
exactly what a build without one gives.

The analysis does not know how results are kept: the build's cache
(:class:`dossier_build.cache.BuildCache`) implements this protocol, a test may use a dict.
The memo's keys must also cover the code that made the results (the build cache salts
every key with a digest of the package's code).
"""

from __future__ import annotations

import pickle
from zlib import crc32
from typing import Callable, Iterable, Protocol, TypeVar

T = TypeVar("T")


class AnalysisMemo(Protocol):
    """Results by key, read and written in bulk."""

    def key(self, *parts: str | bytes) -> str:
        """The key of a result made from ``parts`` (and from the code that made it)."""

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The stored values of those ``keys`` that are kept."""

    def put_many(self, items: dict[str, bytes]) -> None:
        """Keep ``items``."""

    def use(self, keys: Iterable[str]) -> None:
        """Note that this build used the entries ``keys`` (a memo that drops what a build
        did not use keeps them)."""


def recall(memo: AnalysisMemo | None, keys: list[str], work_out: Callable[[list[int]], list[T]], dump: Callable[[T], bytes], load: Callable[[bytes], T]) -> list[T]:
    """The result for each key: stored ones loaded, the others worked out (``work_out``
    gets the positions of the missing keys and returns their results in that order) and
    stored. Without a memo, everything is worked out."""
    if memo is None:
        return work_out(list(range(len(keys))))
    stored = memo.get_many(keys)
    results: list = [None] * len(keys)
    missing: list[int] = []
    for position, key in enumerate(keys):
        blob = stored.get(key)
        if blob is None:
            missing.append(position)
        else:
            results[position] = load(blob)
    memo.use(keys)
    if missing:
        new: dict[str, bytes] = {}
        for position, result in zip(missing, work_out(missing)):
            results[position] = result
            new[keys[position]] = dump(result)
        memo.put_many(new)
    return results


def dumps(value: object) -> bytes:
    """A value as stored (pickled)."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


loads = pickle.loads



RUN_SPREAD = 64  # a run of items (see :func:`runs`) holds this many on average


def runs(names: list[str], spread: int | None = None) -> list[range]:
    """The positions ``0 .. len(names) - 1`` in consecutive runs, for keeping a step's
    result per run of items (e.g. of sources) rather than per item or for all at once.
    A run ends after each name whose CRC-32 is divisible by ``spread`` (default
    ``RUN_SPREAD``) and at the end:
    where the runs end depends on the names alone, not on their positions, so an item
    added, removed or changed changes the key of one run only (of two, when it ends one)."""
    spread = spread or RUN_SPREAD
    found: list[range] = []
    start = 0
    for position, name in enumerate(names):
        if crc32(name.encode("utf-8", "surrogatepass")) % spread == 0:
            found.append(range(start, position + 1))
            start = position + 1
    if start < len(names):
        found.append(range(start, len(names)))
    return found
