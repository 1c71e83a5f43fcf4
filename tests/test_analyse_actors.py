"""Actor recognition: curated names and aliases, German inflection, longest match,
compounds, surfaces — on the seeds and on the second dossier."""

from __future__ import annotations

import pytest

from .analysis_support import SEED, paragraph, persons, second_build, seed_build
from dossier_build.analyse.actors import compile_actors
from dossier_build.config import ActorSpec


@pytest.fixture(scope="module")
def seeds():
    return seed_build()


@pytest.fixture(scope="module")
def second():
    return second_build()


def surfaces(par, actor):
    return [m.surface for m in par.mentions if m.actor == actor]


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize(
    "seed, expected",
    [
        ("000", {"wladimir-putin", "kim-jong-un", "pat-ryder", "karine-jean-pierre", "jens-stoltenberg", "antony-blinken"}),
        ("001", {"wladimir-putin", "kim-jong-un", "kim-jong-il", "john-kirby", "dmytro-kuleba", "yoon-suk-yeol"}),
        ("002", {"wladimir-putin", "kim-jong-un", "jens-stoltenberg", "antony-blinken"}),
        ("003", {"wladimir-putin", "kim-jong-un", "kim-jong-il", "jenny-town"}),
        ("004", {"wladimir-putin", "kim-jong-un", "sergej-lawrow", "sergej-schoigu", "an-chan-il", "antonio-guterres"}),
    ],
)
def test_each_seed_names_exactly_its_persons(seeds, seed, expected):
    assert persons(seeds, SEED[seed]) == expected


def test_genitive_forms_are_mentions(seeds):
    assert "Putins" in surfaces(paragraph(seeds, SEED["000"], "p6"), "wladimir-putin")
    assert "Nordkoreas" in surfaces(paragraph(seeds, SEED["000"], "p1"), "nordkorea")
    assert "Russlands" in surfaces(paragraph(seeds, SEED["000"], "p10"), "russland")
    assert "Kims" in surfaces(paragraph(seeds, SEED["004"], "p10"), "kim-jong-un")
    assert "Pjöngjangs" in surfaces(paragraph(seeds, SEED["000"], "p2"), "nordkorea")


def test_adjective_aliases_with_star(seeds):
    par = paragraph(seeds, SEED["001"], "p1")
    assert "russische" in surfaces(par, "russland")
    assert "nordkoreanischen" in surfaces(paragraph(seeds, SEED["000"], "p2"), "nordkorea")


def test_kim_il_sung_platz_is_a_place_not_a_mention(seeds):
    par = paragraph(seeds, SEED["000"], "p2")
    start = par.text.index("Kim-Il-Sung-Platz")
    assert not [m for m in par.mentions if start <= m.start < start + len("Kim-Il-Sung-Platz")]
    # the same paragraph does name Kim (later, on his own)
    assert surfaces(par, "kim-jong-un") == ["Kim"]


def test_longest_match_wins_and_one_span_is_one_mention(seeds):
    par = paragraph(seeds, SEED["003"], "p11")
    assert "Kim Jong Il" in surfaces(par, "kim-jong-il")
    spans = [(m.start, m.end) for m in par.mentions]
    for (a_start, a_end), (b_start, b_end) in zip(spans, spans[1:]):
        assert a_end <= b_start, "mentions must not overlap"
    il = next(m for m in par.mentions if m.surface == "Kim Jong Il")
    assert not [m for m in par.mentions if m.actor == "kim-jong-un" and il.start <= m.start < il.end]


def test_spelling_variant_with_hyphen_matches_the_listed_name(seeds):
    par = paragraph(seeds, SEED["001"], "p16")
    assert surfaces(par, "kim-jong-il") == ["Kim Jong-il"]
    assert surfaces(par, "kim-jong-un") == ["Kim Jong-un"]


def test_an_unlisted_longer_name_is_not_a_mention_of_its_first_part(seeds):
    # seed 002 misspells Kim Jong Il as "Kim Yong-il": that is nobody listed, not Kim Jong Un
    par = paragraph(seeds, SEED["002"], "p5")
    start = par.text.index("Kim Yong-il")
    assert not [m for m in par.mentions if start <= m.start < start + 11]
    assert "Kims" in surfaces(par, "kim-jong-un")


def test_role_and_name_in_a_row_are_one_mention(seeds):
    par = paragraph(seeds, SEED["000"], "p10")
    assert surfaces(par, "jens-stoltenberg")[0] == "Jens Stoltenberg"
    assert "NATO-Chef" in surfaces(par, "jens-stoltenberg")
    assert "NATO-Generalsekretär" not in surfaces(par, "jens-stoltenberg")


def test_mentions_record_surface_alias_and_offsets(seeds):
    for source in seeds.dossier.sources:
        for par in source.paragraphs:
            for mention in par.mentions:
                assert par.text[mention.start : mention.end] == mention.surface
                assert mention.alias
            assert par.actors == list(dict.fromkeys(m.actor for m in par.mentions))


def test_off_topic_paragraph_names_nobody(seeds):
    assert paragraph(seeds, SEED["003"], "p14").mentions == []


# --------------------------------------------------------------------------- second dossier


def test_second_dossier_persons(second):
    assert persons(second, "001-einigung") == {"ursula-von-der-leyen", "luiz-inacio-lula-da-silva", "emmanuel-macron", "javier-milei"}
    # "Javier Mile" is a misspelling nobody listed: not a mention
    assert persons(second, "002-proteste") == {"olaf-scholz"}
    assert persons(second, "003-regenwald") == {"ursula-von-der-leyen"}


def test_second_dossier_inflection(second):
    assert surfaces(paragraph(second, "001-einigung", "p3"), "brasilien") == ["Brasiliens"]
    assert surfaces(paragraph(second, "003-regenwald", "p4"), "ursula-von-der-leyen") == ["Von der Leyens", "Kommissionschefin"]
    assert surfaces(paragraph(second, "003-regenwald", "p3"), "europaeische-kommission") == ["Europäischen Kommission"]


def test_second_dossier_compound_with_a_capitalised_part_is_no_mention(second):
    par = paragraph(second, "001-einigung", "p1")
    start = par.text.index("Mercosur-Gipfels")
    assert not [m for m in par.mentions if start <= m.start < start + 16]
    assert surfaces(par, "mercosur") == ["Mercosur"]


def test_second_dossier_exact_alias_beats_star_alias(second):
    par = paragraph(second, "004-agentur", "p1")
    assert surfaces(par, "europaeische-kommission") == ["EU-Kommission"]
    assert surfaces(par, "europaeische-union") == ["Europäische Union"]


# --------------------------------------------------------------------------- the matcher itself


def test_one_compiled_pattern_serves_every_actor():
    actors = [ActorSpec(id=f"a{i}", name=f"Name{i} Nachname{i}", kind="person", aliases=(f"Nachname{i}",)) for i in range(300)]
    matcher = compile_actors(actors)
    assert len(matcher.aliases) == 600
    text = "Gestern trafen sich Name7 Nachname7 und Nachname299s Berater."
    found = matcher.find(text)
    assert [(m.actor, m.surface) for m in found] == [("a7", "Name7 Nachname7"), ("a299", "Nachname299s")]


def test_lowercase_alias_may_start_a_sentence_and_stars_stay_inside_words():
    matcher = compile_actors([ActorSpec(id="fr", name="Frankreich", kind="state", aliases=("französisch*", "*paris"))])
    found = matcher.find("Französische Bauern und die französischen Winzer; Großparis; Parisienne.")
    assert [m.surface for m in found] == ["Französische", "französischen", "Großparis"]


def test_markup_characters_in_aliases_are_literal():
    matcher = compile_actors([ActorSpec(id="x", name="A.B. (Holding)", kind="organisation")])
    assert [m.surface for m in matcher.find("Die A.B. (Holding) meldet.")] == ["A.B. (Holding)"]
    assert matcher.find("Die AxBx (Holding) meldet.") == []


def test_no_actors_finds_nothing():
    assert compile_actors([]).find("Putin und Kim") == []


def test_every_first_letter_of_an_alias_is_found():
    """The scan skips word starts whose letter starts no alias: lowercase aliases (either
    case), capitals, umlauts, digits and punctuation all still start a mention."""
    actors = [
        ActorSpec(id="oel", name="Ölkonzern", kind="organisation", aliases=("ölkonzern*", "3M", "(Holding)")),
        ActorSpec(id="ue", name="Überwachungsamt", kind="organisation", aliases=("ämter*",)),
        ActorSpec(id="nato", name="NATO", kind="organisation", aliases=("NATO-*",)),
    ]
    matcher = compile_actors(actors)
    text = "Ölkonzern sagt, ölkonzernnahe Kreise und 3M und (Holding) – das Überwachungsamt mit Ämtern und ämtern; NATO-Gipfel; xÖlkonzern"
    assert [m.surface for m in matcher.find(text)] == ["Ölkonzern", "ölkonzernnahe", "3M", "(Holding)", "Überwachungsamt", "Ämtern", "ämtern", "NATO-Gipfel"]
