"""Timeline: sources by date and the dated events the texts name."""

from __future__ import annotations

import pytest

from .analysis_support import SEED, second_build, seed_build
from dossier_build.analyse.timeline import source_events
from dossier_build.model import Paragraph, PartialDate, Source


@pytest.fixture(scope="module")
def seeds():
    return seed_build()


def events(result, source_id):
    return {(e["expression"], e["date"]) for e in result.dossier.analysis["timeline"] if e["kind"] == "event" and e["source"] == source_id}


def test_seed_events_resolved_against_the_source_date(seeds):
    assert ("im Jahr 2000", "2000") in events(seeds, SEED["002"])
    assert ("im September", "2023-09") in events(seeds, SEED["000"])  # source 2024-06: the September before
    assert ("im Juli", "2024-07") in events(seeds, SEED["000"])  # "werde man … im Juli": the next July
    assert ("seit 24 Jahren", "2000") in events(seeds, SEED["003"])
    assert ("im März", "2024-03") in events(seeds, SEED["003"])
    assert ("im Februar vergangenen Jahres", "2022-02") in events(seeds, SEED["004"])


def test_relative_dates_of_an_undated_source_are_left_out(seeds):
    # seed 001 has no date: "Im März" cannot be resolved, "im Jahr 2022" can
    assert events(seeds, SEED["001"]) == {("im Jahr 2022", "2022")}


def test_timeline_is_sorted_and_lists_the_dated_sources(seeds):
    timeline = seeds.dossier.analysis["timeline"]
    keys = [PartialDate.parse(e["date"]).sort_key() for e in timeline]
    assert keys == sorted(keys)
    assert {e["source"] for e in timeline if e["kind"] == "source"} == {SEED["000"], SEED["003"], SEED["004"]}


def test_off_topic_paragraphs_give_no_events():
    source = Source(id="s", path="s", format="text", encoding="utf-8", title="t", date=PartialDate(2024, 5), blocks=[Paragraph(id="p1", text="Das war im Jahr 1990.", off_topic=True), Paragraph(id="p2", text="Im April kam er.")])
    assert [(e.expression, e.date.iso()) for e in source_events(source)] == [("Im April", "2024-04")]


def test_second_dossier_events():
    result = second_build()
    assert events(result, "001-einigung") == {("im Jahr 1999", "1999")}
    assert events(result, "002-proteste") == {("vor 25 Jahren", "1999"), ("im Juni", "2024-06")}
    # 003 has no date: "im vergangenen Jahr" stays unresolved
    assert events(result, "003-regenwald") == set()


def test_home_timeline_diagram_is_bounded_and_mermaid_safe():
    from dossier_build.model import Dossier
    from dossier_build.render.graph import MAX_TIMELINE_PERIODS, timeline_diagram

    dossier = Dossier(title="T", description=None, language="de")
    entries = [{"date": f"20{10 + n // 12:02d}-{n % 12 + 1:02d}", "kind": "source", "source": f"s{n}"} for n in range(40)]
    entries.append({"date": "2013-05", "kind": "event", "source": "s1", "expression": 'im Mai: "x" ; <b>#1</b>'})
    dossier.analysis["timeline"] = entries
    diagram = timeline_diagram(dossier)
    lines = diagram.splitlines()
    assert lines[0] == "```mermaid" and lines[1] == "timeline" and lines[-1] == "```"
    periods = lines[2:-1]
    assert len(periods) <= MAX_TIMELINE_PERIODS
    assert [p.split(" : ")[0].strip() for p in periods] == [str(y) for y in range(2010, 2014)]  # by year: 40 months
    assert "2013 : 4 Quellen : im Mai x b 1 b" in diagram
    for line in periods:
        label_text = line.replace(" : ", " ")
        assert not set(label_text) & set('":;<>#{}[]()')
