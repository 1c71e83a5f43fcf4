"""Topics: keyword rules, case-insensitive, `*` at either end, phrases, per paragraph."""

from __future__ import annotations

import pytest

from .analysis_support import SEED, paragraph, second_build, seed_build
from dossier_build.analyse.topics import compile_topics
from dossier_build.config import TopicSpec


@pytest.fixture(scope="module")
def seeds():
    return seed_build()


@pytest.fixture(scope="module")
def second():
    return second_build()


def test_seed_paragraphs_get_their_topics(seeds):
    assert "sanktionen" in paragraph(seeds, SEED["004"], "p12").topics  # Sanktionsregime, Sanktionen
    assert "raumfahrt" in paragraph(seeds, SEED["004"], "p4").topics  # Spionagesatelliten
    assert "strategische-partnerschaft" in paragraph(seeds, SEED["003"], "p1").topics
    assert paragraph(seeds, SEED["000"], "p7").topics == []


def test_topics_keep_dossier_order(seeds):
    order = [t.id for t in seeds.config.topics]
    for source in seeds.dossier.sources:
        for par in source.paragraphs:
            assert par.topics == sorted(par.topics, key=order.index)


def test_second_dossier_topics(second):
    assert paragraph(second, "002-proteste", "p3").topics == ["zoelle"]
    assert set(paragraph(second, "003-regenwald", "p1").topics) == {"handelsabkommen", "landwirtschaft", "klimaschutz", "zoelle"}
    # the phrase rule "nachhaltige* Entwicklung"
    assert "klimaschutz" in paragraph(second, "003-regenwald", "p3").topics


def test_rules():
    matcher = compile_topics(
        [
            TopicSpec(id="a", name="A", keywords=("Sanktion*",)),
            TopicSpec(id="b", name="B", keywords=("*raketen",)),
            TopicSpec(id="c", name="C", keywords=("strategische* Partnerschaft",)),
            TopicSpec(id="d", name="D", keywords=("Atom*", "nuklear*")),
            TopicSpec(id="e", name="E", keywords=("Atomwaffe*",)),
        ]
    )
    assert matcher.find("Neue SANKTIONEN gegen Moskau.") == ["a"]
    assert matcher.find("Sanktion") == ["a"]
    assert matcher.find("Trägerraketen und Raketen") == ["b"]
    assert matcher.find("Raketenwerfer") == []
    assert matcher.find("eine Strategischen  Partnerschaft") == ["c"]
    assert matcher.find("eine strategische Zusammenarbeit") == []
    # overlapping keywords of two topics at the same word both count
    assert matcher.find("Atomwaffen") == ["d", "e"]
    assert matcher.find("Die Kommission") == []
    assert compile_topics([]).find("Sanktionen") == []


def test_answers_do_not_depend_on_what_the_memo_has_seen(monkeypatch):
    """Words and white-space separated pieces are remembered; a full memo starts again
    without changing an answer, and phrases are found whatever punctuation surrounds them."""
    topics = [
        TopicSpec(id="a", name="A", keywords=("Sanktion*", "x-y")),
        TopicSpec(id="c", name="C", keywords=("strategische* Partnerschaft", "koreanische* Halbinsel")),
        TopicSpec(id="d", name="D", keywords=("*raketen",)),
    ]
    texts = [
        "(Sanktionen), Sanktionen. SANKTIONEN!",
        "„strategische\u00a0Partnerschaft“ und die koreanischen   Halbinsel.",
        "Strategische Partnerschaft-Gespräche; Trägerraketen-Tests; x-y-z; x-y.",
        "Partnerschaft ohne das andere Wort; Halbinsel; Sanktionsregime",
        "",
        "   ",
    ]
    expected = [compile_topics(topics).find(text) for text in texts]
    assert expected[:4] == [["a"], ["c"], ["a", "c", "d"], ["a"]]
    assert expected[4:] == [[], []]
    monkeypatch.setattr("dossier_build.analyse.topics.MEMO_LIMIT", 3)
    matcher = compile_topics(topics)
    for _ in range(3):
        assert [matcher.find(text) for text in texts] == expected
        assert len(matcher.piece_memo) <= 8 and len(matcher.memo) <= 3
