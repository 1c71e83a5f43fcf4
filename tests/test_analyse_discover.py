"""`dossier discover`: unknown names and variants of listed actors."""

from __future__ import annotations

import subprocess
import sys

import yaml

from .analysis_support import ROOT, SECOND, second_build, seed_build
from dossier_build.analyse.actors import compile_actors
from dossier_build.analyse.discover import discover


def run_discover(result):
    return discover(result.dossier.sources, result.config.actors, compile_actors(result.config.actors))


def test_seeds_variant_kim_yong_il():
    found = run_discover(seed_build())
    variants = {(c.name, c.actor) for c in found.variants}
    assert ("Kim Yong-il", "kim-jong-il") in variants
    unknown = {c.name: c for c in found.unknown}
    assert "Wall Street Journal" in unknown
    assert "Stimson Center" in unknown
    assert "Wall Street Journal" in unknown["Wall Street Journal"].example
    # names the dossier covers are not listed
    assert not [c for c in found.unknown if c.name in ("Pat Ryder", "Jenny Town", "Kim Jong Un")]


def test_second_dossier_variant_and_unknown_names():
    found = run_discover(second_build())
    assert [(c.name, c.actor) for c in found.variants] == [("Javier Mile", "javier-milei")]
    names = {c.name for c in found.unknown}
    assert {"Lis Cunha", "Marina Silva", "Le Monde"} <= names
    assert not names & {"Ursula von der Leyen", "Olaf Scholz", "Emmanuel Macron"}


def test_cli_report_and_yaml_snippet():
    config = str(SECOND / "dossier.yml")
    report = subprocess.run([sys.executable, "-m", "dossier_build.cli", "discover", "--config", config], capture_output=True, text=True, cwd=ROOT)
    assert report.returncode == 0, report.stderr
    assert "Javier Mile ≈ Javier Milei" in report.stdout
    assert "Marina Silva" in report.stdout
    snippet = subprocess.run([sys.executable, "-m", "dossier_build.cli", "discover", "--config", config, "--yaml"], capture_output=True, text=True, cwd=ROOT)
    assert snippet.returncode == 0, snippet.stderr
    entries = yaml.safe_load(snippet.stdout)
    by_name = {e["name"]: e for e in entries}
    assert by_name["Javier Milei"]["aliases"] == ["Milei", "Javier Mile"]
    assert by_name["Marina Silva"]["kind"] == "person"
    assert all(e["kind"] in ("person", "state", "organisation") for e in entries)


def test_cli_broken_config_is_a_message_not_a_traceback(tmp_path):
    config = tmp_path / "dossier.yml"
    config.write_text("title: [kaputt\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dossier_build.cli", "discover", "--config", str(config)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "dossier.yml" in result.stderr


# --------------------------------------------------------------------------- single words

import dataclasses

from dossier_build.build import build

from .conftest import make_dossier

# Common nouns of the seeds that a rule for one-word names must not list: with articles
# (Flughafen, Jahr), bare plurals (Angaben, Partnern), parts of other words (Technologie,
# Beginn: beginnt), titles (Präsident), capitalised at a quotation's start (Später).
SEED_NOUNS = {"Flughafen", "Jahr", "Zusammenarbeit", "Länder", "Angaben", "Partnern", "Jahren", "Technologie", "Beginn", "Präsident", "Osten", "Blick", "Später", "Mittwoch"}


def single_words(found) -> set[str]:
    return {c.name for c in found.unknown if " " not in c.name}


def test_seeds_one_word_names_are_places_not_nouns():
    found = run_discover(seed_build())
    words = single_words(found)
    assert "Wladiwostok" in words and "Wostotschny" in words
    assert not words & SEED_NOUNS, sorted(words & SEED_NOUNS)


def test_a_well_attested_surname_nobody_listed_is_found():
    """Putin (30 mentions in all five seeds) with his entry removed from the actors."""
    result = seed_build()
    actors = [actor for actor in result.config.actors if actor.id != "wladimir-putin"]
    found = discover(result.dossier.sources, actors, compile_actors(actors))
    unknown = {c.name: c for c in found.unknown}
    assert "Putin" in unknown and unknown["Putin"].count >= 20
    assert not single_words(found) & SEED_NOUNS


def test_a_surname_missing_from_the_aliases_is_a_variant_of_its_actor():
    """Only "Jens Stoltenberg" listed: the seeds' bare "Stoltenberg" (3 times, 2 sources)
    is suggested as his alias, not as a new actor."""
    result = seed_build()
    actors = [dataclasses.replace(a, aliases=[x for x in a.aliases if x != "Stoltenberg"]) if a.id == "jens-stoltenberg" else a for a in result.config.actors]
    found = discover(result.dossier.sources, actors, compile_actors(actors))
    assert ("Stoltenberg", "jens-stoltenberg") in {(c.name, c.actor) for c in found.variants}
    assert "Stoltenberg" not in {c.name for c in found.unknown}


CORPUS = {
    "a.txt": "date 2024-03\n\nGipfel in Brüssel\n\nDie Außenminister trafen sich am Montag in Brüssel. Nach Angaben der Diplomaten sprach Rutte lange mit Kanzler Scholz über den Gipfel. "
    "Später sagte Rutte, der Gipfel sei ein Erfolg. Der Sprecher nannte die Raumfahrttechnologie wichtig. Auch die IAEA war vertreten.\n",
    "b.txt": "date 2024-04\n\nNach dem Gipfel\n\nRutte warnte: «Später wird es schwer.» Nach Angaben aus Paris lobte Kanzler Scholz in Brüssel die Technologie. "
    "Seit Beginn des Jahres beginnt die Arbeit mit Rutte. Die IAEA prüft das. Vertreter der IAEA reisten ab.\n",
    "c.txt": "date 2024-05\n\nWieder Brüssel\n\nDort traf Kanzler Scholz in Brüssel erneut auf Rutte und lobte die Technologie. Der Gipfel endete. "
    "Seit Beginn der Gespräche gilt: Nach Angaben der Diplomaten ist Rutte zufrieden. Dort sprach Ljubow dreimal, Ljubow lachte, Ljubow ging.\n",
}
CORPUS_YML = """title: Gipfel
sources: sources
output: docs/dossier
actors:
  - name: Olaf Scholz
    kind: person
    aliases: [Scholz]
"""


def test_one_word_rules_on_a_small_corpus(tmp_path):
    """Rutte (5 times in 3 sources, bare) and the acronym IAEA (3 times in 2 sources) are
    names; Brüssel is one too. Not names: Gipfel (after articles), Angaben (a bare plural),
    Technologie (the end of Raumfahrttechnologie), Beginn (stem of beginnt), Kanzler (a
    title before Scholz every time), Später (capitalised at a quotation's start), and
    Ljubow (three times, but in one source only)."""
    result = build(make_dossier(tmp_path, CORPUS, CORPUS_YML), write=False)
    found = run_discover(result)
    words = single_words(found)
    assert {"Rutte", "IAEA", "Brüssel"} <= words, words
    assert not words & {"Gipfel", "Angaben", "Technologie", "Beginn", "Kanzler", "Später", "Ljubow", "Erfolg", "Sprecher"}, words
    rutte = next(c for c in found.unknown if c.name == "Rutte")
    assert rutte.count == 5 and "Rutte" in rutte.example
