"""Off-topic paragraphs, decided from the dossier's own actors, topics and vocabulary."""

from __future__ import annotations

from .analysis_support import SEED, second_build, seed_build
from dossier_build.analyse.offtopic import mark_off_topic
from dossier_build.model import Paragraph, Source


def flagged(result):
    return [(s.id, p.id) for s in result.dossier.sources for p in s.paragraphs if p.off_topic]


def test_seed_hostages_paragraph_is_the_only_off_topic_one():
    assert flagged(seed_build()) == [(SEED["003"], "p14")]


def test_second_dossier_football_paragraph_is_the_only_off_topic_one():
    assert flagged(second_build()) == [("002-proteste", "p5")]


def test_off_topic_paragraphs_stay_out_of_actor_counts():
    result = seed_build()
    usa = next(a for a in result.dossier.analysis["actors"] if a["id"] == "usa")
    counted = sum(1 for s in result.dossier.sources for p in s.paragraphs if "usa" in p.actors and not p.off_topic)
    assert usa["paragraphs"] == counted


def _source(texts: list[str]) -> Source:
    return Source(id="s", path="s.txt", format="text", encoding="utf-8", title="t", blocks=[Paragraph(id=f"p{i + 1}", text=t) for i, t in enumerate(texts)])


def test_a_short_paragraph_without_names_is_kept():
    source = _source(["Laut derselben Quelle war dieser Überfall zufällig."] * 1 + ["Anderer Absatz über Dinge und Sachen heute."] * 3)
    assert mark_off_topic([source]) == []


def test_a_tiny_dossier_is_never_judged():
    source = _source(["Ein ganz anderer Absatz über Fußball, Tore, Trainer, Stadien und Meisterschaften in Europa und Amerika heute."])
    assert mark_off_topic([source]) == []
