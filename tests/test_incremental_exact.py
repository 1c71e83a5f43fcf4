"""A rebuild that reuses earlier work must write exactly what a cold build writes.

Every layer that keeps work between builds (the per-source cache, memoised dossier-wide
steps, pages not rendered again) is only correct if, after any edit, the output folder is
byte for byte what a build from nothing makes of the same inputs. This test makes a
synthetic dossier large enough that actor and topic pages are split, then edits it the
ways a curator does (a paragraph added, a shared agency passage reworded, a file deleted,
a file copied, a date changed, a shared passage's case changed, a source emptied, a date
moved to another month, a publisher and title changed, a statement added among the undated,
a source joining a passage, a passage broken, one copy of a widely copied passage changed,
an off-topic paragraph added, an actor respelled, a source added that shares nothing, then
only its publisher renamed: whole actors and topics are taken from the cache when their key
is unchanged, and that edit changes nothing but how one citation reads; an off-topic source
added, then repeated by another, which makes it on-topic though it did not change) and after
each edit compares the warm build's output with a cold build's.
"""

from __future__ import annotations

import filecmp
import re
import importlib.util
import shutil
from pathlib import Path

import pytest

from dossier_build.build import build

ROOT = Path(__file__).resolve().parent.parent
SOURCES = 360


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.make_corpus


def tree_differences(left: Path, right: Path) -> list[str]:
    """Relative paths that are in one folder only or whose bytes differ."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only)
        found.extend(prefix + name for name in comparison.common_files if not filecmp.cmp(Path(comparison.left) / name, Path(comparison.right) / name, shallow=False))
        for name, sub in comparison.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


def cold_copy_output(folder: Path, scratch: Path) -> Path:
    """Build a copy of ``folder``'s inputs from nothing; returns its output folder."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    for name in ("sources", "docs"):
        shutil.copytree(folder / name, scratch / name, ignore=shutil.ignore_patterns("dossier"))
    for name in ("dossier.yml", "mkdocs.yml"):
        shutil.copy(folder / name, scratch / name)
    build(scratch / "dossier.yml", use_cache=False)
    return scratch / "docs" / "dossier"


def _sources(folder: Path) -> list[Path]:
    return sorted((folder / "sources").iterdir())


def _append_paragraph(folder: Path) -> str:
    path = _sources(folder)[len(_sources(folder)) // 2]
    data = path.read_bytes().rstrip(b"\n")
    encoding = "utf-8" if b"\xc3" in data or data.isascii() else "cp1252"
    path.write_bytes(data + "\n\nWladimir Putin sagte am Abend, die Gespräche mit Kim Jong-un über Munition und Raketen würden fortgesetzt.\n".encode(encoding))
    return f"paragraph naming two actors added to {path.name}"


def _change_shared_line(folder: Path, change) -> Path:
    """Change the middle word of the first line (over 80 bytes) that two files share
    verbatim, in the second file: ``change(word, data)`` gives the new word; the file."""
    seen: dict[bytes, Path] = {}
    for path in _sources(folder):
        data = path.read_bytes()
        for line in data.split(b"\n"):
            if len(line) > 80 and line in seen and seen[line] != path:
                words = line.split(b" ")
                middle = len(words) // 2
                words[middle] = change(words[middle], data)
                path.write_bytes(data.replace(line, b" ".join(words), 1))
                return path
            seen.setdefault(line, path)
    raise AssertionError("the corpus has no shared passage to change")


def _reword_shared_passage(folder: Path) -> str:
    """Change one word in the first sentence that several files share verbatim."""
    path = _change_shared_line(folder, lambda word, data: b"ausdr\xc3\xbccklich" if b"\xc3" in data or data.isascii() else b"ausdr\xfccklich")
    return f"a shared passage reworded in {path.name}"


def _recase_shared_passage(folder: Path) -> str:
    """Write one word of a sentence several files share in capitals: the passage finder
    folds case (its per-source signature stays the same), the passages cite the text."""
    path = _change_shared_line(folder, lambda word, data: word.upper())
    return f"a word of a shared passage capitalised in {path.name}"


def _delete_file(folder: Path) -> str:
    path = _sources(folder)[7]
    path.unlink()
    return f"{path.name} deleted"


def _copy_file(folder: Path) -> str:
    path = _sources(folder)[11]
    target = path.with_name("zz-copy-" + path.name)
    shutil.copy(path, target)
    return f"{path.name} copied to {target.name}"


def _change_date(folder: Path) -> str:
    for path in _sources(folder):
        data = path.read_bytes()
        at = data.find(b"date 20", 0, 20)
        if at >= 0:
            year = b"2023" if data[at + 5 : at + 9] == b"2024" else b"2024"
            path.write_bytes(data[: at + 5] + year + data[at + 9 :])
            return f"the date of {path.name} changed"
    raise AssertionError("no source with a date header")


def _empty_source(folder: Path) -> str:
    path = _sources(folder)[-3]
    path.write_bytes(b"")
    return f"{path.name} emptied"


def _change_month(folder: Path) -> str:
    """A front-matter date moved to another month: the source's statements move from one
    period page to another."""
    for path in _sources(folder):
        data = path.read_bytes()
        at = data.find(b"\ndate: 20", 0, 400)
        if at >= 0 and data[at + 11 : at + 12] == b"-":
            month = data[at + 12 : at + 14]
            path.write_bytes(data[: at + 12] + (b"07" if month != b"07" else b"02") + data[at + 14 :])
            return f"the month of {path.name} changed"
    raise AssertionError("no source with a front-matter date")


def _change_publisher_and_title(folder: Path) -> str:
    """A cited source's publisher and title changed: its citations on other sources'
    pages ("auch berichtet in", footnotes, the timeline) change with them."""
    for path in _sources(folder)[len(_sources(folder)) // 3 :]:
        data = path.read_bytes()
        if data.startswith(b"---") and b"\npublisher: " in data[:400] and b"\ntitle: " in data[:400]:
            data = data.replace(b"\npublisher: ", b"\npublisher: Neue ", 1).replace(b'\ntitle: "', b'\ntitle: "Neu: ', 1)
            path.write_bytes(data)
            return f"publisher and title of {path.name} changed"
    raise AssertionError("no source with publisher and title")


def _cross_part_boundary(folder: Path) -> str:
    """A statement added to the first undated source: the statements after it move within
    and across the parts of the undated pages."""
    for path in _sources(folder):
        data = path.read_bytes()
        if not data.startswith((b"---", b"date ")) and b"\ndate" not in data[:200]:
            encoding = "utf-8" if b"\xc3" in data or data.isascii() else "cp1252"
            path.write_bytes(data.rstrip(b"\n") + "\n\nNordkorea und Wladimir Putin vereinbarten am Abend weitere Gespräche über Munition.\n".encode(encoding))
            return f"a statement added to the undated {path.name}"
    raise AssertionError("no undated source")


def _shared_lines(folder: Path) -> dict[bytes, list[Path]]:
    """Lines over 80 bytes that several files hold verbatim, with those files (in order)."""
    holders: dict[bytes, list[Path]] = {}
    for path in _sources(folder):
        for line in set(path.read_bytes().split(b"\n")):
            if len(line) > 80:
                holders.setdefault(line, []).append(path)
    return {line: paths for line, paths in holders.items() if len(paths) > 1}


def _encoded_like(line: bytes, source: Path, target: Path) -> bytes:
    """``line`` (in ``source``'s encoding) in ``target``'s encoding."""

    def encoding(data: bytes) -> str:
        return "utf-8" if b"\xc3" in data or data.isascii() else "cp1252"

    return line.decode(encoding(source.read_bytes())).encode(encoding(target.read_bytes()), errors="replace")


def _join_passage(folder: Path) -> str:
    """A sentence of a passage two files share appended to a file that had none of it:
    the passage gains a source."""
    lines = _shared_lines(folder)
    line, paths = min(((line, paths) for line, paths in lines.items() if len(paths) == 2), key=lambda item: item[0])
    target = next(path for path in _sources(folder) if path not in paths and not path.read_bytes().startswith(b"---"))
    target.write_bytes(target.read_bytes().rstrip(b"\n") + b"\n\n" + _encoded_like(line, paths[0], target) + b"\n")
    _EDITED["joined"] = target.stem
    return f"a passage of {paths[0].name} and {paths[1].name} added to {target.name}"


def _break_passage(folder: Path) -> str:
    """A line two files share removed from one of them: the passage loses its second
    source and is gone."""
    lines = _shared_lines(folder)
    line, paths = max(((line, paths) for line, paths in lines.items() if len(paths) == 2), key=lambda item: item[0])
    data = paths[1].read_bytes()
    paths[1].write_bytes(data.replace(line + b"\n", b"", 1) if line + b"\n" in data else data.replace(line, b"", 1))
    return f"a passage {paths[0].name} shared removed from {paths[1].name}"


def _edit_widely_copied(folder: Path) -> str:
    """A number changed in one copy of the line the most files share: the passage gets a
    new wording and a number discrepancy, every copy's page its list of duplicates."""
    lines = _shared_lines(folder)
    line, paths = max(lines.items(), key=lambda item: (len(item[1]), item[0]))
    assert len(paths) >= 3, "the corpus has no passage copied by several files"
    digits = re.search(rb"\d+", line)
    changed = line[: digits.start()] + str(int(digits.group()) + 7).encode() + line[digits.end() :] if digits else line.replace(b" ", b" neue ", 1)
    path = paths[len(paths) // 2]
    path.write_bytes(path.read_bytes().replace(line, changed, 1))
    _EDITED["copies"] = len(paths)
    return f"one of {len(paths)} copies of a passage changed in {path.name}"


def _add_off_topic_paragraph(folder: Path) -> str:
    """A long paragraph foreign to the dossier's vocabulary and naming no actor: it is
    off-topic, and its source's counts must leave it out."""
    path = _sources(folder)[len(_sources(folder)) // 4]
    text = (
        "Die Gartenfreunde empfehlen Tomatenpflanzen, Zucchinibeete, Kürbisranken, Gurkenspaliere, "
        "Basilikumtöpfe und Erdbeerhügel regelmäßig morgens gründlich anzugießen, Schneckenkorn sparsam "
        "auszustreuen, Brennnesseljauche anzusetzen und Rosenstöcke kräftig zurückzuschneiden, bevor "
        "Hagelschauer, Spätfröste oder Wühlmäuse die sorgfältig gepflegten Kleingärten heimsuchen."
    )
    data = path.read_bytes().rstrip(b"\n")
    encoding = "utf-8" if b"\xc3" in data or data.isascii() else "cp1252"
    path.write_bytes(data + ("\n\n" + text + "\n").encode(encoding))
    return f"an off-topic paragraph added to {path.name}"


def _respell_actor(folder: Path) -> str:
    """One mention of an actor spelled another way: its spelling discrepancy changes."""
    for path in _sources(folder)[len(_sources(folder)) // 5 :]:
        data = path.read_bytes()
        if b"Kim Jong-un" in data:
            path.write_bytes(data.replace(b"Kim Jong-un", b"Kim Dschong Un", 1))
            return f"Kim Jong-un respelled in {path.name}"
    raise AssertionError("no source names Kim Jong-un")


UNSHARED = "Wladimir Putin sprach am Abend mit Gästen aus Ulan-Bator über die Pferdezucht der Steppe."
OWN_SOURCE = "2023-05-17-eigener-bericht.md"


def _add_own_source(folder: Path) -> str:
    """A new source with a publisher and nothing another source has (so it is in no
    shared passage): one statement of its own on Putin's pages."""
    text = f"---\ntitle: Eigener Bericht\ndate: 2023-05-17\npublisher: Steppenbote\n---\n\n{UNSHARED}\n"
    (folder / "sources" / OWN_SOURCE).write_text(text, encoding="utf-8")
    return f"{OWN_SOURCE} added"


def _rename_publisher_only(folder: Path) -> str:
    """Only that source's publisher changed: of everything an actor's or topic's pages
    show, only how the citation of its statement reads changes."""
    path = folder / "sources" / OWN_SOURCE
    path.write_text(path.read_text(encoding="utf-8").replace("publisher: Steppenbote", "publisher: Steppenkurier"), encoding="utf-8")
    return f"the publisher of {OWN_SOURCE} renamed"


IMKER = (
    "Die Imkervereine berichten von kräftigen Bienenvölkern, gefüllten Honigwaben, sauberen Wabenrähmchen, "
    "reichlich Blütenpollen, frühen Schwarmzeiten, lästigen Varroamilben, frisch gestrichenen Bienenstöcken, "
    "duftenden Lindenblüten und Akazienhonig, obwohl Sanktionen gegen Wachsimporte die Mittelwände verteuern."
)


def _add_off_topic_source(folder: Path) -> str:
    """A new source whose one paragraph is foreign to the dossier and matches one topic:
    off-topic, so that topic's counts leave it out."""
    (folder / "sources" / "2023-06-02-imkerbrief.md").write_text(f"---\ntitle: Imkerbrief\ndate: 2023-06-02\n---\n\n{IMKER}\n", encoding="utf-8")
    return "2023-06-02-imkerbrief.md added (off-topic)"


def _share_off_topic_source(folder: Path) -> str:
    """Another source, far from it in the order of ids, repeats that paragraph: its words
    are no longer foreign, so the unchanged source's paragraph is no longer off-topic and
    counts for its topic (the flags of a source changed without the source)."""
    (folder / "sources" / "zz-imkerbrief-nachdruck.txt").write_text(f"date 2023-06\n\n{IMKER}\n", encoding="utf-8")
    return "zz-imkerbrief-nachdruck.txt added (repeats the off-topic paragraph)"


EDITS = [
    _append_paragraph, _reword_shared_passage, _delete_file, _copy_file, _change_date, _recase_shared_passage, _empty_source, _change_month,
    _change_publisher_and_title, _cross_part_boundary, _join_passage, _break_passage, _edit_widely_copied, _add_off_topic_paragraph, _respell_actor,
    _add_own_source, _rename_publisher_only, _add_off_topic_source, _share_off_topic_source,
]  # fmt: skip


_EDITED: dict[str, object] = {}  # what the last edits did, for EXPECTED


def _joined(dossier) -> bool:
    """The source a passage was added to cites it: its last paragraph lists duplicates."""
    source = next(s for s in dossier.sources if str(_EDITED["joined"]) in s.path)
    return bool(source.paragraphs[-1].duplicates)


def _widely_copied_split(dossier) -> bool:
    """The changed copy and the unchanged ones are still one passage (lightly reworded)."""
    return any(len({ref.sentence for ref in passage.refs}) >= 2 and len(passage.refs) >= int(_EDITED["copies"]) for passage in dossier.shared_passages)


EXPECTED = {
    _add_off_topic_paragraph: lambda dossier: any(p.off_topic for s in dossier.sources for p in s.paragraphs if p.text.startswith("Die Gartenfreunde")),
    _join_passage: _joined,
    _edit_widely_copied: _widely_copied_split,
    _add_off_topic_source: lambda dossier: all(p.off_topic for s in dossier.sources if "imkerbrief" in s.path for p in s.paragraphs),
    _share_off_topic_source: lambda dossier: not any(p.off_topic for s in dossier.sources if "imkerbrief" in s.path for p in s.paragraphs),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("incremental") / "dossier"
    _make_corpus()(SOURCES, folder)
    return folder


def test_the_corpus_splits_entity_pages(corpus: Path, tmp_path: Path):
    """The dossier is large enough that the split of actor and topic pages by period is
    exercised: years, months and the parts of a period."""
    output = cold_copy_output(corpus, tmp_path / "cold")
    names = [path.name for path in (output / "actors").iterdir()]
    assert "wladimir-putin--2022-03.md" in names and any(re.search(r"--\d{4}\.md$", name) for name in names)
    assert any(name.endswith("--undatiert--2.md") for name in names)


def test_every_warm_rebuild_equals_a_cold_build(corpus: Path, tmp_path: Path, monkeypatch):
    # the dossier-wide steps keep results per run of sources or passages: runs of a few,
    # so that this dossier has many and an edit leaves most of them as they were
    from dossier_build import analyse
    from dossier_build.analyse import memo, offtopic

    monkeypatch.setattr(memo, "RUN_SPREAD", 8)
    monkeypatch.setattr(offtopic, "OFF_TOPIC_SPREAD", 8)
    monkeypatch.setattr(analyse, "SUMMARY_SPREAD", 8)
    build(corpus / "dossier.yml")  # the first build fills the cache
    for edit in EDITS:
        what = edit(corpus)
        result = build(corpus / "dossier.yml")
        assert not result.up_to_date, what
        if edit in EXPECTED:  # the edit did what it is meant to
            assert EXPECTED[edit](result.dossier), what
        cold = cold_copy_output(corpus, tmp_path / "cold")
        assert tree_differences(corpus / "docs" / "dossier", cold) == [], f"after: {what}"
