"""Shared passages: agency copy found across sources, on the seeds and on a dossier of our own."""

from __future__ import annotations

import copy
import pickle
import random
from itertools import accumulate
from dataclasses import asdict
from pathlib import Path

import pytest

from dossier_build.analyse.passages import MAX_DUPLICATES, PassageStats, content_sequence, content_words, find_shared_passages, passage_signature, word_id
from dossier_build.model import Paragraph, Source
from dossier_build.normalise import normalise
from dossier_build.readers import read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def load(path: Path, source_id: str | None = None) -> Source:
    return normalise(read_document(path.name, path.read_bytes()), source_id or path.stem[:3])


def load_text(name: str, text: str) -> Source:
    return normalise(read_document(name, text.encode("utf-8")), name.rsplit(".", 1)[0])


@pytest.fixture(scope="module")
def seed_sources() -> list[Source]:
    return [load(path) for path in sorted(SEEDS.iterdir())]


def source_pairs(passages) -> set[frozenset[str]]:
    return {frozenset({a.source, b.source}) for p in passages for a in p.refs for b in p.refs if a.source != b.source}


def test_seeds_share_passages_between_000_002_and_003(seed_sources):
    passages = find_shared_passages(seed_sources)
    pairs = source_pairs(passages)
    assert {frozenset({"000", "002"}), frozenset({"002", "003"}), frozenset({"000", "003"})} <= pairs
    # 001 (AFP) and 004 (2023 visit) tell other stories in other words.
    assert not any(ref.source in {"001", "004"} for p in passages for ref in p.refs)


def test_lightly_reworded_agency_sentences_are_one_passage(seed_sources):
    passages = find_shared_passages(seed_sources)
    by_ref = {(r.source, r.paragraph, r.sentence): p.id for p in passages for r in p.refs}
    # the dpa sentence that names Kim's father differently
    kim = [p for p in passages if any("Kim Yong-il" in r.sentence for r in p.refs)]
    assert len(kim) == 1 and {(r.source, r.paragraph) for r in kim[0].refs} == {("002", "p5"), ("003", "p11")}
    assert "Kim Jong Il" in next(r.sentence for r in kim[0].refs if r.source == "003")
    # words reordered ("Geplant sind …" / "Danach sind … geplant")
    assert by_ref[("000", "p7", "Geplant sind lange Verhandlungen, erst zu zweit, dann im größeren Rahmen.")] == by_ref[
        ("002", "p4", "Danach sind lange Verhandlungen geplant, erst zu zweit, dann im größeren Rahmen.")
    ]
    # words added ("Der jetzige Besuch war …", "abgeschotteten")
    sixth = [p for p in passages if any("seit 24 Jahren" in r.sentence for r in p.refs)]
    assert len(sixth) == 1 and {r.source for r in sixth[0].refs} == {"000", "003"}


def test_seed_paragraphs_know_their_duplicates(seed_sources):
    find_shared_passages(seed_sources)
    paragraphs = {(s.id, p.id): p for s in seed_sources for p in s.paragraphs}
    assert paragraphs[("002", "p5")].duplicates == ["003#p11"]
    assert paragraphs[("003", "p11")].duplicates == ["002#p5"]
    assert paragraphs[("000", "p6")].duplicates == ["003#p2"]
    assert paragraphs[("000", "p10")].duplicates == ["002#p7"]
    assert paragraphs[("001", "p1")].duplicates == []
    assert all(not p.duplicates for s in seed_sources if s.id in {"001", "004"} for p in s.paragraphs)


def test_ids_are_sequential_and_output_does_not_depend_on_input_order(seed_sources):
    first = find_shared_passages(seed_sources)
    duplicates = {(s.id, p.id): list(p.duplicates) for s in seed_sources for p in s.paragraphs}
    assert [p.id for p in first] == [f"sp{i}" for i in range(1, len(first) + 1)]
    shuffled = list(seed_sources)
    random.Random(7).shuffle(shuffled)
    second = find_shared_passages(shuffled)
    assert [asdict(p) for p in first] == [asdict(p) for p in second]
    assert duplicates == {(s.id, p.id): p.duplicates for s in seed_sources for p in s.paragraphs}
    for passage in first:
        keys = [(r.source, int(r.paragraph[1:])) for r in passage.refs]
        assert keys == sorted(keys) and len({r.source for r in passage.refs}) >= 2


# --------------------------------------------------------------------------- a dossier of our own

REUTERS = """date 2025-03-04
Bundeswehr schickt Pioniere nach Litauen

Bundeskanzler Olaf Scholz hat am Dienstag die Verlegung von 12 Soldaten einer Pioniereinheit nach Vilnius angekündigt, um die Brigade beim Aufbau der Kasernen zu unterstützen.

Verteidigungsminister Boris Pistorius sagte, die Bundeswehr werde ihre Präsenz an der Ostflanke der Allianz in den kommenden zwei Jahren schrittweise ausbauen.

Die litauische Regierungschefin Ingrida Šimonytė begrüßte die Entscheidung ausdrücklich und sprach von einem wichtigen Signal für die baltischen Staaten.

Die Regierung sagte am Mittwoch, sie prüfe den Vorschlag.
"""

LOCAL_PAPER = """date 2025-03-05
Pioniere für Vilnius

Die Verlegung von 15 Soldaten einer Pioniereinheit nach Vilnius hat Bundeskanzler Olaf Schulz am Dienstag angekündigt, um die Brigade beim Aufbau der Kasernen zu unterstützen.

Die Bundeswehr werde ihre Präsenz an der Ostflanke der Allianz in den kommenden drei Jahren schrittweise ausbauen, sagte Verteidigungsminister Boris Pistorius.

Die litauische Ministerpräsidentin Ingrida Simonyte begrüßte die Entscheidung ausdrücklich und sprach von einem wichtigen Signal für die baltischen Staaten.

Die Regierung sagte am Mittwoch, sie prüfe den Vorschlag.
"""

FARM_NEWS = """date 2025-03-06
Ernte in Brandenburg

Die Regierung sagte am Mittwoch, sie prüfe den Vorschlag.

Die Regierung in Potsdam sagte am Mittwoch, sie werde die Entscheidung über die Dürrehilfen in der kommenden Woche treffen.

Die Landwirte in der Uckermark rechnen wegen der Trockenheit mit deutlich geringeren Erträgen bei Weizen und Raps.
"""

BUDGET_NEWS = """date 2025-03-07
Haushalt in Paris

Die Regierung in Paris sagte am Mittwoch, sie werde die Entscheidung über den Haushalt erst im Herbst treffen.

Die Opposition kündigte an, gegen jeden Sparhaushalt zu stimmen.
"""


@pytest.fixture
def own_sources() -> list[Source]:
    return [
        load_text("reuters.txt", REUTERS),
        load_text("lokal.txt", LOCAL_PAPER),
        load_text("landwirtschaft.txt", FARM_NEWS),
        load_text("haushalt.txt", BUDGET_NEWS),
    ]


def test_own_dossier_two_versions_of_one_story_share_three_passages(own_sources):
    passages = find_shared_passages(own_sources)
    assert [sorted(r.source for r in p.refs) for p in passages] == [["lokal", "reuters"]] * 3
    reuters = own_sources[0]
    assert [p.duplicates for p in reuters.paragraphs[:3]] == [["lokal#p1"], ["lokal#p2"], ["lokal#p3"]]
    assert [p.duplicates for p in own_sources[1].paragraphs[:3]] == [["reuters#p1"], ["reuters#p2"], ["reuters#p3"]]


def test_common_words_and_templates_are_no_shared_passage(own_sources):
    passages = find_shared_passages(own_sources)
    cited = {r.sentence for p in passages for r in p.refs}
    # a short stock phrase, even when identical in three sources
    assert "Die Regierung sagte am Mittwoch, sie prüfe den Vorschlag." not in cited
    assert len(content_words("Die Regierung sagte am Mittwoch, sie prüfe den Vorschlag.")) < 5
    # one template, two different statements
    assert not any(s.startswith("Die Regierung in") for s in cited)
    assert all(not p.duplicates for s in own_sources[2:] for p in s.paragraphs)


def test_duplicates_are_capped_and_sorted_by_source_and_paragraph_number():
    sentence = "Die Agentur meldete den Abschluss der Verhandlungen über das neue Handelsabkommen zwischen beiden Staaten."
    sources = []
    for index in range(MAX_DUPLICATES + 5):
        paragraphs = [Paragraph(id=f"p{n}", text=f"Eigener Absatz {n} der Quelle {index}.", sentences=[f"Eigener Absatz {n} der Quelle {index}."]) for n in range(1, 11)]
        paragraphs.append(Paragraph(id="p11", text=sentence, sentences=[sentence]))
        sources.append(Source(id=f"q{index:02d}", path=f"q{index:02d}.txt", format="text", encoding="utf-8", title="t", blocks=paragraphs))
    passages = find_shared_passages(sources)
    assert len(passages) == 1 and len(passages[0].refs) == MAX_DUPLICATES + 5
    first = sources[0].paragraphs[10].duplicates
    assert len(first) == MAX_DUPLICATES and first == [f"q{i:02d}#p11" for i in range(1, MAX_DUPLICATES + 1)]
    assert sources[1].paragraphs[10].duplicates[0] == "q00#p11"


# --------------------------------------------------------------------------- scaling

SYLLABLES = ["ba", "ko", "ri", "tan", "mel", "sch", "vor", "ung", "ler", "sta", "gen", "fri", "hol", "zer", "mun", "pla"]


def synthetic_sources(count: int, seed: int = 3, agency: bool = False) -> list[Source]:
    """``count`` sources of 30 sentences of random words (Zipf-distributed vocabulary); with
    ``agency``, 5 of them per source come from a shared pool, some lightly changed."""
    rng = random.Random(seed)
    vocab = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(12000)})
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(vocab))))  # cumulative, built once

    def sentence() -> str:
        return " ".join(rng.choices(vocab, cum_weights=weights, k=rng.randint(12, 20))).capitalize() + "."

    pool = [sentence() for _ in range(max(10, count // 4))]
    sources = []
    for index in range(count):
        sentences = [sentence() for _ in range(25 if agency else 30)]
        if agency:
            for copied in rng.sample(pool, 5):
                if rng.random() < 0.3:
                    words = copied.split()
                    words.insert(rng.randrange(1, len(words)), str(rng.randint(2, 99)))
                    copied = " ".join(words)
                sentences.insert(rng.randrange(len(sentences) + 1), copied)
        paragraphs = [Paragraph(id=f"p{n}", text=" ".join(sentences[i : i + 3]), sentences=sentences[i : i + 3]) for n, i in enumerate(range(0, len(sentences), 3), start=1)]
        sources.append(Source(id=f"s{index:05d}", path=f"s{index:05d}.txt", format="text", encoding="utf-8", title="t", blocks=paragraphs))
    return sources


@pytest.mark.slow
@pytest.mark.parametrize("agency", [False, True])
def test_work_grows_near_linearly_with_the_number_of_sources(agency):
    small, large = PassageStats(), PassageStats()
    find_shared_passages(synthetic_sources(200, agency=agency), stats=small)
    find_shared_passages(synthetic_sources(2000, agency=agency), stats=large)
    assert large.sentences >= 9 * small.sentences
    for counter in ("postings_scanned", "candidates", "comparisons"):
        assert getattr(large, counter) <= 12 * max(getattr(small, counter), 50), counter
    # and far from all pairs: fewer candidate pairs than sentences
    assert large.candidates < large.sentences
    if agency:
        assert large.matches >= 0.5 * 2000 * 5 * 0.3  # the changed copies were found


# --------------------------------------------------------------------------- per-source signatures and the reference


def passages_and_duplicates(sources: list[Source], passages) -> tuple[list, dict]:
    return [asdict(p) for p in passages], {(s.id, p.id): list(p.duplicates) for s in sources for p in s.paragraphs}


def odd_sources() -> list[Source]:
    """Sources that take the unusual paths: paragraph numbers not in reading order, one
    sentence twice in a source, copies that differ in case and white space only (tabs,
    no-break spaces), sentences that repeat a content word, and two sources with one id."""
    sentence = "Die Agentur meldete den Abschluss der Verhandlungen über das neue Handelsabkommen beider Staaten."
    repeated = "Handel und Handel: die Minister verhandelten über Zölle, Zölle und nochmals Zölle in Brüssel."
    variants = [sentence, sentence.upper(), sentence.replace(" ", "\t", 2), sentence.replace(" ", "\u00a0", 3), "  " + sentence + " "]

    def source(source_id: str, paragraphs: list[tuple[str, list[str]]]) -> Source:
        return Source(id=source_id, path=f"{source_id}.txt", format="text", encoding="utf-8", title="t", blocks=[Paragraph(id=pid, text=" ".join(s), sentences=s) for pid, s in paragraphs])

    return [
        source("b", [("p2", [variants[1], repeated]), ("p1", [variants[0]])]),
        source("a", [("p1", [variants[2], sentence]), ("p2", [repeated.replace("Brüssel", "Paris")])]),
        source("c", [("p1", [variants[3]]), ("p3", [variants[4], repeated])]),
        source("c", [("p1", [sentence]), ("p2", [repeated])]),
    ]


def dense_sources(count: int, seed: int = 11) -> list[Source]:
    """Sources whose sentences take every path of the index: a tiny vocabulary (word pairs
    too common to look up, words repeated within a sentence), unique words around one shared
    pair (a single fingerprint), and agency copies, some with a word changed."""
    rng = random.Random(seed)
    tiny = ["kohle", "stahl", "zoll", "markt", "preis", "lager"]
    rare = [f"selten{i:04d}" for i in range(5000)]
    pool = [" ".join(rng.choice(rare) for _ in range(9)) for _ in range(40)]
    sources = []
    for index in range(count):
        sentences = []
        for kind in range(6):
            if kind < 2:
                words = tiny + [rng.choice(tiny) for _ in range(rng.randint(0, 3))]
                rng.shuffle(words)
            elif kind < 4:
                words = [rng.choice(rare) for _ in range(5)]
                words.insert(rng.randrange(6), "gemeinsam paar")
            else:
                words = rng.choice(pool).split()
                if rng.random() < 0.4:
                    words[rng.randrange(len(words))] = rng.choice(rare)
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs = [Paragraph(id=f"p{n}", text=" ".join(sentences[i : i + 2]), sentences=sentences[i : i + 2]) for n, i in enumerate(range(0, 6, 2), start=1)]
        sources.append(Source(id=f"d{index:04d}", path=f"d{index:04d}.txt", format="text", encoding="utf-8", title="t", blocks=paragraphs))
    return sources


@pytest.mark.parametrize("corpus", ["seeds", "agency", "dense", "odd"])
def test_fast_passages_equal_the_reference_implementation(corpus, seed_sources):
    from .analysis_reference import find_shared_passages as reference

    make = {"seeds": lambda: seed_sources, "agency": lambda: synthetic_sources(300, seed=5, agency=True), "dense": lambda: dense_sources(300), "odd": odd_sources}
    sources = make[corpus]()
    expected_stats, stats = PassageStats(), PassageStats()
    expected = passages_and_duplicates(sources, reference(sources, expected_stats))
    assert passages_and_duplicates(sources, find_shared_passages(sources, stats=stats)) == expected
    assert stats == expected_stats  # the same work, counted the same way
    if corpus == "dense":
        assert stats.common_pairs_skipped and stats.matches
    assert expected[0]  # every corpus shares passages


def test_odd_sources_share_their_copies():
    sources = odd_sources()
    passages = find_shared_passages(sources)
    cited = {(r.source, r.paragraph) for p in passages for r in p.refs}
    assert {("a", "p1"), ("b", "p1"), ("b", "p2"), ("c", "p1"), ("c", "p3")} <= cited


def test_given_signatures_give_the_same_result_as_computed_ones(seed_sources):
    sources = seed_sources + synthetic_sources(60, seed=9, agency=True)
    expected = passages_and_duplicates(sources, find_shared_passages(sources))
    kept = pickle.loads(pickle.dumps({s.id: passage_signature(s) for s in sources}))  # as a cache keeps them
    assert passages_and_duplicates(sources, find_shared_passages(sources, kept)) == expected
    some = {source_id: signature for n, (source_id, signature) in enumerate(kept.items()) if n % 2}
    assert passages_and_duplicates(sources, find_shared_passages(sources, some)) == expected


def test_a_signature_depends_on_its_source_alone(seed_sources):
    alone = passage_signature(seed_sources[2])
    find_shared_passages(seed_sources)  # the dossier-wide step leaves nothing behind in it
    again = passage_signature(copy.deepcopy(seed_sources[2]))
    assert again == alone and pickle.loads(pickle.dumps(alone)) == alone
    assert len(alone.keys) == 16 * len(alone.ends) == 16 * len(alone.paragraphs)
    first = alone.sequence[: alone.ends[0]]
    paragraph = seed_sources[2].paragraphs[alone.paragraphs[0]]
    assert list(first) == [word_id(word) for word in content_sequence(paragraph.sentences[alone.sentences[0]])]


def test_nothing_to_compare_gives_no_passages():
    assert find_shared_passages([]) == []
    short = Source(id="k", path="k.txt", format="text", encoding="utf-8", title="t", blocks=[Paragraph(id="p1", text="Kurz.", sentences=["Kurz."]), Paragraph(id="p2", text="")])
    assert find_shared_passages([short]) == [] and find_shared_passages([short], {"k": passage_signature(short)}) == []
    one = synthetic_sources(1)
    assert find_shared_passages(one) == [] and all(not p.duplicates for p in one[0].paragraphs)


def test_paragraph_ids_without_a_number_are_fine_unless_cited():
    sources = synthetic_sources(40, seed=2, agency=True)
    passages, duplicates = passages_and_duplicates(sources, find_shared_passages(sources))
    cited = {(r["source"], r["paragraph"]) for p in passages for r in p["refs"]}
    source, uncited = next((s, p) for s in sources for p in s.paragraphs if (s.id, p.id) not in cited)
    duplicates[(source.id, "intro")] = duplicates.pop((source.id, uncited.id))
    uncited.id = "intro"  # not a normaliser's id, and nothing cites it
    assert passages_and_duplicates(sources, find_shared_passages(sources)) == (passages, duplicates)


# --------------------------------------------------------------------------- memo


def test_a_memo_gives_what_finding_gives_and_is_used_while_no_sentence_changes(seed_sources):
    from .analysis_support import DictMemo

    sources = copy.deepcopy(seed_sources) + synthetic_sources(60, seed=9, agency=True) + odd_sources()[:3]
    expected = passages_and_duplicates(sources, find_shared_passages(sources))
    memo = DictMemo()
    assert passages_and_duplicates(sources, find_shared_passages(sources, memo=memo)) == expected
    assert memo.counted() == (0, 2) and memo.values  # neither the result nor what matching found was kept
    for source in sources:  # what a kept result must make again: every duplicates list
        for paragraph in source.paragraphs:
            paragraph.duplicates = ["stale#p1"]
    stats = PassageStats()
    kept = {s.id: passage_signature(s) for s in sources}
    assert passages_and_duplicates(sources, find_shared_passages(list(reversed(sources)), kept, memo=memo, stats=stats)) == expected
    assert memo.counted() == (1, 0) and stats.sentences == 0  # nothing was matched again
    sources[0].title, sources[0].date = "Ein anderer Titel", None  # not read by the passage finder
    assert passages_and_duplicates(sources, find_shared_passages(sources, memo=memo)) == expected
    assert memo.counted() == (1, 0)


@pytest.mark.parametrize("edit", ["case", "paragraph id", "sentence", "source id"])
def test_a_memo_is_not_used_when_what_the_passages_cite_changed(seed_sources, edit):
    """The signature folds case, so a sentence whose case changed has the same one; the
    passages cite the sentence as written, and the paragraph ids: the memo key covers both."""
    from .analysis_support import DictMemo

    sources = copy.deepcopy(seed_sources) + synthetic_sources(40, seed=9, agency=True)
    memo = DictMemo()
    passages = find_shared_passages(sources, memo=memo)
    ref = passages[0].refs[-1]
    source = next(s for s in sources if s.id == ref.source)
    paragraph = next(p for p in source.paragraphs if p.id == ref.paragraph)
    if edit == "case":
        paragraph.sentences = [s.upper() if s == ref.sentence else s for s in paragraph.sentences]
    elif edit == "paragraph id":
        paragraph.id = "p999"
    elif edit == "sentence":
        paragraph.sentences = [*paragraph.sentences, "Ein ganz neuer Satz über Verhandlungen, Sanktionen und Raketen in Pjöngjang."]
    else:
        source.id = "zz-" + source.id
    memo.counted()
    with_memo = passages_and_duplicates(sources, find_shared_passages(sources, memo=memo))
    assert memo.counted() == (1, 1)  # the result was not kept; what matching found was
    assert with_memo == passages_and_duplicates(sources, find_shared_passages(sources))



def test_an_edit_does_not_move_passages_of_other_sources(tmp_path):
    """A sentence added to one source leaves the passages of the others as they were: word
    ids do not depend on what else the dossier holds (see ``passages.word_id``). Measured on
    the benchmark's synthetic dossier, where ids in order of first appearance moved them."""
    import importlib.util
    from pathlib import Path

    from dossier_build.build import build
    from dossier_build.model import Paragraph

    spec = importlib.util.spec_from_file_location("make_corpus", Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    module.make_corpus(400, tmp_path / "dossier")
    sources = build(tmp_path / "dossier" / "dossier.yml", write=False, use_cache=False).dossier.sources
    before = passages_and_duplicates(sources, find_shared_passages(sources))
    for position, text in ((150, "Diese Zeile Messmarke123 wurde für die Messung angefügt."), (250, "Nachtrag 7: Die Redaktion hat diesen Artikel ergänzt.")):
        edited = sources[position]
        edited.blocks.append(Paragraph(id=f"p{len(edited.paragraphs) + 1}", text=text, sentences=[text]))
        after = passages_and_duplicates(sources, find_shared_passages(sources))
        assert after[0] == before[0], text
        assert {k: v for k, v in after[1].items() if k[0] != edited.id} == {k: v for k, v in before[1].items() if k[0] != edited.id}
        before = after


# --------------------------------------------------------------------------- matching again after an edit


def _edit(rng: random.Random, sources: list[Source], kind: str) -> None:
    """One curator's edit of the sentences: ``kind`` says which."""
    with_sentences = [(s, p) for s in sources for p in s.paragraphs if p.sentences]
    source, paragraph = rng.choice(with_sentences)
    other = rng.choice(with_sentences)[1]
    if kind == "append":  # a new sentence made of words the dossier uses
        words = " ".join(rng.choice(with_sentences)[1].sentences[0] for _ in range(2)).split()
        paragraph.sentences = [*paragraph.sentences, " ".join(rng.sample(words, min(len(words), 12)))]
    elif kind == "copy":  # another source's sentence, verbatim or with one word changed
        copied = rng.choice(other.sentences).split()
        if rng.random() < 0.5:
            copied[rng.randrange(len(copied))] = f"wort{rng.randrange(10**6)}"
        paragraph.sentences = [*paragraph.sentences, " ".join(copied)]
    elif kind == "reword":  # one word of a sentence changed
        position = rng.randrange(len(paragraph.sentences))
        words = paragraph.sentences[position].split()
        words[rng.randrange(len(words))] = f"neu{rng.randrange(10**6)}"
        paragraph.sentences = [*paragraph.sentences[:position], " ".join(words), *paragraph.sentences[position + 1 :]]
    elif kind == "drop":
        position = rng.randrange(len(paragraph.sentences))
        paragraph.sentences = paragraph.sentences[:position] + paragraph.sentences[position + 1 :]
    elif kind == "remove source":
        sources.remove(source)
    elif kind == "add source":  # a source of copies of others' sentences, some reworded
        blocks = []
        for number in range(1, 4):
            sentences = []
            for _ in range(3):
                words = rng.choice(rng.choice(with_sentences)[1].sentences).split()
                if rng.random() < 0.4:
                    words.insert(rng.randrange(len(words) + 1), str(rng.randrange(100)))
                sentences.append(" ".join(words))
            blocks.append(Paragraph(id=f"p{number}", text=" ".join(sentences), sentences=sentences))
        new_id = f"{rng.choice(sources).id}-neu{rng.randrange(10**6)}"  # between the others in id order
        sources.append(Source(id=new_id, path=f"{new_id}.txt", format="text", encoding="utf-8", title="t", blocks=blocks))


def assert_kept_fingerprints_are_all_worked_out(memo, sources: list[Source]) -> None:
    """The fingerprints the memo keeps after matching again (worked out again only for some
    wordings, ``passages.updated_fingerprints``) are those of all wordings worked out anew."""
    from dossier_build.analyse.passages import _collect, _load_matches, fingerprint_table

    (state,) = [value for key, value in memo.values.items() if "matching" in key]
    kept = _load_matches(state).fingerprints
    fresh = fingerprint_table(_collect(sorted(sources, key=lambda s: s.id), None))
    assert kept.table.tobytes() == fresh.table.tobytes() and kept.count.tobytes() == fresh.count.tobytes()


@pytest.mark.parametrize("corpus", ["agency", "dense"])
def test_matching_again_after_edits_gives_what_matching_everything_gives(corpus):
    """With a memo, an edit matches only the wordings whose look-ups it may have changed
    (``passages.rematch``); after every one of a long series of edits the passages and
    duplicates equal those of a build without a memo. In the agency corpus, most edits
    match less than a tenth of the wordings again (a verbatim copy of a sentence that is
    already there: none)."""
    from .analysis_support import DictMemo

    rng = random.Random(23)
    sources = synthetic_sources(300, seed=5, agency=True) if corpus == "agency" else dense_sources(300)
    memo = DictMemo()
    find_shared_passages(sources, memo=memo)
    kinds = ["append", "copy", "reword", "drop", "remove source", "add source"]
    partly = 0
    for step in range(60):
        kind = kinds[step % len(kinds)]
        _edit(rng, sources, kind)
        stats = PassageStats()
        again = passages_and_duplicates(sources, find_shared_passages(sources, memo=memo, stats=stats))
        assert again == passages_and_duplicates(sources, find_shared_passages(sources)), (step, kind)
        assert_kept_fingerprints_are_all_worked_out(memo, sources)
        partly += 0 < stats.rematched < stats.wordings / 10
    if corpus == "agency":  # in the dense corpus every wording shares most word pairs
        assert partly >= 40


def test_matching_again_is_exact_when_a_common_fingerprint_crosses_the_postings_limit():
    """A word pair that becomes a fingerprint of more than ``MAX_POSTINGS`` wordings stops
    being looked up by those after the limit; copies added one by one around the limit
    change which wordings find each other, and matching again follows; so does a copy that
    moves before the others."""
    from .analysis_support import DictMemo
    from dossier_build.analyse.passages import MAX_POSTINGS

    rng = random.Random(5)
    sources = synthetic_sources(120, seed=8)
    base = "Die Grenzstadt Chassan meldet neue Lieferungen von Artilleriegranaten über die Brücke"
    memo = DictMemo()
    find_shared_passages(sources, memo=memo)
    for step in range(MAX_POSTINGS + 10):
        source = sources[rng.randrange(len(sources))]
        paragraph = rng.choice(source.paragraphs)
        paragraph.sentences = [*paragraph.sentences, f"{base} Nummer{step} am Fluss Tumen{step % 7}"]
        if step % 9 and step < MAX_POSTINGS - 5:
            continue  # build only now and then below the limit, every time around it
        again = passages_and_duplicates(sources, find_shared_passages(sources, memo=memo))
        assert again == passages_and_duplicates(sources, find_shared_passages(sources)), step
        assert_kept_fingerprints_are_all_worked_out(memo, sources)
    # the copy that comes last, copied into the first source: it moves before the others
    ordered = sorted(sources, key=lambda s: s.id)
    last = next(sentence for source in reversed(ordered) for p in source.paragraphs for sentence in p.sentences if sentence.startswith(base))
    first = ordered[0].paragraphs[0]
    first.sentences = [*first.sentences, last]
    stats = PassageStats()
    again = passages_and_duplicates(sources, find_shared_passages(sources, memo=memo, stats=stats))
    assert again == passages_and_duplicates(sources, find_shared_passages(sources))
    assert 0 < stats.rematched < stats.wordings  # matched again in part, the moved wording among them


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps((3, b"x", b"", b"", b"", b"")), pickle.dumps("text")])
def test_what_matching_found_if_damaged_is_as_if_nothing_were_kept(damage):
    """What a memo keeps of the matching is read back checked: anything else (a damaged
    cache) makes the next build match everything, with the same result."""
    from .analysis_support import DictMemo

    rng = random.Random(4)
    sources = synthetic_sources(80, seed=5, agency=True)
    memo = DictMemo()
    find_shared_passages(sources, memo=memo)
    _edit(rng, sources, "copy")
    (state_key,) = [key for key in memo.values if "matching" in key]
    memo.values[state_key] = damage
    stats = PassageStats()
    again = passages_and_duplicates(sources, find_shared_passages(sources, memo=memo, stats=stats))
    assert again == passages_and_duplicates(sources, find_shared_passages(sources))
    assert stats.rematched == 0 and stats.wordings > 0  # matched from scratch
