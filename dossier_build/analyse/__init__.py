"""Analyse stage: actors, topics, quotes, off-topic paragraphs, shared passages,
discrepancies and the timeline, filled into the ``Dossier`` between reading and rendering.

Two kinds of steps, so a cache can keep the expensive part per source:

- :func:`analyse_source` is a pure function of one source and the compiled configuration
  (:func:`compile_config`): it fills each paragraph's ``mentions``, ``actors`` and
  ``topics`` and returns the source's quotes.
- :func:`analyse` runs it for every source, then the dossier-wide steps, each one pass
  (or near-linear) over the dossier: off-topic paragraphs, shared passages,
  discrepancies, the per-actor and per-topic summaries and the timeline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..config import Config
from ..model import Dossier, PartialDate, Quote, Source
from .actors import ActorMatcher, compile_actors
from .offtopic import mark_off_topic
from .quotes import find_quotes
from .timeline import timeline
from .topics import TopicMatcher, compile_topics

try:
    from .passages import find_shared_passages
except ImportError:  # the shared-passage module lands on another branch
    find_shared_passages = None
try:
    from .discrepancies import find_discrepancies
except ImportError:  # the discrepancies module lands on another branch
    find_discrepancies = None


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


def analyse(dossier: Dossier, config: Config, compiled: CompiledConfig | None = None, quotes_by_source: dict[str, list[Quote]] | None = None) -> None:
    """Fill every analysis field of ``dossier``. ``quotes_by_source``: what
    :func:`analyse_source` returned for the sources it already ran on (in the build's
    reading workers, or kept in its cache); it runs here on the others."""
    quotes: list[Quote] = []
    for source in dossier.sources:
        if quotes_by_source is not None and source.id in quotes_by_source:
            quotes.extend(quotes_by_source[source.id])
            continue
        compiled = compiled or compile_config(config)
        quotes.extend(analyse_source(source, compiled))
    mark_off_topic(dossier.sources)
    off_topic = {(s.id, p.id) for s in dossier.sources for p in s.paragraphs if p.off_topic}
    dossier.quotes = [q for q in quotes if (q.source, q.paragraph) not in off_topic]
    if find_shared_passages is not None:
        dossier.shared_passages = find_shared_passages(dossier.sources)
    if find_discrepancies is not None:
        dossier.discrepancies = find_discrepancies(dossier.sources, dossier.shared_passages, config.actors)
    dossier.analysis = summarise(dossier, config)


# --------------------------------------------------------------------------- summaries


def _citation(source: Source, paragraph_id: str) -> dict:
    """The date, source and paragraph of a first or last mention."""
    return {"date": source.date.iso() if source.date else None, "source": source.id, "paragraph": paragraph_id}


def summarise(dossier: Dossier, config: Config) -> dict:
    """Per-actor and per-topic summaries and the timeline, as JSON-safe data (one pass
    over the paragraphs; off-topic paragraphs are left out)."""
    mentions: Counter = Counter()
    spellings: dict[str, Counter] = defaultdict(Counter)
    actor_sources: dict[str, set] = defaultdict(set)
    actor_paragraphs: Counter = Counter()
    actor_topics: dict[str, Counter] = defaultdict(Counter)
    together: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, tuple] = {}
    last: dict[str, tuple] = {}
    topic_paragraphs: Counter = Counter()
    topic_sources: dict[str, set] = defaultdict(set)
    topic_actors: dict[str, Counter] = defaultdict(Counter)
    topic_first: dict[str, tuple] = {}
    topic_last: dict[str, tuple] = {}

    def note_date(table: dict, key: str, source: Source, paragraph_id: str, earliest: bool) -> None:
        """Keep the earliest (or latest) dated source for ``key``; undated sources never count."""
        if source.date is None:
            return
        candidate = (source.date.sort_key(), source.id, int(paragraph_id[1:]))
        current = table.get(key)
        if current is None or (candidate < current[0] if earliest else candidate > current[0]):
            table[key] = (candidate, _citation(source, paragraph_id))

    for source in dossier.sources:
        first_in_source: dict[str, str] = {}  # actor -> its first paragraph in this source
        topic_first_in_source: dict[str, str] = {}
        for paragraph in source.paragraphs:
            if paragraph.off_topic:
                continue
            for mention in paragraph.mentions:
                mentions[mention.actor] += 1
                spellings[mention.actor][mention.surface] += 1
            for actor in paragraph.actors:
                first_in_source.setdefault(actor, paragraph.id)
                actor_paragraphs[actor] += 1
                for topic in paragraph.topics:
                    actor_topics[actor][topic] += 1
                    topic_actors[topic][actor] += 1
                for other in paragraph.actors:
                    if other != actor:
                        together[actor][other] += 1
            for topic in paragraph.topics:
                topic_paragraphs[topic] += 1
                topic_first_in_source.setdefault(topic, paragraph.id)
        # dates are per source: one comparison per actor and source, not per paragraph
        for actor, paragraph_id in first_in_source.items():
            actor_sources[actor].add(source.id)
            note_date(first, actor, source, paragraph_id, True)
            note_date(last, actor, source, paragraph_id, False)
        for topic, paragraph_id in topic_first_in_source.items():
            topic_sources[topic].add(source.id)
            note_date(topic_first, topic, source, paragraph_id, True)
            note_date(topic_last, topic, source, paragraph_id, False)

    quotes_by_speaker = Counter(q.speaker for q in dossier.quotes if q.speaker)

    def ranked(counter: Counter, key: str) -> list[dict]:
        """Counter entries, most frequent first, ties by name."""
        return [{key: name, "count": count} for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]

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
                "sources": len(actor_sources[spec.id]),
                "spellings": ranked(spellings[spec.id], "surface"),
                "first": first[spec.id][1] if spec.id in first else None,
                "last": last[spec.id][1] if spec.id in last else None,
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
                "sources": len(topic_sources[spec.id]),
                "actors": ranked(topic_actors[spec.id], "actor"),
                "first": topic_first[spec.id][1] if spec.id in topic_first else None,
                "last": topic_last[spec.id][1] if spec.id in topic_last else None,
                "page": "",
            }
        )
    return {"actors": actors, "topics": topics, "timeline": timeline(dossier.sources)}


def date_of(entry: dict | None) -> PartialDate | None:
    """The date of a summary's ``first``/``last`` entry."""
    if not entry or not entry.get("date"):
        return None
    return PartialDate.parse(entry["date"])
