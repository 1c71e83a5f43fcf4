"""dossier.yml: loading, defaults, ids from slugs, and problems named with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier_build.config import ConfigError, load_config
from dossier_build.slug import slugify, unique_slugs

from .conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "dossier.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value.problems


def test_project_dossier_yml_is_valid_and_complete():
    config = load_config(ROOT / "dossier.yml")
    ids = {a.id for a in config.actors}
    assert {"wladimir-putin", "kim-jong-un", "kim-jong-il", "jens-stoltenberg", "antonio-guterres", "an-chan-il"} <= ids
    assert {"russland", "nordkorea", "suedkorea", "usa", "nato", "vereinte-nationen", "kcna", "tass"} <= ids
    assert {t.id for t in config.topics} >= {"sanktionen", "waffenlieferungen", "strategische-partnerschaft", "raumfahrt"}
    assert config.sources_dir == (ROOT / "seeds").resolve()
    assert config.output_dir == (ROOT / "docs" / "dossier").resolve()


def test_defaults(tmp_path):
    config = load_config(write(tmp_path, "title: T\n"))
    assert config.language == "de" and config.actors == [] and config.output_dir == tmp_path.resolve() / "docs" / "dossier"


@pytest.mark.parametrize(
    "text, slug",
    [("Südkorea", "suedkorea"), ("António Guterres", "antonio-guterres"), ("Straße & Platz!", "strasse-platz"), ("  --Kim Jong-un--  ", "kim-jong-un"), ("🔥", "")],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_unique_slugs_get_stable_suffixes():
    assert unique_slugs(["a b", "a-b", "A B", "🔥"]) == ["a-b", "a-b-2", "a-b-3", "quelle"]


def test_every_problem_is_reported_with_line_and_key(tmp_path):
    found = problems(
        tmp_path,
        """title: 42
language: fr
colour: blue
actors:
  - name: Wladimir Putin
    kind: person
    aliases: [Putin]
  - name: Wladimir Putin
    kind: emperor
  - name: Vladimir
    kind: person
    aliases: [putin]
topics:
  - name: Sanktionen
    keywords: ["Sank*tion"]
  - name: Leer
    keywords: "nicht eine Liste"
""",
    )
    by_key = {p.key: p for p in found}
    assert by_key["language"].line == 2
    assert by_key["colour"].line == 3 and "unknown key" in by_key["colour"].message
    assert by_key["actors[1].kind"].line == 9
    assert "duplicate actor id 'wladimir-putin'" in by_key["actors[1].id"].message
    assert by_key["actors[2].aliases"].line == 12 and "already" in by_key["actors[2].aliases"].message
    assert by_key["topics[0].keywords"].line == 15
    assert by_key["topics[1].keywords"].line == 17
    assert all(p.file.endswith("dossier.yml") for p in found)
    # a number is accepted as a title (it is text in YAML terms)
    assert "title" not in by_key


def test_missing_title_and_invalid_yaml(tmp_path):
    assert problems(tmp_path, "language: de\n")[0].key == "title"
    broken = problems(tmp_path, "title: [unclosed\n")
    assert "not valid YAML" in broken[0].message and broken[0].line


def test_unsafe_tag_in_config_builds_nothing(tmp_path):
    marker = tmp_path / "hacked"
    found = problems(tmp_path, f"title: T\ndescription: !!python/object/apply:os.system ['touch {marker}']\nlanguage: !ruby/hash:X {{}}\n")
    assert [p.line for p in found] == [2, 3]
    assert all("not allowed" in p.message for p in found)
    assert not marker.exists()


def test_output_must_stay_inside(tmp_path):
    found = problems(tmp_path, "title: T\noutput: ../elsewhere\n")
    assert found[0].key == "output"


def test_source_meta_dates_and_urls(tmp_path):
    config = load_config(write(tmp_path, "title: T\nsource_meta:\n  a.txt: {date: 2024-06-19, url: 'https://x.example/a'}\n  b.txt: {date: 2024-06}\n"))
    assert config.source_meta["a.txt"].date.iso() == "2024-06-19"
    assert config.source_meta["b.txt"].date.iso() == "2024-06"
    found = problems(tmp_path, "title: T\nsource_meta:\n  a.txt: {url: 'javascript:alert(1)', date: gestern}\n")
    assert {p.key for p in found} == {"source_meta.a.txt.url", "source_meta.a.txt.date"}
