"""Discrepancies between sources: names and numbers in shared passages, actor spellings, and the
page that lists them (rendered and built with ``mkdocs build --strict``)."""

from __future__ import annotations

import copy
import random
import re
import shutil
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_build.analyse.discrepancies import _Side, differing_spans, find_discrepancies, is_inflection, number_values, similar_names, tokenize
from dossier_build.analyse.passages import find_shared_passages
from dossier_build.build import build
from dossier_build.config import ActorSpec, load_config
from dossier_build.model import Discrepancy, Dossier, Mention, Paragraph, PassageRef, SharedPassage, Source
from dossier_build.normalise import normalise
from dossier_build.readers import read_document
from dossier_build.render.discrepancies import render_discrepancies
from dossier_build.render.passages import render_shared_note
from dossier_build.writer import write_output

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SEED_SURFACES = {
    "Wladimir Putin": "wladimir-putin",
    "Putin": "wladimir-putin",
    "Putins": "wladimir-putin",
    "Kremlchef": "wladimir-putin",
    "Kim Jong Un": "kim-jong-un",
    "Kim Jong-un": "kim-jong-un",
    "Kim Jong Il": "kim-jong-il",
    "Jens Stoltenberg": "jens-stoltenberg",
    "Stoltenberg": "jens-stoltenberg",
}


def mark_mentions(sources: list[Source], surfaces: dict[str, str]) -> None:
    """Stand-in for the recogniser (not on this branch): every whole-word occurrence of a
    given surface string is a mention of its actor; the longest match wins."""
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)) + r")(?![\w-])")
    for source in sources:
        for paragraph in source.paragraphs:
            paragraph.mentions = [Mention(surfaces[m.group(1)], m.group(1), m.start(1), m.end(1)) for m in pattern.finditer(paragraph.text)]


def load_text(name: str, text: str) -> Source:
    return normalise(read_document(name, text.encode("utf-8")), name.rsplit(".", 1)[0])


@pytest.fixture(scope="module")
def seed_sources() -> list[Source]:
    sources = [normalise(read_document(p.name, p.read_bytes()), p.stem[:3]) for p in sorted(SEEDS.iterdir())]
    mark_mentions(sources, SEED_SURFACES)
    return sources


@pytest.fixture(scope="module")
def seed_actors() -> list[ActorSpec]:
    return list(load_config(ROOT / "dossier.yml").actors)


def test_seed_dpa_sentence_names_kim_yong_il_where_the_other_says_kim_jong_il(seed_sources, seed_actors):
    found = find_discrepancies(seed_sources, find_shared_passages(seed_sources), seed_actors)
    names = [d for d in found if d.kind == "name"]
    assert len(names) == 1
    kim = names[0]
    assert [(s.source, s.paragraph) for s in kim.sides] == [("002", "p5"), ("003", "p11")]
    assert kim.values == ["Kim Yong-il", "Kim Jong Il"]
    assert "Kim Yong-il" in kim.sides[0].sentence and "Kim Jong Il" in kim.sides[1].sentence
    assert not [d for d in found if d.kind == "number"]


def test_seed_spellings_of_one_actor_but_not_inflections_or_short_forms(seed_sources, seed_actors):
    found = find_discrepancies(seed_sources, find_shared_passages(seed_sources), seed_actors)
    spellings = {d.description.split(" ")[0]: d for d in found if d.kind == "spelling"}
    assert set(spellings) == {"kim-jong-un"}  # Putin/Putins/Kremlchef and Stoltenberg/Jens Stoltenberg are not
    kim = spellings["kim-jong-un"]
    assert kim.values == ["Kim Jong Un", "Kim Jong-un"]
    assert [(s.source, s.paragraph) for s in kim.sides] == [("000", "p1"), ("001", "p3")]
    assert "Kim Jong-un" in kim.sides[1].sentence


def test_discrepancies_are_deterministic(seed_sources, seed_actors):
    first = find_discrepancies(seed_sources, find_shared_passages(seed_sources), seed_actors)
    reversed_sources = list(reversed(seed_sources))
    second = find_discrepancies(reversed_sources, find_shared_passages(reversed_sources), seed_actors)
    assert first == second


# --------------------------------------------------------------------------- a dossier of our own

AGENCY = """date 2025-03-04
Bundeswehr schickt Pioniere nach Litauen

Bundeskanzler Olaf Scholz hat am Dienstag die Verlegung von 12 Soldaten einer Pioniereinheit nach Vilnius angekündigt, um die Brigade beim Aufbau der Kasernen zu unterstützen.

Verteidigungsminister Boris Pistorius sagte, die Bundeswehr werde ihre Präsenz an der Ostflanke der Allianz in den kommenden zwei Jahren schrittweise ausbauen.

Die litauische Regierungschefin Ingrida Šimonytė begrüßte die Entscheidung ausdrücklich und sprach von einem wichtigen Signal für die baltischen Staaten.

Seit dem Jahr 2017 führt Deutschland den Nato-Gefechtsverband in Litauen mit rund 1.000 Soldatinnen und Soldaten am Standort Rukla.
"""

NEWSPAPER = """date 2025-03-05
Pioniere für Vilnius

Bundeskanzler Olaf Schulz hat am Dienstag die Verlegung von 15 Soldaten einer Pioniereinheit nach Vilnius angekündigt, um die Brigade beim Aufbau der Kasernen zu unterstützen.

Die Bundeswehr werde ihre Präsenz an der Ostflanke der Allianz in den kommenden drei Jahren schrittweise ausbauen, sagte Verteidigungsminister Boris Pistorius.

Die litauische Ministerpräsidentin Ingrida Simonyte begrüßte die Entscheidung ausdrücklich und sprach von einem wichtigen Signal für die baltischen Staaten.

Deutschland führt seit dem Jahr 2017 den Nato-Gefechtsverband in Litauen mit rund 1000 Soldatinnen und Soldaten am Standort Rukla.

Olaf Scholz sprach von einem Zeichen der Verlässlichkeit, Olaf Scholz' Sprecher ergänzte, OLAF SCHOLZ habe mit der litauischen Regierung telefoniert.
"""

OWN_ACTORS = [
    ActorSpec(id="olaf-scholz", name="Olaf Scholz", kind="person", aliases=("Scholz", "Bundeskanzler")),
    ActorSpec(id="boris-pistorius", name="Boris Pistorius", kind="person", aliases=("Pistorius",)),
]


@pytest.fixture
def own() -> tuple[list[Source], list[Discrepancy]]:
    sources = [load_text("agentur.txt", AGENCY), load_text("zeitung.txt", NEWSPAPER)]
    mark_mentions(sources, {"Olaf Scholz": "olaf-scholz", "Olaf Scholz'": "olaf-scholz", "OLAF SCHOLZ": "olaf-scholz", "Boris Pistorius": "boris-pistorius"})
    return sources, find_discrepancies(sources, find_shared_passages(sources), OWN_ACTORS)


def test_own_dossier_numbers_differ_in_digits_and_in_words(own):
    _, found = own
    numbers = [(d.values, [s.source for s in d.sides]) for d in found if d.kind == "number"]
    assert (["12", "15"], ["agentur", "zeitung"]) in numbers
    assert (["zwei", "drei"], ["agentur", "zeitung"]) in numbers
    # 1.000 = 1000 and a number that only moved within the sentence (2017) are no discrepancy
    assert len(numbers) == 2


def test_own_dossier_names_differ(own):
    _, found = own
    names = sorted(tuple(d.values) for d in found if d.kind == "name")
    assert names == [("Ingrida Šimonytė", "Ingrida Simonyte"), ("Olaf Scholz", "Olaf Schulz")]
    # "Regierungschefin"/"Ministerpräsidentin": different nouns, not a name discrepancy


def test_own_dossier_spelling_ignores_case_and_inflection(own):
    _, found = own
    assert not [d for d in found if d.kind == "spelling"]


def test_different_actors_in_the_same_place_are_a_name_discrepancy():
    a = "Die Gespräche in Genf seien konstruktiv verlaufen und würden im Herbst fortgesetzt, sagte Putin am Abend vor Journalisten."
    b = "Die Gespräche in Genf seien konstruktiv verlaufen und würden im Herbst fortgesetzt, sagte Lawrow am Abend vor Journalisten."
    sources = []
    for source_id, text, surface, actor in (("a", a, "Putin", "wladimir-putin"), ("b", b, "Lawrow", "sergej-lawrow")):
        start = text.index(surface)
        paragraph = Paragraph(id="p1", text=text, sentences=[text], mentions=[Mention(actor, surface, start, start + len(surface))])
        sources.append(Source(id=source_id, path=f"{source_id}.txt", format="text", encoding="utf-8", title="t", blocks=[paragraph]))
    shared = find_shared_passages(sources)
    assert len(shared) == 1
    found = find_discrepancies(sources, shared, [])
    assert [(d.kind, d.values) for d in found] == [("name", ["Putin", "Lawrow"])]
    # the same sentences without mentions: two unrelated single words are not known to be names
    for source in sources:
        source.paragraphs[0].mentions = []
    assert find_discrepancies(sources, shared, []) == []


def test_one_discrepancy_for_a_difference_repeated_by_several_copies():
    right = "Die Armee meldete am Morgen 12 Verletzte nach dem Angriff auf das Kraftwerk im Süden des Landes."
    wrong = "Die Armee meldete am Morgen 15 Verletzte nach dem Angriff auf das Kraftwerk im Süden des Landes."
    refs = [PassageRef(sid, "p1", text) for sid, text in (("a", right), ("b", wrong), ("c", wrong), ("d", right))]
    passage = SharedPassage("sp1", refs)
    sources = [Source(id=r.source, path=r.source, format="text", encoding="utf-8", title="t", blocks=[Paragraph("p1", r.sentence, sentences=[r.sentence])]) for r in refs]
    found = find_discrepancies(sources, [passage], [])
    assert len(found) == 1
    assert [(s.source, v) for s, v in zip(found[0].sides, found[0].values)] == [("a", "12"), ("d", "12"), ("b", "15"), ("c", "15")]


def test_rules_of_the_comparison():
    assert is_inflection("putin", "putins") and is_inflection("russische", "russischen") and is_inflection("kim", "kim")
    assert not is_inflection("kim jong un", "kim jong-un")
    assert similar_names("Kim Jong Un", "Kim Jong-un", 80) and similar_names("Scholz", "Schulz", 75)
    assert not similar_names("Putin", "Putins", 75) and not similar_names("Stoltenberg", "Jens Stoltenberg", 75)
    assert not similar_names("KIM JONG UN", "Kim Jong Un", 75)
    assert number_values(tokenize("rund 1.000 Soldaten, zwölf Panzer, 71-jährige, 2,5 Prozent")) == ["1000", "12", "71", "2,5"]


# --------------------------------------------------------------------------- the fast path equals the reference

WORDS = st.sampled_from(
    ["Kim", "Jong", "Un", "Jong-un", "Yong-il", "Il", "Putin", "Lawrow", "Olaf", "Scholz", "Schulz", "sagte", "der", "die", "Präsident", "Armee",
     "meldete", "12", "15", "1.000", "1000", "2,5", "zwölf", "drei", "Soldaten", "am", "Morgen", ",", ".", "„", "“", "-", "UN-Sicherheitsrat"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from("abcdef"), max_size=25), st.lists(st.sampled_from("abcdef"), max_size=25))
def test_differing_spans_are_the_replace_opcodes_of_difflib(a, b):
    where: dict[str, list[int]] = {}
    for index, key in enumerate(b):
        where.setdefault(key, []).append(index)
    expected = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag == "replace"]
    assert differing_spans(a, b, where) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=30).map(" ".join))
def test_a_sides_words_and_numbers_are_those_of_tokenize(sentence):
    side = _Side(PassageRef("s", "p1", sentence), [])
    tokens = tokenize(sentence)
    assert side.words == [t.text for t in tokens] and side.keys == [t.key for t in tokens] and side.spans == [(t.start, t.end) for t in tokens]
    assert side.numbers_in(0, len(tokens)) == number_values(tokens)
    assert all(side.numbers_in(i, i + 1) == number_values(tokens[i : i + 1]) for i in range(len(tokens)))


def varied_sources(count: int, seed: int = 4) -> list[Source]:
    """Sources copying agency sentences with numbers, names and mentions changed here and
    there, so that every rule of the comparison has work."""
    rng = random.Random(seed)
    templates = [
        "Bundeskanzler {name} hat am Dienstag die Verlegung von {n} Soldaten einer Pioniereinheit nach Vilnius angekündigt, sagte {who} in Berlin.",
        "Die Armee meldete am Morgen {n} Verletzte nach dem Angriff auf das Kraftwerk, wie {who} und {name} bestätigten.",
        "Nach Angaben von {who} wurden in den {word} Jahren rund {n} Raketen getestet, der Machthaber {name} sei zufrieden.",
    ]
    names = ["Kim Jong Un", "Kim Jong-un", "Kim Yong-il", "Olaf Scholz", "Olaf Schulz", "Putin", "Lawrow"]
    surfaces = {"Kim Jong Un": "kim", "Kim Jong-un": "kim", "Olaf Scholz": "scholz", "Olaf Schulz": "scholz", "Putin": "putin", "Lawrow": "lawrow"}
    pattern = re.compile("|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)))
    sources = []
    for index in range(count):
        sentences = [
            template.format(name=rng.choice(names), who=rng.choice(names), n=rng.choice(["12", "15", "1.000", "1000", "zwölf", "drei"]), word=rng.choice(["zwei", "drei", "letzten"]))
            for template in rng.sample(templates, 2)
        ]
        paragraphs = []
        for number, sentence in enumerate(sentences, start=1):
            mentions = [Mention(surfaces[m.group(0)], m.group(0), m.start(), m.end()) for m in pattern.finditer(sentence)] if rng.random() < 0.7 else []
            paragraphs.append(Paragraph(id=f"p{number}", text=sentence, sentences=[sentence], mentions=mentions))
        sources.append(Source(id=f"v{index:03d}", path=f"v{index:03d}.txt", format="text", encoding="utf-8", title="t", blocks=paragraphs))
    return sources


@pytest.mark.parametrize("corpus", ["seeds", "own", "varied"])
def test_fast_discrepancies_equal_the_reference_implementation(corpus, seed_sources, seed_actors, own):
    from .analysis_reference import find_discrepancies as reference

    sources, actors = {"seeds": (seed_sources, seed_actors), "own": (own[0], OWN_ACTORS), "varied": (varied_sources(120), [])}[corpus]
    shared = find_shared_passages(sources)
    expected = reference(sources, shared, actors)
    assert find_discrepancies(sources, shared, actors) == expected
    assert expected


# --------------------------------------------------------------------------- the page


def analysed_seeds(language: str = "de") -> Dossier:
    sources = [normalise(read_document(p.name, p.read_bytes()), p.stem[:3]) for p in sorted(SEEDS.iterdir())]
    mark_mentions(sources, SEED_SURFACES)
    shared = find_shared_passages(sources)
    dossier = Dossier(title="Seeds", description=None, language=language, sources=sources, shared_passages=shared)
    dossier.discrepancies = find_discrepancies(sources, shared, list(load_config(ROOT / "dossier.yml").actors))
    return dossier


def test_page_quotes_both_sides_and_links_to_the_paragraphs():
    page = render_discrepancies(analysed_seeds())
    assert page.startswith("---\n") and "\n# Abweichungen\n" in page
    assert "## Namen (1)" in page and "## Schreibweisen (1)" in page and "## Zahlen" not in page
    assert "(sources/002.md#p5)" in page and "(sources/003.md#p11)" in page
    assert "**Kim Yong-il**" in page and "**Kim Jong Il**" in page
    assert "noch von Kims Vater **Kim Jong Il** empfangen." in page  # the sentence is quoted
    assert "1. kim-jong-un: „Kim Jong Un“ ≠ „Kim Jong-un“" in page  # actor id without summaries
    named = analysed_seeds()
    named.analysis["actors"] = [{"id": "kim-jong-un", "name": "Kim Jong Un"}]
    assert "1. Kim Jong Un: „Kim Jong Un“ ≠ „Kim Jong-un“" in render_discrepancies(named)
    english = render_discrepancies(analysed_seeds("en"))
    assert "\n# Discrepancies\n" in english and "## Names (1)" in english


def test_page_escapes_source_text():
    evil = 'Er sagte <script>alert(1)</script> und [klick](javascript:alert(1)) {: onclick="x" } 12 Mal.'
    source = Source(id="x", path="x.txt", format="text", encoding="utf-8", title="<b>T</b>", blocks=[Paragraph("p1", evil, sentences=[evil])])
    dossier = Dossier(title="t", description=None, language="de", sources=[source])
    dossier.discrepancies = [Discrepancy("number", "d", [PassageRef("x", "p1", evil), PassageRef("y", "p2", evil)], ["<script>", "12"])]
    page = render_discrepancies(dossier)
    assert "<script>" not in page and "<b>" not in page and "](javascript" not in page and "{:" not in page
    assert "&lt;script&gt;" in page
    assert "(sources/x.md#p1)" in page and "sources/y.md" not in page  # unknown source: no link


def test_empty_page_says_so():
    page = render_discrepancies(Dossier(title="t", description=None, language="de"))
    assert "Keine Abweichungen gefunden." in page


def test_shared_note_links_the_other_sources():
    dossier = analysed_seeds()
    paragraph = dossier.source("002").paragraph("p5")
    note = render_shared_note(paragraph, dossier, base="../")
    assert note.startswith("*Auch berichtet in:* ") and "(../sources/003.md#p11)" in note
    assert render_shared_note(dossier.source("001").paragraph("p1"), dossier) == ""


@pytest.mark.slow
def test_page_builds_with_mkdocs_strict_and_every_citation_resolves(seed_dossier: Path, tmp_path: Path):
    root = seed_dossier.parent
    # The project's mkdocs.yml without the dossier plugin: this test adds the page itself.
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config_text = re.sub(r"  - dossier:\n      config: dossier.yml\n", "", config_text)
    assert "dossier:" not in config_text.split("plugins:")[1].split("markdown_extensions")[0]
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    result = build(seed_dossier, write=False)
    sources = result.dossier.sources
    mark_mentions(sources, SEED_SURFACES)
    shared = find_shared_passages(sources)
    result.dossier.discrepancies = find_discrepancies(sources, shared, list(result.config.actors))
    files = dict(result.files)
    files["discrepancies.md"] = render_discrepancies(result.dossier)
    write_output(result.config.output_dir, files)
    run = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    html = (root / "site" / "dossier" / "discrepancies" / "index.html").read_text(encoding="utf-8")
    assert "Kim Yong-il" in html and "Abweichungen" in html
    kim_page = [s.id for s in sources if s.path.startswith("002")][0]
    assert f'href="../sources/{kim_page}/#p5"' in html
    shutil.rmtree(root / "site")


# --------------------------------------------------------------------------- memo


def test_a_memo_keeps_each_passages_discrepancies_under_any_passage_number():
    from .analysis_support import DictMemo

    sources = varied_sources(120)
    shared = find_shared_passages(sources)
    expected = find_discrepancies(sources, shared, OWN_ACTORS)
    assert any(d.kind != "spelling" for d in expected)
    memo = DictMemo()
    assert find_discrepancies(sources, shared, OWN_ACTORS, memo=memo) == expected
    assert memo.counted_of("passage-discrepancies") == (0, len(shared))
    memo.counted_of("passage-run-discrepancies")
    assert find_discrepancies(sources, shared, OWN_ACTORS, memo=memo) == expected
    assert memo.counted_of("passage-discrepancies") == (0, 0)  # every run of passages kept as a whole
    assert memo.counted_of("passage-run-discrepancies")[1] == 0
    renumbered = [SharedPassage(id=f"sp{n}", refs=p.refs) for n, p in enumerate(shared[1:], start=1)]  # a passage gone: the others move up
    assert find_discrepancies(sources, renumbered, OWN_ACTORS, memo=memo) == find_discrepancies(sources, renumbered, OWN_ACTORS)
    hits, misses = memo.counted_of("passage-discrepancies")
    assert misses == 0 and hits > 0  # the first run changed; its other passages were kept
    assert memo.counted_of("passage-run-discrepancies")[1] == 1


def test_a_memo_is_not_used_when_a_compared_sentences_mentions_or_the_actors_changed():
    from .analysis_support import DictMemo

    sources = varied_sources(120)
    shared = find_shared_passages(sources)
    memo = DictMemo()
    find_discrepancies(sources, shared, OWN_ACTORS, memo=memo)
    named = next(d for d in find_discrepancies(sources, shared, OWN_ACTORS) if d.kind == "name")
    side = named.sides[0]
    paragraph = next(p for s in sources if s.id == side.source for p in s.paragraphs if p.id == side.paragraph)
    paragraph.mentions = paragraph.mentions[:-1] if paragraph.mentions else [Mention("putin", "Putin", 0, 5)]
    memo.counted_of("passage-discrepancies")
    assert find_discrepancies(sources, shared, OWN_ACTORS, memo=memo) == find_discrepancies(sources, shared, OWN_ACTORS)
    hits, misses = memo.counted_of("passage-discrepancies")
    assert misses >= 1 and hits + misses <= len(shared)
    fewer = OWN_ACTORS[:1]
    assert find_discrepancies(sources, shared, fewer, memo=memo) == find_discrepancies(sources, shared, fewer)
    assert memo.counted_of("passage-discrepancies") == (0, len(shared))


def test_kept_source_digests_key_the_memo_like_the_sources_themselves():
    """With the per-source digests a build keeps (made once the mentions are found), the
    memo gives what a build without it gives; a source whose text or mentions changed has
    a new digest, so the passages citing it are compared again and the others are not."""
    import pickle

    from dossier_build.analyse.discrepancies import discrepancy_signature

    from .analysis_support import DictMemo

    sources = varied_sources(120)
    shared = find_shared_passages(sources)
    expected = find_discrepancies(sources, shared, OWN_ACTORS)
    kept = pickle.loads(pickle.dumps({source.id: discrepancy_signature(source) for source in sources}))
    memo = DictMemo()
    assert find_discrepancies(sources, shared, OWN_ACTORS, memo=memo, signatures=kept) == expected
    assert memo.counted_of("passage-discrepancies") == (0, len(shared))
    assert find_discrepancies(sources, shared, OWN_ACTORS, memo=memo, signatures=kept) == expected
    assert memo.counted_of("passage-discrepancies") == (0, 0)
    named = next(d for d in expected if d.kind == "name")
    source = next(s for s in sources if s.id == named.sides[0].source)
    paragraph = next(p for p in source.paragraphs if p.id == named.sides[0].paragraph)
    paragraph.mentions = paragraph.mentions[:-1] if paragraph.mentions else [Mention("putin", "Putin", 0, 5)]
    assert discrepancy_signature(source) != kept[source.id]
    kept[source.id] = discrepancy_signature(source)
    citing = sum(1 for passage in shared if any(ref.source == source.id for ref in passage.refs))
    assert find_discrepancies(sources, shared, OWN_ACTORS, memo=memo, signatures=kept) == find_discrepancies(sources, shared, OWN_ACTORS)
    hits, misses = memo.counted_of("passage-discrepancies")
    assert misses == citing and hits + misses <= len(shared)  # only the runs that cite it are looked at passage by passage


def test_spellings_kept_per_run_of_sources_give_what_a_build_without_a_memo_gives():
    """The first spelling of each actor is kept per run of sources (in id order) under the
    digests of the run's sources: a source respelled misses its own run only, a source
    added its own run (or two, where it ends one), and every result equals the result
    without a memo."""
    from dossier_build.analyse.discrepancies import spelling_discrepancies, source_digests
    from dossier_build.analyse.memo import runs

    from .analysis_support import DictMemo

    sources = varied_sources(400)
    expected = spelling_discrepancies(sources)
    assert expected and len(runs([s.id for s in sources])) > 3
    memo = DictMemo()
    assert spelling_discrepancies(sources, memo, source_digests(sources)) == expected
    assert memo.counted_of("first-spellings") == (0, len(runs([s.id for s in sources])))
    respelled = next(p for s in sources[200:] for p in s.paragraphs if p.mentions and p.mentions[0].actor == "kim")
    respelled.text = respelled.text.replace(respelled.mentions[0].surface, "Kim Dschong Un", 1)
    respelled.mentions = [Mention("kim", "Kim Dschong Un", respelled.mentions[0].start, respelled.mentions[0].start + 14)]
    changed = spelling_discrepancies(sources)
    assert changed != expected
    assert spelling_discrepancies(sources, memo, source_digests(sources)) == changed
    hits, misses = memo.counted_of("first-spellings")
    assert misses == 1 and hits == len(runs([s.id for s in sources])) - 1
    early = copy.deepcopy(sources[3])
    early.id = "v000a"  # sorts right after v000: its first spellings now come before later runs'
    early.paragraphs[0].mentions = [Mention("kim", "Kim Jong-il", 0, 11)]
    early.blocks[0].text = "Kim Jong-il " + early.blocks[0].text
    sources.append(early)
    assert spelling_discrepancies(sources, memo, source_digests(sources)) == spelling_discrepancies(sources)
    assert memo.counted_of("first-spellings")[1] in (1, 2)
