"""Normalisation rules, each pinned on real text (the seeds) and on small hand-made cases."""

from __future__ import annotations

import ftfy
import pytest

from dossier_build.config import SourceMeta
from dossier_build.model import Heading, PartialDate, RawDocument
from dossier_build.normalise import (
    clean_title,
    first_sentence_title,
    normalise,
    parse_signoff,
    repair_text,
    split_sentences,
    take_dateline,
)
from dossier_build.readers import read_document

from .conftest import SEEDS


def seed_source(prefix: str, meta: SourceMeta | None = None):
    path = next(SEEDS.glob(prefix + "*"))
    return normalise(read_document(path.name, path.read_bytes()), prefix, meta)


def all_text(source) -> str:
    return "\n".join(p.text for p in source.paragraphs)


def test_seed_003_title_date_tags_url():
    source = seed_source("003")
    assert source.title == "Putin in Nordkorea: Vertrag über strategische Partnerschaft"
    assert source.date == PartialDate(2024, 6, 19)
    assert "Nordkorea" in source.tags
    assert source.url.startswith("https://www.mannheimer-morgen.de/")
    assert source.publisher == "mannheimer-morgen.de"
    assert [i.url for i in source.images][0].endswith(".jpeg")


def test_seed_003_mojibake_repaired_and_recorded():
    source = seed_source("003")
    text = all_text(source)
    assert "Ã" not in text and "â€" not in text and "Â" not in text
    assert "Pjöngjang" in text or source.place == "Pjöngjang"
    assert "«Das ist ein gewaltiger Vertrag», sagte Kim Jong Un" in text
    repairs = {c.before: c for c in source.changes if c.kind == "mojibake"}
    assert repairs["U+00C3 U+00BC"].after == "ü" and repairs["U+00C3 U+00BC"].count > 5
    assert repairs["U+00C3 U+00A4"].after == "ä"
    assert all("Ã" not in c.before + c.after for c in source.changes)


def test_seed_003_ads_teaser_and_link_removed_and_recorded():
    source = seed_source("003")
    kinds = [r.kind for r in source.removed]
    assert kinds.count("ad") == 2 and "teaser" in kinds and "link" in kinds and "image" in kinds
    assert "AdUnit" not in all_text(source)
    assert not any(p.text.startswith("Kremlchef Putin besiegelt") for p in source.paragraphs)


def test_seed_003_guillemet_subheadings_become_headings():
    source = seed_source("003")
    headings = [b.text for b in source.blocks if isinstance(b, Heading)]
    assert "«Aufbau einer neuen multipolaren Welt»" in headings
    assert "Besorgnis der USA" in headings
    assert source.paragraphs[7].section == "«Aufbau einer neuen multipolaren Welt»"


def test_seed_003_dateline_becomes_place():
    source = seed_source("003")
    assert source.place == "Pjöngjang"
    assert source.paragraphs[0].text.startswith("Die Atommächte Russland und Nordkorea")


def test_seed_000_captions_signoff_and_headings():
    source = seed_source("000")
    text = all_text(source)
    assert "Bild:" not in text and "mak/AR" not in text
    assert source.agencies == ["dpa", "afp", "rtr"]
    assert [r.kind for r in source.removed].count("caption") == 3
    headings = [b.text for b in source.blocks if isinstance(b, Heading)]
    assert headings == ['"Langfristige Beziehungen"', "USA und NATO sind besorgt"]
    assert source.date.iso() == "2024-06"


def test_seed_001_german_quotes_intact_and_place():
    source = seed_source("001")
    text = all_text(source)
    assert "„strategische Partnerschaft“" in text
    assert "„Was uns Sorgen macht" in text
    assert source.place == "Seoul"
    assert source.paragraphs[0].text.startswith("Der russische Präsident")
    assert len(source.paragraphs) == 16  # one paragraph per line: the file has no blank lines


def test_seed_004_headline_is_title():
    source = seed_source("004")
    assert source.title == "Putin und Kim am Mittwoch in Wostotschny"
    assert source.paragraphs[0].text.startswith("Bei seinem vielbeachteten Besuch")
    assert source.date.iso() == "2023-09"


def test_title_from_first_sentence_is_cut_at_word_boundary():
    source = seed_source("000")
    assert len(source.title) <= 90
    assert source.title.endswith("…")
    assert "Schon bei der Begrüßung am Flughafen".startswith(source.title[:20])


def test_config_title_and_date_override():
    source = seed_source("001", SourceMeta(title="Eigener Titel", date=PartialDate(2024, 6, 19), publisher="La Presse"))
    assert source.title == "Eigener Titel"
    assert source.date.iso() == "2024-06-19"
    assert source.publisher == "La Presse"


def test_paragraph_ids_are_stable_and_in_order():
    source = seed_source("002")
    assert [p.id for p in source.paragraphs] == [f"p{i}" for i in range(1, len(source.paragraphs) + 1)]
    assert all(p.line for p in source.paragraphs)


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_every_seed_paragraph_equals_ftfy(path):
    source = normalise(read_document(path.name, path.read_bytes()), "x")
    for paragraph in source.paragraphs:
        assert ftfy.fix_text(paragraph.text, uncurl_quotes=False) == paragraph.text


def test_correct_text_passes_unchanged():
    text = "Er sagte: „Das ist gut.“ Sie antwortete: «Nein.» – so weit, so gut…"
    assert repair_text(text) == text
    document = RawDocument(path="x.txt", format="text", encoding="utf-8", body=text + "\n\nZweiter Absatz hier.")
    source = normalise(document, "x")
    assert source.paragraphs[0].text == text
    assert not [c for c in source.changes if c.kind == "mojibake"]


def test_clean_title():
    assert clean_title("🔥🔥 [Nordkorea] Putin in Nordkorea: Vertrag") == ("Putin in Nordkorea: Vertrag", ["Nordkorea"])
    assert clean_title("„Zitat“ als Titel") == ("„Zitat“ als Titel", [])
    assert clean_title("+++ [Live] [Ukraine] Lage an der Front ✅") == ("Lage an der Front", ["Live", "Ukraine"])


def test_signoff_forms():
    assert parse_signoff("mak/AR (dpa, afp, rtr)") == ["dpa", "afp", "rtr"]
    assert parse_signoff("(dpa)") == ["dpa"]
    assert parse_signoff("jst (AFP/Reuters)") == ["AFP", "Reuters"]
    assert parse_signoff("Das ist ein Satz (mit Klammer).") is None


def test_datelines():
    assert take_dateline("(Seoul) Der Präsident kam.", "")[0] == "Seoul"
    assert take_dateline("Berlin (dpa) - Die Regierung hat.", "")[:2] == ("Berlin", "dpa")
    assert take_dateline("Pjöngjang. Die Atommächte", "in Pjöngjang empfangen")[0] == "Pjöngjang"
    # a one-word sentence that is not named again is no dateline
    assert take_dateline("Nein. Das stimmt nicht.", "ganz anderer Text")[0] is None


@pytest.mark.parametrize(
    "text, count",
    [
        ("Das war am 19. Juni 2024. Dann kam er.", 2),
        ("Er traf z.B. Dr. Müller. Danach ging er.", 2),
        ('"Die Vorstellung ist falsch. Alles ist verwoben." Man sei besorgt.', 2),
        ("«Das ist ein gewaltiger Vertrag», sagte Kim Jong Un. Es leite eine neue Epoche ein.", 2),
        ("Was geschah? Niemand weiß es! Jetzt…", 3),
        ("Das geschah 2022. Dann folgte mehr.", 2),
        ("Der Autor A. Merkel schrieb das.", 1),
    ],
)
def test_german_sentence_splitting(text, count):
    assert len(split_sentences(text)) == count


def test_first_sentence_title_short_sentence_kept():
    assert first_sentence_title("Kurz und gut. Mehr Text folgt.") == "Kurz und gut."


def test_an_analysed_source_survives_pickling_field_for_field():
    """Workers send each outcome to the build pickled, and the cache keeps the bytes:
    paragraphs and mentions are pickled as their field values, and nothing is lost."""
    import dataclasses
    import pickle

    from dossier_build.analyse import compile_config
    from dossier_build.analyse import analyse_source
    from dossier_build.config import load_config
    from dossier_build.model import Mention, Paragraph

    from .conftest import ROOT

    source = seed_source("003")
    quotes = analyse_source(source, compile_config(load_config(ROOT / "dossier.yml")))
    source.paragraphs[0].off_topic = True
    source.paragraphs[0].duplicates = ["other#p2"]
    copy, quotes_copy = pickle.loads(pickle.dumps((source, quotes), protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == source and quotes_copy == quotes
    assert any(p.mentions for p in copy.paragraphs)
    for original, restored in zip(source.paragraphs, copy.paragraphs):
        assert dataclasses.asdict(restored) == dataclasses.asdict(original)
        assert type(restored) is Paragraph and all(type(m) is Mention for m in restored.mentions)
    mention = Mention(actor="a", surface="Kim", start=1, end=4)
    assert pickle.loads(pickle.dumps(mention)) == mention and pickle.loads(pickle.dumps(mention)).alias == ""
