"""Analyse stage: actors, topics, quotes, off-topic paragraphs, shared passages,
discrepancies and the timeline, filled into the ``Dossier`` between reading and rendering.

Two kinds of steps, so a cache can keep the expensive part per source:

- :func:`analyse_source` is a pure function of one source and the compiled configuration
  (:func:`compile_config`): it fills each paragraph's ``mentions``, ``actors`` and
  ``topics`` and returns the source's quotes.
- :func:`analyse` runs it for every source, then the dossier-wide steps, each one pass
  (or near-linear) over the dossier: off-topic paragraphs, shared passages,
  discrepancies, the per-actor and per-topic summaries and the timeline.
- :func:`source_signature` is the per-source part of those dossier-wide steps, a pure
  function of one source once :func:`analyse_source` ran on it: what the off-topic test,
  the passage finder, the discrepancy finder and the timeline read of it. :func:`analyse`
  takes them by source id (e.g. made in the reading workers and kept in the cache) and
  works out the others.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from hashlib import blake2b
from typing import Mapping, NamedTuple
from itertools import chain, product, repeat, starmap
from operator import attrgetter

from ..config import Config
from ..model import Dossier, Mention, PartialDate, Quote, Source
from .actors import ActorMatcher, compile_actors
from .discrepancies import discrepancy_signature, find_discrepancies, ids_unique, source_digests
from .memo import AnalysisMemo, dumps, loads, recall, runs
from .offtopic import OffTopicSignature, mark_off_topic, off_topic_signature
from .passages import PassageSignature, find_shared_passages, passage_signature
from .quotes import find_quotes
from .timeline import Event, source_events, timeline
from .topics import TopicMatcher, compile_topics


@dataclass
class CompiledConfig:
    """What per-source analysis needs from ``dossier.yml``, compiled once per build."""

    actors: ActorMatcher
    topics: TopicMatcher
    fingerprint: str = ""


def compile_config(config: Config) -> CompiledConfig:
    """Compile the actors' names and the topics' keywords into their matchers."""
    return CompiledConfig(actors=compile_actors(config.actors), topics=compile_topics(config.topics), fingerprint=config.fingerprint())


def analyse_source(source: Source, compiled: CompiledConfig) -> list[Quote]:
    """Per-source analysis: mentions, actors and topics of each paragraph, and the quotes.

    Depends only on the source's text and the compiled configuration."""
    for paragraph in source.paragraphs:
        paragraph.mentions = compiled.actors.find(paragraph.text)
        paragraph.actors = list(dict.fromkeys(m.actor for m in paragraph.mentions))
        paragraph.topics = compiled.topics.find(paragraph.text)
        paragraph.off_topic = False
    return find_quotes(source, compiled.actors)


class SourceSignature(NamedTuple):
    """The per-source part of the dossier-wide steps (see :func:`source_signature`)."""

    passages: PassageSignature
    off_topic: OffTopicSignature
    events: list[Event]  # of every paragraph, off-topic ones included
    discrepancies: bytes  # see discrepancy_signature
    paragraphs: bytes = b""  # see paragraph_digests (for the renderer's page keys)


def source_signature(source: Source) -> SourceSignature:
    """What the dossier-wide steps read of one source: a pure function of its text and date
    and of the mentions :func:`analyse_source` found in it (so of the configuration's
    actors, like the quotes), compact and picklable, so a build can keep it per source.
    It carries :func:`paragraph_digests` too, which the renderer's page keys are made of."""
    return SourceSignature(passage_signature(source), off_topic_signature(source), source_events(source, include_off_topic=True), discrepancy_signature(source), paragraph_digests(source))


PARAGRAPH_DIGEST_SIZE = 16


def paragraph_digests(source: Source) -> bytes:
    """A digest of each paragraph as the per-source analysis left it, ``PARAGRAPH_DIGEST_SIZE``
    bytes each, in order: its id, text, sentences, topics and mentions (actor, span; the
    actors follow from them). What the dossier-wide steps set later (off-topic,
    duplicates) is not in it. A pure function of the source once :func:`analyse_source`
    ran, so it is made where the source is read and kept with it."""
    digests = []
    for paragraph in source.paragraphs:
        sentences, topics = paragraph.sentences, paragraph.topics
        parts = [paragraph.id, paragraph.text, str(len(sentences)), *sentences, str(len(topics)), *topics, *[f"{m.actor}:{m.start}:{m.end}" for m in paragraph.mentions]]
        text = "".join([f"{len(part)}:{part}" for part in parts])
        digests.append(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=PARAGRAPH_DIGEST_SIZE).digest())
    return b"".join(digests)


def analyse(
    dossier: Dossier,
    config: Config,
    compiled: CompiledConfig | None = None,
    quotes_by_source: dict[str, list[Quote]] | None = None,
    signatures: Mapping[str, SourceSignature] | None = None,
    memo: AnalysisMemo | None = None,
) -> None:
    """Fill every analysis field of ``dossier``. ``quotes_by_source``: what
    :func:`analyse_source` returned for the sources it already ran on (in the build's
    reading workers, or kept in its cache); it runs here on the others. ``signatures``:
    :func:`source_signature` of sources by id, made beforehand the same way; the
    dossier-wide steps work out the others themselves. ``memo``: where the dossier-wide
    steps keep results between builds (the shared passages as a whole, the discrepancies
    of each passage; see :mod:`.memo`); the result is the same with or without it."""
    quotes: list[Quote] = []
    for source in dossier.sources:
        if quotes_by_source is not None and source.id in quotes_by_source:
            quotes.extend(quotes_by_source[source.id])
            continue
        compiled = compiled or compile_config(config)
        quotes.extend(analyse_source(source, compiled))
    given = signatures if signatures is not None else {}
    digests = {source_id: signature.discrepancies for source_id, signature in given.items()}
    in_order = source_digests(dossier.sources, digests) if memo is not None and ids_unique(dossier.sources) else None
    mark_off_topic(dossier.sources, {source_id: signature.off_topic for source_id, signature in given.items()}, memo=memo, digests=in_order)
    off_topic = {(s.id, p.id) for s in dossier.sources for p in s.paragraphs if p.off_topic}
    dossier.quotes = [q for q in quotes if (q.source, q.paragraph) not in off_topic]
    dossier.shared_passages = find_shared_passages(dossier.sources, {source_id: signature.passages for source_id, signature in given.items()}, memo=memo)
    dossier.discrepancies = find_discrepancies(dossier.sources, dossier.shared_passages, config.actors, memo=memo, signatures=digests, digests=in_order)
    dossier.analysis = summarise(dossier, config, {source_id: signature.events for source_id, signature in given.items()}, memo=memo, digests=digests)


# --------------------------------------------------------------------------- summaries


class _Counts(NamedTuple):
    """What the summaries count over a run of sources, in a form that adds up: counts,
    sets of source ids and the earliest and latest dated mention of each actor or topic
    as ``(sort key, date, source id, paragraph id)``, the sort key being (date, source id,
    paragraph number)."""

    surfaces: Counter  # (actor, surface) -> mentions
    actor_paragraphs: Counter
    topic_paragraphs: Counter
    actor_topics: Counter  # (actor, topic) -> paragraphs naming both
    actor_sets: Counter  # sorted actors of a paragraph -> paragraphs naming exactly them
    actor_sources: Counter  # actor -> sources (distinct ids) naming it
    topic_sources: Counter
    first: dict[str, tuple]
    last: dict[str, tuple]
    topic_first: dict[str, tuple]
    topic_last: dict[str, tuple]


def _count(sources: list[Source]) -> _Counts:
    """One pass over the paragraphs of ``sources`` (off-topic ones left out), collecting
    each one's mentions, actors and topics; they are counted afterwards in bulk."""
    mentioned: list[Mention] = []
    actor_lists: list[list[str]] = []  # the actors of each paragraph that names any
    topic_lists: list[list[str]] = []
    actor_topic_lists: list[tuple[list[str], list[str]]] = []
    actor_sources: dict[str, set] = defaultdict(set)
    topic_sources: dict[str, set] = defaultdict(set)
    first: dict[str, tuple] = {}
    last: dict[str, tuple] = {}
    topic_first: dict[str, tuple] = {}
    topic_last: dict[str, tuple] = {}

    def note_dates(earliest: dict, latest: dict, in_source: dict[str, str], source: Source) -> None:
        """Keep, per actor (or topic), the earliest and the latest dated source that names it,
        each with the first paragraph there; undated sources never count."""
        if source.date is None:
            return
        date = source.date.sort_key()
        iso = source.date.iso()
        for key, paragraph_id in in_source.items():
            candidate = (date, source.id, int(paragraph_id[1:]))
            current = earliest.get(key)
            if current is None or candidate < current[0]:
                earliest[key] = (candidate, iso, source.id, paragraph_id)
            current = latest.get(key)
            if current is None or candidate > current[0]:
                latest[key] = (candidate, iso, source.id, paragraph_id)

    for source in sources:
        first_in_source: dict[str, str] = {}  # actor -> its first paragraph in this source
        topic_first_in_source: dict[str, str] = {}
        for paragraph in reversed(source.paragraphs):  # so the first paragraph is written last
            if paragraph.off_topic:
                continue
            if paragraph.mentions:
                mentioned.extend(paragraph.mentions)
            if paragraph.actors:
                actor_lists.append(paragraph.actors)
                first_in_source.update(zip(paragraph.actors, repeat(paragraph.id)))
            if paragraph.topics:
                topic_lists.append(paragraph.topics)
                topic_first_in_source.update(zip(paragraph.topics, repeat(paragraph.id)))
                if paragraph.actors:
                    actor_topic_lists.append((paragraph.actors, paragraph.topics))
        for actor in first_in_source:
            actor_sources[actor].add(source.id)
        for topic in topic_first_in_source:
            topic_sources[topic].add(source.id)
        note_dates(first, last, first_in_source, source)
        note_dates(topic_first, topic_last, topic_first_in_source, source)
    return _Counts(
        Counter(map(_ACTOR_AND_SURFACE, mentioned)),
        Counter(chain.from_iterable(actor_lists)),
        Counter(chain.from_iterable(topic_lists)),
        Counter(chain.from_iterable(starmap(product, actor_topic_lists))),
        Counter(map(tuple, map(sorted, actor_lists))),
        Counter({actor: len(ids) for actor, ids in actor_sources.items()}),
        Counter({topic: len(ids) for topic, ids in topic_sources.items()}),
        first,
        last,
        topic_first,
        topic_last,
    )


def _added(parts: list[_Counts]) -> _Counts:
    """The counts of several runs of sources (no id in two of them) as the counts of all
    of them: counts added, the earliest of the earliest and the latest of the latest kept."""
    if len(parts) == 1:
        return parts[0]
    total = _Counts(Counter(), Counter(), Counter(), Counter(), Counter(), Counter(), Counter(), {}, {}, {}, {})
    for part in parts:
        for counter, more in zip(total[:7], part[:7]):
            counter.update(more)
        for table, more, earlier in zip(total[7:], part[7:], (True, False, True, False)):
            for name, entry in more.items():
                current = table.get(name)
                if current is None or (entry[0] < current[0] if earlier else entry[0] > current[0]):
                    table[name] = entry
    return total


_COUNTS_TAG = "summary-counts"
SUMMARY_SPREAD = 256  # sources per run (on average) whose counts are kept together


def _counts(sources: list[Source], memo: AnalysisMemo | None, digests: Mapping[str, bytes] | None) -> _Counts:
    """:func:`_count` of all sources. With a ``memo``, kept per run of sources
    (:func:`.memo.runs`) under the digests of the run's sources (``digests`` by id, the
    others worked out; :func:`.discrepancies.discrepancy_signature` covers all
    :func:`_count` reads of a source but the off-topic flags) and the ids of the run's
    off-topic paragraphs; then added up (:func:`_added`)."""
    if memo is None or not ids_unique(sources):
        return _count(sources)
    in_order = source_digests(sources, digests)
    parts = runs([source.id for source in sources], SUMMARY_SPREAD)
    keys = []
    for part in parts:
        off_topic = "\1".join("\0".join(p.id for p in sources[i].paragraphs if p.off_topic) for i in part)
        keys.append(memo.key(_COUNTS_TAG, b"".join(in_order[i] for i in part), off_topic))
    counted = recall(memo, keys, lambda positions: [_count([sources[i] for i in parts[p]]) for p in positions], dumps, loads)
    return _added(counted)


def summarise(dossier: Dossier, config: Config, events: Mapping[str, list[Event]] | None = None, memo: AnalysisMemo | None = None, digests: Mapping[str, bytes] | None = None) -> dict:
    """Per-actor and per-topic summaries and the timeline, as JSON-safe data (one pass
    over the paragraphs; off-topic paragraphs are left out). ``events``: see :func:`timeline`.
    ``memo`` and ``digests``: see :func:`_counts`; the result is the same with or without.

    The pass only collects each paragraph's mentions, actors and topics; they are counted
    afterwards in bulk (pairs of actors once per set of actors that occurs)."""
    counts = _counts(dossier.sources, memo, digests)
    spellings: dict[str, Counter] = defaultdict(Counter)
    mentions: Counter = Counter()
    for (actor, surface), count in counts.surfaces.items():
        spellings[actor][surface] += count
        mentions[actor] += count
    actor_paragraphs = counts.actor_paragraphs
    topic_paragraphs = counts.topic_paragraphs
    actor_sources, topic_sources = counts.actor_sources, counts.topic_sources
    first, last, topic_first, topic_last = counts.first, counts.last, counts.topic_first, counts.topic_last
    actor_topics: dict[str, Counter] = defaultdict(Counter)
    topic_actors: dict[str, Counter] = defaultdict(Counter)
    for (actor, topic), count in counts.actor_topics.items():
        actor_topics[actor][topic] = count
        topic_actors[topic][actor] = count
    together: dict[str, Counter] = defaultdict(Counter)
    for paragraph_actors, count in counts.actor_sets.items():
        for actor in paragraph_actors:
            for other in paragraph_actors:
                if other != actor:
                    together[actor][other] += count

    quotes_by_speaker = Counter(q.speaker for q in dossier.quotes if q.speaker)

    def ranked(counter: Counter, key: str) -> list[dict]:
        """Counter entries, most frequent first, ties by name."""
        return [{key: name, "count": count} for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]

    def cited(table: dict, key: str) -> dict | None:
        """The date, source and paragraph of a first or last mention."""
        if key not in table:
            return None
        _, date, source_id, paragraph_id = table[key]
        return {"date": date, "source": source_id, "paragraph": paragraph_id}

    actors = []
    for spec in config.actors:
        actors.append(
            {
                "id": spec.id,
                "name": spec.name,
                "kind": spec.kind,
                "aliases": list(spec.aliases),
                "description": spec.description,
                "mentions": mentions[spec.id],
                "paragraphs": actor_paragraphs[spec.id],
                "sources": actor_sources[spec.id],
                "spellings": ranked(spellings[spec.id], "surface"),
                "first": cited(first, spec.id),
                "last": cited(last, spec.id),
                "quotes": quotes_by_speaker[spec.id],
                "topics": ranked(actor_topics[spec.id], "topic"),
                "with": ranked(together[spec.id], "actor"),
                "page": "",
            }
        )
    topics = []
    for spec in config.topics:
        topics.append(
            {
                "id": spec.id,
                "name": spec.name,
                "keywords": list(spec.keywords),
                "description": spec.description,
                "paragraphs": topic_paragraphs[spec.id],
                "sources": topic_sources[spec.id],
                "actors": ranked(topic_actors[spec.id], "actor"),
                "first": cited(topic_first, spec.id),
                "last": cited(topic_last, spec.id),
                "page": "",
            }
        )
    return {"actors": actors, "topics": topics, "timeline": timeline(dossier.sources, events)}


_ACTOR_AND_SURFACE = attrgetter("actor", "surface")


def date_of(entry: dict | None) -> PartialDate | None:
    """The date of a summary's ``first``/``last`` entry."""
    if not entry or not entry.get("date"):
        return None
    return PartialDate.parse(entry["date"])
