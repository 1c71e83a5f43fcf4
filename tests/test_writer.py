"""The output folder: atomic swaps, unchanged files keep their modification time, a build
that fails or is killed leaves the previous output as it was, and ``--strict``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import make_dossier
from dossier_build import build as build_module
from dossier_build.build import build
from dossier_build.writer import OWNER_MARK, OutputError, check_relative_path, write_output
from .sitecheck import child_env, run_dossier

SOURCES = {
    "eins.txt": "date 2024-06\nErster Artikel\n\nDer erste Absatz. Er hat zwei Sätze.\n\nDer zweite Absatz.\n",
    "zwei.txt": "date 2024-07\nZweiter Artikel\n\nEin anderer Absatz. Auch mit zwei Sätzen.\n\nNoch einer.\n",
    "drei.md": "---\ntitle: Dritter Artikel\ndate: 2024-08-01\n---\n\nDritter Text. Mit Punkt.\n",
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below ``folder``: (bytes, mtime in ns, inode)."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            result[path.relative_to(folder).as_posix()] = (path.read_bytes(), stat.st_mtime_ns, stat.st_ino)
    return result


def age(folder: Path, seconds: int = 1_000_000_000) -> None:
    """Set every file's modification time far into the past, so a rewrite is visible."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (seconds, seconds))


@pytest.fixture
def dossier(tmp_path):
    config = make_dossier(tmp_path, SOURCES)
    result = run_dossier(tmp_path, "build", "--strict")
    assert result.returncode == 0, result.stderr
    output = tmp_path / "docs" / "dossier"
    age(output)
    return tmp_path, config, output


def test_unchanged_files_keep_their_mtime_and_changed_ones_are_rewritten(dossier):
    root, config, output = dossier
    before = snapshot(output)
    (root / "sources" / "zwei.txt").write_text(SOURCES["zwei.txt"].replace("Noch einer.", "Noch einer, geändert."), encoding="utf-8")
    result = run_dossier(root, "build")
    assert result.returncode == 0, result.stderr
    after = snapshot(output)
    assert set(after) == set(before)
    changed = sorted(name for name in after if after[name][0] != before[name][0])
    assert "sources/zwei.md" in changed and "dossier.json" in changed
    assert "sources/eins.md" not in changed and "sources/drei.md" not in changed
    for name in after:
        if name in changed:
            assert after[name][1] != before[name][1], name
        else:
            assert after[name][1] == before[name][1], f"{name} was rewritten although it did not change"


def test_a_build_without_changes_touches_nothing(dossier):
    root, config, output = dossier
    before = snapshot(output)
    folder_inode = output.stat().st_ino
    result = run_dossier(root, "build")
    assert result.returncode == 0
    assert "0 written" in result.stdout
    assert snapshot(output) == before
    assert output.stat().st_ino == folder_inode


def test_a_removed_source_removes_its_page(dossier):
    root, config, output = dossier
    (root / "sources" / "drei.md").unlink()
    result = run_dossier(root, "build")
    assert result.returncode == 0
    assert not (output / "sources" / "drei.md").exists()
    assert (output / "sources" / "eins.md").is_file()
    assert not list(output.parent.glob(".dossier.*")), "no staging folder is left behind"


def test_a_render_that_raises_leaves_the_previous_output(dossier, monkeypatch):
    root, config, output = dossier
    before = snapshot(output)
    (root / "sources" / "vier.txt").write_text("Ein neuer Artikel. Mit Text.\n", encoding="utf-8")

    real_output = build_module.iter_output

    def broken_render(dossier, output_rel, **options):
        """Streams the first files (the new source's page among them), then fails."""
        for number, item in enumerate(real_output(dossier, output_rel, **options)):
            if number == 4:
                raise RuntimeError("render failed half-way")
            yield item

    monkeypatch.setattr(build_module, "iter_output", broken_render)
    with pytest.raises(RuntimeError):
        build(config)
    assert snapshot(output) == before
    assert not list(output.parent.glob(".dossier.*"))


def test_a_write_that_fails_half_way_leaves_the_previous_output(dossier):
    root, config, output = dossier
    before = snapshot(output)
    # "a" is a file, so "a/b.md" cannot be created: the staging folder fails after "a".
    with pytest.raises(OSError):
        write_output(output, {"a": "x", "a/b.md": "y", "z.md": "z"})
    assert snapshot(output) == before
    assert not list(output.parent.glob(".dossier.*"))


KILLER = r"""
import os, signal, sys
from dossier_build import cli, writer

point = sys.argv[1]
if point == "before-swap":
    def swap(staging, output_dir):
        os.kill(os.getpid(), signal.SIGKILL)
    writer._swap = swap
elif point == "after-swap":
    real_swap = writer._swap
    def swap(staging, output_dir):
        writer.shutil.rmtree = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
        real_swap(staging, output_dir)
    writer._swap = swap
elif point == "between-renames":
    writer._exchange = lambda first, second: False
    real_rename = os.rename
    calls = []
    def rename(source, target):
        calls.append(source)
        real_rename(source, target)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGKILL)
    writer.os.rename = rename
sys.exit(cli.main(["build"]))
"""


@pytest.mark.parametrize("point", ["before-swap", "after-swap", "between-renames"])
def test_a_killed_build_leaves_a_whole_output_and_the_next_build_recovers(dossier, point):
    root, config, output = dossier
    before = snapshot(output)
    (root / "sources" / "vier.txt").write_text("Ein neuer Artikel. Mit Text.\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLER, point], cwd=root, env=child_env(), capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if point == "before-swap":
        assert snapshot(output) == before
    elif point == "after-swap":
        assert (output / "sources" / "vier.md").is_file()
        assert (output / OWNER_MARK).is_file()
    recovered = run_dossier(root, "build")
    assert recovered.returncode == 0, recovered.stderr
    assert (output / "sources" / "vier.md").is_file()
    assert not list(output.parent.glob(".dossier.*")), "leftovers of the killed build are cleaned up"
    after = snapshot(output)
    for name in ("sources/eins.md", "sources/zwei.md", "sources/drei.md"):
        assert after[name][0] == before[name][0]
        if point != "between-renames":
            assert after[name][1] == before[name][1], f"{name} kept its mtime"


def test_a_folder_the_build_did_not_write_is_never_replaced(tmp_path):
    config = make_dossier(tmp_path, SOURCES)
    own = tmp_path / "docs" / "dossier" / "handgeschrieben.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Meins\n", encoding="utf-8")
    result = run_dossier(tmp_path, "build")
    assert result.returncode == 2
    assert "did not write" in result.stderr and "Traceback" not in result.stderr
    assert own.read_text(encoding="utf-8") == "# Meins\n"
    assert [p.name for p in own.parent.iterdir()] == ["handgeschrieben.md"]


@pytest.mark.parametrize("path", ["../x.md", "/etc/passwd", "a/../../b.md", "a\\b.md", "", ".", "a//b.md", "sources/../../x", "ü.md", "a b.md"])
def test_paths_that_could_leave_the_output_folder_are_refused(path):
    with pytest.raises(OutputError):
        check_relative_path(path)


def test_write_refuses_an_escaping_path_before_touching_anything(tmp_path):
    output = tmp_path / "out"
    write_output(output, {"a.md": "a"})
    before = snapshot(output)
    with pytest.raises(OutputError):
        write_output(output, {"a.md": "b", "../escaped.md": "x"})
    assert snapshot(output) == before
    assert not (tmp_path / "escaped.md").exists()


# --------------------------------------------------------------------------- --strict


def test_strict_fails_on_a_warning_alone_and_warnings_are_printed_once(tmp_path):
    files = dict(SOURCES)
    files["latin1.txt"] = "Gr\xfc\xdfe aus K\xf6ln. Ein Satz.\n".encode("cp1252")
    make_dossier(tmp_path, files)
    lenient = run_dossier(tmp_path, "build")
    assert lenient.returncode == 0
    data = json.loads((tmp_path / "docs" / "dossier" / "dossier.json").read_text(encoding="utf-8"))
    assert data["errors"] == [] and len(data["warnings"]) == 1
    warning_line = "latin1.txt:1: warning:"
    assert lenient.stderr.count(warning_line) == 1
    assert "1 warnings" in lenient.stdout.strip().splitlines()[-1]
    strict = run_dossier(tmp_path, "build", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.count(warning_line) == 1
    assert "Traceback" not in strict.stderr + lenient.stderr


def test_strict_passes_on_clean_sources(tmp_path):
    make_dossier(tmp_path, SOURCES)
    result = run_dossier(tmp_path, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "0 errors, 0 warnings" in result.stdout


def test_streamed_output_is_written_like_a_mapping_and_chunks_are_compared_not_rewritten(tmp_path):
    output = tmp_path / "docs" / "dossier"
    first = write_output(output, iter([("a.md", "eins"), ("big.json", iter([b"[1,", b"2]"])), ("sub/c.md", b"drei")]))
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    assert (output / "big.json").read_bytes() == b"[1,2]"
    age(output)
    before = snapshot(output)
    # the same bytes in other chunks: nothing is touched, not even the folder
    again = write_output(output, iter([("a.md", "eins"), ("big.json", iter([b"[", b"1,2", b"]"])), ("sub/c.md", "drei")]))
    assert (again.written, again.unchanged, again.removed) == (0, 3, 0)
    assert snapshot(output) == before
    # a longer and a shorter file are both changes; a file no longer produced is removed
    longer = write_output(output, iter([("a.md", "eins"), ("big.json", iter([b"[1,2]", b" "]))]))
    assert (longer.written, longer.unchanged, longer.removed) == (1, 1, 1)
    assert (output / "big.json").read_bytes() == b"[1,2] "
    assert snapshot(output)["a.md"] == before["a.md"]
    shorter = write_output(output, iter([("a.md", "eins"), ("big.json", iter([b"[1,2"]))]))
    assert shorter.written == 1 and (output / "big.json").read_bytes() == b"[1,2"
    with pytest.raises(OutputError):
        write_output(output, iter([("a.md", "x"), ("a.md", "y")]))
    assert (output / "a.md").read_text() == "eins"
    assert not list(output.parent.glob(".dossier.*"))


# --------------------------------------------------------------------------- records of the last build


def _records_after(output: Path, files: dict) -> dict:
    """Write ``files`` and return the records a build would keep of them."""
    from dossier_build.writer import output_records

    stats = write_output(output, files)
    return output_records(output, stats.made)


def test_deferred_content_is_not_made_when_the_file_was_written_under_its_key(tmp_path: Path):
    from dossier_build.writer import Deferred

    output = tmp_path / "out"
    records = _records_after(output, {"a.md": Deferred("key-1", lambda: "erste Fassung\n"), "b.md": "b\n"})
    assert records["a.md"].key == "key-1"
    made = []

    def make() -> str:
        made.append(1)
        return "zweite Fassung\n"

    stats = write_output(output, {"a.md": Deferred("key-1", make), "b.md": "b\n"}, records)
    assert made == [] and stats.written == 0
    assert (output / "a.md").read_text(encoding="utf-8") == "erste Fassung\n"
    stats = write_output(output, {"a.md": Deferred("key-2", make), "b.md": "b\n"}, records)
    assert made == [1] and stats.written == 1
    assert (output / "a.md").read_text(encoding="utf-8") == "zweite Fassung\n"


def test_a_file_touched_since_the_last_build_is_compared_by_its_bytes(tmp_path: Path):
    from dossier_build.writer import Deferred

    output = tmp_path / "out"
    records = _records_after(output, {"a.md": Deferred("k", lambda: "eins\n"), "big.json": [b"x" * 10, b"y" * 10]})
    (output / "a.md").write_text("zwei\n", encoding="utf-8")  # edited by hand: its record no longer holds
    (output / "big.json").write_bytes(b"z" * 20)
    stats = write_output(output, {"a.md": Deferred("k", lambda: "eins\n"), "big.json": [b"x" * 10, b"y" * 10]}, records)
    assert stats.written == 2
    assert (output / "a.md").read_text(encoding="utf-8") == "eins\n"
    assert (output / "big.json").read_bytes() == b"x" * 10 + b"y" * 10


def test_an_intact_file_is_compared_by_digest(tmp_path: Path):
    output = tmp_path / "out"
    records = _records_after(output, {"a.md": "eins\n", "big.json": [b"x" * 10, b"y" * 10]})
    before = snapshot(output)
    stats = write_output(output, {"a.md": "eins\n", "big.json": [b"x" * 5, b"x" * 5 + b"y" * 10]}, records)
    assert stats.written == 0 and snapshot(output) == before
    stats = write_output(output, {"a.md": "zwei\n", "big.json": [b"x" * 10, b"y" * 9 + b"!"]}, records)
    assert stats.written == 2
    assert (output / "big.json").read_bytes() == b"x" * 10 + b"y" * 9 + b"!"


def test_a_rebuild_after_an_edit_reads_no_unchanged_page(dossier, monkeypatch):
    """With the last build's records, the writer compares unchanged pages by digest: it
    opens no old file of the output folder to compare it."""
    root, config, output = dossier
    run_dossier(root, "build")  # a build whose records match the aged files
    (root / "sources" / "zwei.txt").write_text(SOURCES["zwei.txt"].replace("Noch einer.", "Noch einer, geändert."), encoding="utf-8")
    from dossier_build import writer

    opened = []
    real = writer._same_content
    monkeypatch.setattr(writer, "_same_content", lambda path, data, *a: opened.append(path) or real(path, data, *a))
    result = build(config)
    assert result.stats.written >= 1 and opened == []
