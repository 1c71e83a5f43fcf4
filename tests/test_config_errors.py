"""A broken ``dossier.yml``: one message per problem, each with file, line and key; no
build (exit 2, nothing written) and never a traceback. Tested through the command."""

from __future__ import annotations

import pytest

from .conftest import make_dossier
from .sitecheck import run_dossier

SOURCES = {"a.txt": "Ein Artikel. Mit zwei Sätzen.\n"}

ALL_PROBLEMS = """\
title: [Liste, statt, Text]
language: fr
colour: blau
actors:
  - name: Wladimir Putin
    kind: person
    aliases: [Putin, Kremlchef]
  - name: W. Putin
    id: wladimir-putin
    kind: person
  - name: Kim Jong Un
    kind: person
    aliases: [Kim, Kremlchef]
  - name: Russland
    kind: land
topics:
  - name: Sanktionen
    keywords: ["Sank*tion", "Strafmaßnahme*"]
  - name: Krieg
    keywords: ["*"]
"""

# (line, key, words in the message) for each problem above, in file order.
EXPECTED = [
    (1, "title", "must be text"),
    (2, "language", "must be one of de, en"),
    (3, "colour", "unknown key"),
    (9, "actors[1].id", "duplicate actor id"),
    (13, "actors[2].aliases", "'Kremlchef' is already a name or alias"),
    (15, "actors[3].kind", "must be one of"),
    (18, "topics[0].keywords", "Sank*tion"),
    (20, "topics[1].keywords", "needs text besides"),
]


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("dossier.yml:")]


def _assert_no_build(root, result):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "nothing was built" in result.stderr
    assert not (root / "docs" / "dossier").exists()


def test_every_problem_gets_one_message_with_file_line_and_key(tmp_path):
    make_dossier(tmp_path, SOURCES, ALL_PROBLEMS)
    result = run_dossier(tmp_path, "build")
    _assert_no_build(tmp_path, result)
    lines = _problem_lines(result.stderr)
    assert len(lines) == len(EXPECTED), result.stderr
    for line, (number, key, words) in zip(lines, EXPECTED):
        assert line.startswith(f"dossier.yml:{number}: {key}: "), line
        assert words in line, line


def test_check_reports_the_same_problems_and_writes_nothing(tmp_path):
    make_dossier(tmp_path, SOURCES, ALL_PROBLEMS)
    result = run_dossier(tmp_path, "check")
    assert result.returncode == 2
    assert len(_problem_lines(result.stderr)) == len(EXPECTED)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "docs" / "dossier").exists()


@pytest.mark.parametrize(
    "yml, line, key, words",
    [
        ("title: X\nsources: [a, b]\n", 2, "sources", "must be text"),
        ("title: X\nactors: {a: 1}\n", 2, "actors", "must be a list"),
        ("title: X\nactors:\n  - kind: person\n", 3, "actors[0].name", "is required"),
        ("title: X\ntopics:\n  - name: T\n    keywords: Sanktion\n", 4, "topics[0].keywords", "must be a list"),
        ("title: X\ntitle: Y\n", 2, "title", "is given twice"),
        ("title: X\nactors:\n  - name: Putin\n    kind: person\n  - name: PUTIN\n    kind: person\n", 5, "actors[1].id", "duplicate actor id 'putin' (made from the name"),
        ("description: ohne Titel\n", 1, "title", "is required"),
        ("title: X\noutput: /tmp/elsewhere\n", 2, "output", "relative"),
        ("title: X\nsources: ../../etc\n", 2, "sources", "inside the folder"),
        ("title: X\nsource_meta:\n  a.txt: {date: 2024-13-01}\n", 3, "source_meta.a.txt.date", "must be a date"),
        ("title: X\nsource_meta:\n  a.txt: {url: 'javascript:alert(1)'}\n", 3, "source_meta.a.txt.url", "http"),
        ("title: X\nsource_meta:\n  a.txt: {autor: Y}\n", 3, "source_meta.a.txt.autor", "unknown key"),
        ("title: !!python/name:os.system x\n", 1, "title", "is not allowed"),
        ("title: X\nactors:\n  - name: A\n    kind: !ruby/sym person\n", 4, "actors[0].kind", "is not allowed"),
        ("title: !!timestamp gestern\n", 1, "title", "not a valid timestamp"),
        ("title: X\nactors:\n  - name: !!int abc\n    kind: person\n", 3, "actors[0].name", "not a valid int"),
        ("title: [Liste\nlanguage: de\n", 1, "-", "not valid YAML"),
        ("title: X\ndescription: \"offen\n\nlanguage: de\n", 2, "-", "not valid YAML"),
        ("- a\n- b\n", 1, "", "must be a mapping"),
    ],
)
def test_single_problems(tmp_path, yml, line, key, words):
    make_dossier(tmp_path, SOURCES, yml)
    result = run_dossier(tmp_path, "build")
    _assert_no_build(tmp_path, result)
    lines = _problem_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"dossier.yml:{line}: {key}: "), lines[0]
    assert words in lines[0], lines[0]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"title: Gr\xfc\xdfe\n", "not UTF-8"),
        (b"title: X\n" + b"a: [" * 2000 + b"\n", "nested too deeply"),
    ],
)
def test_unreadable_files(tmp_path, content, words):
    config = make_dossier(tmp_path, SOURCES)
    config.write_bytes(content)
    result = run_dossier(tmp_path, "build")
    _assert_no_build(tmp_path, result)
    assert words in result.stderr


def test_a_missing_config_is_a_message(tmp_path):
    result = run_dossier(tmp_path, "build", "--config", "gibt-es-nicht.yml")
    assert result.returncode == 2
    assert "gibt-es-nicht.yml" in result.stderr and "cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_yaml_tag_in_the_config_executes_nothing(tmp_path):
    marker = tmp_path / "pwned"
    yml = f'title: X\ndescription: !!python/object/apply:os.system ["touch {marker}"]\n'
    make_dossier(tmp_path, SOURCES, yml)
    result = run_dossier(tmp_path, "build")
    _assert_no_build(tmp_path, result)
    assert not marker.exists()
