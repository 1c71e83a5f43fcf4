"""The dossier-wide steps made fast and split per source: with the per-source signatures kept
(as a build's cache keeps them) or worked out on the spot, and against the straightforward
reference implementations, on the seeds, the second dossier and a synthetic dossier."""

from __future__ import annotations

import copy
import importlib.util
import pickle
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest

from dossier_build.analyse import analyse, source_signature, summarise
from dossier_build.analyse.offtopic import content_words, mark_off_topic, off_topic_signature
from dossier_build.analyse.timeline import source_events, timeline
from dossier_build.build import BuildResult, build

from . import analysis_reference as reference
from .analysis_support import ROOT, SECOND


def synthetic_build(folder: Path, count: int = 80) -> BuildResult:
    """A dossier written by the benchmark's corpus maker (actors, topics, agency copy,
    mojibake), built in memory."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    maker.make_corpus(count, folder)
    return build(folder / "dossier.yml", write=False, use_cache=False, workers=1)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, BuildResult]:
    return {
        "seeds": build(ROOT / "dossier.yml", write=False, use_cache=False),
        "second": build(SECOND / "dossier.yml", write=False, use_cache=False),
        "synthetic": synthetic_build(tmp_path_factory.mktemp("synthetic")),
    }


def snapshot(result: BuildResult) -> dict:
    dossier = result.dossier
    return {
        "passages": [asdict(p) for p in dossier.shared_passages],
        "discrepancies": [asdict(d) for d in dossier.discrepancies],
        "quotes": [asdict(q) for q in dossier.quotes],
        "analysis": dossier.analysis,
        "paragraphs": [(s.id, p.id, p.off_topic, p.duplicates) for s in dossier.sources for p in s.paragraphs],
    }


@pytest.mark.parametrize("name", ["seeds", "second", "synthetic"])
def test_kept_signatures_give_the_same_analysis(builds, name):
    result = copy.deepcopy(builds[name])
    analyse(result.dossier, result.config)  # as built, before the renderer adds its page links
    expected = snapshot(result)
    kept = pickle.loads(pickle.dumps({s.id: source_signature(s) for s in result.dossier.sources}))
    analyse(result.dossier, result.config, signatures=kept)
    assert snapshot(result) == expected
    some = {source_id: signature for n, (source_id, signature) in enumerate(kept.items()) if n % 3}
    analyse(result.dossier, result.config, signatures=some)
    assert snapshot(result) == expected


@pytest.mark.parametrize("name", ["seeds", "second", "synthetic"])
def test_off_topic_summaries_and_timeline_equal_the_reference(builds, name):
    result = copy.deepcopy(builds[name])
    sources = result.dossier.sources
    expected = reference.mark_off_topic(sources)
    flags = [p.off_topic for s in sources for p in s.paragraphs]
    assert mark_off_topic(sources) == expected
    assert [p.off_topic for s in sources for p in s.paragraphs] == flags
    assert summarise(result.dossier, result.config) == reference.summarise(result.dossier, result.config)
    assert timeline(sources) == reference.timeline(sources)
    if name != "synthetic":
        assert expected  # each of these dossiers has an off-topic paragraph
    assert any(a["with"] for a in result.dossier.analysis["actors"]) and result.dossier.analysis["timeline"]


def test_summaries_count_actors_listed_twice_and_skip_off_topic_paragraphs(builds):
    result = copy.deepcopy(builds["seeds"])
    paragraphs = [p for s in result.dossier.sources for p in s.paragraphs if len(p.actors) > 1]
    paragraphs[0].actors = paragraphs[0].actors + paragraphs[0].actors[:1]  # not what analyse makes, but allowed
    paragraphs[1].off_topic = True
    assert summarise(result.dossier, result.config) == reference.summarise(result.dossier, result.config)


def test_timeline_drops_the_kept_events_of_off_topic_paragraphs(builds):
    result = copy.deepcopy(builds["seeds"])
    sources = result.dossier.sources
    kept = {s.id: source_events(s, include_off_topic=True) for s in sources}
    dated = next(p for s in sources for p in s.paragraphs if any(e.paragraph == p.id for e in kept[s.id]))
    dated.off_topic = True
    assert timeline(sources, kept) == timeline(sources) == reference.timeline(sources)
    assert not any(e["paragraph"] == dated.id and e["text"] in dated.sentences for e in timeline(sources) if e["kind"] == "event")


def test_off_topic_signatures_kept_or_computed_flag_the_same_paragraphs(builds):
    sources = copy.deepcopy(builds["second"].dossier.sources)
    expected = [(p.off_topic) for s in sources for p in s.paragraphs]
    kept = pickle.loads(pickle.dumps({s.id: off_topic_signature(s) for s in sources}))
    for paragraph in (p for s in sources for p in s.paragraphs):
        paragraph.off_topic = False
    mark_off_topic(sources, kept)
    assert [p.off_topic for s in sources for p in s.paragraphs] == expected and any(expected)


@pytest.mark.parametrize("text", ["ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ ΚΑΙ ΠΟΛΥΜΗΧΑΝΟΣ", "İSTANBUL İzmir BÜYÜKŞEHİR", "Straße STRASSE Größenordnung", "ǅemal ǈubljana ǋegoš", "x² Ⅻ-Mal ½kilo Wörter"])
def test_content_words_lower_every_word_as_on_its_own(text):
    assert content_words(text) == {word.lower()[:7] for word in reference._CONTENT_WORD.findall(text)}


def test_summary_counts_kept_per_run_of_sources_equal_the_counts_of_all(tmp_path, monkeypatch):
    """The summaries' counts are kept per run of sources under the digests of the run's
    sources and its off-topic paragraphs: an off-topic flag changed, or a paragraph's
    mentions, misses that run only, and the summaries equal those without a memo (and the
    reference's)."""
    from dossier_build.analyse.discrepancies import discrepancy_signature
    from dossier_build.analyse.memo import runs

    from .analysis_support import DictMemo

    import dossier_build.analyse as analyse_module

    monkeypatch.setattr(analyse_module, "SUMMARY_SPREAD", 16)
    result = synthetic_build(tmp_path, 200)
    dossier, config = result.dossier, result.config
    count = len(runs([s.id for s in dossier.sources], 16))
    assert count > 2
    memo = DictMemo()
    digests = {s.id: discrepancy_signature(s) for s in dossier.sources}
    unmemoised = summarise(dossier, config)
    assert unmemoised == reference.summarise(dossier, config)
    assert summarise(dossier, config, memo=memo, digests=digests) == unmemoised
    assert memo.counted_of("summary-counts") == (0, count)
    middle = dossier.sources[len(dossier.sources) // 2]
    named = next(p for p in middle.paragraphs if p.actors and not p.off_topic)
    named.off_topic = True
    expected = reference.summarise(dossier, config)
    assert expected != unmemoised and summarise(dossier, config) == expected
    assert summarise(dossier, config, memo=memo, digests=digests) == expected
    assert memo.counted_of("summary-counts") == (count - 1, 1)
    named.off_topic = False
    dated = next(s for s in dossier.sources[::-1] if s.date is not None and any(p.actors for p in s.paragraphs))
    for paragraph in dated.paragraphs:
        paragraph.mentions, paragraph.actors = [], []
    digests[dated.id] = discrepancy_signature(dated)
    expected = reference.summarise(dossier, config)
    assert summarise(dossier, config, memo=memo, digests=digests) == expected == summarise(dossier, config)
    assert memo.counted_of("summary-counts") == (count - 1, 1)


def test_off_topic_vocabulary_and_shares_kept_per_run_give_the_same_flags(tmp_path, monkeypatch):
    """The off-topic test keeps each run of sources' vocabulary and shares: a paragraph of
    foreign words added to one source misses that run's vocabulary, and the shares of
    each run whose words became shared or unshared; the flags equal those without a memo."""
    from dossier_build.analyse import offtopic
    from dossier_build.analyse.discrepancies import source_digests
    from dossier_build.analyse.memo import runs
    from dossier_build.model import Paragraph

    from .analysis_support import DictMemo

    monkeypatch.setattr(offtopic, "OFF_TOPIC_SPREAD", 16)
    result = synthetic_build(tmp_path, 200)
    sources = result.dossier.sources
    count = len(runs([s.id for s in sources], 16))
    assert count > 3

    def flags() -> list[bool]:
        return [p.off_topic for s in sources for p in s.paragraphs]

    expected = mark_off_topic(sources)
    expected_flags = flags()
    memo = DictMemo()
    assert mark_off_topic(sources, memo=memo, digests=source_digests(sources)) == expected and flags() == expected_flags
    assert memo.counted_of("off-topic-vocabulary") == (0, count) and memo.counted_of("off-topic-shares") == (0, count)
    assert mark_off_topic(sources, memo=memo, digests=source_digests(sources)) == expected
    assert memo.counted_of("off-topic-vocabulary") == (count, 0) and memo.counted_of("off-topic-shares") == (count, 0)
    garden = "Die Gartenfreunde Niederrhein präsentierten prächtige Dahlien, Kürbisse, Sonnenblumen, Tomaten, Zucchini und Gurken beim herbstlichen Erntefest der Kleingartenkolonie Sonnenschein am Stadtrand, begleitet von Blasmusik, Kuchenbuffet, Kinderschminken und Tombola."
    target = sources[len(sources) // 2]
    target.blocks.append(Paragraph(id=f"p{len(target.paragraphs) + 1}", text=garden))
    # a word only one paragraph of an early source has: once the last source has it too,
    # the early run's shares change though nothing of it did
    in_paragraphs = Counter(word for s in sources for p in s.paragraphs for word in content_words(p.text))
    lonely = next(word for s in sources[:20] for p in s.paragraphs for word in re.findall(r"[^\W\d_]{5,}", p.text) if in_paragraphs[word.lower()[:7]] == 1)
    before = _shares_of(sources)
    other = sources[-1]
    other.blocks.append(Paragraph(id=f"p{len(other.paragraphs) + 1}", text=garden.replace("Gartenfreunde", "Vereinsfreunde") + f" {lonely}"))
    plain = mark_off_topic(sources)
    plain_flags = flags()
    assert _shares_of(sources)[: len(sources) // 2] != before[: len(sources) // 2]
    assert mark_off_topic(sources, memo=memo, digests=source_digests(sources)) == plain and flags() == plain_flags
    assert memo.counted_of("off-topic-vocabulary")[1] in (2, 3, 4)  # the two runs changed (and a neighbour, where a run ends)
    assert memo.counted_of("off-topic-shares")[1] >= 3
    kept_shares, _ = offtopic._shares_in_runs(sources, {}, memo, source_digests(sources))
    assert list(kept_shares) == [share for shares in _shares_of(sources) for share in shares]


def _shares_of(sources) -> list[list[float]]:
    """Each source's paragraphs' shares of words shared in the dossier, as the off-topic test has them."""
    from dossier_build.analyse import offtopic

    readings = [offtopic.off_topic_signature(s) for s in sources]
    shares, _ = offtopic._shares(readings, offtopic._shared_words([offtopic._vocabulary(readings)]))
    found, start = [], 0
    for reading in readings:
        found.append(list(shares[start : start + len(reading.ends)]))
        start += len(reading.ends)
    return found
