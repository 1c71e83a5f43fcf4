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
